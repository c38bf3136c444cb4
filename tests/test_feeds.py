"""Atom feeds: the handbook's and each tag's, newest first, absolute, reproducible, announced on pages."""

from __future__ import annotations

import datetime as dt
import html
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from handbook.core.records import PostRecord
from handbook.web.feeds import EPOCH, Entry, atom, feed_posts, link_tag, xml_text
from helpers import copy_project, output_files, post, run_sphinx

BASE = "https://example.org/handbook/"
# The builds below make the handbook the posts' canonical address (test-basic sets a blog's
# address): entries link the handbook's pages. With the blog's: tests/test_seo.py.
A = "{http://www.w3.org/2005/Atom}"
HOSTILE = "<script>alert(1)</script> ]]> & \x01\x1f \u2028 \ufffe \"quotes\" 'single'"


def record(docname: str, date: str | None, draft: bool = False, title: str = "T", excerpt: str = "E") -> PostRecord:
    return PostRecord(docname, title, dt.date.fromisoformat(date) if date else None, (), None, excerpt, 1, draft,
                      "id")


def parse(data: bytes) -> ET.Element:
    root = ET.fromstring(data)
    assert root.tag == f"{A}feed"
    return root


def entries(root: ET.Element) -> list[dict]:
    return [{"title": e.findtext(f"{A}title"), "link": e.find(f"{A}link").get("href"), "id": e.findtext(f"{A}id"),
             "published": e.findtext(f"{A}published"), "updated": e.findtext(f"{A}updated"),
             "summary": e.find(f"{A}summary")} for e in root.findall(f"{A}entry")]


def read_feed(path: Path) -> ET.Element:
    return parse(path.read_bytes())


def feed_links(soup) -> list[tuple[str, str]]:
    return [(link["title"], link["href"]) for link in soup.select('link[rel="alternate"][type="application/atom+xml"]')]


# ---- pure ---------------------------------------------------------------------------------
def test_feed_posts_are_the_newest_dated_ones_never_drafts():
    posts = [record("posts/old", "2024-01-01"), record("posts/new", "2025-06-01"), record("posts/mid", "2025-01-01"),
             record("posts/draft", "2026-01-01", draft=True), record("posts/undated", None)]
    assert [r.docname for r in feed_posts(posts, 20)] == ["posts/new", "posts/mid", "posts/old"]
    assert [r.docname for r in feed_posts(posts, 2)] == ["posts/new", "posts/mid"]
    assert feed_posts(posts, 0) == []


def test_atom_entries_dates_and_ids():
    root = parse(atom("Handbook", BASE + "index.html", BASE + "feed.xml", [
        Entry("Newer", BASE + "posts/b.html", dt.date(2025, 3, 1), "B text."),
        Entry("Older", BASE + "posts/a.html", dt.date(2025, 1, 2), ""),
    ], language="en", author="LeadCraftr"))
    assert root.findtext(f"{A}id") == BASE + "feed.xml"
    assert root.findtext(f"{A}updated") == "2025-03-01T00:00:00+00:00"  # the newest entry's, not the clock
    assert root.findtext(f"{A}author/{A}name") == "LeadCraftr"
    assert {(link.get("rel"), link.get("href")) for link in root.findall(f"{A}link")} == {
        ("alternate", BASE + "index.html"), ("self", BASE + "feed.xml")}
    got = entries(root)
    assert [(e["title"], e["link"], e["id"], e["published"], e["updated"]) for e in got] == [
        ("Newer", BASE + "posts/b.html", BASE + "posts/b.html", "2025-03-01T00:00:00+00:00", "2025-03-01T00:00:00+00:00"),
        ("Older", BASE + "posts/a.html", BASE + "posts/a.html", "2025-01-02T00:00:00+00:00", "2025-01-02T00:00:00+00:00"),
    ]
    assert got[0]["summary"].text == "B text." and got[1]["summary"] is None  # no excerpt, no summary


def test_a_feed_without_entries_is_dated_1970_not_now():
    root = parse(atom("Empty", BASE, BASE + "feed.xml", []))
    assert root.findtext(f"{A}updated") == EPOCH.isoformat() == "1970-01-01T00:00:00+00:00"
    assert atom("Empty", BASE, BASE + "feed.xml", []) == atom("Empty", BASE, BASE + "feed.xml", [])


