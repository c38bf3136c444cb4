"""Chapter handouts: one PDF per chapter, for a trainer who prints one session's reading.

``sphinx-build -b latex -t handouts`` writes one LaTeX document per chapter instead of
the book (``handout-<chapter>.tex``: the chapter's cover, contents and posts), and
``tools/handouts.py`` runs latexmk on each (``./dev handouts``; on Read the Docs a
``post_build`` job puts them in the website). When conf.py says the handouts are
published (``html_context["handbook_handouts"]``, the folder below the site's root),
each chapter page offers its handout for download.
"""

from __future__ import annotations

import html
import posixpath

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import _

from . import config as handbook_config

TAG = "handouts"


def published(post_count: int, max_posts: int) -> bool:
    """Whether a handbook makes handouts: while its PDF prints every post (``handbook_print_max_posts``).

    Past that (thousands of posts, hundreds of chapters) the handouts would take as long as
    the whole book, which is already more than Read the Docs gives a build; the PDF's
    chapters are then the pieces to print. A post is a file in the posts folder (drafts
    too), as ``tools/handouts.py --fits`` counts them before Read the Docs' handout job.
    """
    return max_posts == 0 or post_count <= max_posts


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
    if builder.name != "latex" or not app.tags.has(TAG):
        return
    state = app.env.get_domain("handbook").state
    if state is not None:  # read by the builder's prepare_writing, right after this event
        app.config.latex_documents = documents(state, app.config.author)


def download_link(app: Sphinx, docname: str) -> nodes.Node | None:
    """The chapter page's link to its handout, on the website, when handouts are published."""
    folder = (app.config.html_context or {}).get("handbook_handouts")
    if not folder or app.builder.name not in ("html", "dirhtml"):
        return None
    state = app.env.get_domain("handbook").state  # its posts: every document in the posts folder
    if state is None or not published(len(state.posts), handbook_config.get(app.config).print_max_posts):
        return None
    target = posixpath.join(str(folder).strip("/"), handout_name(docname) + ".pdf")
    href = posixpath.relpath(target, posixpath.dirname(app.builder.get_target_uri(docname)) or ".")
    words = _("Print this chapter: PDF handout for one session")
    return nodes.raw("", f'<p class="handbook-handout"><a href="{html.escape(href)}" download>{html.escape(words)}</a></p>',
                     format="html")


def register(app: Sphinx) -> None:
    app.connect("write-started", use_handout_documents)
