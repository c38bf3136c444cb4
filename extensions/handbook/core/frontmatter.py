"""Validate a post's front matter, whatever engine wrote it (pure functions, no Sphinx).

``metadata.py`` reads the front matter as plain data; this module turns it into one
:class:`FrontMatter`, the same whichever engine the post came from: each field of the
model is found under the names engines give it (``pubDate``, ``lastmod``,
``heroImage``, ``redirect_from``...), and what the file name says (a Jekyll date, a
slug) fills what the front matter lacks (:class:`Hints`). One :class:`Problem` per
invalid field; it never raises on bad input, so a post with a broken field is
still built and listed, with its other fields.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from .tags import clean_spelling, tag_key

MAX_TITLE_LENGTH = 300
MAX_TAGS = 50
MAX_TAG_LENGTH = 100


@dataclass(frozen=True)
class Problem:
    """One invalid front-matter field, reported as one warning."""

    field: str
    message: str


@dataclass(frozen=True)
class Author:
    key: str  # who it is (the name, also when given by an authors.yml key): their page's name
    name: str  # as shown


@dataclass(frozen=True)
class Hints:
    """What the post's file and the project tell about fields its front matter may lack."""

    file_date: dt.date | None = None  # from a YYYY-MM-DD-slug.md file name (Jekyll, Docusaurus)
    file_slug: str = ""  # the file name without the date, or the folder of an index.md
    space_lists: bool = False  # Jekyll: a tags/categories text is a space-separated list
    comma_lists: bool = False  # Pelican: lists are written as comma-separated text
    categories_as_tags: bool = True
    known_authors: Mapping[str, Author] = field(default_factory=dict)  # authors.yml
    excerpt: str | None = None  # the text before an excerpt marker (<!--more-->)
    site_author: str | None = None  # the blog's configured author, for a post naming none (Hexo, Nikola, Pelican)
    category_path: bool = False  # Hexo: a list of categories is one path ([Docs, EN] -> "Docs/EN")
    folder_category: str | None = None  # the category its folder gives (Pelican, Jekyll)
    folder_category_always: bool = False  # Jekyll adds it to the post's own; Pelican uses it when there is none
    body_tags: tuple[str, ...] = ()  # inline #tags of the text (Obsidian, Quartz)
    comma_authors: bool = False  # Pelican: Authors: a, b
    status_drafts: bool = True  # status: draft is a draft (not where the engine has no such field)
    private_published: bool = False  # Nikola: status: private is built (only left out of lists)
    summary_keys: tuple[str, ...] = ()  # the engine's own summary keys, instead of SUMMARY_KEYS
    tag_spaces: str = ""  # a space in a tag is shown as this (the Next.js starter's tag chips: "-")
    address_date: dt.date | None = None  # a /YYYY/MM/DD/ in the post's own address (path, url, permalink)


@dataclass(frozen=True)
class FrontMatter:
    title: str | None
    date: dt.date | None
    image: str | None
    tags: tuple[str, ...]  # cleaned spellings, one per key, marker tags removed
    draft: bool
    problems: tuple[Problem, ...] = field(default=())
    updated: dt.date | None = None
    summary: str | None = None
    authors: tuple[Author, ...] = ()
    aliases: tuple[str, ...] = ()  # output pages (``old/path/index.html``) that redirect to the post
    slug: str = ""  # the post's name in its blog address (handbook_post_path)
    canonical: str = ""  # the post's own canonical address (dev.to, Hashnode: canonical_url), absolute
    owner: Author | None = None  # who keeps the post current (a name, or an authors.yml key)
    reviewed: dt.date | None = None  # when the owner last checked it
    lang: str | None = None  # the language it declares (``lang``, ``language``, ``locale``)
    direction: str | None = None  # the direction it declares (``dir``: "rtl" or "ltr")
    origins: tuple[tuple[str, str], ...] = ()  # (field, where its value came from), for ./dev check --explain


