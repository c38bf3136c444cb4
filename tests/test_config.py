"""The handbook_* options: each checked, each with a clear message, each doing what README says."""

from __future__ import annotations

import re
from dataclasses import fields

import pytest
from handbook.core.ctas import CallToAction
from handbook.core.options import CHECKS, HandbookConfig, checked
from helpers import post

# (option, an unusable value, words the message must hold)
BAD_VALUES = [
    ("posts_dir", "../elsewhere", "inside the project"),
    ("posts_dir", "", "inside the project"),
    ("posts_dir", 3, "must be text"),
    ("marker_tags", "post", "list of tag names"),
    ("marker_tags", ["post", ""], "list of tag names"),
    ("site_url", "leadcraftr.com", "http(s) address"),
    ("site_url", None, "must be text"),
    ("post_path", "/posts/", "'{slug}' once"),
    ("post_path", "posts/{slug}/", "starting with '/'"),
    ("post_path", "/{year}/{slug}/", "no braces but '{slug}'"),
    ("tags_dir", "/", "inside the project"),
    ("tags_dir", "../../etc", "inside the project"),
    ("tags_dir", "C:/tags", "inside the project"),
    ("tags_file", "../tags.yml", "inside the project"),
    ("related_limit", -1, "whole number >= 0"),
    ("related_limit", True, "whole number >= 0"),
    ("sidebar_window", -3, "whole number >= 0"),
    ("contents_page", "../all", "inside the project"),
    ("tag_page_size", 2.5, "whole number >= 0"),
    ("feed_length", "20", "whole number >= 0"),
    ("archive_page", "/", "inside the project"),
    ("print_max_posts", -5, "whole number >= 0"),
    ("index_terms", "yes", "True or False"),
    ("excerpt_length", "200", "whole number >= 0"),
    ("date_format", "", "strftime-style format"),
    ("show_drafts", "yes", "True or False"),
    ("categories_as_tags", "no", "True or False"),
    ("diagrams_dir", "../drawn", "inside the project"),
    ("keep_diagrams", "yes", "True or False"),
    ("report", "no", "True or False"),
    ("speedups", 1, "True or False"),
    ("embed_hosts", "www.youtube.com", "list of host names"),
    ("embed_hosts", ["https://www.youtube.com/"], "no scheme, no path"),
    ("trusted_html_hosts", ["forms.example.com/x"], "list of host names"),
    ("max_post_chars", 10, "at least 1000"),
    ("max_post_chars", "200000", "whole number of characters"),
    ("canonical", "google", "'blog' or 'handbook'"),
    ("noindex", "yes", "True or False"),
    ("ctas", ["checklist"], "must be a dict"),
    ("cta_after_chapter", 3, "name of an entry of handbook_ctas"),
    ("cta_after_post", None, "name of an entry of handbook_ctas"),
    ("review_every", -365, "whole number >= 0"),
]


def test_every_option_has_a_checker_and_a_bad_value_tested():
    assert set(CHECKS) == {f.name for f in fields(HandbookConfig)}
    assert {name for name, _, _ in BAD_VALUES} == set(CHECKS)


@pytest.mark.parametrize(("name", "value", "words"), BAD_VALUES)
def test_an_unusable_value_is_reported_and_the_default_used(name, value, words):
    reports = []
    conf = checked({name: value}, lambda *report: reports.append(report))
    assert getattr(conf, name) == getattr(HandbookConfig(), name)
    assert len(reports) == 1
    reported_name, reported_value, why, default = reports[0]
    assert (reported_name, reported_value, default) == (name, value, getattr(HandbookConfig(), name))
    assert words in why


@pytest.mark.parametrize(("name", "value", "kept"), [
    ("posts_dir", "/blog/posts/", "blog/posts"),
    ("marker_tags", ["post", "posts"], ("post", "posts")),
    ("site_url", "https://example.com/blog/", "https://example.com/blog"),
    ("site_url", "", ""),
    ("post_path", "/{slug}.html", "/{slug}.html"),
    ("tags_dir", "topics/", "topics"),
    ("tags_file", "meta/tags.yml", "meta/tags.yml"),
    ("related_limit", 0, 0),
    ("sidebar_window", 0, 0),
    ("contents_page", "/all-chapters", "all-chapters"),
    ("tag_page_size", 0, 0),
    ("feed_length", 5, 5),
    ("archive_page", "posts/by-date/", "posts/by-date"),
    ("print_max_posts", 0, 0),
    ("index_terms", False, False),
    ("excerpt_length", 80, 80),
    ("date_format", "%Y-%m-%d", "%Y-%m-%d"),
    ("show_drafts", True, True),
    ("diagrams_dir", "drawn/", "drawn"),
    ("keep_diagrams", True, True),
    ("report", False, False),
    ("speedups", False, False),
    ("canonical", " Handbook", "handbook"),
    ("canonical", "", ""),
    ("noindex", True, True),
    ("ctas", {"demo": {"heading": " Book  a demo ", "button": "Book", "url": "https://x.example/demo?a=1"}},
     (CallToAction("demo", "Book a demo", "", "Book", "https://x.example/demo?a=1"),)),
    ("cta_after_chapter", " demo ", "demo"),
    ("cta_after_post", "", ""),
])
def test_a_usable_value_is_kept_in_its_normal_form(name, value, kept):
    reports = []
    assert getattr(checked({name: value}, lambda *r: reports.append(r)), name) == kept
    assert reports == []