def test_hostile_text_stays_text():
    data = atom(HOSTILE, BASE, BASE + "feed.xml", [Entry(HOSTILE, BASE + "posts/a.html", dt.date(2025, 1, 1),
                                                         "<b>bold</b> ]]> &amp; " + HOSTILE)], subtitle=HOSTILE)
    root = parse(data)  # a real XML parser reads it
    readable = "<script>alert(1)</script> ]]> &  \u2028  \"quotes\" 'single'"  # minus what XML cannot hold
    assert xml_text(HOSTILE) == readable
    assert root.findtext(f"{A}title") == root.findtext(f"{A}subtitle") == readable
    entry = root.find(f"{A}entry")
    assert entry.findtext(f"{A}title") == readable and len(entry.find(f"{A}title")) == 0
    summary = entry.find(f"{A}summary")
    assert summary.get("type") == "html" and len(summary) == 0
    # type="html": a reader unescapes it once and shows the excerpt as the text it is, no markup
    assert html.unescape(summary.text) == "<b>bold</b> ]]> &amp; " + readable
    assert "<" not in summary.text and "<script" not in data.decode().replace("&lt;script", "")


def test_link_tag_escapes_title_and_address():
    assert link_tag('a "b" <c>', BASE + "x.xml?a=1&b=2") == (
        '<link rel="alternate" type="application/atom+xml" title="a &quot;b&quot; &lt;c&gt;" '
        'href="https://example.org/handbook/x.xml?a=1&amp;b=2">')


# ---- in a build ---------------------------------------------------------------------------
def write_posts(hb) -> None:
    hb.write("posts/a.md", post("Alpha", "2025-01-01", ["post", "SEO"], "Alpha text."))
    hb.write("posts/b.md", post("Bravo", "2025-02-01", ["post", "SEO", "Email"], "Bravo text."))
    hb.write("posts/c.md", post("Charlie", "2025-03-01", ["post", "Café"], "Charlie text."))
    hb.write("posts/d.md", post("Draft", "2025-04-01", ["post", "seo"], "Draft text.", draft=True))
    hb.write("posts/u.md", post("Undated", None, ["post", "SEO"], "Undated text."))


def test_the_handbook_feed_lists_the_newest_posts_newest_first(handbook):
    hb = handbook()
    write_posts(hb)
    hb.build(html_baseurl=BASE, handbook_canonical="handbook", html_title="Lead Handbook", author="LeadCraftr")
    root = read_feed(hb.outdir / "feed.xml")
    assert root.findtext(f"{A}title") == "Lead Handbook"
    assert root.findtext(f"{A}updated") == "2025-03-01T00:00:00+00:00"  # Charlie's date: the newest post
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    got = entries(root)
    # newest first; the draft never, the undated post neither (nothing to date it by)
    assert [(e["title"], e["link"], e["id"], e["published"]) for e in got] == [
        ("Charlie", BASE + "posts/c.html", BASE + "posts/c.html", "2025-03-01T00:00:00+00:00"),
        ("Bravo", BASE + "posts/b.html", BASE + "posts/b.html", "2025-02-01T00:00:00+00:00"),
        ("Alpha", BASE + "posts/a.html", BASE + "posts/a.html", "2025-01-01T00:00:00+00:00"),
    ]
    assert [e["summary"].text for e in got] == ["Charlie text.", "Bravo text.", "Alpha text."]


def test_each_tag_has_a_feed_next_to_its_page(handbook):
    hb = handbook()
    write_posts(hb)
    hb.build(html_baseurl=BASE, handbook_canonical="handbook", html_title="Lead Handbook", handbook_tag_page_size=1)
    assert sorted(p.name for p in (hb.outdir / "tags").glob("*.xml")) == ["café.xml", "email.xml", "seo.xml"]
    seo = read_feed(hb.outdir / "tags" / "seo.xml")
    assert seo.findtext(f"{A}title") == "Lead Handbook: Posts tagged “SEO”"
    assert {link.get("rel"): link.get("href") for link in seo.findall(f"{A}link")} == {
        "alternate": BASE + "tags/seo.html", "self": BASE + "tags/seo.xml"}
    assert [e["title"] for e in entries(seo)] == ["Bravo", "Alpha"]
    assert seo.findtext(f"{A}updated") == "2025-02-01T00:00:00+00:00"
    cafe = read_feed(hb.outdir / "tags" / "café.xml")
    assert {link.get("rel"): link.get("href") for link in cafe.findall(f"{A}link")}["self"] == BASE + "tags/caf%C3%A9.xml"
    # announced: the handbook's feed on every page, a tag's on each of its pages
    handbook_feed = ("Lead Handbook", BASE + "feed.xml")
    seo_feed = ("Lead Handbook: Posts tagged “SEO”", BASE + "tags/seo.xml")
    for page in ("index", "posts/a", "chapters/all", "tags", "genindex", "search"):
        assert feed_links(hb.html(page)) == [handbook_feed], page
    assert feed_links(hb.html("tags/seo")) == [handbook_feed, seo_feed]
    assert feed_links(hb.html("tags/seo/page-2")) == [handbook_feed, seo_feed]