# Each field of the model and the names engines give it, first found wins (README's table).
DATE_KEYS = ("date", "pubDate", "publishDate", "published", "created", "datePublished", "date_published",
             "published_at", "publishedAt", "pubdate", "publish_date", "created_at", "createdAt", "dateCreated")
UPDATED_KEYS = ("updated", "lastmod", "last_modified_at", "modified", "updatedDate", "dateModified", "updated_at",
                "updatedAt", "modifiedAt", "last-modified")
SUMMARY_KEYS = ("summary", "description", "excerpt", "subtitle", "desc", "abstract")
LANG_KEYS = ("lang", "language", "locale", "inLanguage")
IMAGE_KEYS = ("image", "heroImage", "cover", "cover_image", "featured_image", "thumbnail", "header")
AUTHOR_KEYS = ("authors", "author")
ALIAS_KEYS = ("aliases", "redirect_from")
CANONICAL_KEYS = ("canonical_url", "canonical")  # dev.to, Jekyll SEO; Hashnode
MAX_SUMMARY_LENGTH = 1000
MAX_AUTHOR_LENGTH = 300


def read_front_matter(fields: dict[str, object], marker_keys: frozenset[str], hints: Hints | None = None,
                      ) -> FrontMatter:
    """The post's fields (plain values, any engine's names) as one validated model."""
    hints = hints or Hints()
    problems: list[Problem] = []
    origins: dict[str, str] = {}
    title_key = "title" if "title" in fields else _own_key(fields, "title") or "title"
    title = _read_title({"title": fields[title_key]} if title_key in fields else {}, problems)
    if title is not None:
        origins["title"] = f"front matter {title_key!r}"
    date = _read_date(fields, problems, hints, origins)
    image = _read_image(fields, problems)
    tags = _read_tags(fields, marker_keys, problems, hints, origins)
    draft = _read_draft(fields, problems, origins, hints)
    updated = _read_updated(fields, problems)
    summary = _read_summary(fields, problems, origins, hints.summary_keys or SUMMARY_KEYS)
    if summary is None and hints.excerpt:
        summary, origins["summary"] = hints.excerpt, "the text before the excerpt marker"
    authors = _read_authors(fields, problems, hints, origins)
    aliases = _read_aliases(fields, problems)
    slug = _read_slug(fields, problems) or hints.file_slug
    lang, direction = _read_language(fields, origins)
    owner, reviewed = _read_owner(fields, problems, hints), _read_reviewed(fields, problems)
    front = FrontMatter(title, date, image, tags, draft, tuple(problems), updated=updated, summary=summary,
                        authors=authors, aliases=aliases, slug=slug, owner=owner, reviewed=reviewed, lang=lang,
                        direction=direction, origins=tuple(origins.items()))
    return _with_canonical(front, fields)

_ABSOLUTE = re.compile(r"https?://[^\s/?#<>\"'`\\]+[^\s<>\"'`\\]*")


def _with_canonical(front: FrontMatter, fields: dict[str, object]) -> FrontMatter:
    """The post's own canonical address (``canonical_url``, ``canonical``): absolute http(s), else one problem."""
    key = _first(fields, CANONICAL_KEYS)
    if key is None:
        return front
    raw = fields[key]
    address = raw.strip() if isinstance(raw, str) else ""
    if not _ABSOLUTE.fullmatch(address):
        problem = Problem(key, f"'{key}' must be an absolute http(s) address such as https://example.com/post/, "
                               f"not {_shown(raw)!r}; ignored")
        return replace(front, problems=(*front.problems, problem))
    return replace(front, canonical=address)


def _first(fields: dict[str, object], keys: tuple[str, ...]) -> str | None:
    return next((k for k in keys if k in fields and fields[k] is not None), None)


