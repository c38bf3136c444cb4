"""The handbook's own styles and scripts (``static/``), for the outputs that show them.

HTML outputs (the website, a single page, the EPUB) get the style sheet; only the
website gets the scripts (reading progress, the keyboard-friendly navigation drawer, the
self-checks and courses' progress):
an e-book has no place to keep progress and no drawer.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from .. import capabilities

STATIC = Path(__file__).resolve().parent.parent / "static"


def add_assets(app: Sphinx) -> None:
    can = capabilities.of(app.builder)
    if can.html:
        # A new list: the default one may be shared by every Config of the process.
        app.config.html_static_path = [*app.config.html_static_path, str(STATIC)]
        app.add_css_file("handbook.css")
    if can.website:
        app.add_js_file("handbook-progress.js", defer="defer")
        app.add_js_file("handbook-keyboard.js", defer="defer")
        app.add_js_file("handbook-training.js", defer="defer")


def register(app: Sphinx) -> None:
    app.connect("builder-inited", add_assets)
