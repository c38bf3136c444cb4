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
date unparseable / number /   "undated"; one warning on the date's line
mapping without ``created``
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

import hashlib
import json
import os
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import Handbook, copy_project, post, run_sphinx, strip_ansi
from handbook.core.tags import tag_key, tag_slug

# Marker files that commands hidden in posts would create: they must never appear.
MARKER_PREFIX = f"/tmp/handbook-pwned-{uuid.uuid4().hex[:12]}"
SECRET = f"TOP-SECRET-{uuid.uuid4().hex}"

# The real handbook's MyST settings (conf.py), so hostile Markdown parses as it would there.
MYST = {"myst_enable_extensions": ["colon_fence", "attrs_inline"], "myst_heading_anchors": 3}


def _fm(*lines: str, body: str = "Some text.") -> str:
    """A post whose front matter is exactly these lines (line 1 is ``---``)."""
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


@dataclass(frozen=True)
class Case:
    name: str  # the post's path under posts/, without .md
    text: str | bytes
    # Expected warnings naming this post, in line order: (line or lines accepted, regex).
    warnings: tuple[tuple[int | tuple[int, ...] | None, str], ...] = ()
    listed: bool = True
    title: str | None = None  # the page's <h1>, when the case is about it
    date: str | None = None  # the byline's date, when the case is about it
    chips: tuple[str, ...] | None = None  # the post's tag chips, when the case is about them
    xfail: dict[str, str] = field(default_factory=dict)  # aspect -> why it fails today


TAGS_PATHS = ("../../x", "/etc/passwd", "..\\..\\win", ".", "..", "~", "CON", "nul", "tags/../../y", "a/b",
              "a-b", "a b", "a_b")
TAGS_URLS = ("https://evil.example/a?b=c&d=e", "//evil.example/x", "javascript:alert(1)", "mailto:x@example.com")
TAGS_MARKUP = ("<script>alert(1)</script>", "](javascript:alert(1))", "[x](javascript:alert(2))", "`code`",
               "{raw}`html <b>x</b>`", "{eval-rst}", "<img src=x onerror=alert(3)>", '" onmouseover="alert(4)',
               "**bold**", "AT&T", "&lt;i&gt;", "{{ page.title }}", "{% include x.html %}")
TAGS_UNICODE = ("café", "営業", "🚀", "عربي", "👩\u200d💻", "Ünïcödé")
TITLE_HTML = "\"'><script>alert(1)</script><img src=x onerror=alert(2)> <b>bold</b> & <!-- c -->"
TITLE_MARKDOWN = "**bold** _em_ [link](javascript:alert(1)) ![img](/media/x.png) `code` <https://evil.example>"
TITLE_TAG = "markup in titles"  # the two titles above share it: each is on the other's page (sidebar, related)
LONG_TITLE = "Long " * 1000
HUNDREDS = [f"t{i:03d}" for i in range(300)]

