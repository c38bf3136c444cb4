"""The contents page: every chapter in reading order, for when the sidebar shows a window.

When the handbook has more chapters than ``handbook_sidebar_window``, the sidebar
shows some of them and links here (navigation.py). A document of that name, when
the writer made one, is used instead.
"""

from __future__ import annotations

import html

from sphinx.application import Sphinx
from sphinx.locale import _

from . import config as handbook_config
from . import generated
from .navigation import sidebar_tree


def write_contents_page(app: Sphinx) -> list[tuple[str, dict, str]]:
    """``html-collect-pages``: the contents page, when the sidebar links to it."""
    builder = app.builder
    tree = sidebar_tree(builder)
    pagename = handbook_config.get(app.config).contents_page
    if builder.name not in ("html", "dirhtml") or tree is None or pagename in app.env.all_docs:  # the website's
        return []
    if not tree.needs_contents_page:
        generated.remove(app, pagename)  # the chapters fit again: no page left behind
        return []
    return generated.page(app, pagename, _("All chapters"), _body(app, pagename, tree))


def _body(app: Sphinx, pagename: str, tree) -> str:
    out = [f'<section id="all-chapters"><h1>{html.escape(_("All chapters"))}</h1>\n']
    for group in tree.groups:
        if group.caption:
            out.append(f"<h2>{html.escape(group.caption)}</h2>\n")
        out.append('<ul class="handbook-contents">\n')
        for entry in group.entries:
            if entry.docname is None:
                href = entry.url
            else:
                href = app.builder.get_relative_uri(pagename, entry.docname)
            count = len(entry.children)
            counted = "" if not count else (
                f' <span class="handbook-count">{html.escape(_("%d post") % count if count == 1 else _("%d posts") % count)}</span>')
            out.append(f'<li><a class="reference internal" href="{html.escape(href)}">{entry.title_html}</a>{counted}</li>\n')
        out.append("</ul>\n")
    out.append("</section>\n")
    return "".join(out)


def register(app: Sphinx) -> None:
    app.connect("html-collect-pages", write_contents_page)
