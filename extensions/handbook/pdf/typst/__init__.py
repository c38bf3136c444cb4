"""The training PDF and the chapter handouts through Typst (``sphinx-build -b typst``).

``register()`` adds the builder and its options; the modules follow the work:
``builder`` (one doctree per book) -> ``targets`` (what links lead where) -> ``parts``
(the book cut into chapters, each written by ``translator``: text only as strings,
``escape``) -> ``typst_file`` (the ``.typ`` sources, designed by ``handbook-book.typ``)
-> ``pipeline`` (two passes of ``compile``, the fronts and the ``index``) -> ``merge``
(one PDF/UA-1 book, one per handout). ``fonts`` knows which characters the book's fonts
have; ``pictures`` which images Typst can read.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from .builder import TypstBuilder
from .fonts import DEFAULT_PATHS


def register(app: Sphinx) -> None:
    app.add_builder(TypstBuilder)
    # "book", "handouts" or both (one read of the documents for all); -t handouts: the handouts only.
    app.add_config_value("typst_outputs", ["book"], "", types=frozenset({list, tuple}))
    app.add_config_value("typst_filename", "book", "", types=frozenset({str}))
    app.add_config_value("typst_subtitle", "", "", types=frozenset({str}))
    app.add_config_value("typst_handout_subtitle", "", "", types=frozenset({str}))
    app.add_config_value("typst_subject", "", "", types=frozenset({str}))
    app.add_config_value("typst_keywords", [], "", types=frozenset({list, tuple}))
    app.add_config_value("typst_intro_title", "", "", types=frozenset({str}))  # "": "Welcome"
    app.add_config_value("typst_font_paths", list(DEFAULT_PATHS), "", types=frozenset({list, tuple}))
    app.add_config_value("typst_pdf_standards", ["ua-1"], "", types=frozenset({list, tuple}))
    app.add_config_value("typst_jobs", 0, "", types=frozenset({int}))  # 0: one process per core
    # The most posts one part holds (a part is what Typst has in memory at once: about 1.8 MB a page).
    app.add_config_value("typst_part_posts", 300, "", types=frozenset({int}))
