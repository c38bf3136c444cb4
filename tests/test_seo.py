"""Search engines: one canonical address per post (and sitemap, feeds and meta tags agreeing), noindex,
robots.txt, structured data read by a real parser (extruct), and no request to another host."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import extruct
import feedparser
import pytest
from bs4 import BeautifulSoup
from handbook.core.frontmatter import read_front_matter
from handbook.core.options import HandbookConfig
from handbook.core.records import PostRecord
from handbook.web.canonical import blog_address, choose
from handbook.web.robots import robots_txt
from handbook.web.structured_data import script
from helpers import copy_project, output_files, post, run_sphinx, strip_ansi

BASE = "https://example.org/handbook/"
BLOG = "https://blog.example.com"  # test-basic's handbook_site_url
S = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOSTILE = "</script><script>alert(1)</script><!-- \u2028x\u2029 & ' \" ]]> <b>b</b> \\u003c"


def record(canonical: str = "", slug: str = "a") -> PostRecord:
    return PostRecord("posts/a", "T", dt.date(2025, 1, 1), (), None, "", 1, False, "id", slug=slug, canonical=canonical)


# ---- pure ---------------------------------------------------------------------------------
def test_the_canonical_address_is_the_posts_own_then_the_blogs_then_the_handbooks():
    blog = HandbookConfig(site_url=BLOG)
    assert blog.canonical_choice == "blog" and HandbookConfig().canonical_choice == "handbook"
    assert blog_address(blog, "café au lait") == BLOG + "/posts/caf%C3%A9%20au%20lait/"
    assert choose(record(), blog, "H", owns_blog_address=True) == BLOG + "/posts/a/"
    assert choose(record(), blog, "H", owns_blog_address=False) == "H"  # another post holds that address
    assert choose(record("https://dev.to/x"), blog, "H", True) == "https://dev.to/x"
    assert choose(record(), HandbookConfig(site_url=BLOG, canonical="handbook"), "H", True) == "H"
    assert choose(record(), HandbookConfig(canonical="blog"), "H", True) == "H"  # no blog: the handbook
    assert choose(record("https://dev.to/x"), HandbookConfig(site_url=BLOG, noindex=True), "H", True) == "H"


def test_a_posts_own_canonical_address_is_read_from_canonical_url_or_canonical():
    def read(fields):
        return read_front_matter({"title": "A", "date": "2025-01-01", **fields}, frozenset())

    assert read({"canonical_url": " https://dev.to/jane/a-1a2b "}).canonical == "https://dev.to/jane/a-1a2b"
    assert read({"canonical": "https://hashnode.example/a"}).canonical == "https://hashnode.example/a"
    assert read({"canonical_url": "https://a.example/", "canonical": "https://b.example/"}).canonical == \
        "https://a.example/"
    assert read({}).canonical == "" and read({"canonical_url": None}).problems == ()
    for bad in ("dev.to/x", "/posts/a/", "javascript:alert(1)", "https://x.example/a b", ["https://x.example/"],
                'https://x.example/"><script>'):
        front = read({"canonical_url": bad})
        assert front.canonical == "" and [p.field for p in front.problems] == ["canonical_url"], bad


def test_robots_txt_lets_crawlers_in_and_names_the_sitemap():
    assert robots_txt(BASE + "sitemap.xml") == f"User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n".encode()
    text = robots_txt(None).decode()
    assert "Sitemap" not in text and "Disallow: /" not in text and "User-agent: *\nAllow: /" in text


def test_the_json_ld_of_a_hostile_text_stays_in_its_script_and_is_valid_json():
    element = script({"headline": HOSTILE, "n": 1})
    body = element.removeprefix('<script type="application/ld+json">').removesuffix("</script>")
    assert "<" not in body and ">" not in body and "&" not in body and "\u2028" not in body
    assert json.loads(body) == {"headline": HOSTILE, "n": 1}
    soup = BeautifulSoup(f"<html><head>{element}</head><body><p>after</p></body></html>", "html.parser")
    [tag] = soup.find_all("script")
    assert json.loads(tag.string)["headline"] == HOSTILE and soup.body.p.get_text() == "after"
    [item] = extruct.extract(f"<html><head>{element}</head></html>", syntaxes=["json-ld"])["json-ld"]
    assert item["headline"] == HOSTILE


# ---- in a build ---------------------------------------------------------------------------
def write_posts(hb) -> None:
    hb.write("posts/a.md", post("Alpha", "2025-01-01", ["post", "seo"], "Alpha's words.", authors=["Jane Doe"]))
    hb.write("posts/b.md", post("Bravo", "2025-02-01", ["post", "seo"], "Bravo's words.",
                                canonical_url="https://dev.to/jane/bravo-1a2b", updated="2025-03-01"))
    hb.write("posts/c.md", post("Charlie", "2025-03-01", ["post", "ads"], "Charlie's words.", slug="the-c"))
    hb.write("posts/old/a.md", post("Another A", "2025-04-01", ["post", "ads"], "Same name."))
    hb.write("posts/d.md", post("Delta", "2025-05-01", ["post"], "Bad canonical.", canonical="dev.to/x"))


def canonical(soup: BeautifulSoup) -> str | None:
    links = soup.find_all("link", rel="canonical")
    assert len(links) <= 1
    return links[0]["href"] if links else None


def og(soup: BeautifulSoup, key: str) -> str | None:
    tag = soup.find("meta", property=key)
    return tag["content"] if tag else None


def sitemap_urls(outdir) -> list[str]:
    return [url.findtext(f"{S}loc") for url in ET.parse(outdir / "sitemap.xml").getroot()]


EXPECTED_BLOG = {
    "posts/a": BLOG + "/posts/a/",  # the blog's address
    "posts/b": "https://dev.to/jane/bravo-1a2b",  # its own
    "posts/c": BLOG + "/posts/the-c/",  # its slug
    "posts/old/a": BASE + "posts/old/a.html",  # posts/a holds the blog address of that name
    "posts/d": BLOG + "/posts/d/",  # its canonical_url was no address: warned, ignored
}


def test_with_a_blog_every_post_names_its_blog_address_and_everything_agrees(handbook):
    hb = handbook()
    write_posts(hb)
    hb.build(html_baseurl=BASE)
    for docname, address in EXPECTED_BLOG.items():
        page = hb.html(docname)
        assert canonical(page) == address, docname
        assert og(page, "og:url") == address, docname
    assert canonical(hb.html("chapters/all")) == BASE + "chapters/all.html"  # other pages: their own
    assert [line for line in hb.warning_lines() if "canonical" in line] == [
        (f"{hb.srcdir / 'posts' / 'd.md'}:5: WARNING: 'canonical' must be an absolute http(s) address such as "
         "https://example.com/post/, not 'dev.to/x'; ignored [handbook.frontmatter]")]
    # The sitemap lists only canonical copies: no post whose address is elsewhere.
    urls = sitemap_urls(hb.outdir)
    assert [u for u in urls if "/posts/" in u] == [BASE + "posts/old/a.html"]
    assert BASE + "chapters/all.html" in urls and BASE + "tags/seo.html" in urls
    # Feed entries link the canonical address, as a feed reader reads them.
    feed = feedparser.parse((hb.outdir / "feed.xml").read_bytes())
    assert not feed.bozo
    assert {e.title: e.link for e in feed.entries} == {
        "Alpha": EXPECTED_BLOG["posts/a"], "Bravo": EXPECTED_BLOG["posts/b"], "Charlie": EXPECTED_BLOG["posts/c"],
        "Another A": EXPECTED_BLOG["posts/old/a"], "Delta": EXPECTED_BLOG["posts/d"]}
    tag_feed = feedparser.parse((hb.outdir / "tags" / "seo.xml").read_bytes())
    assert [e.link for e in tag_feed.entries] == [EXPECTED_BLOG["posts/b"], EXPECTED_BLOG["posts/a"]]


def test_with_handbook_every_post_names_its_own_address(handbook):
    hb = handbook()
    write_posts(hb)
    hb.build(html_baseurl=BASE, handbook_canonical="handbook")
    for docname in EXPECTED_BLOG:
        expected = "https://dev.to/jane/bravo-1a2b" if docname == "posts/b" else f"{BASE}{docname}.html"
        assert canonical(hb.html(docname)) == og(hb.html(docname), "og:url") == expected
    urls = sitemap_urls(hb.outdir)
    assert {u for u in urls if "/posts/" in u} == {f"{BASE}{d}.html" for d in EXPECTED_BLOG if d != "posts/b"}
    assert {e.link for e in feedparser.parse((hb.outdir / "feed.xml").read_bytes()).entries} == \
        {f"{BASE}{d}.html" for d in EXPECTED_BLOG if d != "posts/b"} | {"https://dev.to/jane/bravo-1a2b"}


def test_without_html_baseurl_no_canonical_link(handbook):
    hb = handbook()
    write_posts(hb)
    hb.build()
    assert canonical(hb.html("posts/a")) is None and og(hb.html("posts/a"), "og:url") is None
    assert not (hb.outdir / "robots.txt").exists() and not (hb.outdir / "sitemap.xml").exists()


def test_noindex_on_every_page_no_sitemap_and_crawlers_let_in(handbook):
    hb = handbook()
    write_posts(hb)
    hb.write("posts/a.md", post("Alpha", "2025-01-01", ["post", "seo"], "Words.", aliases=["/old/alpha/"]))
    hb.build(html_baseurl=BASE)
    assert (hb.outdir / "sitemap.xml").is_file()
    hb.build(html_baseurl=BASE, handbook_noindex=True)  # incremental: every page written again
    pages = sorted(hb.outdir.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        assert [m["content"] for m in soup.find_all("meta", attrs={"name": "robots"})] == ["noindex"], path
    assert canonical(hb.html("posts/a")) == BASE + "posts/a.html"  # never the blog's, which it would carry over to
    assert not (hb.outdir / "sitemap.xml").exists()
    robots = (hb.outdir / "robots.txt").read_text()
    assert "Sitemap" not in robots and "Disallow: /" not in robots


def test_robots_txt_names_the_sitemap(handbook):
    hb = handbook()
    write_posts(hb)
    hb.build("dirhtml", html_baseurl="https://example.org/handbook")
    assert (hb.outdir / "robots.txt").read_text() == \
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/handbook/sitemap.xml\n"
    assert (hb.outdir / "sitemap.xml").is_file()


def structured(outdir, pagename: str) -> list[dict]:
    html = (outdir / f"{pagename}.html").read_text(encoding="utf-8")
    return extruct.extract(html, base_url=BASE + pagename + ".html", syntaxes=["json-ld"])["json-ld"]


def test_every_post_page_has_a_blog_posting_and_breadcrumbs_and_the_landing_page_its_search(handbook):
    hb = handbook()
    write_posts(hb)
    hb.build(html_baseurl=BASE, html_title="Lead Handbook", author="LeadCraftr")
    for docname, address in EXPECTED_BLOG.items():
        items = {item["@type"]: item for item in structured(hb.outdir, docname)}
        assert set(items) == {"BlogPosting", "BreadcrumbList"}, docname
        posting = items["BlogPosting"]
        assert posting["headline"] and posting["datePublished"] and posting["author"] and posting["url"] == address
        assert posting["isPartOf"] == {"@type": "WebSite", "name": "Lead Handbook", "url": BASE + "index.html"}
        assert posting["image"] == [og(hb.html(docname), "og:image")]
        trail = [(i["position"], i["name"], i["item"]) for i in items["BreadcrumbList"]["itemListElement"]]
        assert trail == [(1, "Lead Handbook", BASE + "index.html"), (2, "All posts", BASE + "chapters/all.html"),
                         (3, posting["headline"], f"{BASE}{docname}.html")]
    alpha = {i["@type"]: i for i in structured(hb.outdir, "posts/a")}["BlogPosting"]
    assert alpha["author"] == [{"@type": "Person", "name": "Jane Doe"}] and alpha["keywords"] == ["seo"]
    assert alpha["dateModified"] == alpha["datePublished"] == "2025-01-01"
    bravo = {i["@type"]: i for i in structured(hb.outdir, "posts/b")}["BlogPosting"]
    assert bravo["author"] == {"@type": "Organization", "name": "LeadCraftr"}
    assert (bravo["datePublished"], bravo["dateModified"], bravo["description"]) == \
        ("2025-02-01", "2025-03-01", hb.app.env.get_domain("handbook").state.posts["posts/b"].excerpt)
    [site] = structured(hb.outdir, "index")
    assert site["@type"] == "WebSite" and site["url"] == BASE + "index.html"
    assert site["potentialAction"]["target"]["urlTemplate"] == BASE + "search.html?q={search_term_string}"
    assert site["potentialAction"]["query-input"] == "required name=search_term_string"
    assert structured(hb.outdir, "chapters/all") == [] and structured(hb.outdir, "tags/seo") == []


def test_a_hostile_title_stays_inside_its_json(handbook):
    hb = handbook()
    hb.write("posts/a.md", post(HOSTILE, "2025-01-01", ["post", HOSTILE], "Body.", authors=[HOSTILE], summary=HOSTILE))
    hb.build(html_baseurl=BASE)
    title = hb.app.env.get_domain("handbook").state.posts["posts/a"].title
    shown = " ".join(title.split())  # (line and paragraph separators: one space, as every meta tag has it)
    soup = hb.html("posts/a")
    scripts = soup.find_all("script")
    data = [json.loads(s.string) for s in scripts if s.get("type") == "application/ld+json"]
    assert [d["@type"] for d in data] == ["BlogPosting", "BreadcrumbList"]
    assert data[0]["headline"] == shown and data[0]["author"] == [{"@type": "Person", "name": shown}]
    assert data[1]["itemListElement"][-1]["name"] == shown and data[0]["description"] == shown
    assert data[0]["keywords"] == [hb.app.env.get_domain("handbook").state.posts["posts/a"].tags[0]]
    assert [str(s)[:80] for s in scripts if s.get("type") != "application/ld+json" and "alert" in (s.string or "")] == []
    items = extruct.extract(str(soup), syntaxes=["json-ld"])["json-ld"]
    assert [i["headline"] for i in items if i["@type"] == "BlogPosting"] == [shown]


@pytest.mark.slow
def test_incremental_builds_give_the_clean_builds_addresses(handbook, tmp_path):
    """A post taking over a blog address (the first of that name deleted) names it without being read again."""
    hb = handbook()
    write_posts(hb)
    out = tmp_path / "incremental"
    hb.build(outdir=out, fresh=True, html_baseurl=BASE)
    assert canonical(hb.html("posts/old/a")) == BASE + "posts/old/a.html"
    hb.remove("posts/a.md")
    hb.write("posts/c.md", post("Charlie", "2025-03-01", ["post", "ads"], "Charlie's words.", slug="renamed"))
    hb.build(outdir=out, html_baseurl=BASE)
    assert canonical(hb.html("posts/old/a")) == BLOG + "/posts/a/"
    incremental = output_files(hb.outdir, digests=True)
    hb.build(outdir=tmp_path / "clean", fresh=True, html_baseurl=BASE)
    clean = output_files(hb.outdir, digests=True)
    differ = sorted(p for p in clean.keys() | incremental.keys()
                    if clean.get(p) != incremental.get(p) and not p.startswith((".doctrees", "_sources")))
    assert differ == []


@pytest.mark.slow
def test_each_edit_then_an_incremental_build_equals_a_clean_one_with_everything_on(handbook, tmp_path):
    """test_incremental.py's edits, built as Read the Docs builds (canonical, cards, JSON-LD, sitemap, robots.txt)
    with calls to action after every post and chapter: every file as a clean build writes it."""
    from test_incremental import STEPS

    hb = handbook()
    hb.write("chapters/paid.md", "# Paid\n\n```{chapter-posts}\n:tags: paid\n```\n")
    hb.write("index.md", "# Test handbook\n\n```{newest-posts}\n:limit: 2\n```\n\n```{toctree}\n:hidden:\n\n"
                         "chapters/paid\nchapters/all\ntags\n```\n")
    hb.write("posts/a.md", post("Alpha", "2025-01-01", ["post", "seo"], "Words."))
    hb.write("posts/b.md", post("Bravo", "2025-02-01", ["post", "seo", "email"]))
    hb.write("posts/c.md", post("Charlie", "2025-01-15", ["post", "ads"], "Text.\n\n```{cta} demo\n```\n"))
    conf = {"html_baseurl": BASE, "handbook_cta_after_post": "checklist", "handbook_cta_after_chapter": "demo",
            "handbook_ctas": {"checklist": {"heading": "Get it", "button": "Go", "url": "https://x.example/c"},
                              "demo": {"heading": "Demo", "button": "Book", "url": "https://x.example/d"}}}
    incremental = tmp_path / "incremental"
    hb.build(outdir=incremental, fresh=True, **conf)
    for name, edit in STEPS:
        edit(hb)
        shutil.rmtree(tmp_path / "clean", ignore_errors=True)
        hb.build(outdir=tmp_path / "clean", fresh=True, **conf)
        clean = output_files(hb.outdir, digests=True)
        hb.build(outdir=incremental, **conf)
        got = output_files(hb.outdir, digests=True)
        assert sorted(got) == sorted(clean), name
        assert [p for p in clean if got[p] != clean[p]] == [], name


@pytest.mark.slow
def test_no_page_requests_anything_from_another_host(tmp_path):
    """The landing page, a chapter, a post with a call to action and a tag page in chromium: every request local."""
    from browser import axe_violations, browser, require, serve

    require()
    project = copy_project(tmp_path / "project", "repo")
    (project / "conf.py").write_text((project / "conf.py").read_text() + (
        '\nhtml_baseurl = "https://leadgen.example.org/en/latest/"\n'
        'handbook_ctas = {"checklist": {"heading": "Get the lead qualification checklist", '
        '"text": "One page to take into your next call.", "button": "Download the checklist", '
        '"url": "https://leadcraftr.com/checklist"}}\nhandbook_cta_after_chapter = "checklist"\n'
        'handbook_cta_after_post = "checklist"\n'))
    result = run_sphinx(project, tmp_path / "html", "html")
    assert result.returncode == 0, result.stderr[-3000:]
    assert [line for line in strip_ansi(result.stderr).splitlines()
            if "WARNING" in line and "[handbook.image]" not in line] == []
    pages = ["index.html", "chapters/basics.html", "posts/what-is-a-lead-generation-job.html",
             "tags/conversion-rate.html"]
    with serve(tmp_path / "html") as base, browser() as chromium:
        host = urlsplit(base).netloc
        context = chromium.new_context()
        for name in pages:
            page = context.new_page()
            requests: list[str] = []
            page.on("request", lambda request, seen=requests: seen.append(request.url))
            page.goto(base + name)
            page.wait_for_load_state("networkidle")
            elsewhere = [url for url in requests if urlsplit(url).scheme not in ("data", "blob")
                         and urlsplit(url).netloc != host]
            assert elsewhere == [], name
            assert len(requests) > 3, name  # the page, its styles and scripts were seen
            if name.startswith(("posts/", "chapters/")):
                assert page.locator("section.handbook-cta a.handbook-cta-button").count() == 1
                assert axe_violations(page) == [], name
            page.close()
        context.close()
    card = tmp_path / "html" / "_cards" / "posts" / "what-is-a-lead-generation-job.png"
    assert card.is_file()


@pytest.mark.slow  # several builds (twice, or -j 2 against -j 1): ./dev test, not the fast tier
def test_a_build_leaves_the_source_tree_as_it_found_it(tmp_path):
    project = copy_project(tmp_path / "project", "seeds")
    before = output_files(project, digests=True)
    result = run_sphinx(project, tmp_path / "out", "html", "-D", f"html_baseurl={BASE}")
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "out" / "robots.txt").is_file()
    assert output_files(project, digests=True) == before
    shutil.rmtree(tmp_path / "out")
