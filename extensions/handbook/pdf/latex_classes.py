"""Class names LaTeX can take: the PDF survives any class a post gives an element.

Sphinx's LaTeX writer puts an element's classes into the document as they are
(``\\begin{sphinxuseclass}{...}``, ``\\DUrole{...}``). A class holding ``%``, ``{``, ``\\``
or ``#`` (a ``:class:`` option or ``{.class}`` attribute in a post) then breaks the
LaTeX source: LuaLaTeX stops ("File ended while scanning use of \\sphinxuseclass") and
no PDF is made. Before writing, such classes are left out (one warning naming the
post); the HTML keeps them (it escapes them).
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..warnings import HandbookWarning, warn

_SAFE = re.compile(r"[A-Za-z0-9_-]+")


def latex_safe(classes: list[str]) -> tuple[list[str], list[str]]:
    """The classes LaTeX can take, and those it cannot."""
    kept = [c for c in classes if _SAFE.fullmatch(c)]
    return kept, [c for c in classes if not _SAFE.fullmatch(c)]


class LatexSafeClasses(SphinxPostTransform):
    builders = ("latex",)
    default_priority = 400

    def run(self, **kwargs) -> None:
        for node in self.document.findall(nodes.Element):
            classes = node.get("classes")
            if not classes:
                continue
            kept, dropped = latex_safe(classes)
            if dropped:
                node["classes"] = kept
                warn(HandbookWarning.SYNTAX, "class %s left out of the PDF (LaTeX cannot take its characters)",
                     ", ".join(repr(c) for c in dropped), location=node)


def register(app) -> None:
    app.add_post_transform(LatexSafeClasses)
