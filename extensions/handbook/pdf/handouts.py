"""Chapter handouts: one PDF per chapter, for a trainer who prints one session's reading.

``sphinx-build -b latex -t handouts`` writes one LaTeX document per chapter instead of
the book (``handout-<chapter>.tex``: the chapter's cover, contents and posts), and
``tools/handouts.py`` runs latexmk on each (``./dev handouts``; on Read the Docs a
``post_build`` job puts them in the website). Each chapter page's link to its handout:
``book/render.py``.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from .. import capabilities


def handout_name(chapter: str) -> str:
    """``chapters/basics`` -> ``basics``: the handout's file name, without ``.pdf``."""
    return chapter.rsplit("/", 1)[-1]


def documents(state, author: str) -> list[tuple]:
    """Sphinx's ``latex_documents`` for the handouts: one per chapter with posts."""
    return [(chapter, f"handout-{handout_name(chapter)}.tex", state.chapter_titles.get(chapter, chapter), author,
             "manual", False)
            for chapter in state.chapter_order if state.chapters.get(chapter)]


def use_handout_documents(app: Sphinx, builder) -> None:
    """``write-started``: the LaTeX builder writes the handouts instead of the book."""
    if not capabilities.of(builder).book or not app.tags.has(capabilities.HANDOUTS_TAG):
        return
    state = app.env.get_domain("handbook").state
    if state is not None:  # read by the builder's prepare_writing, right after this event
        app.config.latex_documents = documents(state, app.config.author)


def register(app: Sphinx) -> None:
    app.connect("write-started", use_handout_documents)
