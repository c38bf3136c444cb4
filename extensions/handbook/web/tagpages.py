"""Tag pages for HTML builders, written only when what they show changed.

They are pages, not documents: a tag exists only once the posts naming it have
been read, after Sphinx has decided which documents there are. In the PDF the
tag overview chapter and the back-of-book index stand in for them.
"""

from __future__ import annotations

import html
from pathlib import Path

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.locale import _

from .. import capabilities, compat, ledger, speedups
from .. import config as handbook_config
from ..book import resume
from ..book.render import Renderer, post_card
from ..core.listing import page_name, paged
from . import pages
from .images import published_image


def write_tag_pages(app: Sphinx) -> tuple:
    """``html-collect-pages``: writes the tag pages itself (split among ``-j`` processes).

    Which pages to write is decided here, in the main process, by the ledger (what each
    page shows is in the book state's ``tag_page_prints``); the pages of tags that went
    are removed with the ledger at the build's end.
    """
    builder = app.builder
    domain = app.env.get_domain("handbook")
    state = domain.state
    if state is None or not capabilities.of(builder).tag_pages:
        return ()
    conf = handbook_config.get(app.config)
    book = ledger.of(app)
    every_page = resume.all_tag_pages_owed(app)  # a stopped build may have left any of them half-written
    prints = state.tag_page_prints

    def wanted(kind: str, pagename: str) -> bool:
        path = Path(builder.get_outfilename(pagename)).relative_to(builder.outdir).as_posix()
        return book.wants(kind, path, prints[pagename]) or every_page

    overview = domain.overview_page()
    tag_of_page: dict[str, tuple] = {}  # page name -> (tag, its pages, this page's number)
    for info in sorted(state.tags.values(), key=lambda t: t.slug):
        numbered = paged(info.docnames, conf.tag_page_size)
        for number in range(1, len(numbered) + 1):
            pagename = page_name(f"{conf.tags_dir}/{info.slug}", number)
            if wanted("tag", pagename):
                tag_of_page[pagename] = (info, numbered, number)
    by_page = {f"{conf.tags_dir}/{info.slug}": info for info in state.tags.values()}
    moved = [(pagename, target) for pagename, target in sorted(state.redirects.items())
             if wanted("tag-redirect", pagename)]
    book.promise()

    def write_page(pagename: str) -> None:
        info, numbered, number = tag_of_page[pagename]
        builder.handle_page(pagename, tag_page_context(app, pagename, info, overview, numbered, number), "page.html")

    for pagename, target in moved:
        builder.handle_page(pagename, redirect_context(app, pagename, target, by_page[target]), "page.html")
    speedups.write_pages(app, list(tag_of_page), write_page,
                         weight=lambda page: len(tag_of_page[page][1][tag_of_page[page][2] - 1]))
    return ()  # nothing left for Sphinx to write


def redirect_context(app: Sphinx, pagename: str, target: str, info) -> dict:
    """An old tag name's page: it sends the reader to the tag's page (relative: works offline)."""
    uri = pages.link(app, pagename, target)
    heading = _("“%s” is now “%s”") % (pagename.rsplit("/", 1)[-1], info.spelling)
    body = pages.render(app, "tag-moved.html", heading=heading, href=uri, words=_("Posts tagged “%s”") % info.spelling)
    return {
        "title": html.escape(heading), "body": str(body), "parents": [], "display_toc": False, "toc": "", "meta": {},
        "sourcename": "", "rellinks": [],
        "metatags": f'<meta http-equiv="refresh" content="0; url={html.escape(uri)}">',
    }


def tag_page_context(app: Sphinx, pagename: str, info, overview: str | None,
                     numbered: list[tuple[str, ...]], number: int) -> dict:
    builder = app.builder
    state = app.env.get_domain("handbook").state
    renderer = Renderer(app, pagename, state)
    body = nodes.container(classes=["handbook-tag-page"])
    title = nodes.section(ids=["tag-page"])
    heading = _("Posts tagged “%s”") % info.spelling
    title += nodes.title("", heading)
    count = len(info.docnames)
    summary = nodes.paragraph(classes=["handbook-tag-summary"])
    summary += nodes.Text((_("%d post, newest first.") if count == 1 else _("%d posts, newest first.")) % count)
    if len(numbered) > 1:
        summary += nodes.Text(" " + _("Page %d of %d.") % (number, len(numbered)))
    if overview:
        summary += nodes.Text(" ")
        summary += nodes.reference("", _("All tags"), internal=True,
                                   refuri=builder.get_relative_uri(pagename, overview))
    title += summary
    if info.description:
        title += nodes.paragraph("", info.description, classes=["handbook-tag-description"])
    grid = nodes.container(classes=["handbook-cards"])
    for docname in numbered[number - 1]:
        grid += post_card(renderer, docname, image_uri=published_image(app, pagename, state.posts[docname].image))
    title += grid
    body += title
    first = f"{handbook_config.get(app.config).tags_dir}/{info.slug}"
    compat.no_figure_numbers(builder)
    links = []
    if len(numbered) > 1:
        def page_link(n: int, text: str, rel: str = "") -> dict:
            return {"href": "#" if n == number else pages.link(app, pagename, page_name(first, n)), "text": text,
                    "current": n == number and not rel, "rel": rel}

        if number > 1:
            links.append(page_link(number - 1, _("Newer posts"), "prev"))
        links += [page_link(n, str(n)) for n in range(1, len(numbered) + 1)]
        if number < len(numbered):
            links.append(page_link(number + 1, _("Older posts"), "next"))
    fragment = Markup(builder.render_partial(body)["fragment"])
    return {
        "title": html.escape(heading if number == 1 else f"{heading} ({_('page %d') % number})"),
        "body": str(pages.render(app, "tag.html", fragment=fragment, pages=links, label=_("Pages of this tag"))),
        "parents": [],
        "display_toc": False,
        "toc": "",
        "meta": {},
        "metatags": "",
        "sourcename": "",
        "rellinks": [],
    }


def register(app: Sphinx) -> None:
    app.connect("html-collect-pages", write_tag_pages)