def _read_title(fields: dict[str, object], problems: list[Problem]) -> str | None:
    if "title" not in fields:
        problems.append(Problem("title", "missing 'title'; the first heading or the file name titles the post"))
        return None
    raw = fields["title"]
    if raw is None:
        raw = ""
    if isinstance(raw, bool | int | float):
        raw = str(raw)
    if not isinstance(raw, str):
        problems.append(Problem("title", "'title' must be text; using the file name instead"))
        return None
    title = " ".join(raw.split())
    if not title:
        problems.append(Problem("title", "'title' is empty; using the file name instead"))
        return None
    if len(title) > MAX_TITLE_LENGTH:
        problems.append(Problem("title", f"'title' is longer than {MAX_TITLE_LENGTH} characters; shortened"))
        title = title[: MAX_TITLE_LENGTH - 1].rstrip() + "…"
    return title


_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s].*)?|(\d{4})/(\d{1,2})/(\d{1,2})(?:\s.*)?"
                  r"|(\d{4})(\d{2})(\d{2})(?:T[\d:]+.*)?")


def parse_date(text: str) -> dt.date | None:
    """A calendar date from ``2025-04-03``, a timestamp after it (any zone, any form) or None.

    A timestamp keeps the calendar day it was written with: a post dated
    ``2025-04-03T23:30:00-05:00`` (or Jekyll's ``2025-04-03 23:30:00 -0500``) is
    shown as 3 April wherever the build runs.
    """
    match = _DAY.fullmatch(text.strip())
    if match is None:
        return _month_name_date(text.strip())
    try:
        return dt.date(*(int(part) for part in match.groups() if part is not None))
    except ValueError:
        return None


_MONTHS = {m.lower(): i for i, m in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1)}
# An optional weekday, then the day; anything after the year (a time, "GMT+0000 (...)") is not the day's:
# JavaScript's Date.toString() (Wed Apr 15 2020 17:00:00 GMT+0000), RFC 2822 (Wed, 15 Apr 2020 17:00:00 +0000).
_WEEKDAY = r"(?:[A-Za-z]{3}[a-z]*,?\s+)?"
_NAMED = (re.compile(_WEEKDAY + r"([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})(?:[\sT,].*)?"),  # Jul 08 2022
          re.compile(_WEEKDAY + r"(\d{1,2}) ([A-Za-z]{3})[a-z]*\.? (\d{4})(?:[\sT,].*)?"))  # 8 July 2022


def _month_name_date(text: str) -> dt.date | None:
    """English month-name dates, as JavaScript's ``Date`` reads them (Astro's ``z.coerce.date()``)."""
    for number, pattern in enumerate(_NAMED):
        match = pattern.fullmatch(text)
        if match:
            month, day, year = match.groups() if number == 0 else (match[2], match[1], match[3])
            if month.lower() in _MONTHS:
                try:
                    return dt.date(int(year), _MONTHS[month.lower()], int(day))
                except ValueError:
                    return None
    return None


def _date_value(raw: object) -> dt.date | None:
    if isinstance(raw, dict) and "created" in raw:  # MkDocs Material: date: {created: ...}
        raw = raw["created"]
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return epoch_date(raw)
    if isinstance(raw, str) and re.fullmatch(r"\d{10}|\d{13}", raw.strip()):
        return epoch_date(int(raw))
    return parse_date(raw) if isinstance(raw, str) else None


def epoch_date(number: float) -> dt.date | None:
    """A Unix time as a UTC day: in milliseconds (Dendron's ``created``) or seconds (Jigsaw)."""
    seconds = number / 1000 if number > 100_000_000_000 else number
    if not 100_000_000 <= seconds < 32_503_680_000:  # 1973 to 3000: anything else is no timestamp
        return None
    return dt.datetime.fromtimestamp(seconds, dt.UTC).date()


def _shown(raw: object) -> str:
    return (raw if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False, default=str))[:60]


