"""sitemap.xml: every page a reader can reach, absolute, sorted, the same however the build ran."""

from __future__ import annotations

import datetime as dt
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from handbook.core.options import HandbookConfig
from handbook.core.records import PostRecord
from handbook.web.addresses import absolute
from handbook.web.sitemap import reader_pages, urlset
from helpers import post

pytestmark = pytest.mark.speedups

BASE = "https://example.org/handbook/"
# The builds below make the handbook the posts' canonical address (test-basic sets a blog's
# address): the sitemap lists the posts. With the blog's: tests/test_seo.py.
S = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class Tag:
    def __init__(self, slug: str, docnames: tuple[str, ...]) -> None:
        self.slug, self.docnames = slug, docnames


def record(docname: str, draft: bool = False) -> PostRecord:
    return PostRecord(docname, "T", dt.date(2025, 1, 1), (), None, "", 1, draft, "id")


def parse(data: bytes) -> list[tuple[str, str | None]]:
    root = ET.fromstring(data)
    assert root.tag == f"{S}urlset"
    assert all(url.tag == f"{S}url" for url in root)
    return [(url.findtext(f"{S}loc"), url.findtext(f"{S}lastmod")) for url in root]


def sitemap(outdir: Path) -> list[tuple[str, str | None]]:
    return parse((outdir / "sitemap.xml").read_bytes())


# ---- pure ---------------------------------------------------------------------------------
def test_reader_pages_are_documents_and_every_tag_page_drafts_only_when_shown():
    posts = {"posts/a": record("posts/a"), "posts/d": record("posts/d", draft=True)}
    docs = ["index", "posts/d", "posts/a", "tags"]
    tags = [Tag("seo", ("posts/a", "posts/b", "posts/c")), Tag("ads", ("posts/a",))]
    conf = HandbookConfig(tag_page_size=2)
    assert reader_pages(docs, posts, tags, conf) == [
        "index", "posts/a", "tags", "tags/ads", "tags/seo", "tags/seo/page-2"]
    shown = HandbookConfig(tag_page_size=0, show_drafts=True, tags_dir="topics")
    assert reader_pages(docs, posts, tags, shown) == [
        "index", "posts/a", "posts/d", "tags", "topics/ads", "topics/seo"]


def test_urlset_is_sorted_valid_and_escaped():
    data = urlset({BASE + "b.html": None, BASE + "a.html?x=1&y=2": dt.date(2025, 3, 1)})
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<urlset xmlns=")
    assert b"&amp;y=2" in data
    assert parse(data) == [(BASE + "a.html?x=1&y=2", "2025-03-01"), (BASE + "b.html", None)]
    assert urlset({}) == urlset({})


def test_absolute_addresses_are_uris():
    assert absolute("https://example.org/handbook", "tags/café.html") == "https://example.org/handbook/tags/caf%C3%A9.html"
    assert absolute(BASE, "tags/caf%C3%A9.html") == BASE + "tags/caf%C3%A9.html"  # not encoded twice
    assert absolute(BASE, "") == BASE


# ---- in a build ---------------------------------------------------------------------------
def write_posts(hb) -> None:
    hb.write("posts/a.md", post("Alpha", "2025-01-01", ["post", "seo"]))
    hb.write("posts/b.md", post("Bravo", "2025-02-01", ["post", "seo", "café"]))
    hb.write("posts/c.md", post("Charlie", "2025-03-01", ["post", "seo"]))
    hb.write("posts/d.md", post("Draft", "2025-04-01", ["post", "seo", "secret"], draft=True))
    hb.write("posts/u.md", post("Undated", "someday", ["post", "ads"]))


def test_every_reachable_page_once_sorted_with_post_dates(handbook):
    hb = handbook()
    write_posts(hb)
    hb.build(html_baseurl=BASE, handbook_canonical="handbook", handbook_tag_page_size=2)
    assert sitemap(hb.outdir) == [
        (BASE + "archive.html", None),
        (BASE + "archive/2025.html", None),
        (BASE + "archive/undated.html", None),
        (BASE + "chapters/all.html", None),
        (BASE + "index.html", None),
        (BASE + "posts/a.html", "2025-01-01"),
        (BASE + "posts/b.html", "2025-02-01"),
        (BASE + "posts/c.html", "2025-03-01"),
        (BASE + "posts/u.html", None),
        (BASE + "tags.html", None),
        (BASE + "tags/ads.html", None),
        (BASE + "tags/caf%C3%A9.html", None),
        (BASE + "tags/seo.html", None),
        (BASE + "tags/seo/page-2.html", None),
    ]  # not the draft nor its tag; not genindex, search or the writers' report


