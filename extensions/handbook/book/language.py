"""A post's language and direction in the output: the element holding the post says them.

The reader puts them on the post's top section (``section["lang"]``, ``section["dir"]``:
the print writers read them there). In HTML and the EPUB the section's content is
wrapped in an element with ``lang`` and ``dir``, so a right-to-left post's title, header,
tag chips and text are laid out from the right, and the browser's bidirectional text
and hyphenation follow its language. The values are checked when read (a language tag,
"rtl"/"ltr"), so nothing else can reach the page.

The LaTeX PDF does not change direction: LuaTeX's ``\textdir TRT`` lays out every run
right to left, Latin words and numbers too (they come out mirrored), and a bidirectional
layout needs babel's ``bidi`` mode for the whole book. A print writer reads the section's
attributes instead.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx

from .. import capabilities

_LANG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def attributes(lang: str | None, direction: str | None) -> str:
    """` lang="fa" dir="rtl"` for an HTML element: only valid values."""
    out = ""
    if lang and _LANG.fullmatch(lang):
        out += f' lang="{lang}"'
    if direction in ("rtl", "ltr"):
        out += f' dir="{direction}"'
    return out


def wrap(element: nodes.Element, lang: str | None, direction: str | None, first: int = 0) -> None:
    """``element``'s children from ``first`` on inside ``<div lang dir>`` (HTML only; other writers skip it)."""
    attrs = attributes(lang, direction)
    if not attrs:
        return
    element.insert(first, nodes.raw("", f'<div class="handbook-lang"{attrs}>', format="html"))
    element.append(nodes.raw("", "</div>", format="html"))


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not capabilities.of(app.builder).html:
        return
    for section in list(doctree.findall(nodes.section)):
        if section.get("lang") or section.get("dir") == "rtl":
            wrap(section, section.get("lang"), section.get("dir"))


def register(app: Sphinx) -> None:
    app.connect("doctree-resolved", on_doctree_resolved, priority=900)  # after the placeholders are filled
