"""benchmarks/engine_corpus.py: how it compares what a page shows with what a post's engine shows (made-up pages)."""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from bs4 import BeautifulSoup
from helpers import REPO, REPO_PROJECT

sys.path.insert(0, str(REPO / "benchmarks"))
import engine_corpus as ec


def test_the_project_is_the_repos_without_its_posts():
    # (nor its courses: they name the seed posts, which a corpus does not have)
    assert ec.SKELETON == tuple(name for name in REPO_PROJECT if name not in ("posts", "courses"))


@pytest.mark.parametrize(("path", "page"), [
    ("hugo/a__b/content/post/x.md", "posts/hugo/a__b/content/post/x.html"),
    ("octopress/a__b/source/_posts/2014-06-20-gpg-key.markdown", "posts/octopress/a__b/source/_posts/2014-06-20-gpg-key.html"),
    ("middleman/a__b/source/blog/2012-08-03-x.html.markdown", "posts/middleman/a__b/source/blog/2012-08-03-x.html.html"),
    ("gatsby/a__b/content/posts/with-images/index.mdx", "posts/gatsby/a__b/content/posts/with-images/index.html"),
])
def test_a_corpus_path_maps_to_its_page(path, page):
    assert ec.ExpectedPost("seven", path, "x", {}).page == page


# ---- titles ----
def test_title_without_permalink_and_extra_spacing():
    assert ec.clean_title("  Hello\n  World¶") == "Hello World"
    assert ec.titles_match("Hello World", "Hello  World¶")


def test_title_differs_in_case_or_punctuation():
    assert not ec.titles_match("useState Hook", "UseState Hook")
    assert not ec.titles_match("Search: better, faster", "Search better faster")


def test_title_code_span_shown_without_backticks():
    assert ec.titles_match("Global `.gitignore`", "Global .gitignore¶")
    assert ec.titles_match("Global `.gitignore`", "Global `.gitignore`")


def test_long_title_cut_short():
    long = "word " * 80
    assert ec.titles_match(long, long[:150].rstrip() + "…")
    assert not ec.titles_match("Short title", "Short…")


# ---- dates ----
@pytest.mark.parametrize(("shown", "day"), [
    ("5 March 2024", dt.date(2024, 3, 5)),
    ("05 March 2024", dt.date(2024, 3, 5)),
    ("March 5, 2024", dt.date(2024, 3, 5)),
    ("2024-03-05", dt.date(2024, 3, 5)),
    ("undated", None),
])
def test_shown_dates_are_read(shown, day):
    assert ec.parse_shown_date(shown) == day


def test_a_shown_text_that_is_no_date():
    with pytest.raises(ValueError):
        ec.parse_shown_date("sometime in spring")
    assert not ec.dates_match("2024-03-05", "sometime in spring")


def test_dates_compared_by_day():
    assert ec.dates_match("2024-03-05", "5 March 2024")
    assert not ec.dates_match("2024-03-05", "6 March 2024")
    assert ec.dates_match(None, "undated")
    assert not ec.dates_match(None, "5 March 2024")
    assert not ec.dates_match("2024-03-05", "undated")
    assert not ec.dates_match(None, None)  # no byline at all


# ---- tags, authors, summaries ----
def test_tags_ignore_case_spacing_and_unicode_width():
    assert ec.tag_key("  Email   Marketing ") == "email marketing"
    assert ec.tag_key("ＳＥＯ") == "seo"  # full-width letters (NFKC)
    assert ec.tags_match(["SEO", "Email marketing"], ["email  marketing", "seo"])


def test_tags_are_a_set_but_hyphens_count():
    assert not ec.tags_match(["data science"], ["data-science"])
    assert not ec.tags_match(["a", "b"], ["a"])
    assert ec.tags_match([], [])


def test_authors_in_any_order_case_kept():
    assert ec.authors_match(["Jane Doe", "Joe"], ["Joe", "Jane  Doe"])
    assert not ec.authors_match(["Jane Doe"], ["jane doe"])
    assert not ec.authors_match([], ["admin"])


def test_summary_prefix_or_cut_short():
    summary = "Lead scoring ranks leads by how ready they are to buy, so sales calls the best first."
    assert ec.summary_matches(summary, summary)
    assert ec.summary_matches(summary, summary + " And then some more text.")
    assert ec.summary_matches(summary, "Lead scoring ranks leads by how ready…")
    assert not ec.summary_matches(summary, "Lead…")  # too little left to tell
    assert not ec.summary_matches(summary, "Another text entirely.")
    assert not ec.summary_matches(summary, None)


# ---- metadata shown as text ----
@pytest.mark.parametrize("text", [
    "title: Hello\ndate: 2024-01-01",
    "+++",
    ".. title: Hello\n.. slug: hello",
    "Title: Hello",
    "---",
    "type:: [[Feature]]",
    "Color: red\nSize: large",  # two key: value lines
])
def test_front_matter_left_in_the_body(text):
    assert ec.looks_like_front_matter(text)


@pytest.mark.parametrize("text", [
    "Note: this paragraph is prose.",
    "Lead generation is a skill.",
    "",
    "The ratio is 3:1 in most teams.",
])
def test_prose_is_not_front_matter(text):
    assert not ec.looks_like_front_matter(text)


# ---- a page as the handbook writes it (made up) ----
PAGE = """<html lang="en"><head><meta name="description" content="A short  description."></head><body>
<article>{wrap_open}
<h1>A made-up post<a class="headerlink" href="#x">¶</a></h1>
<div class="handbook-post-header">
  <p class="handbook-byline"><span class="handbook-date">5 March 2024</span> · 2 min read</p>
  <p class="handbook-authors">By <a href="a.html"><span class="handbook-author">Doe, Jane</span></a>,
     <span class="handbook-author">Joe</span></p>
  <p class="handbook-chips"><a href="../tags/seo.html"><span class="handbook-chip">SEO</span></a>
     <span class="handbook-chip">loose</span></p>
</div>
<p>title: leaked
date: 2024</p>
<p>Second paragraph.</p>{wrap_close}
</article></body></html>"""


def page(wrap_open: str = "", wrap_close: str = "") -> BeautifulSoup:
    return BeautifulSoup(PAGE.format(wrap_open=wrap_open, wrap_close=wrap_close), "html.parser")


def test_what_a_page_shows():
    shown = ec.read_post_page(page())
    assert shown.title == "A made-up post"
    assert shown.date == "5 March 2024"
    assert shown.tags == ["SEO", "loose"]
    assert shown.unlinked_tags == ["loose"]
    assert shown.authors == ["Doe, Jane", "Joe"]  # names with a comma stay whole
    assert shown.description == "A short description."
    assert ec.looks_like_front_matter(shown.first_block)  # the header's paragraphs are skipped
    assert (shown.direction, shown.language) == (None, "en")


def test_right_to_left_from_a_wrapper():
    shown = ec.read_post_page(page('<div dir="rtl" lang="fa">', "</div>"))
    assert (shown.direction, shown.language) == ("rtl", "fa")
    assert ec.language_matches("fa", shown.language)
    assert ec.language_matches("fa", "fa-IR")
    assert not ec.language_matches("fa", "en")
    assert not ec.language_matches("fa", None)


def test_a_page_without_header():
    shown = ec.read_post_page(BeautifulSoup("<article><h1>Bare</h1><p>Text.</p></article>", "html.parser"))
    assert (shown.title, shown.date, shown.tags, shown.authors) == ("Bare", None, [], [])
    assert shown.first_block == "Text."