def test_drafts_are_listed_when_shown(handbook):
    hb = handbook()
    write_posts(hb)
    hb.build(html_baseurl=BASE, handbook_canonical="handbook", handbook_show_drafts=True)
    urls = [loc for loc, _ in sitemap(hb.outdir)]
    assert BASE + "posts/d.html" in urls and BASE + "tags/secret.html" in urls


def test_dirhtml_addresses(handbook):
    hb = handbook()
    write_posts(hb)
    hb.build("dirhtml", html_baseurl="https://example.org/handbook")  # without the final "/" too
    urls = [loc for loc, _ in sitemap(hb.outdir)]
    assert urls[:3] == [BASE, BASE + "archive/", BASE + "archive/2025/"] and BASE + "tags/seo/" in urls
    assert BASE + "chapters/all/" in urls


def test_no_html_baseurl_no_sitemap_and_a_removed_baseurl_removes_it(handbook):
    hb = handbook()
    write_posts(hb)
    hb.build()
    assert not (hb.outdir / "sitemap.xml").exists()
    hb.build(html_baseurl=BASE, handbook_canonical="handbook")
    assert (hb.outdir / "sitemap.xml").is_file()
    hb.build()  # incremental, as a clean build without html_baseurl: no sitemap
    assert not (hb.outdir / "sitemap.xml").exists()


def test_redirect_pages_of_old_tag_names_are_not_listed(handbook):
    hb = handbook()
    hb.write("tags.yml", "conversion rate:\n  label: Conversion rate\n  aliases: [CVR]\n")
    hb.write("posts/a.md", post("A", "2025-01-02", tags=["post", "CVR"]))
    hb.build(html_baseurl=BASE, handbook_canonical="handbook")
    urls = [loc for loc, _ in sitemap(hb.outdir)]
    assert BASE + "tags/conversion-rate.html" in urls and BASE + "tags/cvr.html" not in urls


@pytest.mark.slow  # several builds (twice, or -j 2 against -j 1): ./dev test, not the fast tier
def test_the_same_after_an_incremental_build_and_a_parallel_build(handbook, tmp_path):
    hb = handbook()
    write_posts(hb)
    hb.build(outdir=tmp_path / "incremental", fresh=True, html_baseurl=BASE, handbook_canonical="handbook", handbook_tag_page_size=2)
    written = (hb.outdir / "sitemap.xml").stat().st_mtime_ns
    hb.build(outdir=tmp_path / "incremental", html_baseurl=BASE, handbook_canonical="handbook", handbook_tag_page_size=2)
    assert (hb.outdir / "sitemap.xml").stat().st_mtime_ns == written  # nothing changed: not written again
    hb.remove("posts/c.md")
    hb.write("posts/e.md", post("Echo", "2025-05-01", ["post", "ads"]))
    hb.build(outdir=tmp_path / "incremental", html_baseurl=BASE, handbook_canonical="handbook", handbook_tag_page_size=2)
    incremental = (hb.outdir / "sitemap.xml").read_bytes()
    assert b"posts/c.html" not in incremental and b"posts/e.html" in incremental
    assert b"tags/seo/page-2.html" not in incremental  # seo has two posts left: one page
    shutil.rmtree(tmp_path / "clean", ignore_errors=True)
    hb.build(outdir=tmp_path / "clean", fresh=True, html_baseurl=BASE, handbook_canonical="handbook", handbook_tag_page_size=2)
    assert (hb.outdir / "sitemap.xml").read_bytes() == incremental
    hb.build(outdir=tmp_path / "parallel", fresh=True, parallel=2, html_baseurl=BASE, handbook_canonical="handbook", handbook_tag_page_size=2)
    assert (hb.outdir / "sitemap.xml").read_bytes() == incremental
