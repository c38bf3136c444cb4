"""Lead Generation Handbook: blog posts with front matter as a Sphinx handbook.

``setup()`` only registers each package; ARCHITECTURE.md (repository root) has the
layers, the module map and the way data flows through them.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from . import book, compat, config, epub, pdf, reading, runs, speedups, web

__version__ = "1.0.0"


def setup(app: Sphinx) -> dict:
    config.register(app)
    runs.register(app)
    speedups.register(app)
    compat.register(app)
    book.setup(app)
    reading.setup(app)
    pdf.setup(app)
    web.setup(app)
    epub.setup(app)
    return {
        "version": __version__,
        "env_version": 9,  # records with language and direction, canonical, owner, review date, fingerprint, quizzes
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
