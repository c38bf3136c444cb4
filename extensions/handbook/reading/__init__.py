"""Reading a post in Sphinx: its text before MyST, MyST without per-post settings, its record and images."""

from __future__ import annotations

from sphinx.application import Sphinx

from . import diagrams, index_terms, links, reader, source
from .parser import HandbookMystParser

# Every suffix Markdown posts are written with (WordPress and old Jekyll exports, Octopress,
# Middleman's .html.markdown, MDX): read by MyST like .md (MDX's JSX: core/post.py).
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkd", ".mkdn", ".mdx")


def setup(app: Sphinx) -> None:
    app.add_source_parser(HandbookMystParser, override=True)
    for suffix in MARKDOWN_SUFFIXES:
        app.add_source_suffix(suffix, "markdown", override=True)
    source.register(app)
    reader.register(app)
    index_terms.register(app)
    links.register(app)
    diagrams.register(app)