def test_feed_length_limits_each_feed_and_zero_turns_them_off(handbook):
    hb = handbook()
    write_posts(hb)
    hb.build(html_baseurl=BASE, handbook_canonical="handbook", handbook_feed_length=1)
    assert [e["title"] for e in entries(read_feed(hb.outdir / "feed.xml"))] == ["Charlie"]
    assert [e["title"] for e in entries(read_feed(hb.outdir / "tags" / "seo.xml"))] == ["Bravo"]
    hb.build(html_baseurl=BASE, handbook_canonical="handbook", handbook_feed_length=0)  # incremental: the feeds go
    assert not (hb.outdir / "feed.xml").exists() and list((hb.outdir / "tags").glob("*.xml")) == []
    assert feed_links(hb.html("index")) == [] and feed_links(hb.html("tags/seo")) == []


def test_no_html_baseurl_no_feed_and_no_link(handbook):
    hb = handbook()
    write_posts(hb)
    hb.build()
    assert not (hb.outdir / "feed.xml").exists() and list((hb.outdir / "tags").glob("*.xml")) == []
    assert feed_links(hb.html("index")) == [] and feed_links(hb.html("tags/seo")) == []


def test_only_the_website_builders_get_feeds(handbook):
    hb = handbook()
    write_posts(hb)
    hb.build("dirhtml", html_baseurl=BASE, handbook_canonical="handbook")
    assert [e["link"] for e in entries(read_feed(hb.outdir / "feed.xml"))] == [
        BASE + "posts/c/", BASE + "posts/b/", BASE + "posts/a/"]
    assert (hb.outdir / "tags" / "seo.xml").is_file()
    hb.build("singlehtml", html_baseurl=BASE, handbook_canonical="handbook")
    assert not (hb.outdir / "feed.xml").exists() and not (hb.outdir / "tags").exists()
    assert feed_links(hb.html("index")) == []


def test_a_tag_with_only_undated_posts_has_a_feed_without_entries(handbook):
    hb = handbook()
    hb.write("posts/a.md", post("Alpha", "2025-01-01", ["post", "seo"]))
    hb.write("posts/u.md", post("Undated", "someday", ["post", "someday"]))
    hb.build(html_baseurl=BASE, handbook_canonical="handbook")
    root = read_feed(hb.outdir / "tags" / "someday.xml")
    assert entries(root) == [] and root.findtext(f"{A}updated") == "1970-01-01T00:00:00+00:00"
    assert len(feed_links(hb.html("tags/someday"))) == 2


def test_redirect_pages_of_old_tag_names_announce_no_tag_feed(handbook):
    hb = handbook()
    hb.write("tags.yml", "conversion rate:\n  label: Conversion rate\n  aliases: [CVR]\n")
    hb.write("posts/a.md", post("A", "2025-01-02", tags=["post", "CVR"]))
    hb.build(html_baseurl=BASE, handbook_canonical="handbook")
    assert [p.name for p in (hb.outdir / "tags").glob("*.xml")] == ["conversion-rate.xml"]
    assert len(feed_links(hb.html("tags/conversion-rate"))) == 2
    assert len(feed_links(hb.html("tags/cvr"))) == 1  # the handbook's only


def test_hostile_titles_and_excerpts_stay_text_in_a_built_feed(handbook):
    hb = handbook()
    title = "<script>alert(1)</script> ]]> <![CDATA[x]]> & \x01 end"
    hb.write("posts/a.md", post(title, "2025-01-01", ["post", "<b>tag</b>"], "<i>raw</i> ]]> & text."))
    hb.build(html_baseurl=BASE, handbook_canonical="handbook")
    excerpt = hb.app.env.get_domain("handbook").state.posts["posts/a"].excerpt
    assert excerpt == "raw ]]> & text."  # the text a reader sees: raw HTML's tags are not text
    for path in (hb.outdir / "feed.xml", *(hb.outdir / "tags").glob("*.xml")):
        (entry,) = entries(read_feed(path))
        assert entry["title"] == title.replace("\x01", "")
        # escaped once more for type="html": a feed reader shows the excerpt's text, never markup
        assert html.unescape(entry["summary"].text) == excerpt and "<" not in entry["summary"].text
    tag_feed = read_feed(next((hb.outdir / "tags").glob("*.xml")))
    assert tag_feed.findtext(f"{A}title").endswith("Posts tagged “<b>tag</b>”")
    head = hb.html("posts/a").head
    # (the structured data holds the title as JSON text: tests/test_seo.py)
    assert head.find(lambda t: t.name == "script" and t.get("type") != "application/ld+json"
                     and "alert" in t.get_text()) is None


