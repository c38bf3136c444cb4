"""The EPUB packages the book, not Sphinx's working files.

Sphinx 9 keeps its doctrees in ``<output>/.doctrees`` unless ``-d`` says otherwise, and
the EPUB builder packages every file of the output folder: a plain
``sphinx-build -b epub . _build/epub`` then warns "unknown mimetype" for each doctree.
They are not part of the book: they are added to ``epub_exclude_files``, which the
builder reads when it lists the book's files (``build_content``).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx


def ignore_doctrees(app: Sphinx, builder) -> None:
    """``write-started``: every doctree is written by now (reading is over)."""
    if builder.name not in ("epub", "epub3"):
        return
    outdir, doctrees = Path(builder.outdir).resolve(), Path(builder.doctreedir).resolve()
    if doctrees.is_relative_to(outdir):
        working_files = [str(p.relative_to(outdir)) for p in sorted(doctrees.rglob("*")) if p.is_file()]
        app.config.epub_exclude_files = [*app.config.epub_exclude_files, *working_files]


def register(app: Sphinx) -> None:
    app.connect("write-started", ignore_doctrees)
