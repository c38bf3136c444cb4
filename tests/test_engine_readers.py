"""Reading posts of any engine, pure: front-matter forms, field shapes, dates, titles, side files, scripts.

Every post here is written by us after the engine's documentation (named in each test);
no real blog's text. The built pages of such posts: ``test_engines.py``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from handbook.core import engines, rules, script
from handbook.core.explain import explain
from handbook.core.frontmatter import epoch_date, parse_date
from handbook.core.metadata import read_block
from handbook.core.options import HandbookConfig
from handbook.core.post import file_hints, file_title, first_heading, inline_tags, prepare

CONF = HandbookConfig()


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def read(root: Path, path: str, files: dict[str, str] | None = None):
    write(root, files or {})
    docname, suffix = path.rsplit(".", 1)
    return prepare((root / path).read_text(encoding="utf-8"), docname, CONF, root, "." + suffix)


# ---- front matter in every form ---------------------------------------------------------------
def test_hexo_front_matter_without_its_opening_line():
    # hexo-front-matter: "the new format": YAML at the top, closed by a --- line.
    block = read_block("title: Hello Hexo\ndate: 2020-01-02 10:00:00\ntags: [a, b]\n---\nBody text.\n")
    assert block.kind == "hexo" and block.length == 4
    assert block.fields == {"title": "Hello Hexo", "date": "2020-01-02 10:00:00", "tags": ["a", "b"]}
    assert block.lines["tags"] == 3


def test_hexo_json_between_semicolons_with_implied_braces():
    block = read_block(';;;\n"title": "JSON post",\n"tags": ["x"]\n;;;\nBody\n')
    assert block.kind == "json" and block.fields == {"title": "JSON post", "tags": ["x"]}


def test_hugo_json_object():
    block = read_block('{\n  "title": "Hugo JSON",\n  "date": "2021-03-04"\n}\n\nBody\n')
    assert block.kind == "json" and block.fields["title"] == "Hugo JSON" and block.length == 4


@pytest.mark.parametrize("text", [
    ("<!--\n.. title: Nikola post\n.. slug: nikola-post\n.. date: 2016-02-17 18:47:19 UTC\n"
    ".. tags: python, release\n.. category: news\n.. link: \n-->\n\nBody\n"),
    (".. title: Nikola post\n.. slug: nikola-post\n.. date: 2016-02-17 18:47:19 UTC\n"
    ".. tags: python, release\n.. category: news\n\nBody\n"),
])
def test_nikola_metadata_bare_or_in_a_comment(text):
    block = read_block(text)
    assert block.kind == "nikola"
    assert block.fields == {"title": "Nikola post", "slug": "nikola-post", "date": "2016-02-17 18:47:19 UTC",
                            "tags": "python, release", "category": "news"}  # empty 'link' dropped
    assert text.split("\n")[block.length - 1] == ""  # the block ends with its blank line


def test_logseq_page_properties_are_not_pelican_metadata():
    block = read_block("title:: New to it?\ntags:: seo, [[lead magnets]]\n\n- first block\n")
    assert block.kind == "logseq" and block.fields["title"] == "New to it?"


def test_text_that_only_looks_like_metadata_stays_text():
    assert read_block("Note: this is a heading\n---\n").kind == ""  # a setext heading, no post field
    assert read_block("title: x\n\nthen text\n---\n").kind == "pelican"  # a blank line: not Hexo's form


# ---- dates --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "day"), [
    ("Wed Apr 15 2020 17:00:00 GMT+0000 (Coordinated Universal Time)", dt.date(2020, 4, 15)),  # Hashnode
    ("Wed, 15 Apr 2020 17:00:00 +0000", dt.date(2020, 4, 15)),  # RFC 2822
    ("2020-2-12", dt.date(2020, 2, 12)),
    ("2017-03-15  01-08-01", dt.date(2017, 3, 15)),  # Ruby's Time.parse reads the day
    ("2012/08/24 11:25:14", dt.date(2012, 8, 24)),  # Nikola
    ("2016-02-17 18:47:19 UTC+02:00", dt.date(2016, 2, 17)),
    ("20190701T10:00Z", dt.date(2019, 7, 1)),  # dev.to
    ("2025-02-30", None),
])
def test_dates_in_every_documented_form(text, day):
    assert parse_date(text) == day


def test_epoch_milliseconds_and_seconds():
    assert epoch_date(1627226522152) == dt.date(2021, 7, 25)  # Dendron's created
    assert epoch_date(1627226522) == dt.date(2021, 7, 25)
    assert epoch_date(42) is None


@pytest.mark.parametrize(("docname", "day", "slug"), [
    ("posts/2015-05-09_my-slug", dt.date(2015, 5, 9), "my-slug"),
    ("posts/q/20200504-my-slug", dt.date(2020, 5, 4), "my-slug"),
    ("posts/s/20250617145926-my-slug", dt.date(2025, 6, 17), "my-slug"),
    ("posts/2024-02-23-my-slug/index", dt.date(2024, 2, 23), "my-slug"),
    ("posts/2024/02/23/my-slug", dt.date(2024, 2, 23), "my-slug"),
    ("posts/news/2026-02-18/my-slug/index", dt.date(2026, 2, 18), "my-slug"),
    ("posts/journals/2020_09_20", dt.date(2020, 9, 20), "2020_09_20"),
    ("posts/_posts/2020-2-3-short", dt.date(2020, 2, 3), "short"),
    ("posts/notes/plain", None, "plain"),
])
def test_dates_and_slugs_from_file_and_folder_names(docname, day, slug):
    assert file_hints(docname) == (day, slug)


# ---- fields under every name and shape ----------------------------------------------------------
def test_zola_taxonomies_table_and_toml(tmp_path):
    post = read(tmp_path, "posts/zola/content/p.md", {"posts/zola/content/p.md": (
        '+++\ntitle = "Zola"\ndate = 2021-01-02\n[taxonomies]\ntags = ["rust", "web"]\ncategories = ["dev"]\n+++\n'
        "Body\n")})
    assert post.front.tags == ("rust", "web", "dev") and post.front.date == dt.date(2021, 1, 2)


def test_comma_strings_singular_keys_and_topics(tmp_path):
    devto = read(tmp_path, "posts/devto/a.md", {"posts/devto/dev-to-git.json": "[]", "posts/devto/a.md": (
        "---\ntitle: A\npublished: true\ntags: javascript, webdev, beginners\n---\nBody\n")})
    assert devto.front.tags == ("javascript", "webdev", "beginners")
    vuepress = read(tmp_path, "posts/v/b.md", {"posts/v/b.md": "---\ntitle: B\ntag: [css]\ncategory: Design\n---\n"})
    assert vuepress.front.tags == ("css", "Design")
    zenn = read(tmp_path, "posts/z/articles/c.md", {"posts/z/articles/c.md": (
        "---\ntitle: C\nemoji: 🐍\ntype: tech\ntopics: [python, zenn]\npublished: true\n---\n")})
    assert zenn.front.tags == ("python", "zenn") and zenn.conventions.engine.name == "zenn"


def test_hexo_categories_are_one_path_and_the_site_author_is_used(tmp_path):
    post = read(tmp_path, "posts/blog/source/_posts/p.md", {
        "posts/blog/_config.yml": "title: Blog\nauthor: Site Owner\nlanguage: en\nnew_post_name: :title.md\n",
        "posts/blog/source/_posts/p.md": "---\ntitle: P\ncategories: [Docs, EN]\ntags: [x]\n---\nBody\n"})
    assert post.conventions.engine.name == "hexo"
    assert post.front.tags == ("x", "Docs/EN")
    assert [a.name for a in post.front.authors] == ["Site Owner"]


def test_python_configurations_are_parsed_never_run(tmp_path):
    marker = tmp_path / "ran"
    post = read(tmp_path, "posts/site/posts/p.md", {
        "posts/site/conf.py": f'import os\nBLOG_AUTHOR = "Nik Ola"\nos.system("touch {marker}")\nPOSTS = ()\n',
        "posts/site/posts/p.md": ".. title: P\n.. date: 2020-01-01\n.. tags: a, b\n\nBody\n"})
    assert post.conventions.engine.name == "nikola" and not marker.exists()
    assert [a.name for a in post.front.authors] == ["Nik Ola"] and post.front.tags == ("a", "b")


@pytest.mark.parametrize(("files", "post_path", "names"), [
    ({"posts/m/docs/blog/.authors.yml": "authors:\n  jd:\n    name: Jane Doe\n"}, "posts/m/docs/blog/posts/p.md",
     ["Jane Doe"]),  # MkDocs Material
    ({"posts/j/_data/authors.yml": "jd:\n  name: Jane Doe\n"}, "posts/j/_posts/2020-01-01-p.md", ["Jane Doe"]),
    ({"posts/n/data/authors/jd.mdx": "---\nname: Jane Doe\n---\nBio\n"}, "posts/n/data/blog/p.md", ["Jane Doe"]),
    ({"posts/w/contents/authors/jd.json": '{"name": "Jane Doe"}'}, "posts/w/contents/articles/p/index.md",
     ["Jane Doe"]),
    ({"posts/y/docs/authors.yml": "project:\n  contributors:\n    - id: jd\n      name: Jane Doe\n"},
     "posts/y/docs/posts/p.md", ["Jane Doe"]),  # MyST
    ({"posts/g/contributors/contributors.yaml": "- id: jd\n  name: Jane Doe\n"}, "posts/g/blog/p/index.md",
     ["Jane Doe"]),  # Gridsome
])
def test_author_keys_resolve_through_each_engines_authors_file(tmp_path, files, post_path, names):
    post = read(tmp_path, post_path, {**files, post_path: "---\ntitle: P\nauthors: [jd]\n---\nBody\n"})
    assert [a.name for a in post.front.authors] == names


def test_an_author_text_is_one_byline_its_markdown_links_shown_as_their_text(tmp_path):
    # Hugo, Middleman: ``author`` is free text the site prints as it is (a link shows its text).
    post = read(tmp_path, "posts/p.md", {"posts/p.md": (
        "---\ntitle: P\nauthor: '[Jane Doe](https://example.com/jd) (Acme), [Joe Bloggs](https://example.com/jb)'\n"
        "---\n")})
    assert [a.name for a in post.front.authors] == ["Jane Doe (Acme), Joe Bloggs"]
    pelican = read(tmp_path, "posts/q.md", {"posts/q.md": "Title: Q\nAuthors: Alice Smith, Bob\n\nText\n"})
    assert [a.name for a in pelican.front.authors] == ["Alice Smith", "Bob"]


@pytest.mark.parametrize("flags", ["published: false", "saveAsDraft: true", "draft: true", "status: draft",
                                   "ignorePublish: true", 'published: "false"', "publish: false", "permalink: false"])
def test_drafts_by_each_engines_flag(tmp_path, flags):
    assert read(tmp_path, "posts/p.md", {"posts/p.md": f"---\ntitle: P\n{flags}\n---\n"}).front.draft


@pytest.mark.parametrize("path", ["posts/blog/_drafts/idea.md", "posts/site/.vuepress/drafts/idea.md",
                                  "posts/site/_posts/Undated.md"])
def test_files_their_engine_does_not_publish_are_drafts(tmp_path, path):
    post = read(tmp_path, path, {path: "---\ntitle: Idea\n---\nText\n"})
    assert post.front.draft and "draft" in dict(post.front.origins)


def test_folder_defaults_and_nikola_side_files(tmp_path):
    mkdocs = read(tmp_path, "posts/m/blog/posts/p.md", {
        "posts/m/mkdocs.yml": "site_name: x\n", "posts/m/blog/.meta.yml": "categories: [General]\n",
        "posts/m/blog/posts/p.md": "---\ndate: 2023-01-01\n---\n# Heading title\n\nText\n"})
    assert mkdocs.front.tags == ("General",) and mkdocs.title == "Heading title" and mkdocs.title_origin == "heading"
    eleventy = read(tmp_path, "posts/e/blog/p.md", {"posts/e/blog/blog.json": json.dumps({"tags": ["news"]}),
                                                     "posts/e/blog/p.md": "---\ntitle: E\ntags: [seo]\n---\n"})
    assert eleventy.front.tags == ("news", "seo")
    nikola = read(tmp_path, "posts/k/p.md", {"posts/k/p.meta": ".. title: From meta\n.. tags: a\n",
                                              "posts/k/p.md": "Just text.\n"})
    assert nikola.title == "From meta" and nikola.front.tags == ("a",)


# ---- titles ---------------------------------------------------------------------------------------
def test_first_heading_and_file_name_titles():
    assert first_heading(["", "## Opening heading", "", "text"]) == ("Opening heading", 2)
    assert first_heading(["intro", "", "# The **real** [one](x)", ""]) == ("The real one", 3)
    assert file_title("posts/notes/useState Hook") == "useState Hook"  # as written (Quartz, Docusaurus)
    assert file_title("posts/2016-03-11-unit-testing", "as written") == "unit-testing"  # Docusaurus
    assert file_title("posts/pages/term___block", "as written") == "term/block"  # Logseq
    assert file_title("posts/notes/no-title") == "No title"  # the handbook's own: a slug's words
    assert file_title("posts/_posts/2020-01-01-welcome-to-jekyll", "titleized") == "Welcome To Jekyll"


def test_navigation_files_title_their_pages(tmp_path):
    post = read(tmp_path, "posts/book/src/ch1.md", {
        "posts/book/book.toml": "[book]\ntitle = 'B'\n", "posts/book/src/SUMMARY.md": "- [Chapter one](ch1.md)\n",
        "posts/book/src/ch1.md": "# A different heading\n\nText\n"})
    assert (post.title, post.title_origin) == ("Chapter one", "navigation")


def test_quartz_inline_tags_and_file_name_title(tmp_path):
    assert inline_tags(["See #seo/local and #email.", "# Heading", "`#code` and #123"]) == ("seo/local", "email")
    post = read(tmp_path, "posts/q/content/my Note.md", {"posts/q/quartz.config.ts": "export default {}\n",
                                                          "posts/q/content/my Note.md": "# Heading\n\nAbout #seo\n"})
    assert post.title == "my Note" and post.front.tags == ("seo",)


# ---- scripts and direction ------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "expected"), [
    ("שלום עולם, זה פוסט בעברית עם `code` וקישור", ("he", "rtl")),
    ("این یک نوشته فارسی است که گ و پ دارد", ("fa", "rtl")),
    ("هذه مقالة باللغة العربية", ("ar", "rtl")),
    ("これは日本語の記事です", ("ja", "ltr")),
    ("这是一篇中文文章", ("zh", "ltr")),
    ("An English post with one word: שלום", (None, "ltr")),
    ("", (None, "ltr")),
])
def test_script_detection(text, expected):
    assert script.detect(text) == expected


def test_declared_language_wins_and_the_site_language_when_the_script_fits():
    assert script.choose("he", "en", "English text") == ("he", "rtl", "front matter")
    assert script.choose(None, "fa-IR", "این یک نوشته فارسی است") == ("fa-IR", "rtl", "the blog's configuration")
    assert script.choose(None, "en", "שלום עולם זה פוסט")[:2] == ("he", "rtl")
    assert script.choose(None, "zh-tw", "Plain English text")[:2] == (None, "ltr")


def test_python_assignments_only_literals():
    values = engines.python_assignments('A = "x"\nB = f()\nC = {"en": "y"}\nimport os\n')
    assert values == {"A": "x", "C": {"en": "y"}}


# ---- no post lost, and the explanation ----------------------------------------------------------
def test_files_that_look_like_posts_and_are_not_read_are_named():
    problems = rules.unread_files([
        ("posts/a.txt", "# A heading\n\ntext"), ("posts/b.qmd", "---\ntitle: B\n---\n"),
        ("posts/c.html", "<html><h1>x</h1>"), ("posts/d.html", "---\nlayout: post\n---\n<p>x</p>"),
        ("posts/e.txt", "just a note"), ("posts/f.md", "# read anyway"),
    ], [".md", ".markdown"])
    assert [p.path for p in problems] == ["posts/a.txt", "posts/b.qmd", "posts/d.html"]
    assert all(p.type == "handbook.unread" and p.path in p.message for p in problems)


def test_explain_says_the_engine_and_where_each_value_came_from(tmp_path):
    post = read(tmp_path, "posts/blog/source/_posts/2020-01-02-p.md", {
        "posts/blog/_config.yml": "author: Site Owner\nnew_post_name: :year-:month-:day-:title.md\n",
        "posts/blog/source/_posts/2020-01-02-p.md": "title: P\ntags: seo\n---\nBody\n"})
    text = "\n".join(explain(post, "posts/blog/source/_posts/2020-01-02-p.md", tmp_path))
    assert "read as a hexo post: _config.yml (Hexo's keys)" in text
    assert "front matter: YAML without its opening '---' (Hexo)" in text
    assert "date: 2020-01-02  <- the file name" in text
    assert "authors: Site Owner  <- the blog's configuration (author)" in text
    assert "tags: seo  <- front matter 'tags'" in text


def test_a_right_to_left_title_makes_a_post_of_commands_right_to_left():
    text = "Red Hat Certified System Administrator (RHCSA)\nsudo apt-get install linux\nمدرک لینوکس"
    assert script.choose(None, None, text, title="مدرک های لینوکس") == ("fa", "rtl", "its script")


def test_a_sites_own_title_and_author_keys_when_the_usual_ones_are_missing(tmp_path):
    # 11ty.dev's templates print `newstitle` and its directory data's `postAuthor`.
    post = read(tmp_path, "posts/e/blog/2020-08-10-news.md", {
        "posts/e/blog/blog.json": json.dumps({"tags": ["blog"], "postAuthor": "zachleat"}),
        "posts/e/blog/2020-08-10-news.md": "---\nnewstitle: Join us!\nseoTitle: not this\n---\nBody\n"})
    assert post.title == "Join us!" and [a.name for a in post.front.authors] == ["zachleat"]
    meta_only = read(tmp_path, "posts/m.md", {"posts/m.md": "---\nseoTitle: For search engines\n---\n# Heading\n"})
    assert meta_only.title == "Heading"


def test_plain_values_of_a_javascript_configuration_are_read_never_run():
    from handbook.core.jsobject import find_values

    config = ("import x from 'y';\nconst re = /^(\\w+)\\s*:\\s*(.+)/;\nconst authors = {\n  jd: {name: 'Jane Doe', "
              "picture: '/jd.png'},\n};\nexport default defineConfig({ integrations: [blog({ authors })], "
              "themeConfig: { author: { name: \"Mr. Hope\" }, locale: 'fa-IR', nav: makeNav() } });\n")
    assert find_values(config, "authors") == [{"jd": {"name": "Jane Doe", "picture": "/jd.png"}}]
    assert find_values(config, "author") == [{"name": "Mr. Hope"}]
    assert find_values(config, "locale") == ["fa-IR"] and find_values(config, "nav") == []
