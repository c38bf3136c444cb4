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
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote

from . import authors, engines, script, sidefiles
from .convert import convert
from .engines import Conventions
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
    """A title from the file name, for a post that gives none (Jekyll's form: words, the first capitalised)."""
    words = docname.rsplit("/", 1)[-1].replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else docname


def file_title(docname: str, style: str = "handbook") -> str:
    """The title a file name gives, as the engine writes it: "as written" (Quartz, Docusaurus, Logseq's
    ``A___B`` -> ``A/B``, ``%3F`` -> ``?``), "titleized" (Jekyll: ``welcome-to-jekyll`` -> "Welcome To
    Jekyll"), or the handbook's own: a slug's words, the first capitalised; any other name as written."""
    _, name = file_hints(docname)
    name = name.removesuffix("/index")
    if style == "titleized":
        return " ".join(w[:1].upper() + w[1:] for w in re.split(r"[-_\s]+", name) if w) or docname
    if style == "handbook" and _SLUG.fullmatch(name):
        return fallback_title(name)
    return unquote(name.replace("___", "/")).strip() or docname


_SLUG = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")


_ATX = re.compile(r"^\s{0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")


def first_heading(lines: list[str]) -> tuple[str, int] | None:
    """(text, 1-based line) of the post's first level-1 heading; else of a heading that opens the text."""
    opening = None
    previous = ""
    for index, line in _outside_code(lines, 0):
        match = _ATX.match(line)
        if match:
            text = _heading_text(match.group(2))
            if len(match.group(1)) == 1 and text:
                return text, index + 1
            if opening is None and not previous.strip() and text and not _any_text_before(lines, index):
                opening = (text, index + 1)
        elif _SETEXT.match(line) and previous.strip() and line.strip().startswith("=") and \
                not _ATX.match(previous):
            return _heading_text(previous), index
        previous = line
    return opening


def _any_text_before(lines: list[str], index: int) -> bool:
    return any(line.strip() for line in lines[:index])


_INLINE_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def _heading_text(text: str) -> str:
    text = _INLINE_LINK.sub(r"\1", text)
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"\s*\{[#.][^}]*\}\s*$", "", text)  # {#anchor}, {.class}
    text = re.sub(r"(`+)(.+?)\1", r"\2", text)  # code spans show their text
    text = re.sub(r"(?<![\w*])([*_])(\S.*?)\1(?![\w*])", r"\2", text)
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)  # backslash escapes
    return " ".join(text.split())


# Quartz's inline tags: "#word" at the start of a line or after a space, words of letters, digits, - and _,
# nested with "/"; not only digits (an issue number).
_INLINE_TAG = re.compile(r"(?:(?<=^)|(?<=\s))#((?:[^\W]|[-_])+(?:/(?:[^\W]|[-_])+)*)", re.MULTILINE)


def inline_tags(lines: list[str]) -> tuple[str, ...]:
    """``#tags`` written in the text (Obsidian, Quartz), outside code and headings."""
    found: list[str] = []
    for _, line in _outside_code(lines, 0):
        if _ATX.match(line):
            continue
        for tag in _INLINE_TAG.findall(re.sub(r"`[^`]*`", "", line)):
            if not re.fullmatch(r"[\d/]+", tag) and tag not in found:
                found.append(tag)
    return tuple(found)


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
    """The date and blog slug a post's path gives (Jekyll, Docusaurus, Zola, page bundles, exports).

    ``2025-04-03-slug.md`` -> (3 April 2025, ``slug``), also ``2025-4-3-slug`` (Jekyll),
    ``2025-04-03_slug`` (Zola, Medium), ``20250403-slug`` and ``20250403142500-slug``
    (Qiita, Substack), ``2025_04_03`` (Logseq journals), and the folder forms
    (``2025/04-03-slug.md``, ``2025/04/03/slug.md``, ``2025-04-03-slug/index.md``,
    ``2025-04-03/slug/index.md``); ``slug/index.md`` -> the folder's name; else the file
    name itself and no date.
    """
    path = re.sub(r"/(index|README|readme|_index)(\.[a-z]{2}(-[A-Za-z]+)?)?$", "", docname.removeprefix(posts_dir + "/"))
    name = path.rsplit("/", 1)[-1] or docname
    for pattern in _DATED_PATHS:
        match = pattern.search(path)
        if match:
            date = parse_date("-".join(match.group("y", "m", "d")))
            if date is not None:
                return date, match.group("slug") or name
    return None, name


