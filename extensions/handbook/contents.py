"""The contents page: every chapter in reading order, for when the sidebar shows a window.

When the handbook has more chapters than ``handbook_sidebar_window``, the sidebar
shows some of them and links here (navigation.py). A document of that name, when
the writer made one, is used instead. Like a tag page it is a page, not a document,
and it is written only when what it shows changed.
"""

from __future__ import annotations

import hashlib
import html
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.locale import _

from . import config as handbook_config
from .domain import has_tag_pages
from .navigation import sidebar_tree


def write_contents_page(app: Sphinx) -> list[tuple[str, dict, str]]:
    """``html-collect-pages``: the contents page, when the sidebar links to it."""
    builder = app.builder
    tree = sidebar_tree(builder)
    pagename = handbook_config.get(app.config).contents_page
    if not has_tag_pages(builder) or tree is None or pagename in app.env.all_docs:
        return []
    outfile = Path(builder.get_outfilename(pagename))
    if not tree.needs_contents_page:
        outfile.unlink(missing_ok=True)  # the chapters fit again: no page left behind
        return []
    body = _body(app, pagename, tree)
    # The page's own fingerprint, kept in it: rewritten only when it would differ.
    print_ = hashlib.sha256(repr((body, tree.html(pagename), builder.build_info.config_hash)).encode()).hexdigest()
    mark = f'<meta name="handbook-contents" content="{print_}">'
    if (outfile.is_file() and outfile.stat().st_mtime >= builder.templates.newest_template_mtime()
            and mark in outfile.read_text(encoding="utf-8", errors="replace")):
        return []
    title = _("All chapters")
    context = {
        "title": html.escape(title), "body": body, "parents": [], "display_toc": False, "toc": "",
        "meta": {}, "metatags": mark, "sourcename": "", "rellinks": [],
    }
    return [(pagename, context, "page.html")]


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
