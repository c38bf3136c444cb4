"""Hostile input: every broken or hostile post is built, listed, warned about once, and injects nothing.

One handbook holds the whole catalogue (one post per case, ``CASES`` below) and is
built once for the module. For every case the tests check:

- the post's page is built and the post is listed in its chapter (``chapters/all``),
  unless it is a draft (then nothing of it is published);
- the warnings naming the post are exactly the expected ones: one clear warning with
  file and line where the input is wrong, none where it is fine;
- what the reader sees (title, date, tag chips) where the case says;
- on every generated page, parsed with a real HTML parser: no ``<script>`` other than
  Sphinx's and furo's own (the set a clean build of a harmless post has), no ``on*``
  attribute, no ``javascript:`` URL, no ``<iframe>``/``<object>``/``<embed>`` the
  content did not contain, no ``<meta http-equiv>``, no ``<base>``;
- the build wrote only inside its output and doctree folders (nothing else changed in
  the folder around them, nor where a tag page named by a hostile tag as written would
  land, such as ``/etc/passwd.html``), and YAML / template tricks that run commands
  never ran (their marker files do not appear).

Where the extension does the wrong thing today, the test states the right behaviour
and is marked ``xfail(strict=True)`` with the exact failing behaviour as the reason:
fix the extension, then remove the mark.

The rules, per case (what the reader sees / which warning):

============================  ====================================================
case                          rule
============================  ====================================================
front matter not YAML, empty, the post is built and listed, titled from its first
a list, a scalar, missing     heading or its file name, and undated; ONE warning at
                              line 1 (the front matter could not be read / none)
BOM, Windows line endings     read as if they were not there; no warning; the line
                              numbers of warnings are the editor's
``!!python/...`` YAML tags    never constructed (PyYAML safe_load): no command runs;
                              ONE warning (the front matter could not be read)
title missing/empty/null/not  file name as title; one warning on the title's line
text
title very long               shortened to 300 characters with "…"; one warning
title with HTML/Markdown/MyST shown exactly as written, as text, everywhere; no
                              warning (it is a valid title)
date unparseable / small     "undated"; one warning on the date's line (a number
number / mapping without      from 1973 on is a Unix time, seconds or milliseconds:
``created``                   its UTC day)
date with a time zone,        the calendar day written; no warning (a future date is
future, quoted, MkDocs        not an error: a warning that depends on the clock would
``{created: ...}``            make builds differ from day to day)
date out of range             title and tags kept, "undated"; one warning on the
(``2025-02-30``)              date's line (the handbook reads the YAML itself, dates
                              as text: one bad field costs only that field)
tags as one string            one tag; no warning
tags comma-separated string   split on commas; one warning ("should be a list")
tags space-separated string   ONE tag (tags may contain spaces); no warning
numbers                       kept as text ("2024", "3.5"); no warning
null, "", nested list/mapping dropped; one warning listing them
duplicates, case/space        one tag, shown with its most used spelling
variants, NFC/NFD
hundreds of tags              the first 50 kept; one warning
non-ASCII, emoji, RTL         kept as written; a tag page each
paths, URLs, markup as tags   plain text on every page; the page lives in tags/,
                              named by a safe slug; two tags never share a page
same title twice              both built and listed; no warning
same slug (posts/a.md and     both built and listed; ONE warning naming both files
posts/sub/a.md)               (they would have the same blog address)
image URL / outside / missing no image shown; one warning on the image's line
/ ``javascript:`` / ``data:``
Jekyll, Docusaurus fields     read under the handbook's model (categories as tags,
                              authors, slug); the rest ignored; no warning for them
Liquid ``{% %}``/``{{ }}``,   shown as text, never run; ONE warning at the first
MDX ``import`` lines          such line (what they would have done is lost)
Hugo ``+++`` TOML             read (title, date, tags); no warning (nothing for the
                              writer to do); the TOML is not the post's text
WordPress HTML body           passed through as MyST does (raw HTML is content)
aliases off the site, ``..``, no redirect page; one warning each; a safe alias: one
markup, ``javascript:``       relative redirect page inside the output (the only
                              page allowed a refresh)
author, summary, admonition   shown as text everywhere (never markup); a bad
title, Pelican title/tags     ``lastmod``: one warning on its line
``---js`` with code           never run; the field skipped with one warning
per-post MyST config          (``myst:``, ``html_meta``, ``substitutions``) ignored
                              with one warning: a post can neither add ``<meta>``
                              refreshes nor switch on Jinja2 substitutions, which
                              run Python on the build machine
include / literalinclude      disabled in posts (file insertion off: nothing from the
                              build machine is published); one warning per directive
draft: true / invalid         not published / built and listed; one warning if invalid
============================  ====================================================

``-W`` turns every warning into a failed build (exit status 1) but, with
``--keep-going``, every page is still written.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from catalogue import (
    CASES,
    FILE_CASES,
    MARKER_PREFIX,
    MARKERS,
    MYST,
    SECRET,
    TAGS_MARKUP,
    TAGS_PATHS,
    TAGS_UNICODE,
    TAGS_URLS,
    TITLE_HTML,
    TITLE_MARKDOWN,
    TITLE_TAG,
    YOUTUBE,
    Case,
    cases,
    write_case,
    write_files,
)
from handbook.core.tags import tag_key, tag_slug
from helpers import Handbook, copy_project, output_files, post, run_sphinx, strip_ansi

pytestmark = pytest.mark.slow

# ---- warnings, as Sphinx writes them ---------------------------------------------------------
_RECORD = re.compile(r"^(?:(?P<path>\S.*?):(?:(?P<line>\d+):)? )?(?P<level>WARNING|ERROR|CRITICAL|SEVERE): ")


@dataclass
class Warning_:
    path: str | None
    line: int | None
    level: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.level}: {self.message}"


def parse_warnings(text: str) -> list[Warning_]:
    records: list[Warning_] = []
    for line in strip_ansi(text).splitlines():
        match = _RECORD.match(line)
        if match:
            records.append(Warning_(match["path"], int(match["line"]) if match["line"] else None, match["level"],
                                    line[match.end():]))
        elif records and line.strip():
            records[-1].message += "\n" + line
    return records


# ---- the HTML check --------------------------------------------------------------------------
_DANGEROUS_URL = re.compile(r"^(javascript|vbscript|data:text/html)", re.IGNORECASE)
_EMBEDS = ("iframe", "object", "embed", "frame", "frameset", "applet")


def script_signature(tag) -> tuple[str, str]:
    if tag.get("src"):
        path = urlsplit(tag["src"]).path
        return "src", re.sub(r"^(\.\./)+", "", path)
    return "inline", " ".join(tag.get_text().split())


def injections(soup: BeautifulSoup, allowed_scripts: set, allowed_embeds: set[str] = frozenset()) -> list[str]:
    """What a page has that neither Sphinx/furo nor the content legitimately put there."""
    found = []
    for tag in soup.find_all("script"):
        signature = script_signature(tag)
        if signature not in allowed_scripts or (signature[0] == "src" and urlsplit(tag["src"]).netloc):
            found.append(f"script {str(tag)[:120]}")
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"event handler {name}= on <{tag.name}>")
            values = value if isinstance(value, list) else [value]
            for v in values:
                squeezed = re.sub(r"[\s\x00-\x1f]+", "", unquote(str(v)))
                if _DANGEROUS_URL.match(squeezed):
                    found.append(f"{name}={v!r} on <{tag.name}>")
    for tag in soup.find_all(_EMBEDS):
        if tag.get("src") not in allowed_embeds:
            found.append(f"embed {str(tag)[:120]}")
    for tag in soup.find_all("meta"):
        if tag.get("http-equiv"):
            found.append(f"meta {tag}")
    for tag in soup.find_all("base"):
        found.append(f"base {tag}")
    for tag in soup.find_all("link"):
        href = tag.get("href", "")
        if urlsplit(href).scheme or href.startswith("//"):
            found.append(f"link to another site {tag}")
    return found


# ---- the catalogue build ---------------------------------------------------------------------
def escape_targets(outdir: Path) -> set[Path]:
    """Where a page named by a hostile tag as written would land: the tags folder (or the output) joined with it."""
    targets = set()
    for tag in HOSTILE_TAGS:
        for folder in (outdir / "tags", outdir):
            for name in (f"{tag}.html", f"{tag}/index.html"):  # html, dirhtml
                targets.add(Path(os.path.normpath(folder / name)))
    return targets


def outside(root: Path, targets: set[Path]) -> dict[str, object]:
    """For each target outside ``root``: whether it exists, and the names in its nearest existing folder."""
    seen: dict[str, object] = {}
    for target in sorted(t for t in targets if not t.is_relative_to(root)):
        seen[str(target)] = target.exists()
        folder = next(p for p in target.parents if p.is_dir())
        seen[str(folder).rstrip("/") + "/"] = sorted(os.listdir(folder))
    return seen


def _markers() -> list[str]:
    return sorted(str(p) for p in Path(MARKER_PREFIX).parent.glob(Path(MARKER_PREFIX).name + "*"))


@dataclass
class Build:
    root: Path
    srcdir: Path
    outdir: Path
    doctreedir: Path
    warnings: list[Warning_]
    before: dict[str, str]  # output_files(root, digests=True): the sources, the output, the doctrees, secret.txt
    after: dict[str, str]
    outside_before: dict[str, object]  # outside(root, escape_targets(...))
    outside_after: dict[str, object]
    markers: list[str]
    pages: dict[str, BeautifulSoup]
    tag_links: list | None = None

    def __repr__(self) -> str:  # keeps pytest's failure reports short (and fast)
        return f"<catalogue build in {self.root}>"

    def html(self, pagename: str) -> BeautifulSoup:
        return self.pages[f"{pagename}.html"]

    def warnings_for(self, name: str) -> list[Warning_]:
        wanted = str(self.srcdir / "posts" / f"{name}.md")
        return sorted((w for w in self.warnings if w.path == wanted), key=lambda w: w.line or 0)


def _build(module_app_factory, root: Path, posts: list[Case]) -> Build:
    srcdir = copy_project(root / "src", "basic")
    for case in posts:
        write_case(srcdir, case)
    if posts is CASES:
        write_files(srcdir)
    (root / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    targets = escape_targets(root / "build" / "html")
    before, outside_before = output_files(root, digests=True), outside(root, targets)
    app = module_app_factory("html", srcdir=srcdir, builddir=root / "build", freshenv=True, confoverrides=dict(MYST))
    app.build()
    after, outside_after = output_files(root, digests=True), outside(root, targets)
    outdir = Path(app.outdir)
    assert escape_targets(outdir) == targets
    pages = {str(p.relative_to(outdir)): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
             for p in sorted(outdir.rglob("*.html"))}
    build = Build(root, srcdir, outdir, Path(app.doctreedir), parse_warnings(app.warning.getvalue()), before, after,
                  outside_before, outside_after, _markers(), pages)
    app.cleanup()
    return build


@pytest.fixture(scope="module")
def catalogue(module_app_factory, tmp_path_factory):
    try:
        yield _build(module_app_factory, tmp_path_factory.mktemp("hostile"), CASES)
    finally:
        for marker in _markers():
            Path(marker).unlink(missing_ok=True)


@pytest.fixture(scope="module")
def allowed_scripts(module_app_factory, tmp_path_factory) -> set:
    """The scripts a clean build of one harmless post has: Sphinx's and furo's own."""
    harmless = Case("harmless", post("Harmless", tags=["post", "seo"], body="A plain paragraph."))
    build = _build(module_app_factory, tmp_path_factory.mktemp("clean"), [harmless])
    allowed = {script_signature(tag) for soup in build.pages.values() for tag in soup.find_all("script")}
    for name, soup in build.pages.items():  # the yardstick itself must be clean
        assert injections(soup, allowed) == [], name
    return allowed


# ---- every case: built, listed, warned about as the rules say ---------------------------------
@pytest.mark.parametrize("case", cases("built"))
def test_the_post_is_built(catalogue, case):
    page = catalogue.outdir / "posts" / f"{case.name}.html"
    if not case.listed:  # a draft: left out of the published handbook (drafts.py)
        assert not page.exists()
        return
    assert page.is_file()
    assert catalogue.html(f"posts/{case.name}").select_one("article h1").get_text().rstrip("¶").strip()


@pytest.mark.parametrize("case", cases("listed"))
def test_the_post_is_listed_in_its_chapter_unless_a_draft(catalogue, case):
    links = {urljoin("chapters/all.html", a["href"]) for a in catalogue.html("chapters/all").select(
        ".handbook-card-title a")}
    assert (f"posts/{case.name}.html" in links) == case.listed


def test_every_post_is_listed_once_and_nothing_else(catalogue):
    hrefs = [urljoin("chapters/all.html", a["href"]) for a in catalogue.html("chapters/all").select(
        ".handbook-card-title a")]
    assert sorted(hrefs) == sorted(f"posts/{c.name}.html" for c in CASES if c.listed)


@pytest.mark.parametrize("case", cases("warnings"))
def test_warnings_name_the_file_and_line_where_the_input_is_wrong(catalogue, case):
    got = catalogue.warnings_for(case.name)
    shown = "\n".join(map(str, got)) or "(none)"
    assert len(got) == len(case.warnings), f"expected {len(case.warnings)} warning(s), got:\n{shown}"
    for warning, (line, pattern) in zip(got, case.warnings):
        lines = line if isinstance(line, tuple) else (line,)
        assert warning.line in lines, f"expected line {line}, got:\n{shown}"
        assert re.search(pattern, warning.message), f"expected {pattern!r}, got:\n{shown}"


def test_every_warning_is_about_a_catalogue_post(catalogue):
    """No warning without a file, none about a page that is fine (chapters, index, tags).

    Sphinx's location-less "cannot copy image file '.../posts/data:image/...'" is the
    ``image-data`` case's known failure (see its xfail) and is left out here.
    """
    posts = {str(catalogue.srcdir / "posts" / f"{name}.md") for name in [c.name for c in CASES] + list(FILE_CASES)}
    stray = [str(w) for w in catalogue.warnings if w.path not in posts
             and not re.match(r"cannot copy image file '[^']*/posts/data:image/svg", w.message)]
    assert stray == [], "\n".join(stray)


# ---- what the reader sees --------------------------------------------------------------------
def _h1(soup: BeautifulSoup) -> str:
    return soup.select_one("article h1").get_text().rstrip("¶")


@pytest.mark.parametrize("case", cases("title", lambda c: c.title is not None))
def test_the_title_is_shown_as_written(catalogue, case):
    assert _h1(catalogue.html(f"posts/{case.name}")) == case.title


@pytest.mark.parametrize("case", cases("date", lambda c: c.date is not None))
def test_the_date_is_shown_as_written(catalogue, case):
    byline = catalogue.html(f"posts/{case.name}").select_one(".handbook-post-header .handbook-byline").get_text()
    assert byline.split(" · ")[0] == case.date


@pytest.mark.parametrize("case", cases("chips", lambda c: c.chips is not None))
def test_the_tag_chips_are_the_tags_as_written(catalogue, case):
    chips = [a.get_text() for a in catalogue.html(f"posts/{case.name}").select(".handbook-post-header "
                                                                                 ".handbook-chips a")]
    assert chips == list(case.chips)


def test_a_long_title_is_shortened_with_an_ellipsis(catalogue):
    h1 = _h1(catalogue.html("posts/title-long"))
    assert len(h1) <= 300 and h1.endswith("…") and h1.startswith("Long Long")


@pytest.mark.parametrize("name, title, other", [("title-html", TITLE_HTML, "title-markdown"),
                                                ("title-markdown", TITLE_MARKDOWN, "title-html")])
def test_markup_in_a_title_is_text_in_every_place_it_is_shown(catalogue, name, title, other):
    page = catalogue.html(f"posts/{name}")
    assert _h1(page) == title
    assert page.title.get_text().startswith(title)
    assert title in [a.get_text() for a in page.select(".sidebar-tree a")]
    assert title in [a.get_text() for a in catalogue.html("chapters/all").select(".handbook-card-title a")]
    assert title in [a.get_text() for a in catalogue.html(f"tags/{tag_slug(tag_key(TITLE_TAG))}").select(
        ".handbook-card-title a")]
    neighbour = catalogue.html(f"posts/{other}")  # same chapter, same tag
    assert title in [a.get_text() for a in neighbour.select(".sidebar-tree a")]
    assert title in [a.get_text() for a in neighbour.select(".handbook-related a")]
    assert not page.select("article h1 *:not(a.headerlink)")  # no element inside the heading
    neighbours = [link.get("title") for link in page.find_all("link", rel=["next", "prev"])]
    for pagename, soup in catalogue.pages.items():  # as a neighbour's "next"/"prev" title attribute
        for link in soup.find_all("link", rel=["next", "prev"]):
            if link["href"].endswith(f"{name}.html"):
                assert link["title"] == title, pagename
    assert neighbours


def test_two_posts_with_the_same_title_are_two_pages(catalogue):
    cards = [(a.get_text(), urljoin("chapters/all.html", a["href"]))
             for a in catalogue.html("chapters/all").select(".handbook-card-title a") if a.get_text() == "Same title"]
    assert sorted(cards) == [("Same title", "posts/same-title-1.html"), ("Same title", "posts/same-title-2.html")]


def test_liquid_and_mdx_are_shown_as_text_never_run(catalogue):
    jekyll = " ".join(catalogue.html("posts/jekyll").select_one("article").get_text(" ").split())
    assert "{% include cta.html %}" in jekyll and "{{ page.title }}" in jekyll
    docusaurus = catalogue.html("posts/docusaurus").select_one("article")
    assert "Alpha" in docusaurus.get_text() and "Intro." in docusaurus.get_text()


def test_the_wordpress_body_is_kept(catalogue):
    article = catalogue.html("posts/wordpress").select_one("article")
    assert article.select_one("div.wp-block-group p").get_text() == "Hello from WordPress."
    assert [f["src"] for f in article.find_all("iframe")] == ["https://www.youtube.com/embed/xyz"]
    assert "After the block." in article.get_text()


def test_hugo_toml_is_not_the_posts_text(catalogue):
    card = next(c for c in catalogue.html("chapters/all").select(".handbook-card")
                if c.select_one("a")["href"].endswith("posts/hugo.html"))
    assert "title =" not in card.get_text() and "+++" not in card.get_text()
    assert "title =" not in catalogue.html("posts/hugo").select_one("article").get_text()


@pytest.mark.parametrize("name", ["image-url", "image-outside", "image-missing", "image-absolute",
                                  "image-javascript", "image-data"])
def test_an_unusable_image_is_not_shown_anywhere(catalogue, name):
    assert catalogue.html(f"posts/{name}").select("article img") == []
    card = next(c for c in catalogue.html("chapters/all").select(".handbook-card")
                if c.select_one(".handbook-card-title a")["href"].endswith(f"posts/{name}.html"))
    assert card.select("img") == []
    assert not (catalogue.outdir / "_images" / "hostname").exists()


# ---- tags: text everywhere, pages inside tags/, one page per tag -------------------------------
HOSTILE_TAGS = TAGS_PATHS + TAGS_URLS + TAGS_MARKUP + TAGS_UNICODE


def _tag_links(catalogue) -> list[tuple[str, str, str]]:
    """(page, chip text, target file relative to the output) of every tag link on every page."""
    if catalogue.tag_links is not None:
        return catalogue.tag_links
    links = catalogue.tag_links = []
    for pagename, soup in catalogue.pages.items():
        for a in soup.select("a"):
            href = a.get("href", "")
            target = unquote(urlsplit(urljoin(pagename, href)).path)
            if target.startswith("tags/") or a.select_one(".handbook-chip") is not None:
                links.append((pagename, a.get_text(), target))
    return links


@pytest.mark.parametrize("tag", HOSTILE_TAGS)
def test_a_hostile_tag_is_plain_text_on_every_page(catalogue, tag):
    links = [(page, target) for page, text, target in _tag_links(catalogue) if text == tag]
    assert links, f"no chip reads exactly {tag!r}"
    targets = {target for _, target in links}
    assert len(targets) == 1, targets
    (target,) = targets
    assert re.fullmatch(r"tags/[^/\\]+\.html", target), target
    tag_page = catalogue.html(target[:-5])
    assert _h1(tag_page) == f"Posts tagged “{tag}”"
    assert tag_page.title.get_text().startswith(f"Posts tagged “{tag}”")
    cloud = [a.get_text() for a in catalogue.html("tags").select("article .handbook-tag-cloud a")]
    count = sum(1 for c in CASES if c.chips and tag_key(tag) in map(tag_key, c.chips))
    assert f"{tag} ({count})" in cloud
    owner = next(c.name for c in CASES if c.chips and tag in c.chips)
    assert f"posts/{owner}.html" in {page for page, _ in links}


def test_every_tag_link_leads_to_an_existing_page_in_the_tags_folder(catalogue):
    for page, text, target in _tag_links(catalogue):
        if text == "All tags":
            continue
        path = (catalogue.outdir / target).resolve()
        assert path.parent == (catalogue.outdir / "tags").resolve(), (page, text, target)
        assert path.is_file(), (page, text, target)
    for path in (catalogue.outdir / "tags").rglob("*"):
        assert path.parent == catalogue.outdir / "tags" and path.suffix == ".html", path
        assert re.fullmatch(r"[\w-]+\.html", path.name), path.name


def test_two_different_tags_never_share_a_page(catalogue):
    keys_of_page: dict[str, set[str]] = {}
    pages_of_key: dict[str, set[str]] = {}
    for page, text, target in _tag_links(catalogue):
        if not page.startswith("posts/"):
            continue
        keys_of_page.setdefault(target, set()).add(tag_key(text))
        pages_of_key.setdefault(tag_key(text), set()).add(target)
    assert {t: k for t, k in keys_of_page.items() if len(k) > 1} == {}
    assert {k: t for k, t in pages_of_key.items() if len(t) > 1} == {}
    headings = [_h1(catalogue.html(p[:-5])) for p in sorted(keys_of_page)]
    assert len(set(headings)) == len(headings)
    assert len(list((catalogue.outdir / "tags").iterdir())) == len(keys_of_page)


def test_spelling_variants_are_one_tag_shown_with_the_most_used_spelling(catalogue):
    cloud = [a.get_text() for a in catalogue.html("tags").select("article .handbook-tag-cloud a")]
    assert [c for c in cloud if tag_key(c.rsplit(" (", 1)[0]) == "email marketing"] == ["Email Marketing (4)"]
    assert [c for c in cloud if c.startswith(("café", "Café"))] == ["café (2)"]


# ---- nothing injected, nothing run, nothing written elsewhere ----------------------------------
def _allowed_embeds(pagename: str) -> set[str]:
    return {"posts/wordpress.html": {"https://www.youtube.com/embed/xyz"},
            "posts/html-kept.html": {YOUTUBE}}.get(pagename, set())


def test_no_page_has_a_script_handler_or_javascript_url_it_should_not(catalogue, allowed_scripts):
    """Every generated page; the posts whose own page is a known failure are checked below."""
    known = {f"posts/{c.name}.html" for c in CASES if "injection" in c.xfail}
    redirects = _alias_pages(catalogue)
    found = {name: [f for f in injections(soup, allowed_scripts, _allowed_embeds(name))
                    if not (name in redirects and f.startswith("meta "))]
             for name, soup in catalogue.pages.items() if name not in known}
    assert {name: f for name, f in found.items() if f} == {}


def _alias_pages(catalogue) -> set[str]:
    """The alias pages the ledger says the build wrote."""
    manifest = catalogue.outdir / ".handbook-outputs.json"
    return {path for path, (kind, _print) in json.loads(manifest.read_text(encoding="utf-8")).items()
            if kind == "alias"}


def test_old_addresses_lead_only_to_the_post_inside_the_output(catalogue):
    """The one page kind with a refresh: relative, to the post, and only for the safe alias."""
    assert _alias_pages(catalogue) == {"fine/old-address/index.html"}
    soup = catalogue.pages["fine/old-address/index.html"]
    refresh = soup.select_one('meta[http-equiv="refresh"]')["content"]
    assert refresh == "0; url=../../posts/alias-hostile.html"
    assert (catalogue.outdir / "fine" / "old-address" / "../../posts/alias-hostile.html").resolve().is_file()
    assert not (catalogue.outdir / "ok").exists() and not (catalogue.outdir.parent / "etc").exists()


def test_the_injection_check_finds_each_kind_of_injection(allowed_scripts):
    page = BeautifulSoup(
        '<html><head><meta http-equiv="refresh" content="0; url=https://evil.example/">'
        '<base href="https://evil.example/"><link rel="stylesheet" href="https://evil.example/x.css"></head>'
        '<body><script>alert(1)</script><script src="https://evil.example/x.js"></script>'
        '<img src="x" onerror="alert(2)"><a href=" java\tscript:alert(3)">x</a><a href="JavaScript%3Aalert(4)">y</a>'
        '<iframe src="https://evil.example/"></iframe><object data="x.swf"></object></body></html>', "html.parser")
    found = injections(page, allowed_scripts)
    assert len(found) == 10, found
    assert injections(BeautifulSoup("<p onclick=x>", "html.parser"), allowed_scripts) == ["event handler onclick= on <p>"]


@pytest.mark.parametrize("case", cases("injection"))
def test_the_posts_own_page_injects_nothing(catalogue, allowed_scripts, case):
    name = f"posts/{case.name}.html"
    if not case.listed:
        assert name not in catalogue.pages  # a draft: not published
        return
    assert injections(catalogue.pages[name], allowed_scripts, _allowed_embeds(name)) == []


@pytest.mark.parametrize("case", cases("markers", lambda c: c.name in MARKERS))
def test_commands_in_a_post_never_run(catalogue, case):
    assert f"{MARKER_PREFIX}-{MARKERS[case.name]}" not in catalogue.markers


@pytest.mark.parametrize("case", cases("secret", lambda c: c.name == "include-outside"))
def test_files_outside_the_project_never_reach_a_page(catalogue, case):
    leaked = [name for name, soup in catalogue.pages.items() if SECRET in str(soup)]
    assert leaked == []


def test_the_build_writes_only_into_its_output_and_doctree_folders(catalogue):
    out = str(catalogue.outdir.relative_to(catalogue.root))
    doctrees = str(catalogue.doctreedir.relative_to(catalogue.root))
    changed = {p for p in catalogue.after.keys() | catalogue.before.keys()
               if catalogue.after.get(p) != catalogue.before.get(p)}
    elsewhere = sorted(p for p in changed if not p.startswith((out + "/", doctrees + "/")))
    assert elsewhere == []
    # where a page named by a hostile tag as written would land outside that folder: /etc/passwd.html, ...
    assert "/etc/passwd.html" in catalogue.outside_before and "/etc/" in catalogue.outside_before
    assert catalogue.outside_after == catalogue.outside_before


# ---- -W ----------------------------------------------------------------------------------------
def test_w_fails_a_build_with_a_bad_post_but_keep_going_writes_every_page(tmp_path):
    srcdir = copy_project(tmp_path / "src", "basic")
    (srcdir / "posts").mkdir()
    (srcdir / "posts" / "good.md").write_text(post("Good", tags=["seo"]), encoding="utf-8")
    (srcdir / "posts" / "bad.md").write_text(post("Bad", date="someday", tags=["seo"]), encoding="utf-8")

    plain = run_sphinx(srcdir, tmp_path / "plain", "html", "-q", timeout=300)
    assert plain.returncode == 0, plain.stderr
    strict = run_sphinx(srcdir, tmp_path / "strict", "html", "-q", "-W", "--keep-going", timeout=300)
    assert strict.returncode == 1, strict.stderr
    assert re.search(r"posts/bad\.md:3: (WARNING|ERROR): 'date' is not a date", strict.stderr), strict.stderr
    built = sorted(str(p.relative_to(tmp_path / "strict")) for p in (tmp_path / "strict").rglob("*.html"))
    assert built == sorted(str(p.relative_to(tmp_path / "plain")) for p in (tmp_path / "plain").rglob("*.html"))
    assert {"posts/good.html", "posts/bad.html", "chapters/all.html", "tags/seo.html", "index.html"} <= set(built)
    assert "Bad" in (tmp_path / "strict" / "chapters" / "all.html").read_text(encoding="utf-8")


def test_handbook_fixture_builds_a_hostile_post_with_warningiserror(handbook):
    """The same through Sphinx's test app: -W makes the status 1, the pages are still there."""
    hb: Handbook = handbook()
    hb.write("posts/bad.md", post("Bad", date="someday"))
    hb.app = hb.make_app("html", srcdir=hb.srcdir, freshenv=True, warningiserror=True)
    hb.app.build()
    assert hb.app.statuscode == 1
    assert (hb.outdir / "posts" / "bad.html").is_file()