def test_a_bad_option_in_a_build_warns_once_and_the_build_uses_the_default(handbook):
    hb = handbook()
    hb.write("posts/a.md", post("A", tags=["seo"]))
    hb.build(handbook_tags_dir="../../outside", handbook_related_limit=-2)
    lines = hb.warning_lines()
    assert len(lines) == 2, lines
    assert re.search(r"WARNING: handbook_tags_dir = '\.\./\.\./outside' must name a folder inside the project.*"
                     r"using 'tags' \[handbook\.config\]", lines[0] + lines[1])
    assert re.search(r"handbook_related_limit = -2 must be a whole number >= 0; using 3", hb.warnings)
    assert (hb.outdir / "tags" / "seo.html").is_file()
    assert not (hb.outdir.parent.parent / "outside").exists()


# ---- each option does what README says ------------------------------------------------
def test_posts_dir_decides_which_documents_are_posts(handbook):
    hb = handbook()
    hb.write("articles/a.md", post("An article", tags=["seo"]))
    hb.write("posts/b.md", post("Not a post here", tags=["seo"]))
    hb.build(handbook_posts_dir="articles")
    assert [a.get_text() for a in hb.html("tags/seo").select(".handbook-card-title a")] == ["An article"]
    assert hb.html("articles/a").select_one(".handbook-byline") is not None
    assert hb.html("posts/b").select_one(".handbook-byline") is None


def test_marker_tags_are_never_shown(handbook):
    hb = handbook()
    hb.write("posts/a.md", post("A", tags=["blog", "seo"]))
    hb.build(handbook_marker_tags=["blog"])
    assert [a.get_text() for a in hb.html("posts/a").select(".handbook-chips a")] == ["seo"]
    assert sorted(p.name for p in (hb.outdir / "tags").iterdir()) == ["seo.html"]


def test_site_url_and_post_path_make_blog_links_internal(handbook):
    hb = handbook()
    hb.write("posts/target.md", post("Target"))
    hb.write("posts/a.md", post("A", body="[here](https://example.org/articles/target.html) and "
                                      "[not](https://blog.example.com/posts/target/)"))
    hb.build(handbook_site_url="https://example.org", handbook_post_path="/articles/{slug}.html")
    links = {a.get_text(): a["href"] for a in hb.html("posts/a").select("article p a")}
    assert links == {"here": "target.html", "not": "https://blog.example.com/posts/target/"}


def test_tags_dir_names_the_folder_of_tag_pages(handbook):
    hb = handbook()
    hb.write("posts/a.md", post("A", tags=["seo"]))
    hb.build(handbook_tags_dir="topics")
    assert (hb.outdir / "topics" / "seo.html").is_file() and not (hb.outdir / "tags").exists()
    assert hb.html("posts/a").select_one(".handbook-chips a")["href"] == "../topics/seo.html"


def test_related_limit_bounds_the_related_block(handbook):
    hb = handbook()
    for i in range(5):
        hb.write(f"posts/p{i}.md", post(f"P{i}", date=f"2025-01-0{i + 1}", tags=["seo"]))
    hb.build(handbook_related_limit=2)
    assert len(hb.html("posts/p0").select(".handbook-related li")) == 2
    hb.build(fresh=True, handbook_related_limit=0)
    assert hb.html("posts/p0").select(".handbook-related") == []


def test_excerpt_length_cuts_the_card_text_at_a_word(handbook):
    hb = handbook()
    hb.write("posts/a.md", post("A", tags=["seo"], body="One two three four five six seven eight nine ten."))
    hb.build(handbook_excerpt_length=20)
    assert hb.html("tags/seo").select_one(".handbook-card-excerpt").get_text() == "One two three four…"


def test_date_format_is_used_for_every_date_shown(handbook):
    hb = handbook()
    hb.write("posts/a.md", post("A", date="2025-03-04", tags=["seo"]))
    hb.build(handbook_date_format="%Y-%m-%d")
    assert hb.html("posts/a").select_one(".handbook-date").get_text() == "2025-03-04"
    assert hb.html("tags/seo").select_one(".handbook-card .handbook-date").get_text() == "2025-03-04"


# handbook_show_drafts: tests/test_drafts.py.


def test_speedups_off_installs_none_of_them(handbook):
    from handbook.speedups.parallel_write import ParallelWriting

    hb = handbook()
    hb.write("posts/a.md", post("A", tags=["seo"]))
    hb.build(fresh=True, handbook_speedups=False)
    assert not isinstance(hb.app.builder, ParallelWriting)
    assert type(hb.app.env.images).__name__ == "FilenameUniqDict"
    hb.build(fresh=True, handbook_speedups=True)
    assert isinstance(hb.app.builder, ParallelWriting)
    assert type(hb.app.env.images).__name__ == "ImagesByDocument"