def _read_date(fields: dict[str, object], problems: list[Problem], hints: Hints,
               origins: dict[str, str]) -> dt.date | None:
    # ``published: false`` is WordPress's draft flag, not a date.
    keys = tuple(k for k in DATE_KEYS if not (k == "published" and isinstance(fields.get(k), bool)))
    key = _first(fields, keys)
    if key is None:
        if hints.file_date is not None:
            origins["date"] = "the file name"
            return hints.file_date
        if hints.address_date is not None:
            origins["date"] = "the post's own address (path, url, permalink)"
            return hints.address_date
        problems.append(Problem("date", "missing 'date'; the post is listed as undated"))
        return None
    date = _date_value(fields[key])
    if date is not None:
        origins["date"] = f"front matter {key!r}"
    else:
        problems.append(Problem(key, f"'{key}' is not a date (YYYY-MM-DD or an ISO timestamp): "
                                     f"{_shown(fields[key])!r}; " + (
                                         "the date in the file name is used" if hints.file_date else
                                         "the post is listed as undated")))
        if hints.file_date:
            origins["date"] = "the file name"
        return hints.file_date
    return date


def _read_updated(fields: dict[str, object], problems: list[Problem]) -> dt.date | None:
    key = _first(fields, UPDATED_KEYS)
    if key is None:
        mkdocs = fields.get("date")
        return _date_value(mkdocs["updated"]) if isinstance(mkdocs, dict) and "updated" in mkdocs else None
    date = _date_value(fields[key])
    if date is None:
        problems.append(Problem(key, f"'{key}' is not a date: {_shown(fields[key])!r}; not shown"))
    return date


def _read_summary(fields: dict[str, object], problems: list[Problem], origins: dict[str, str],
                  keys: tuple[str, ...] = SUMMARY_KEYS) -> str | None:
    key = next((k for k in keys if isinstance(fields.get(k), str) and fields[k].strip()), None)
    key = key or _first(fields, keys)
    if key is None:
        return None
    raw = fields[key]
    origins["summary"] = f"front matter {key!r}"
    if not isinstance(raw, str):
        problems.append(Problem(key, f"'{key}' must be text; the post's first paragraph is shown instead"))
        return None
    text = " ".join(raw.split())
    if len(text) > MAX_SUMMARY_LENGTH:
        text = text[:MAX_SUMMARY_LENGTH].rsplit(" ", 1)[0] + "…"
    return text or None


def _read_image(fields: dict[str, object], problems: list[Problem]) -> str | None:
    key = _first(fields, IMAGE_KEYS)
    if key is None:
        return None
    raw = fields[key]
    if key == "header":  # Minimal Mistakes: header: {image: ..., teaser: ...}
        if not isinstance(raw, dict):
            return None
        raw = raw.get("image") or raw.get("teaser") or raw.get("overlay_image")
        if raw is None:
            return None
    if isinstance(raw, dict):  # image: {src: ..., alt: ...} (Astro, Hugo themes)
        raw = next((raw[k] for k in ("src", "url", "path") if isinstance(raw.get(k), str)), raw)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str) or not raw.strip():
        problems.append(Problem(key, f"'{key}' must be a path such as /media/picture.webp; ignored"))
        return None
    return raw.strip()


# Flags that keep a post unpublished, under their engine's names: true means draft.
DRAFT_FLAGS = ("saveAsDraft", "ignorePublish", "ignorePost")  # Hashnode, Qiita CLI, Hashnode


def _read_draft(fields: dict[str, object], problems: list[Problem], origins: dict[str, str], hints: Hints) -> bool:
    draft = _draft(fields, problems, hints)
    if draft:
        origins["draft"] = "front matter " + next(
            (repr(k) for k in ("published", "status", *DRAFT_FLAGS, "draft", "public", "publish", "permalink")
             if k in fields), "")
    return draft


