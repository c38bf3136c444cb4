"""The contents page: every chapter in reading order, for when the sidebar shows a window.

When the handbook has more chapters than ``handbook_sidebar_window``, the sidebar
shows some of them and links here (navigation.py). A document of that name, when
the writer made one, is used instead.
"""

from __future__ import annotations

from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.locale import _

from .. import capabilities
from .. import config as handbook_config
from . import pages
from .navigation import sidebar_tree


def write_contents_page(app: Sphinx) -> list[tuple[str, dict, str]]:
    """``html-collect-pages``: the contents page, when the sidebar links to it (else the ledger removes it)."""
    builder = app.builder
    tree = sidebar_tree(app)
    pagename = handbook_config.get(app.config).contents_page
    if not capabilities.of(builder).website or tree is None or pagename in app.env.all_docs:  # the website's
        return []
    if not tree.needs_contents_page:
        return []  # the chapters fit in the sidebar
    groups = []
    for group in tree.groups:
        entries = []
        for entry in group.entries:
            count = len(entry.children)
            entries.append({"href": entry.url if entry.docname is None else pages.link(app, pagename, entry.docname),
                            "title": Markup(entry.title_html),  # as the sidebar shows it (escaped there)
                            "count": "" if not count else _("%d post") % count if count == 1 else _("%d posts") % count})
        groups.append({"caption": group.caption, "entries": entries})
    return pages.page(app, "contents", pagename, _("All chapters"), "contents.html", heading=_("All chapters"),
                      groups=groups)


def register(app: Sphinx) -> None:
    app.connect("html-collect-pages", write_contents_page)
