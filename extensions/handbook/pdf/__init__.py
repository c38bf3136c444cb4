"""The PDF: the training book and its chapter handouts through Typst (``typst/``, PDF/UA-1, the one
``./dev pdf`` and Read the Docs make), and Sphinx's own LaTeX builder kept working (web images as PNG,
classes and tables LaTeX can take, a limit for huge books, handouts)."""

from __future__ import annotations

from sphinx.application import Sphinx

from . import handouts, images, latex_classes, limit, tables, typst


def setup(app: Sphinx) -> None:
    images.register(app)
    latex_classes.register(app)
    tables.register(app)
    limit.register(app)
    handouts.register(app)
    typst.register(app)
