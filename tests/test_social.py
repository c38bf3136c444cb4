"""Social cards: description, OpenGraph and Twitter meta tags, escaped, absolute only with html_baseurl."""

from __future__ import annotations

import base64
import datetime as dt

from bs4 import BeautifulSoup
from handbook.core.bookstate import TagInfo
from handbook.core.records import PostRecord
from handbook.web.social import Card, describe, meta_tags, one_line, plain_title
from helpers import post

BASE = "https://example.org/handbook/"
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
HOSTILE = '<script>alert(1)</script> "x" \'y\' & ]]> <meta http-equiv="refresh" content="0">'


def record(excerpt: str = "The excerpt.") -> PostRecord:
    return PostRecord("posts/a", "T", dt.date(2025, 1, 1), (), None, excerpt, 1, False, "id")


def metas(soup: BeautifulSoup) -> dict[str, str]:
    """name/property -> content of the page's meta tags (the social ones and description)."""
    found = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name")
        if key and (key == "description" or key.startswith(("og:", "twitter:"))):
            assert key not in found, f"{key} twice"
            found[key] = tag["content"]
    return found


# ---- pure ---------------------------------------------------------------------------------
def test_the_description_is_the_excerpt_the_tag_description_or_nothing():
    tag = TagInfo("seo", "SEO", "seo", ("posts/a",), "Search engines.")
    assert describe(record(), None) == "The excerpt."
    assert describe(None, tag) == "Search engines."
    assert describe(None, None) == ""


def test_a_post_card_with_an_image():
    tags = meta_tags(Card("Title", "About it.", "Handbook", article=True, url=BASE + "posts/a.html",
                          image=BASE + "_images/a.png"))
    assert metas(BeautifulSoup(tags, "html.parser")) == {
        "description": "About it.", "og:title": "Title", "og:type": "article", "og:description": "About it.",
        "og:url": BASE + "posts/a.html", "og:site_name": "Handbook", "og:image": BASE + "_images/a.png",
        "twitter:card": "summary_large_image", "twitter:title": "Title", "twitter:description": "About it.",
    }


def test_a_page_without_description_url_or_image():
    assert metas(BeautifulSoup(meta_tags(Card("Tags", "", "Handbook")), "html.parser")) == {
        "og:title": "Tags", "og:type": "website", "og:site_name": "Handbook", "twitter:card": "summary",
        "twitter:title": "Tags"}


def test_hostile_text_is_escaped_and_stays_text():
    tags = meta_tags(Card(HOSTILE, HOSTILE + "\x01\n\u2028more", HOSTILE, url=BASE + "a.html?x=1&y=\"2\""))
    soup = BeautifulSoup(tags, "html.parser")
    assert [t.name for t in soup.find_all(True)] == ["meta"] * 9  # nothing but the meta tags
    found = metas(soup)
    assert found["og:title"] == found["twitter:title"] == found["og:site_name"] == HOSTILE
    assert found["description"] == HOSTILE + " more"  # control characters and separators: one space
    assert found["og:url"] == BASE + "a.html?x=1&y=\"2\""
    assert "<script" not in tags and 'http-equiv="' not in tags


def test_one_line_and_plain_title():
    assert one_line(" a\n\tb\x01c\u2028 d ") == "a b c d"
    assert plain_title("&lt;b&gt; <code>x</code> &amp; y") == "<b> x & y"


# ---- in a build ---------------------------------------------------------------------------
def write_posts(hb) -> None:
    (hb.srcdir / "media").mkdir()
    (hb.srcdir / "media" / "hero image.png").write_bytes(PNG)
    hb.write("posts/a.md", post("Alpha", "2025-01-01", ["post", "seo"], "Alpha's first words.\n\nMore.",
                                image="/media/hero image.png"))
    hb.write("posts/b.md", post("Bravo", "2025-02-01", ["post", "seo"], "Bravo words."))
    hb.write("tags.yml", "seo:\n  label: SEO\n  description: Being found by search engines.\n")


def test_post_pages_with_html_baseurl(handbook):
    hb = handbook()
    write_posts(hb)
    hb.build(html_baseurl=BASE, html_title="Lead Handbook")
    excerpt = hb.app.env.get_domain("handbook").state.posts["posts/a"].excerpt
    assert metas(hb.html("posts/a")) == {
        "description": excerpt, "og:title": "Alpha", "og:type": "article", "og:description": excerpt,
        # og:url: the canonical address, the blog's (test-basic sets handbook_site_url; tests/test_seo.py)
        "og:url": "https://blog.example.com/posts/a/", "og:site_name": "Lead Handbook",
        "og:image": BASE + "_images/hero%20image.png", "og:image:width": "1", "og:image:height": "1",
        "og:image:alt": "Alpha",
        "twitter:card": "summary_large_image", "twitter:title": "Alpha", "twitter:description": excerpt,
    }
    assert (hb.outdir / "_images" / "hero image.png").is_file()  # the image is where og:image says
    b = metas(hb.html("posts/b"))
    # no image of its own: its share card (tests/test_seo.py)
    assert b["twitter:card"] == "summary_large_image" and b["og:image"] == BASE + "_cards/posts/b.png"
    assert b["description"] == "Bravo words."


def test_other_pages(handbook):
    hb = handbook()
    write_posts(hb)
    hb.build(html_baseurl=BASE, html_title="Lead Handbook")
    index = metas(hb.html("index"))
    assert index == {"og:title": "Test handbook", "og:type": "website", "og:url": BASE + "index.html",
                     "og:site_name": "Lead Handbook", "twitter:card": "summary", "twitter:title": "Test handbook"}
    tag = metas(hb.html("tags/seo"))
    assert tag["og:title"] == "Posts tagged “SEO”" and tag["og:type"] == "website"
    assert tag["description"] == tag["og:description"] == "Being found by search engines."
    assert tag["og:url"] == BASE + "tags/seo.html"
    assert metas(hb.html("genindex"))["og:title"] == "Lead Handbook"  # a page with no title of its own


def test_without_html_baseurl_no_addresses(handbook):
    hb = handbook()
    write_posts(hb)
    hb.build()
    a = metas(hb.html("posts/a"))
    assert "og:url" not in a and "og:image" not in a and a["twitter:card"] == "summary"
    assert a["og:title"] == "Alpha" and a["og:type"] == "article"


def test_hostile_titles_never_become_markup(handbook):
    hb = handbook()
    hb.write("posts/a.md", post(HOSTILE, "2025-01-01", ["post", HOSTILE], "Body <b>raw</b> & text."))
    hb.build(html_baseurl=BASE)
    excerpt = hb.app.env.get_domain("handbook").state.posts["posts/a"].excerpt
    soup = hb.html("posts/a")
    found = metas(soup)
    assert found["og:title"] == found["twitter:title"] == HOSTILE
    assert found["description"] == excerpt
    assert soup.head.find("meta", attrs={"http-equiv": True}) is None
    # (the structured data holds the title as JSON text: tests/test_seo.py)
    assert soup.head.find(lambda t: t.name == "script" and t.get("type") != "application/ld+json"
                          and "alert" in t.get_text()) is None
    tag_page = next(p for p in (hb.outdir / "tags").glob("*.html"))
    assert metas(hb.html(f"tags/{tag_page.stem}"))["og:title"] == f"Posts tagged “{HOSTILE}”"


def test_only_the_website_builders_get_cards(handbook):
    hb = handbook()
    write_posts(hb)
    hb.build("singlehtml", html_baseurl=BASE)
    assert metas(hb.html("index")) == {}
