"""The PDF (Sphinx's LaTeX builder): web images as PNG, classes and tables LaTeX can take, a limit for huge books,
handouts."""

from __future__ import annotations

from sphinx.application import Sphinx

from . import handouts, images, latex_classes, limit, tables


def setup(app: Sphinx) -> None:
    images.register(app)
    latex_classes.register(app)
    tables.register(app)
    limit.register(app)
    handouts.register(app)
