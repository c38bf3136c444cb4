"""Calls to action (pure): the registry of ``conf.py`` read and checked, and their addresses tagged.

``handbook_ctas`` names each call to action a page may carry ("Get the checklist",
"Book a demo"): a heading, a line of text, the words of its button and the address it
leads to. A post or chapter places one with ``{cta} name``; ``handbook_cta_after_chapter``
and ``handbook_cta_after_post`` place one by default (``book/cta.py`` draws them).

So that the team sees which pages bring visitors, every address gets UTM parameters
(Google Analytics' campaign tags, which every analytics tool reads): ``utm_source=handbook``,
``utm_medium`` the kind of page (post, chapter, page) and ``utm_campaign`` the chapter,
unless the address already carries a ``utm_`` parameter of its own (the writer chose).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
# An absolute http(s) address: a host, no spaces, no characters that would need escaping in HTML.
ADDRESS = re.compile(r"https?://[^\s/?#<>\"'`\\]+[^\s<>\"'`\\]*")
FIELDS = ("heading", "text", "button", "url")
REQUIRED = ("heading", "button", "url")
MAX_TEXT = 300


@dataclass(frozen=True)
class CallToAction:
    name: str
    heading: str
    text: str
    button: str
    url: str


def read_registry(value: Any) -> tuple[tuple[CallToAction, ...] | None, str | None]:
    """``handbook_ctas`` -> (the usable entries sorted by name, what was wrong with the others).

    (None, why) when the value is no registry at all; (entries, None) when every entry is
    usable; (entries, why) when some were skipped.
    """
    if not isinstance(value, Mapping):
        return None, ("must be a dict of name -> {'heading': ..., 'text': ..., 'button': ..., 'url': "
                      "'https://...'}")
    entries: list[CallToAction] = []
    wrong: list[str] = []
    for name in sorted(value, key=str):
        entry, why = _entry(name, value[name])
        if entry is None:
            wrong.append(f"entry {str(name)[:40]!r} {why}")
        else:
            entries.append(entry)
    return tuple(entries), ("; ".join(wrong) + " (skipped)" if wrong else None)


def _entry(name: Any, raw: Any) -> tuple[CallToAction | None, str]:
    if not isinstance(name, str) or not NAME.fullmatch(name):
        return None, "has no usable name (letters, digits, '-', '_', '.')"
    if not isinstance(raw, Mapping):
        return None, "must be a dict with 'heading', 'text', 'button' and 'url'"
    unknown = sorted(str(k) for k in raw if k not in FIELDS)
    if unknown:
        return None, f"has unknown keys {', '.join(repr(k) for k in unknown)} (it may have {', '.join(FIELDS)})"
    fields = {}
    for key in FIELDS:
        text = raw.get(key, "")
        if not isinstance(text, str):
            return None, f"has a {key!r} that is not text"
        text = " ".join(text.split())
        if key in REQUIRED and not text:
            return None, f"needs a {key!r}"
        if len(text) > MAX_TEXT:
            return None, f"has a {key!r} longer than {MAX_TEXT} characters"
        fields[key] = text
    if not ADDRESS.fullmatch(fields["url"]):
        return None, "needs a 'url' that is an absolute http(s) address"
    return CallToAction(name, **fields), ""


def find(entries: tuple[CallToAction, ...], name: str) -> CallToAction | None:
    return next((entry for entry in entries if entry.name == name), None)


def tagged(url: str, medium: str, campaign: str | None) -> str:
    """``url`` with ``utm_source=handbook``, ``utm_medium`` and ``utm_campaign`` (if any), unless it has ``utm_`` parameters."""
    parts = urlsplit(url)
    if any(key.lower().startswith("utm_") for key, _ in parse_qsl(parts.query, keep_blank_values=True)):
        return url
    added = [("utm_source", "handbook"), ("utm_medium", medium)] + ([("utm_campaign", campaign)] if campaign else [])
    query = "&".join(f"{key}={quote(value, safe='')}" for key, value in added)
    query = f"{parts.query}&{query}" if parts.query else query
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
