"""The EPUB: the book's pages packaged, without Sphinx's working files or unpublished drafts."""

from __future__ import annotations

from sphinx.application import Sphinx

from . import contents, package, xhtml


def setup(app: Sphinx) -> None:
    contents.register(app)
    xhtml.register(app)
    package.register(app)