CASES: list[Case] = [
    # ---- the front matter as a whole ---------------------------------------------
    Case("fm-not-yaml", _fm("title: [unclosed", "date: 2025-01-01", "tags: [seo]"),
         warnings=(((1, 2), "."),)),
    Case("fm-empty", "---\n---\n\nSome text.\n", warnings=((1, "."),)),
    Case("fm-list", "---\n- title\n- date\n---\n\nSome text.\n", warnings=((1, "."),)),
    Case("fm-scalar", "---\njust a sentence\n---\n\nSome text.\n", warnings=((1, "."),)),
    Case("fm-missing", "Some text, no front matter at all.\n", warnings=((1, "."),), title="Fm missing"),
    Case("fm-missing-h1", "# Its Own Heading\n\nSome text, no front matter.\n",
         warnings=((1, "no front matter"),), title="Its Own Heading"),
    Case("bom", "\ufeff" + post("BOM post", "2025-01-02", ["post", "seo"]),
         title="BOM post", date="2 January 2025", chips=("seo",)),
    Case("crlf", post("CRLF post", "2025-01-03", ["post", "seo"]).replace("\n", "\r\n").encode(),
         title="CRLF post", date="3 January 2025", chips=("seo",)),
    Case("bom-crlf-bad-date", ("\ufeff" + post("BOM CRLF", "someday", ["post", "seo"])).replace("\n", "\r\n").encode(
        "utf-8"), warnings=((3, r"'date' is not a date.*\[handbook\.frontmatter\]"),), title="BOM CRLF",
         date="undated"),
    # ---- YAML that would construct objects or explode --------------------------------
    Case("yaml-python-apply", _fm(f'title: !!python/object/apply:os.system ["touch {MARKER_PREFIX}-apply"]',
                                  "date: 2025-01-01"), warnings=(((1, 2), "."),)),
    Case("yaml-python-new", _fm("date: 2025-01-01",
                                f'title: !!python/object/new:subprocess.check_call [["touch", "{MARKER_PREFIX}-new"]]'),
         warnings=(((1, 3), "."),)),
    Case("yaml-python-name", _fm("title: !!python/name:os.system", "date: 2025-01-01"), warnings=(((1, 2), "."),)),
    Case("yaml-python-document", f'--- !!python/object/apply:os.system ["touch {MARKER_PREFIX}-doc"]\n'
                                 'title: Tagged document\ndate: 2025-01-01\n---\n\nSome text.\n',
         title="Tagged document"),
    Case("yaml-set-binary", _fm("title: Sets and bytes", "date: 2025-01-01", "tags: !!set {seo: null, ads: null}",
                                "blob: !!binary aGVsbG8="), chips=("ads", "seo")),
    Case("yaml-billion-laughs", _fm("title: Laughs", "date: 2025-01-01", "tags: &a [lol, lol, lol, lol, lol]",
                                    *(f"{k}: &{k} [{', '.join([f'*{p}'] * 9)}]"
                                      for p, k in zip("abcdefgh", "bcdefghi"))),
         warnings=((tuple(range(1, 13)), r"too large"),), title="Laughs", chips=("lol",)),
    Case("yaml-recursive", _fm("title: Recursive", "date: 2025-01-01", "tags: &a [seo, *a]"),
         warnings=((4, r"tags"),), title="Recursive"),
    # ---- title ------------------------------------------------------------------------
    Case("title-missing", _fm("date: 2025-01-01", "tags: [seo]"),
         warnings=((1, r"missing 'title'.*\[handbook\.frontmatter\]"),), title="Title missing"),
    Case("title-empty", _fm('title: ""', "date: 2025-01-01"), warnings=((2, r"'title' is empty"),),
         title="Title empty"),
    Case("title-null", _fm("title:", "date: 2025-01-01"), warnings=((2, r"'title'"),), title="Title null"),
    Case("title-list", _fm("title: [a, b]", "date: 2025-01-01"), warnings=((2, r"'title' must be text"),),
         title="Title list"),
    Case("title-mapping", _fm("title: {a: 1}", "date: 2025-01-01"), warnings=((2, r"'title' must be text"),),
         title="Title mapping"),
    Case("title-number", _fm("title: 2024", "date: 2025-01-01"), title="2024"),
    Case("title-long", post(LONG_TITLE), warnings=((2, r"'title' is longer than 300 characters"),)),
    Case("title-html", post(TITLE_HTML, tags=["post", TITLE_TAG]), title=TITLE_HTML),
    Case("title-markdown", post(TITLE_MARKDOWN, tags=["post", TITLE_TAG]), title=TITLE_MARKDOWN),
    Case("title-myst-raw", post("{raw}`html <script>alert(1)</script>` title"),
         title="{raw}`html <script>alert(1)</script>` title"),
    Case("title-myst-eval-rst", post("{eval-rst}`.. raw:: html` and {doc}`nowhere`"),
         title="{eval-rst}`.. raw:: html` and {doc}`nowhere`"),
    Case("title-rst", post("`x <javascript:alert(1)>`_ and :raw-html:`<b>x</b>` and .. raw:: html"),
         title="`x <javascript:alert(1)>`_ and :raw-html:`<b>x</b>` and .. raw:: html"),
    # ---- date -------------------------------------------------------------------------
    Case("date-unparseable", post("Someday", "someday"), warnings=((3, r"'date' is not a date"),), date="undated"),
    Case("date-timezone", _fm("title: Time zone", "date: 2025-04-03T23:30:00-05:00"), date="3 April 2025"),
    Case("date-utc", _fm("title: UTC", "date: 2025-04-03T08:00:00Z"), date="3 April 2025"),
    Case("date-future", post("From the future", "2999-12-31"), date="31 December 2999"),
    Case("date-quoted", _fm("title: Quoted", 'date: "2025-02-03"'), date="3 February 2025"),
    Case("date-mkdocs", _fm("title: MkDocs", "date:", "  created: 2023-12-31", "  updated: 2024-01-02"),
         date="31 December 2023"),
    Case("date-mapping-no-created", _fm("title: Updated only", "date: {updated: 2024-01-02}"),
         warnings=((3, r"'date' is not a date"),), date="undated"),
    Case("date-number", _fm("title: Epoch", "date: 1700000000"), warnings=((3, r"'date' is not a date"),),
         date="undated"),
    Case("date-out-of-range", _fm("title: February 30", "date: 2025-02-30", "tags: [seo]"),
         warnings=((3, r"'date'"),), title="February 30", date="undated", chips=("seo",)),
    # ---- tags -------------------------------------------------------------------------
    Case("tags-one-string", _fm("title: One string", "date: 2025-01-01", "tags: seo"), chips=("seo",)),
    Case("tags-comma-string", _fm("title: Commas", "date: 2025-01-01", "tags: seo, Email Marketing"),
         warnings=((4, r"'tags' should be a list"),), chips=("seo", "Email Marketing")),
    Case("tags-space-string", _fm("title: Spaces", "date: 2025-01-01", "tags: seo email marketing"),
         chips=("seo email marketing",)),
    Case("tags-numbers", _fm("title: Numbers", "date: 2025-01-01", "tags: [2024, 3.5]"), chips=("2024", "3.5")),
    Case("tags-junk", _fm("title: Junk", "date: 2025-01-01",
                          'tags: [null, "", "   ", [a, b], {k: v}, true, seo]'),
         warnings=((4, (r"ignored tags that are not short words: null, \"\", \"   \", \[\"a\", \"b\"\], "
                        r"\{\"k\": \"v\"\} and 1 more")),), chips=("seo",)),
    Case("tags-duplicates", post("Duplicates", tags=["seo", "seo", "SEO", " seo ", "S\u200bEO"]), chips=("seo",)),
    Case("tags-variants-1", post("Variant one", tags=["Email Marketing"]), chips=("Email Marketing",)),
    Case("tags-variants-2", post("Variant two", tags=[" email   marketing "]), chips=("Email Marketing",)),
    Case("tags-variants-3", post("Variant three", tags=["EMAIL MARKETING", "cafe\u0301"]),
         chips=("Email Marketing", "café")),
    Case("tags-hundreds", post("Hundreds", tags=HUNDREDS), warnings=((4, r"more than 50 tags; kept the first 50"),),
         chips=tuple(HUNDREDS[:50])),
    Case("tags-too-long", post("Too long", tags=["x" * 101, "seo"]), warnings=((4, r"not short words"),),
         chips=("seo",)),
    Case("tags-unicode", post("Unicode", tags=list(TAGS_UNICODE)), chips=TAGS_UNICODE),
    Case("tags-paths", post("Paths", tags=list(TAGS_PATHS)), chips=TAGS_PATHS),
    Case("tags-urls", post("URLs", tags=list(TAGS_URLS)), chips=TAGS_URLS),
    Case("tags-markup", post("Markup", tags=list(TAGS_MARKUP)), chips=TAGS_MARKUP),
    # ---- two posts, one name --------------------------------------------------------------
    Case("same-title-1", post("Same title")),
    Case("same-title-2", post("Same title")),
    Case("dup-slug", post("Slug at the top")),
    Case("sub/dup-slug", post("Slug in a folder"), warnings=((1, r"posts/dup-slug\b"),)),
    # ---- images -----------------------------------------------------------------------------
    Case("image-url", post("Image URL", image="https://cdn.example.com/x.png"),
         warnings=((5, r"image 'https://cdn\.example\.com/x\.png' is on another site"),)),
    Case("image-outside", post("Image outside", image="../../../../../../../../etc/hostname"),
         warnings=((5, r"is outside the project"),)),
    Case("image-missing", post("Image missing", image="/media/nope.webp"), warnings=((5, r"image file not found"),)),
    Case("image-absolute", post("Image absolute", image="/etc/hostname"), warnings=((5, r"image file not found"),)),
    Case("image-javascript", post("Image javascript", image="javascript:alert(1)"), warnings=((5, r"image"),)),
    Case("image-data", post("Image data", image="data:image/svg+xml,<svg onload=alert(1)>"),
         warnings=((5, r"image"),)),
    # ---- other engines ----------------------------------------------------------------------
    Case("jekyll", _fm("title: From Jekyll", "date: 2025-01-01", "layout: post", "categories: [marketing, seo]",
                       "permalink: /2025/01/01/from-jekyll/",
                       body="{% include cta.html %}\n\nThis post is called {{ page.title }}.\n\n"
                            "{% raw %}{{ not liquid }}{% endraw %}"),
         warnings=((9, r"(?i)liquid"),), title="From Jekyll"),
    Case("hugo", '+++\ntitle = "From Hugo"\ndate = 2025-01-01\ntags = ["seo"]\n+++\n\nSome text.\n',
         title="From Hugo", date="1 January 2025", chips=("seo",)),
    Case("docusaurus", _fm("title: From Docusaurus", "date: 2025-01-01", "authors: [jane, joe]",
                           "slug: /custom-url", "sidebar_position: 3",
                           body="import Tabs from '@theme/Tabs';\nimport TabItem from '@theme/TabItem';\n\n"
                                "Intro.\n\n<Tabs>\n  <TabItem value=\"a\" label=\"A\">Alpha</TabItem>\n</Tabs>"),
         warnings=((9, r"(?i)mdx|import"),), title="From Docusaurus"),
    Case("wordpress", _fm("title: From WordPress", "date: 2025-01-01",
                          body='<div class="wp-block-group"><p>Hello from WordPress.</p>\n'
                               '<iframe src="https://www.youtube.com/embed/xyz" width="560" height="315"></iframe>'
                               '</div>\n\nAfter the block.'), title="From WordPress"),
    # ---- other engines' fields: untrusted like the rest --------------------------------------
    Case("alias-hostile", _fm("title: Hostile aliases", "date: 2025-01-01",
                              "aliases: ['../../etc/x', 'https://evil.example/', 'javascript:alert(1)', '/ok/<b>/']",
                              "redirect_from: /fine/old-address/"),
         warnings=((4, r"'\.\./\.\./etc/x' is not a path"), (4, r"evil\.example"), (4, r"javascript"),
                   (4, r"<b>"))),
    Case("author-markup", _fm("title: Author markup", "date: 2025-01-01",
                              "author: '<script>alert(1)</script> & <img src=x onerror=alert(2)>'",
                              "description: '<img src=x onerror=alert(3)> **not bold**'",
                              "lastmod: someday"),
         warnings=((6, r"'lastmod' is not a date"),), title="Author markup"),
    Case("js-front-matter-code", "---js\n{\n  title: 'JS code',\n  date: '2025-01-01',\n"
                                 f"  tags: require('child_process').execSync('touch {MARKER_PREFIX}-js'),\n"
                                 "}\n---\n\nSome text.\n",
         warnings=((5, r"'tags' not read"),), title="JS code", date="1 January 2025"),
    Case("pelican-markup", "Title: <script>alert(1)</script> Pelican\nDate: 2025-01-01\n"
                           "Tags: <b>x</b>, seo\n\nSome text.\n",
         title="<script>alert(1)</script> Pelican", chips=("<b>x</b>", "seo")),
    Case("docusaurus-admonition-markup", _fm("title: Admonition markup", "date: 2025-01-01",
                                             body=":::note <img src=x onerror=alert(1)>\n\nText.\n:::\n\n"
                                                  "Before.\n\n<!-- truncate -->\n\nAfter.")),
    # ---- per-post MyST configuration and includes: never code, never markup, never outside -----
    Case("myst-substitution", _fm("title: Substitution", "date: 2025-01-01", "myst:",
                                  "  enable_extensions: [substitution]",
                                  body="{{ cycler.__init__.__globals__.os.system('touch "
                                       f"{MARKER_PREFIX}-jinja') }}}}"),
         warnings=((4, r"'myst' is ignored"),)),
    Case("myst-html-meta", _fm("title: Meta under myst", "date: 2025-01-01", "myst:", "  html_meta:",
                               '    "http-equiv=refresh": "0; url=https://evil.example/"'),
         warnings=((4, r"'myst' is ignored"),)),
    Case("html-meta-top", _fm("title: Meta at the top", "date: 2025-01-01", "html_meta:",
                              '  "http-equiv=refresh": "0; url=https://evil.example/"'),
         warnings=((4, r"'html_meta' is ignored"),)),
    Case("include-outside", _fm("title: Include outside", "date: 2025-01-01",
                                body="```{literalinclude} ../../secret.txt\n```\n\n```{include} ../../secret.txt\n```"),
         warnings=((6, r"(?i)disabled"), (9, r"(?i)disabled"))),
    # ---- drafts --------------------------------------------------------------------------------
    Case("draft", post("A draft", draft=True), listed=False),
    Case("draft-invalid", post("Perhaps a draft", draft="perhaps"),
         warnings=((5, r"'draft' must be true or false"),)),
]
CASE_BY_NAME = {case.name: case for case in CASES}
MARKERS = {"yaml-python-apply": "apply", "yaml-python-new": "new", "yaml-python-document": "doc",
           "myst-substitution": "jinja", "js-front-matter-code": "js"}


