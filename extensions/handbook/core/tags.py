"""Tag identity, display spelling and page names (pure functions, no Sphinx).

Writers spell the same tag many ways ("Conversion Rate", " conversion rate ").
A tag's *key* is what makes two spellings one tag; its *slug* names its page.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

# Names Windows refuses as file names, whatever the extension.
_RESERVED_NAMES = frozenset(
    ["con", "prn", "aux", "nul"]
    + [f"com{i}" for i in range(10)]
    + [f"lpt{i}" for i in range(10)]
)
_NOT_WORD = re.compile(r"[\W_]+")
_MAX_SLUG_BASE = 60


def clean_spelling(raw: str) -> str:
    """A tag as a reader should see it: NFC, inner whitespace collapsed, no control chars."""
    text = unicodedata.normalize("NFC", raw)
    # Control characters read as spaces; invisible format characters go (but the
    # zero-width joiner, which holds emoji sequences together).
    text = "".join(
        " " if unicodedata.category(ch) == "Cc" else ""
        if unicodedata.category(ch) == "Cf" and ch != "\u200d" else ch
        for ch in text
    )
    return " ".join(text.split())


@functools.lru_cache(maxsize=65536)  # every build keys every post's tags again; spellings repeat
def tag_key(raw: str) -> str:
    """The identity of a tag: case and surrounding/inner spacing do not matter."""
    return clean_spelling(unicodedata.normalize("NFKC", raw)).casefold()


def tag_slug(key: str) -> str:
    """A stable, readable, file-name-safe page name for the tag with this key.

    Letters of any script are kept. When the readable form loses information
    (punctuation, hyphens, truncation: `C++`, `C#` and `C` would all read `c`),
    a digest of the key is appended, so two keys never share a page and a tag's
    page name never depends on which other tags exist.
    """
    base = _NOT_WORD.sub("-", key).strip("-")
    if len(base) > _MAX_SLUG_BASE:
        base = base[:_MAX_SLUG_BASE].rstrip("-")
    if base and base.replace("-", " ") == key and base not in _RESERVED_NAMES:
        return base
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]
    return f"{base}-{digest}" if base else f"tag-{digest}"


def choose_spelling(spellings: Iterable[str]) -> str:
    """The spelling shown for a tag: the most used one, ties broken by sort order.

    Deterministic whatever order posts were read in.
    """
    counts = Counter(spellings)
    return min(counts, key=lambda s: (-counts[s], s))
