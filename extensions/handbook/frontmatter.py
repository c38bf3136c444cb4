"""Validate a post's front matter as MyST hands it over (pure functions, no Sphinx).

MyST parses the YAML once and stores each field in ``env.metadata`` as a string
(lists and mappings JSON-encoded). This module turns those strings into a
:class:`FrontMatter`, collecting one :class:`Problem` per invalid field; it never
raises on bad input, so a post with broken front matter is still built and listed.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field

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
class FrontMatter:
    title: str | None
    date: dt.date | None
    image: str | None
    tags: tuple[str, ...]  # cleaned spellings, one per key, marker tags removed
    draft: bool
    problems: tuple[Problem, ...] = field(default=())


def read_front_matter(fields: dict[str, object], marker_keys: frozenset[str]) -> FrontMatter:
    problems: list[Problem] = []
    title = _read_title(fields, problems)
    date = _read_date(fields, problems)
    image = _read_image(fields, problems)
    tags = _read_tags(fields, marker_keys, problems)
    draft = _read_draft(fields, problems)
    return FrontMatter(title, date, image, tags, draft, tuple(problems))


def _decode(value: object) -> object:
    """MyST JSON-encodes lists, mappings and null; other scalars arrive as plain text."""
    if value == "null":
        return None
    if isinstance(value, str) and value[:1] in ("[", "{"):
        try:
            decoded = json.loads(value)
        except ValueError:
            return value
        # Only text MyST wrote itself decodes back: "[2024] Review" stays a title.
        if json.dumps(decoded) == value:
            return decoded
    return value


def _read_title(fields: dict[str, object], problems: list[Problem]) -> str | None:
    if "title" not in fields:
        problems.append(Problem("title", "missing 'title'; using the file name instead"))
        return None
    raw = _decode(fields["title"])
    if raw is None:
        raw = ""
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


def parse_date(text: str) -> dt.date | None:
    """A calendar date from ``2025-04-03``, an ISO timestamp (any zone) or None.

    A timestamp keeps the calendar day it was written with: a post dated
    ``2025-04-03T23:30:00-05:00`` is shown as 3 April wherever the build runs.
    """
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        return None


def _read_date(fields: dict[str, object], problems: list[Problem]) -> dt.date | None:
    if "date" not in fields:
        problems.append(Problem("date", "missing 'date'; the post is listed as undated"))
        return None
    raw = _decode(fields["date"])
    if isinstance(raw, dict) and "created" in raw:  # MkDocs Material: date: {created: ...}
        raw = raw["created"]
    date = parse_date(raw) if isinstance(raw, str) else None
    if date is None:
        shown = raw if isinstance(raw, str) else json.dumps(raw)
        problems.append(
            Problem("date", f"'date' is not a date (YYYY-MM-DD or an ISO timestamp): {shown[:60]!r}; "
                    "the post is listed as undated")
        )
    return date


def _read_image(fields: dict[str, object], problems: list[Problem]) -> str | None:
    if "image" not in fields:
        return None
    raw = _decode(fields["image"])
    if not isinstance(raw, str) or not raw.strip():
        problems.append(Problem("image", "'image' must be a path such as /media/picture.webp; ignored"))
        return None
    return raw.strip()


def _read_draft(fields: dict[str, object], problems: list[Problem]) -> bool:
    if "draft" not in fields:
        return False
    raw = str(fields["draft"]).strip().lower()
    if raw in ("true", "yes", "1"):
        return True
    if raw in ("false", "no", "0", ""):
        return False
    problems.append(Problem("draft", f"'draft' must be true or false, not {raw[:30]!r}; treated as false"))
    return False


def _read_tags(
    fields: dict[str, object], marker_keys: frozenset[str], problems: list[Problem]
) -> tuple[str, ...]:
    if "tags" not in fields:
        return ()
    raw = _decode(fields["tags"])
    if isinstance(raw, str):
        # `tags: a, b` is a common slip for a list; a single word is one tag.
        items: list[object] = [part for part in raw.split(",")]
        if len(items) > 1:
            problems.append(Problem("tags", "'tags' should be a list; read the comma-separated text as one"))
    elif isinstance(raw, list):
        items = raw
    else:
        problems.append(Problem("tags", "'tags' must be a list of words; ignored"))
        return ()

    spellings: list[str] = []
    seen: set[str] = set()
    skipped: list[str] = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            skipped.append(json.dumps(item, ensure_ascii=False)[:40])
            continue
        spelling = clean_spelling(str(item))
        key = tag_key(spelling)
        if not key:
            if isinstance(raw, list):
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
        problems.append(Problem("tags", "ignored tags that are not short words: " + ", ".join(skipped[:5])
                                + (f" and {len(skipped) - 5} more" if len(skipped) > 5 else "")))
    if len(spellings) > MAX_TAGS:
        problems.append(Problem("tags", f"more than {MAX_TAGS} tags; kept the first {MAX_TAGS}"))
        spellings = spellings[:MAX_TAGS]
    return tuple(spellings)