def _draft(fields: dict[str, object], problems: list[Problem], hints: Hints) -> bool:
    published = fields.get("published")
    if isinstance(published, str) and published.strip().lower() in ("true", "false"):
        published = published.strip().lower() == "true"
    if isinstance(published, bool):  # WordPress/Jekyll/dev.to/Zenn/Dendron: published: false
        return not published
    for key in ("public", "publish"):  # Logseq: public:: false; Obsidian Publish, Quartz: publish: false
        if fields.get(key) is False or str(fields.get(key, "")).lower() == "false":
            return True
    if fields.get("permalink") is False:  # Eleventy: permalink: false writes no page
        return True
    status = fields.get("status")
    hidden = ("draft", "pending", "future") if hints.private_published else ("draft", "private", "pending", "future")
    if hints.status_drafts and isinstance(status, str) and status.strip().lower() in hidden:
        return True  # WordPress exports, Pelican, Nikola
    if any(fields.get(k) is True or str(fields.get(k)).lower() == "true" for k in DRAFT_FLAGS):
        return True
    if "draft" not in fields:
        return False
    raw = str(fields["draft"]).strip().lower()
    if raw in ("true", "yes", "1"):
        return True
    if raw in ("false", "no", "0", "", "none"):
        return False
    problems.append(Problem("draft", f"'draft' must be true or false, not {raw[:30]!r}; treated as false"))
    return False


# A site's own name for a field its templates print (11ty.dev's ``newstitle``, ``postAuthor``): a key
# ending in the field's name, read when the usual one is missing; never one meant for <meta> or a series.
_NOT_OWN = ("seo", "og", "meta", "sub", "short", "nav", "site", "twitter", "html", "head", "tab", "section",
            "series", "link", "alt", "sidebar", "menu", "breadcrumb", "parent", "page_author", "show")


def _own_key(fields: dict[str, object], name: str) -> str | None:
    for key, value in fields.items():
        low = key.lower().replace("_", "").replace("-", "")
        if low != name and low.endswith(name) and not low.startswith(_NOT_OWN) and isinstance(value, str) \
                and value.strip():
            return key
    return None


def _read_authors(fields: dict[str, object], problems: list[Problem], hints: Hints,
                  origins: dict[str, str]) -> tuple[Author, ...]:
    key = _first(fields, AUTHOR_KEYS) or _own_key(fields, "author")
    if key is None:
        if hints.site_author:
            origins["authors"] = "the blog's configuration (author)"
            return (Author(hints.site_author, hints.site_author),)
        return ()
    origins["authors"] = f"front matter {key!r}" + (" (keys of an authors file)" if hints.known_authors else "")
    raw = fields[key]
    if isinstance(raw, str):
        raw = _MARKDOWN_LINK.sub(r"\1", raw)  # "[Jane](https://...) (Company)": the name as readers see it
        items: list[object] = raw.split(",") if hints.comma_authors else [raw]  # one text: one byline
    elif isinstance(raw, dict):
        items = [raw]
    elif isinstance(raw, list):
        items = raw
    else:
        problems.append(Problem(key, f"'{key}' must be a name or a list of names; ignored"))
        return ()
    authors: list[Author] = []
    for item in items:
        if isinstance(item, dict):  # Docusaurus's inline author: {name, title, url, image_url}; MyST's {id}
            item = item.get("name") or item.get("id") or item.get("key")
        if not isinstance(item, str) or not " ".join(item.split()):
            problems.append(Problem(key, f"'{key}': an author must be a name (or an authors.yml key); "
                                         f"ignored {_shown(item)!r}"))
            continue
        name = " ".join(item.split())[:MAX_AUTHOR_LENGTH]
        author = hints.known_authors.get(name) or Author(name, name)
        if author.key not in {a.key for a in authors}:
            authors.append(author)
    return tuple(authors)


_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def _read_language(fields: dict[str, object], origins: dict[str, str]) -> tuple[str | None, str | None]:
    """The language and direction a post declares (``lang``/``language``, ``dir``/``direction``)."""
    lang = None
    key = next((k for k in LANG_KEYS if isinstance(fields.get(k), str)), None)
    if key is not None:
        value = str(fields[key]).strip().replace("_", "-")
        if re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", value):
            lang, origins["lang"] = value, f"front matter {key!r}"
    direction = None
    raw = fields.get("dir", fields.get("direction"))
    if isinstance(raw, str) and raw.strip().lower() in ("rtl", "ltr"):
        direction, origins["dir"] = raw.strip().lower(), "front matter 'dir'"
    return lang, direction