# A date at the start of the path's last part (or its last folders): the rest, if any, is the slug.
_DATED_PATHS = (
    re.compile(r"(?:^|/)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?:[-_ ](?P<slug>[^/]+))?$"),
    re.compile(r"(?:^|/)(?P<y>\d{4})/(?P<m>\d{2})[/-](?P<d>\d{2})(?:[/-](?P<slug>[^/]+))?$"),
    re.compile(r"(?:^|/)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})/(?P<slug>[^/]+)$"),
    re.compile(r"(?:^|/)(?P<y>(?:19|20)\d{2})(?P<m>\d{2})(?P<d>\d{2})(?:\d{4}|\d{6})?(?:[-_](?P<slug>[^/]+))?$"),
    re.compile(r"(?:^|/)(?P<y>\d{4})_(?P<m>\d{2})_(?P<d>\d{2})(?P<slug>)$"),
)


@dataclass(frozen=True)
class PreparedPost:
    block: Block  # the front matter as written
    front: FrontMatter  # ... as the one model
    text: str  # what MyST reads
    authors_file: Path | None  # the authors.yml it depends on
    too_large: str = ""  # why only the start of the post is built (handbook_max_post_chars)
    fingerprint: str = ""  # of its text after the front matter (text_fingerprint)
    title: str = ""  # the title shown: front matter, navigation file, first heading or file name
    title_origin: str = "front matter"  # "front matter", "navigation", "heading", "file name"
    conventions: Conventions = field(default_factory=Conventions)  # the engine it is read by, and why
    lang: str | None = None  # its language (front matter, the blog's configuration or its script)
    direction: str = "ltr"  # "rtl" or "ltr"
    depends: tuple[Path, ...] = ()  # the side files its fields came from (a change reads it again)
    lang_origin: str = ""


def prepare(text: str, docname: str, conf: HandbookConfig, srcdir: str | Path, suffix: str = ".md") -> PreparedPost:
    """A post's text read once: the build (``source-read``) and ``./dev check`` both call this."""
    text, too_large = within_limit(text, conf.max_post_chars)
    srcdir = Path(srcdir)
    top = srcdir / conf.posts_dir
    block = read_block(text)
    lines = text.lstrip("\ufeff").split("\n")
    body_lines = lines[block.length:]
    conventions = engines.find(srcdir, conf.posts_dir, docname, frozenset(block.fields))
    engine = conventions.engine
    if engine.drop_properties:  # Logseq: a block's "key:: value" lines are its properties, not its text
        body_lines = ["" if _PROPERTY.match(line) else line for line in body_lines]
    body, excerpt = convert(body_lines, conf.post_path)
    fields = dict(block.fields) if block.usable else {}
    depends: list[Path] = []
    meta, meta_path = sidefiles.meta_file(srcdir, docname, suffix)
    if meta_path is not None:  # Nikola: post.meta wins over the post's own metadata
        fields.update(meta)
        depends.append(meta_path)
    defaults, default_files = sidefiles.folder_defaults(srcdir, top, docname)
    for key, value in defaults.items():
        if key == "tags" and "tags" in fields and isinstance(fields["tags"], list) and isinstance(value, list):
            fields["tags"] = [*value, *(t for t in fields["tags"] if t not in value)]
        fields.setdefault(key, value)
    depends += default_files
    file_date, file_slug = file_hints(docname, conf.posts_dir)
    if not engine.file_dates:
        file_date = None
    known, author_files = authors.load(srcdir, conf.posts_dir, docname)
    depends += author_files
    # No engine known: a YAML post with a dated file name is Jekyll's (tags split on spaces).
    list_split = engine.list_split or ("space" if block.kind == "yaml" and file_date is not None else "")
    default_author = known.get(engine.default_author_key) if engine.default_author_key else None
    hints = Hints(
        file_date=file_date, file_slug=file_slug, space_lists=list_split == "space",
        comma_lists=list_split == "comma" or block.kind in ("pelican", "nikola", "logseq"),
        categories_as_tags=conf.categories_as_tags, known_authors=known,
        excerpt=excerpt or None, site_author=conventions.author or (default_author.name if default_author else None),
        category_path=engine.category_path,
        folder_category=_folder_category(docname, conventions),
        folder_category_always=engine.folder_category == "posts-parent",
        body_tags=inline_tags(body_lines) if engine.inline_tags else (),
        comma_authors=block.kind == "pelican", status_drafts=engine.status_drafts,
        private_published=engine.private_published, summary_keys=engine.summary_keys, tag_spaces=engine.tag_spaces,
        address_date=_address_date(fields),
    )
    marker_keys = frozenset(tag_key(t) for t in conf.marker_tags)
    front = read_front_matter(fields, marker_keys, hints)
    unpublished = _unpublished(docname, conf.posts_dir, engine.dated_names_only and file_date is None)
    if unpublished and not front.draft:
        front = replace(front, draft=True, origins=(*front.origins, ("draft", unpublished)))
    title, origin, nav_file = front.title, "front matter", None
    if title is None:
        nav, nav_file = sidefiles.nav_title(srcdir, top, docname, suffix)
        heading = first_heading(body_lines) if engine.title_from_heading else None
        if nav:
            title, origin = nav, "navigation"
            depends.append(nav_file)
        elif heading:
            title, origin = heading[0], "heading"
        else:
            title, origin = file_title(docname, engine.file_title), "file name"
    declared = front.lang or _file_language(docname, engine.name)
    lang, direction, lang_origin = script.choose(declared, conventions.lang, "\n".join(body_lines), title or "")
    if declared and not front.lang:
        lang_origin = "the file name"
    if front.direction:
        direction = front.direction
    in_myst = title if origin in ("front matter", "navigation", "file name") else None
    return PreparedPost(block, front, "\n".join([*myst_block(block, in_myst), *body]),
                        author_files[0] if author_files else None, too_large=too_large,
                        fingerprint=text_fingerprint(lines[block.length:]), title=title, title_origin=origin,
                        conventions=conventions, lang=lang, direction=direction, depends=tuple(depends),
                        lang_origin=lang_origin)


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