def cases(aspect: str, only=lambda case: True):
    """The cases as pytest params, ``xfail(strict=True)`` where ``aspect`` fails today."""
    return [
        pytest.param(case, id=case.name,
                     marks=[pytest.mark.xfail(strict=True, reason=case.xfail[aspect])] if aspect in case.xfail else [])
        for case in CASES if only(case)
    ]


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
def snapshot(root: Path) -> dict[str, str]:
    """Every file below ``root``: relative path -> digest of its content."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()
    }


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


def write_case(srcdir: Path, case: Case) -> None:
    path = srcdir / "posts" / f"{case.name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(case.text, bytes):
        path.write_bytes(case.text)
    else:
        path.write_bytes(case.text.encode("utf-8"))


def _markers() -> list[str]:
    return sorted(str(p) for p in Path(MARKER_PREFIX).parent.glob(Path(MARKER_PREFIX).name + "*"))


@dataclass
class Build:
    root: Path
    srcdir: Path
    outdir: Path
    doctreedir: Path
    warnings: list[Warning_]
    before: dict[str, str]  # snapshot(root): the sources, the output, the doctrees, secret.txt
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
    (root / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    targets = escape_targets(root / "build" / "html")
    before, outside_before = snapshot(root), outside(root, targets)
    app = module_app_factory("html", srcdir=srcdir, builddir=root / "build", freshenv=True, confoverrides=dict(MYST))
    app.build()
    after, outside_after = snapshot(root), outside(root, targets)
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
    posts = {str(catalogue.srcdir / "posts" / f"{c.name}.md") for c in CASES}
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
    return {"https://www.youtube.com/embed/xyz"} if pagename == "posts/wordpress.html" else set()


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