_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_SAFE_PART = re.compile(r"[\w.~%+@,=-]+")


def alias_page(text: str) -> str | None:
    """The output page an old address becomes (``old/path/index.html``), or None if unsafe.

    Only paths inside the site: no scheme or host, no ``..``, nothing a file name
    could not safely hold.
    """
    path = text.strip().split("#", 1)[0].split("?", 1)[0]
    if not path or _URL_SCHEME.match(path) or path.startswith("//") or "\\" in path:
        return None
    parts = [p for p in path.split("/") if p]
    if not parts or any(p in (".", "..") or not _SAFE_PART.fullmatch(p) for p in parts):
        return None
    if not parts[-1].endswith((".html", ".htm")):
        parts.append("index.html")
    return "/".join(parts)


def _read_aliases(fields: dict[str, object], problems: list[Problem]) -> tuple[str, ...]:
    pages: list[str] = []
    for key in ALIAS_KEYS:
        raw = fields.get(key)
        if raw is None:
            continue
        items = [raw] if isinstance(raw, str) else raw if isinstance(raw, list) else [raw]
        for item in items:
            page = alias_page(item) if isinstance(item, str) else None
            if page is None:
                problems.append(Problem(key, f"'{key}': {_shown(item)!r} is not a path on this site "
                                             "(such as /old/address/); ignored"))
            elif page not in pages:
                pages.append(page)
    return tuple(pages)


def _read_slug(fields: dict[str, object], problems: list[Problem]) -> str | None:
    raw = fields.get("slug")
    if raw is None:
        return None
    parts = [p for p in str(raw).split("/") if p.strip()] if isinstance(raw, str | int | float) else []
    if not parts or re.search(r"[\s?#\\]", parts[-1]):
        problems.append(Problem("slug", f"'slug' must be one word of an address, not {_shown(raw)!r}; "
                                        "the file name is used"))
        return None
    return parts[-1]


def _read_owner(fields: dict[str, object], problems: list[Problem], hints: Hints) -> Author | None:
    raw = fields.get("owner")
    if raw is None:
        return None
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raw = str(raw)
    name = " ".join(raw.split())[:MAX_TAG_LENGTH] if isinstance(raw, str) else ""
    if not name:
        problems.append(Problem("owner", "'owner' must be one name (or an authors.yml key); ignored"))
        return None
    return hints.known_authors.get(name) or Author(name, name)


def _read_reviewed(fields: dict[str, object], problems: list[Problem]) -> dt.date | None:
    raw = fields.get("reviewed")
    if raw is None:
        return None
    date = parse_date(raw) if isinstance(raw, str) else None
    if date is None:
        problems.append(Problem("reviewed", f"'reviewed' is not a date (YYYY-MM-DD): {_shown(raw)!r}; "
                                            "the post has no review date"))
    return date


TAG_KEYS = ("tags", "categories", "category")
# Every name a topic of the post is written under: (key, is a category). Zola nests them in [taxonomies].
TOPIC_KEYS = (("tags", False), ("tag", False), ("topics", False), ("categories", True), ("category", True))
_WIKI_LINK = re.compile(r"^\[\[(.+)\]\]$")


def _list_items(key: str, raw: object, problems: list[Problem], hints: Hints) -> list[object] | None:
    """A tags-like field's items, read as its engine reads it."""
    if isinstance(raw, str):
        if hints.comma_lists:  # Pelican, Nikola, dev.to, Hashnode, Middleman, Quartz: Tags: a, b
            return [_unlinked(item) for item in raw.split(",")]
        if "," in raw:  # `tags: a, b`: a common slip for a list (Hugo, Eleventy read one tag)
            problems.append(Problem(key, f"'{key}' should be a list; read the comma-separated text as one"))
            return raw.split(",")
        return raw.split() if hints.space_lists else [raw]  # Jekyll: `tags: seo email`
    if isinstance(raw, list):
        # Docusaurus: {label: ..., permalink: ...}
        return [item.get("label", item.get("name", item)) if isinstance(item, dict) else item for item in raw]
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return [raw]
    problems.append(Problem(key, f"'{key}' must be a list of words; ignored"))
    return None


