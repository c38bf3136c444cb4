"""A page per author (HTML builders): their posts, newest first, linked from each post's header.

``authors/<slug>.html`` (more pages, ``authors/<slug>/page-2.html``, past
``handbook_tag_page_size`` posts, as tag pages). Written only when what they show
changed (generated.py); pages of authors no longer there are removed. In the PDF
the header shows the names without links.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.locale import _

from .. import capabilities
from .. import config as handbook_config
from ..book.dates import readable_date
from ..book.references import AUTHORS_DIR
from ..core.listing import page_name, paged
from . import pages


def write_author_pages(app: Sphinx) -> list[tuple[str, dict, str]]:
    """``html-collect-pages``: each author's pages (those no longer made go with the ledger)."""
    state = app.env.get_domain("handbook").state
    out: list[tuple[str, dict, str]] = []
    if state is None or not capabilities.of(app.builder).tag_pages:
        return out
    size = handbook_config.get(app.config).tag_page_size
    for info in sorted(state.authors.values(), key=lambda a: a.slug):
        numbered = paged(info.docnames, size)
        first = f"{AUTHORS_DIR}/{info.slug}"
        for number, docnames in enumerate(numbered, start=1):
            pagename = page_name(first, number)
            heading = _("Posts by %s") % info.name
            total = len(info.docnames)
            summary = (_("%d post, newest first.") if total == 1 else _("%d posts, newest first.")) % total
            if len(numbered) > 1:
                summary += " " + _("Page %d of %d.") % (number, len(numbered))
            others = []
            if number > 1:
                others.append((pages.link(app, pagename, page_name(first, number - 1)), _("Newer posts")))
            if number < len(numbered):
                others.append((pages.link(app, pagename, page_name(first, number + 1)), _("Older posts")))
            posts = [{"date": state.posts[d].date.isoformat() if state.posts[d].date else "",
                      "shown_date": readable_date(app, state.posts[d].date) if state.posts[d].date else "",
                      "href": pages.link(app, pagename, d), "title": state.posts[d].title,
                      "description": state.posts[d].description} for d in docnames]
            out += pages.page(app, "author", pagename, heading, "author.html", heading=heading, summary=summary,
                              posts=posts, others=others)
    return out


def register(app: Sphinx) -> None:
    app.connect("html-collect-pages", write_author_pages)
