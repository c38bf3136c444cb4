"""Pure: text from a post as Typst source that can only ever print that text.

Every piece of text reaches the ``.typ`` file as a Typst *string literal*, written in
markup as ``#"..."``. Inside a string Typst reads only two escapes that matter here,
backslash and the double quote, so ``#``, ``$``, ``*``, ``_``, backticks, ``<label>``,
``@ref``, ``//``, ``/*``, ``=``/``-``/``+`` at a line start, URLs and ``#read(...)``
are all just characters: nothing a post holds can become markup or code. (Escaping
markup instead would have to know every shorthand Typst has or will have.) Control
characters are dropped (no font draws them: they would be holes in the PDF); line
breaks in running text become spaces, as HTML shows them.
"""

from __future__ import annotations

import re

# C0/C1 controls and the two Unicode line separators: never raw in a string literal.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NEEDS_ESCAPE = re.compile(r'[\\"]')


def string(text: str) -> str:
    """``text`` as a Typst string literal, quotes included; tabs and line breaks kept as escapes."""
    escaped = _NEEDS_ESCAPE.sub(lambda m: "\\" + m.group(0), text)
    return '"' + _CONTROL.sub(_control_escape, escaped) + '"'


def _control_escape(match: re.Match) -> str:
    char = match.group(0)
    if char == "\n":
        return "\\n"
    if char == "\t":
        return "\\t"
    if char in "\u2028\u2029":
        return " "
    return ""


def flow(text: str) -> str:
    """Running text (a paragraph's words): line breaks and tabs are spaces, controls dropped."""
    return _CONTROL.sub(lambda m: " " if m.group(0) in "\n\t\u2028\u2029" else "", text.replace("\r\n", "\n"))


def markup(text: str) -> str:
    """Running text as a markup item (``#"..."``), or ``""`` for nothing to print."""
    text = flow(text)
    return "#" + string(text) if text else ""


def verbatim(text: str) -> str:
    """Code as written (line breaks and tabs kept) as a string literal, for ``raw(...)``."""
    return string(text.replace("\r\n", "\n").replace("\r", "\n"))


_LANGUAGE = re.compile(r"^([A-Za-z]{2,3})(?:[-_]([A-Za-z]{2}|\d{3}))?(?:[-_].*)?$")


def language(tag: str | None) -> tuple[str, str | None] | None:
    """``"fa-IR"`` -> ``("fa", "IR")``; ``None`` for what Typst's ``text(lang:)`` would refuse.

    Typst takes an ISO 639 code and an ISO 3166 region; anything else in a post's
    front matter must not stop the book (a bad ``lang`` would be a compile error).
    """
    match = _LANGUAGE.match((tag or "").strip())
    if not match:
        return None
    region = match.group(2)
    return match.group(1).lower(), (region.upper() if region and region.isalpha() else None)


def direction(value: str | None) -> str | None:
    """``rtl``/``ltr`` as Typst's direction, else None (``auto``: Typst takes it from the language)."""
    value = (value or "").strip().lower()
    return value if value in ("rtl", "ltr") else None