def _unlinked(item: str) -> str:
    """Logseq writes a tag as a page link or a #tag: ``[[SEO tips]]``, ``#seo``."""
    item = item.strip()
    match = _WIKI_LINK.match(item)
    return match.group(1) if match else item.removeprefix("#") if re.fullmatch(r"#\S+", item) else item


def _topic_fields(fields: dict[str, object], categories: bool) -> list[tuple[str, object, bool]]:
    """(key, value, is a category) of each topic field present, Zola's [taxonomies] included."""
    found = []
    for table in (fields, fields.get("taxonomies")):
        if not isinstance(table, dict):
            continue
        for key, is_category in TOPIC_KEYS:
            if (categories or not is_category) and table.get(key) is not None:
                found.append((key if table is fields else f"taxonomies.{key}", table[key], is_category))
    return found


def _read_tags(
    fields: dict[str, object], marker_keys: frozenset[str], problems: list[Problem], hints: Hints,
    origins: dict[str, str] | None = None,
) -> tuple[str, ...]:
    """Tags, then categories (read as tags unless switched off), then inline #tags: one list."""
    present = _topic_fields(fields, hints.categories_as_tags)
    if hints.categories_as_tags and hints.folder_category and (hints.folder_category_always or
                                                                not any(c for _, _, c in present)):
        present.append(("category", hints.folder_category, True))
        if origins is not None:
            origins["categories"] = "the post's folder"
    if not present and not hints.body_tags:
        return ()
    field_name = present[0][0].split(".")[0] if present else "tags"
    if origins is not None and present:
        origins["tags"] = "front matter " + ", ".join(repr(k) for k, _, _ in present)
    items: list[object] = []
    from_list = False
    for key, raw, is_category in present:
        if is_category and hints.category_path and isinstance(raw, list) and raw and \
                all(isinstance(i, str | int | float) and not isinstance(i, bool) for i in raw):
            raw = ["/".join(str(i).strip() for i in raw)]  # Hexo: [Docs, EN] is Docs > EN
        elif is_category and hints.category_path and isinstance(raw, list):
            raw = ["/".join(str(x) for x in i) if isinstance(i, list) else i for i in raw]
        read = _list_items(key.split(".")[-1], raw, problems, hints)
        if read is not None:
            items += read
            from_list = from_list or isinstance(raw, list)
    if hints.body_tags:
        items += hints.body_tags
        if origins is not None:
            origins["tags"] = (origins.get("tags", "") + " and " if "tags" in origins else "") + "#tags in the text"

    spellings: list[str] = []
    seen: set[str] = set()
    skipped: list[str] = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            skipped.append(json.dumps(item, ensure_ascii=False)[:40])
            continue
        spelling = clean_spelling(str(item))
        if hints.tag_spaces:
            spelling = spelling.replace(" ", hints.tag_spaces)
        key = tag_key(spelling)
        if not key:
            if from_list:
                skipped.append(json.dumps(item, ensure_ascii=False)[:40])
            continue
        if len(spelling) > MAX_TAG_LENGTH:
            skipped.append(json.dumps(spelling[:37] + "...", ensure_ascii=False))
            continue
        if key in marker_keys:  # a collection tag (Eleventy's `post`), not a topic
            continue
        if key in seen:
            continue
        seen.add(key)
        spellings.append(spelling)
    if skipped:
        problems.append(Problem(field_name, "ignored tags that are not short words: " + ", ".join(skipped[:5])
                                + (f" and {len(skipped) - 5} more" if len(skipped) > 5 else "")))
    if len(spellings) > MAX_TAGS:
        problems.append(Problem(field_name, f"more than {MAX_TAGS} tags; kept the first {MAX_TAGS}"))
        spellings = spellings[:MAX_TAGS]
    return tuple(spellings)