def test_feeds_are_written_only_when_they_change(handbook):
    hb = handbook()
    write_posts(hb)
    hb.build(html_baseurl=BASE, handbook_canonical="handbook")
    paths = [hb.outdir / "feed.xml", hb.outdir / "tags" / "seo.xml", hb.outdir / "tags" / "email.xml"]
    before = {p: p.stat().st_mtime_ns for p in paths}
    hb.write("posts/c.md", post("Charlie", "2025-03-01", ["post", "Café"], "Charlie has new text."))
    hb.build(html_baseurl=BASE, handbook_canonical="handbook")
    assert {p: p.stat().st_mtime_ns for p in paths[1:]} == {p: before[p] for p in paths[1:]}
    assert entries(read_feed(paths[0]))[0]["summary"].text == "Charlie has new text."


@pytest.mark.slow  # several builds (twice, or -j 2 against -j 1): ./dev test, not the fast tier
def test_an_incremental_build_after_a_deletion_and_a_retag_writes_what_a_clean_build_does(handbook, tmp_path):
    hb = handbook()
    write_posts(hb)
    hb.build(outdir=tmp_path / "incremental", fresh=True, html_baseurl=BASE, handbook_canonical="handbook")
    assert "tags/email.xml" in output_files(hb.outdir, suffix=".xml")
    hb.remove("posts/b.md")  # the only post tagged Email
    hb.write("posts/a.md", post("Alpha", "2025-01-01", ["post", "Café", "Ads"], "Alpha text."))  # retagged
    hb.build(outdir=tmp_path / "incremental", html_baseurl=BASE, handbook_canonical="handbook")
    incremental = output_files(hb.outdir, suffix=".xml")
    shutil.rmtree(tmp_path / "clean", ignore_errors=True)
    hb.build(outdir=tmp_path / "clean", fresh=True, html_baseurl=BASE, handbook_canonical="handbook")
    clean = output_files(hb.outdir, suffix=".xml")
    assert sorted(clean) == sorted(incremental) == [
        "feed.xml", "sitemap.xml", "tags/ads.xml", "tags/café.xml", "tags/seo.xml"]
    for name in clean:
        assert incremental[name] == clean[name], name
    assert [e["title"] for e in entries(read_feed(hb.outdir / "tags" / "café.xml"))] == ["Charlie", "Alpha"]


@pytest.mark.slow  # several builds (twice, or -j 2 against -j 1): ./dev test, not the fast tier
def test_two_clean_builds_write_byte_identical_feeds_and_sitemaps(tmp_path):
    outputs = []
    for seed in (1, 2):
        where = tmp_path / f"build-{seed}"
        srcdir = copy_project(where / "src", "basic")
        (srcdir / "posts").mkdir()
        for name, (title, date, tags) in {"a": ("Alpha", "2025-01-01", ["seo", "Email", "營業"]),
                                          "b": ("Bravo", "2025-01-01", ["SEO", "c++", "c#"]),
                                          "c": ("Charlie", "2024-12-31", ["email", "café", "Cafe\u0301"]),
                                          "u": ("Undated", "someday", ["seo"])}.items():
            (srcdir / "posts" / f"{name}.md").write_text(post(title, date, ["post", *tags]), encoding="utf-8")
        result = run_sphinx(srcdir, where / "html", "html", "-q", "-D", f"html_baseurl={BASE}",
                            env={"PYTHONHASHSEED": str(seed)}, doctrees=where / "doctrees")
        assert result.returncode == 0, result.stderr
        outputs.append(output_files(where / "html", suffix=".xml"))
    assert len(outputs[0]) == 8  # feed.xml, sitemap.xml, six tags
    assert outputs[0] == outputs[1]


@pytest.mark.slow  # several builds (twice, or -j 2 against -j 1): ./dev test, not the fast tier
def test_a_parallel_build_writes_the_same_files_as_a_serial_one(handbook, tmp_path):
    """Every output file, with html_baseurl: feeds, sitemap, and the pages with their links and cards."""
    hb = handbook()
    write_posts(hb)
    hb.build(outdir=tmp_path / "serial", fresh=True, html_baseurl=BASE, handbook_canonical="handbook", handbook_tag_page_size=1)
    serial = {str(p.relative_to(hb.outdir)): p.read_bytes() for p in sorted(hb.outdir.rglob("*")) if p.is_file()}
    hb.build(outdir=tmp_path / "parallel", fresh=True, parallel=2, html_baseurl=BASE, handbook_canonical="handbook", handbook_tag_page_size=1)
    parallel = {str(p.relative_to(hb.outdir)): p.read_bytes() for p in sorted(hb.outdir.rglob("*")) if p.is_file()}
    assert "feed.xml" in serial and "tags/seo/page-2.html" in serial
    assert sorted(parallel) == sorted(serial)
    assert [name for name in serial if parallel[name] != serial[name]] == []
