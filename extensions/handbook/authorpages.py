"""A page per author (HTML builders): their posts, newest first, linked from each post's header.

``authors/<slug>.html`` (more pages, ``authors/<slug>/page-2.html``, past
``handbook_tag_page_size`` posts, as tag pages). Written only when what they show
changed (generated.py); pages of authors no longer there are removed. In the PDF
the header shows the names without links.
"""

from __future__ import annotations

import html
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.locale import _

from . import config as handbook_config
from . import generated
from .domain import has_tag_pages
from .listing import page_name, paged

AUTHORS_DIR = "authors"


def author_reference(env: BuildEnvironment, builder: Builder, fromdocname: str, key: str,
                     child: nodes.Node) -> nodes.reference | None:
    state = env.get_domain("handbook").state
    if not has_tag_pages(builder) or state is None or key not in state.authors:
        return None
    uri = builder.get_relative_uri(fromdocname, f"{AUTHORS_DIR}/{state.authors[key].slug}")
    ref = nodes.reference("", "", internal=True, refuri=uri, classes=["handbook-author-link"])
    ref += child
    return ref


def write_author_pages(app: Sphinx) -> list[tuple[str, dict, str]]:
    """``html-collect-pages``: each author's pages; those no longer made are removed."""
    state = app.env.get_domain("handbook").state
    previous = _existing_pages(app)
    out: list[tuple[str, dict, str]] = []
    made: set[str] = set()
    if state is not None and has_tag_pages(app.builder):
        size = handbook_config.get(app.config).tag_page_size
        for info in sorted(state.authors.values(), key=lambda a: a.slug):
            pages = paged(info.docnames, size)
            for number, docnames in enumerate(pages, start=1):
                pagename = page_name(f"{AUTHORS_DIR}/{info.slug}", number)
                made.add(pagename)
                heading = _("Posts by %s") % info.name
                out += generated.page(app, pagename, heading,
                                      _body(app, pagename, info, heading, docnames, number, len(pages)))
    for pagename in sorted(set(previous) - made):
        generated.remove(app, pagename)
    return out


def _existing_pages(app: Sphinx) -> list[str]:
    folder = Path(app.builder.outdir) / AUTHORS_DIR
    suffix = app.builder.out_suffix
    if not folder.is_dir():
        return []
    return [f"{AUTHORS_DIR}/{p.relative_to(folder).as_posix()[:-len(suffix)]}"
            for p in sorted(folder.rglob(f"*{suffix}"))]


def _link(app: Sphinx, pagename: str, target: str, text: str) -> str:
    uri = app.builder.get_relative_uri(pagename, target)
    return f'<a class="reference internal" href="{html.escape(uri)}">{text}</a>'


def _body(app: Sphinx, pagename: str, info, heading: str, docnames: tuple[str, ...], number: int,
          count: int) -> str:
    from .render import readable_date  # render.py links to these pages: imported here, not at the top

    state = app.env.get_domain("handbook").state
    total = len(info.docnames)
    summary = (_("%d post, newest first.") if total == 1 else _("%d posts, newest first.")) % total
    if count > 1:
        summary += " " + _("Page %d of %d.") % (number, count)
    out = [f'<section id="author-page"><h1>{html.escape(heading)}</h1>\n',
           f'<p class="handbook-author-summary">{html.escape(summary)}</p>\n<ul class="handbook-author-posts">\n']
    for docname in docnames:
        record = state.posts[docname]
        when = (f'<time datetime="{record.date.isoformat()}">{html.escape(readable_date(app, record.date))}</time> '
                if record.date else "")
        description = (f'<br><span class="handbook-card-excerpt">{html.escape(record.description)}</span>'
                       if record.description else "")
        out.append(f"<li>{when}{_link(app, pagename, docname, html.escape(record.title))}{description}</li>\n")
    out.append("</ul>\n")
    first = f"{AUTHORS_DIR}/{info.slug}"
    links = []
    if number > 1:
        links.append(_link(app, pagename, page_name(first, number - 1), html.escape(_("Newer posts"))))
    if number < count:
        links.append(_link(app, pagename, page_name(first, number + 1), html.escape(_("Older posts"))))
    if links:
        out.append('<nav class="handbook-pages">' + " ".join(links) + "</nav>\n")
    out.append("</section>\n")
    return "".join(out)


def register(app: Sphinx) -> None:
    app.connect("html-collect-pages", write_author_pages)