_PROPERTY = re.compile(r"^\s*(?:- )?[A-Za-z][\w-]*::(?:\s|$)")
_LANGUAGE_SUFFIX = re.compile(r"\.([a-z]{2,3}(?:-[A-Za-z]{2,4})?)$")


_ADDRESS_DAY = re.compile(r"(?:^|/)(\d{4})/(\d{2})/(\d{2})(?:/|$)")


def _address_date(fields: dict[str, object]) -> dt.date | None:
    """The day in the post's own address: ``path = "2016/07/07/Rust-1.10"`` (Zola), ``url``, ``permalink``."""
    for key in ("path", "url", "permalink"):
        value = fields.get(key)
        match = _ADDRESS_DAY.search(value) if isinstance(value, str) else None
        if match:
            return parse_date("-".join(match.groups()))
    return None


def _file_language(docname: str, engine: str) -> str | None:
    """The language a translation's file name gives (``post.es.md``, ``index.ar.md``: Zola, Hugo, Nikola)."""
    match = _LANGUAGE_SUFFIX.search(docname)
    return match.group(1) if match and engine in ("zola", "hugo", "nikola") else None


def _unpublished(docname: str, posts_dir: str, undated_in_posts: bool) -> str | None:
    """Why the engine would publish no page for this file, or None."""
    parts = docname.removeprefix(posts_dir + "/").split("/")[:-1]
    hidden = next((p for p in parts if p.startswith(".")), None)
    if hidden:
        return f"its folder {hidden}/ (engines publish nothing from hidden folders)"
    if "_drafts" in parts:
        return "its folder _drafts/ (Jekyll's and Hexo's drafts)"
    if undated_in_posts and "_posts" in parts:
        return "a file in _posts without a YYYY-MM-DD- name (Jekyll does not publish it)"
    return None


def _folder_category(docname: str, conventions: Conventions) -> str | None:
    """The category a post's folder gives: Jekyll's folders above ``_posts``, Pelican's folder."""
    rule = conventions.engine.folder_category
    parts = docname.split("/")[:-1]
    root = conventions.root.split("/") if conventions.root else []
    inside = parts[len(root):] if parts[:len(root)] == root else []
    if rule == "posts-parent" and "_posts" in inside:
        above = [p for p in inside[:inside.index("_posts")] if p not in ("source", "src")]  # the site's source
        return "/".join(above) if above else None
    if rule == "content" and inside:
        inside = inside[1:] if inside[0] == "content" and len(inside) > 1 else inside
        return inside[-1] if inside and inside[0] != "content" else None
    return None