# ---- the body's HTML, files outside the project ---------------------------------------------------
@pytest.mark.parametrize("name", sorted(FILE_CASES))
def test_a_post_file_that_links_outside_or_is_special_is_not_read_and_named(catalogue, name):
    assert not (catalogue.outdir / "posts" / f"{name}.html").exists()
    (warning,) = catalogue.warnings_for(name)
    assert warning.line is None and "[handbook.file]" in warning.message, warning
    assert re.search(r"outside the project|FIFO", warning.message), warning


def test_nothing_from_outside_the_project_reaches_the_output(catalogue):
    """secret.txt (beside the project), /etc/passwd: in no output file, no doctree, no saved environment."""
    passwd_line = next((line for line in Path("/etc/passwd").read_text().splitlines() if line.startswith("root:")), None)
    for folder in (catalogue.outdir, catalogue.doctreedir):
        for path in folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert SECRET.encode() not in data, path
                assert passwd_line is None or passwd_line.encode() not in data, path


def test_what_writers_need_of_html_is_kept(catalogue):
    article = catalogue.html("posts/html-kept").select_one("article")
    details = article.select_one("details")
    assert details.select_one("summary").get_text() == "More" and "Inner Markdown." in details.get_text()
    assert article.select_one("table td").get_text() == "1" and article.select_one("th[scope=col]")
    assert [t.name for t in article.select("sub, sup, kbd, abbr")] == ["sub", "sup", "kbd", "abbr"]
    assert article.select_one("abbr")["title"] == "Search engine optimisation"
    image = article.select_one("figure img")
    assert (image["width"], image["height"], image["alt"]) == ("320", "200", "A chart")
    (frame,) = article.find_all("iframe")
    assert frame["src"] == YOUTUBE and frame["loading"] == "lazy" and "allow-scripts" in frame["sandbox"]
    assert frame["referrerpolicy"] == "strict-origin-when-cross-origin" and frame.has_attr("allowfullscreen")


@pytest.mark.parametrize("name", ["html-script", "html-raw-directive", "html-eval-rst", "html-links",
                                  "html-form-style-frame"])
def test_hostile_html_leaves_nothing_live_and_the_rest_of_the_post(catalogue, name):
    page = catalogue.html(f"posts/{name}")
    article = page.select_one("article")
    assert not article.find_all(["script", "style", "form", "iframe", "input", "meta"])
    assert not [value for tag in article.find_all(True) for value in tag.attrs.values()
                if re.match(r"\s*(javascript|vbscript|data):", str(value), re.IGNORECASE)]
    if name != "html-links":  # there, Markdown links markdown-it refuses stay text: "[d](javascript:alert(8))"
        assert "alert(" not in str(article)
    assert not page.find("meta", attrs={"http-equiv": True})
    if name == "html-script":
        assert "Before." in article.get_text() and article.select_one("b").get_text() == "After"


def test_a_too_long_post_is_built_up_to_the_limit_with_a_note(catalogue):
    text = catalogue.html("posts/too-long").select_one("article").get_text(" ")
    assert "The rest of this post is not shown" in text and "Many words here." in text
