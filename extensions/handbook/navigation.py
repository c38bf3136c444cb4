"""Keep each page's navigation proportional to its chapter, not the whole book.

furo draws its sidebar from ``toctree(collapse=False, ...)``: every page then
carries every post, and a build grows with the square of the number of posts.
Handing furo a ``toctree`` that always collapses shows every chapter and the
current chapter's posts, which is what a reader navigates by anyway.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def collapse_navigation(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    toctree = context.get("toctree")
    if toctree is None or getattr(toctree, "handbook_collapsed", False):
        return

    def collapsed_toctree(**kwargs):
        kwargs["collapse"] = True
        return toctree(**kwargs)

    collapsed_toctree.handbook_collapsed = True
    context["toctree"] = collapsed_toctree


def register(app: Sphinx) -> None:
    # Before furo's own handler (priority 500), which computes the sidebar.
    app.connect("html-page-context", collapse_navigation, priority=400)
