"""The EPUB packages the book, not Sphinx's working files.

Sphinx 9 keeps its doctrees in ``<output>/.doctrees`` unless ``-d`` says otherwise, and
the EPUB builder packages every file of the output folder: a plain
``sphinx-build -b epub . _build/epub`` then warns "unknown mimetype" for each doctree.
They are not part of the book, nor is the handbook's list of the files it wrote
(``ledger.py``): they are added to ``epub_exclude_files``, which the builder reads
when it lists the book's files (``build_content``).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from .. import capabilities, ledger


def ignore_doctrees(app: Sphinx, builder) -> None:
    """``write-started``: every doctree is written by now (reading is over)."""
    if not capabilities.of(builder).epub:
        return
    outdir, doctrees = Path(builder.outdir).resolve(), Path(builder.doctreedir).resolve()
    working_files = [ledger.MANIFEST]  # the handbook's own list of what it wrote (ledger.py)
    if doctrees.is_relative_to(outdir):
        working_files += [str(p.relative_to(outdir)) for p in sorted(doctrees.rglob("*")) if p.is_file()]
    app.config.epub_exclude_files = [*app.config.epub_exclude_files, *working_files]


def no_downloads(app: Sphinx) -> None:
    """``builder-inited``: the PDF and handouts a local build offers (conf.py's
    ``html_extra_path``) are the website's downloads, not files of the e-book."""
    if capabilities.of(app.builder).epub:
        app.config.html_extra_path = []


def register(app: Sphinx) -> None:
    app.connect("builder-inited", no_downloads)
    app.connect("write-started", ignore_doctrees)
