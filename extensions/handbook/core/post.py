"""A post read once, before MyST sees it (pure: the build and ``./dev check`` both call it).

Posts come from other blog engines. Here, once: the front matter (any engine's:
``metadata.py``) becomes the one model (``frontmatter.py``), with what the file name
says (a Jekyll date, a slug) and the excerpt before a ``<!--more-->``; other engines'
syntax becomes MyST (``convert.py``); MyST gets a front matter holding only the title,
so that no field can make it drop the rest; template syntax MyST would show as text
(Liquid, MDX, Hugo shortcodes) is found (``rules.py`` reports it). Every line stays
where the writer's editor shows it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from . import authors
from .convert import convert
from .frontmatter import FrontMatter, Hints, parse_date, read_front_matter
from .metadata import Block, myst_block, read_block
from .options import HandbookConfig
from .tags import tag_key

# Keys MyST reads as per-file settings; a post may not change how it is built.
IGNORED_KEYS = ("myst", "mystnb", "html_meta", "substitutions")


def front_matter_lines(text: str) -> dict[str, int]:
    """1-based line of each top-level key of the front matter (``""``: its first line)."""
    return read_block(text).lines


def fallback_title(docname: str) -> str:
    """A title from the file name, for a post that gives none."""
    words = docname.rsplit("/", 1)[-1].replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else docname


# Bounded repeats: each match attempt costs at most a few hundred characters, so a hostile
# 200,000-character line of "{% a" is read in milliseconds (unbounded: minutes).
_LIQUID = re.compile(r"\{%-?[ \t]{0,20}\w{1,50}[^\n]{0,200}?%\}|\{\{-?[ \t]{0,20}(page|site|include|post)\.[^}\n]{0,500}\}\}")
_SHORTCODE = re.compile(r"\{\{[<%][ \t]{0,20}/?[ \t]{0,20}[\w./-]{1,100}[^\n]{0,200}?[>%]\}\}")
_MDX = re.compile(r"^\s*(import\s+.+\s+from\s+['\"]|export\s+(default|const|function)\b)")
_FENCE = re.compile(r"^\s*(```|~~~)")
# A JSX component tag (Docusaurus's <Tabs>, <TabItem value="a">, <Admonition/>): capitalised,
# which no HTML element is. Attributes may hold quoted text or {expressions} without '<'.
_CODE_SPAN = re.compile(r"(`+[^`]*?`+)")
_JSX_TAG = re.compile(r"</?[A-Z][\w.]*(?:\s+(?:[^<>\"'{}]|\"[^\"]*\"|'[^']*'|\{[^{}<]*\})*)?/?>")


def _body_lines(lines: list[str]) -> int:
    """Index of the first line after a leading ``---`` front matter block (0 if none)."""
    if lines and lines[0].lstrip("\ufeff").startswith("---"):
        return next((i + 1 for i, line in enumerate(lines[1:], start=1) if line.rstrip() in ("---", "...")), 0)
    return 0


def _outside_code(lines: list[str], start: int):
    """(index, line) of the lines from ``start`` that are not inside fenced code."""
    in_code = False
    for index in range(start, len(lines)):
        line = lines[index]
        if _FENCE.match(line):
            in_code = not in_code
            continue
        if not in_code:
            yield index, line


def foreign_syntax(text: str) -> list[tuple[int, str]]:
    """Template and component syntax of other blog engines, which MyST shows as text."""
    found: dict[str, tuple[int, str]] = {}
    lines = text.splitlines()
    for index, line in _outside_code(lines, _body_lines(lines)):
        number = index + 1
        shortcode = _SHORTCODE.search(line)
        if shortcode and "shortcode" not in found:
            found["shortcode"] = (number, f"Hugo shortcode {shortcode.group(0)[:40]!r} is shown as text")
        liquid = None if shortcode else _LIQUID.search(line)
        if liquid and "liquid" not in found:
            found["liquid"] = (number, f"Jekyll/Liquid template code {liquid.group(0)[:40]!r} is shown as text")
        if (_MDX.match(line) or _JSX_TAG.search(_CODE_SPAN.sub("", line))) and "mdx" not in found:
            found["mdx"] = (number, ("MDX (Docusaurus): import/export lines are shown as text, and JSX components "
                                     "are not rendered (their content is shown as plain text)"))
    return sorted(found.values())


def without_jsx_tags(text: str) -> str:
    """The post without JSX component tags (their content stays), line numbers kept.

    Left in, ``<Tabs>`` would reach the page as an element no browser knows.
    """
    lines = text.split("\n")
    for index, line in _outside_code(lines, _body_lines(lines)):
        if _JSX_TAG.search(line):
            # Not inside `code` or a role's text ({tag}`posts <SEO>`): odd parts are code spans.
            parts = _CODE_SPAN.split(line)
            lines[index] = "".join(part if i % 2 else _JSX_TAG.sub("", part) for i, part in enumerate(parts))
    return "\n".join(lines)


def file_hints(docname: str, posts_dir: str = "posts") -> tuple[dt.date | None, str]:
    """The date and blog slug a post's path gives (Jekyll, Docusaurus, page bundles).

    ``2025-04-03-slug.md`` -> (3 April 2025, ``slug``), and Docusaurus's other forms
    (``2025/04-03-slug.md``, ``2025/04/03/slug.md``, ``2025-04-03-slug/index.md``);
    ``slug/index.md`` -> the folder's name; else the file name itself and no date.
    """
    path = docname.removeprefix(posts_dir + "/").removesuffix("/index")
    name = path.rsplit("/", 1)[-1] or docname
    match = _DATED_PATH.search(path)
    if match:
        date = parse_date("-".join(match.group(1, 2, 3)))
        if date is not None:
            return date, match.group(4) or name
    return None, name


# A date at the start of the path (or of its last part): the rest, if any, is the slug.
_DATED_PATH = re.compile(r"(?:^|/)(\d{4})[/-](\d{2})[/-](\d{2})(?:[/-]([^/]+))?$")


@dataclass(frozen=True)
class PreparedPost:
    block: Block  # the front matter as written
    front: FrontMatter  # ... as the one model
    text: str  # what MyST reads
    authors_file: Path | None  # the authors.yml it depends on
    too_large: str = ""  # why only the start of the post is built (handbook_max_post_chars)
    fingerprint: str = ""  # of its text after the front matter (text_fingerprint)


def prepare(text: str, docname: str, conf: HandbookConfig, srcdir: str | Path) -> PreparedPost:
    """A post's text read once: the build (``source-read``) and ``./dev check`` both call this."""
    text, too_large = within_limit(text, conf.max_post_chars)
    block = read_block(text)
    lines = text.lstrip("\ufeff").split("\n")
    body, excerpt = convert(lines[block.length:], conf.post_path)
    file_date, file_slug = file_hints(docname, conf.posts_dir)
    known, authors_file = authors.load(srcdir, conf.posts_dir)
    hints = Hints(
        file_date=file_date, file_slug=file_slug, space_lists=block.kind == "yaml" and file_date is not None,
        comma_lists=block.kind == "pelican", categories_as_tags=conf.categories_as_tags, known_authors=known,
        excerpt=excerpt or None,
    )
    marker_keys = frozenset(tag_key(t) for t in conf.marker_tags)
    front = read_front_matter(block.fields if block.usable else {}, marker_keys, hints)
    return PreparedPost(block, front, "\n".join([*myst_block(block, front.title), *body]), authors_file, too_large,
                        text_fingerprint(lines[block.length:]))


def within_limit(text: str, limit: int) -> tuple[str, str]:
    """The post cut before ``limit`` characters (at a line end, or a space), with a note, and why (or the post, "").

    MyST's parsing time grows faster than a post's length (a few hundred KB of ``[`` take
    half a minute): the limit keeps every post's build time bounded, and no post is lost.
    """
    if len(text) <= limit:
        return text, ""
    cut = text.rfind("\n", 0, limit)
    if cut < limit // 2:  # one very long line: cut between words
        cut = text.rfind(" ", 0, limit)
    kept = text[:cut if cut > 0 else limit]
    note = (f"\n\n*The rest of this post is not shown: it is {len(text):,} characters long, and the handbook builds "
            f"the first {limit:,} (handbook_max_post_chars).*\n")
    return kept + note, (f"the post is {len(text):,} characters long, more than handbook_max_post_chars "
                         f"({limit:,}): only its first {len(kept):,} are built, with a note saying so")


def text_fingerprint(body: list[str]) -> str:
    """A post's text as written, after its front matter, in 16 hex digits ("updated since you read it").

    Only the text: a new review date or tag in the front matter does not make trainees
    read the post again; trailing spaces and line endings do not count.
    """
    text = "\n".join(line.rstrip() for line in body).strip()
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
