"""Reading a post in Sphinx: its text before MyST, MyST without per-post settings, its record and images."""

from __future__ import annotations

from sphinx.application import Sphinx

from . import diagrams, index_terms, links, reader, source
from .parser import HandbookMystParser


def setup(app: Sphinx) -> None:
    app.add_source_parser(HandbookMystParser, override=True)
    source.register(app)
    reader.register(app)
    index_terms.register(app)
    links.register(app)
    diagrams.register(app)
