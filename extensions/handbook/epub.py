"""EPUB pages are HTML: give the EPUB writer the HTML visitors extensions forgot.

sphinx-design (cards, grids) and sphinxcontrib-mermaid register visitors for the
``html`` builder only; the EPUB builder then stops with ``NotImplementedError``
on the first card. Read the Docs builds an EPUB of every version, so one card
would fail the whole build.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def reuse_html_visitors(app: Sphinx) -> None:
    if app.builder.name != "epub":
        return
    handlers = app.registry.translation_handlers
    epub = handlers.setdefault("epub", {})
    for node_name, visitors in handlers.get("html", {}).items():
        epub.setdefault(node_name, visitors)


def register(app: Sphinx) -> None:
    app.connect("builder-inited", reuse_html_visitors)
