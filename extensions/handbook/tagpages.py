"""Tag pages for HTML builders, written only when what they show changed.

They are pages, not documents: a tag exists only once the posts naming it have
been read, after Sphinx has decided which documents there are. In the PDF the
tag overview chapter and the back-of-book index stand in for them.
"""

from __future__ import annotations

import html
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import _

from . import config as handbook_config
from . import resume, speedups
from .domain import has_tag_pages, overview_page
from .images import published_image
from .listing import page_name, paged
from .render import Renderer, post_card


def write_tag_pages(app: Sphinx) -> tuple:
    """``html-collect-pages``: writes the tag pages itself (split among ``-j`` processes)."""
    builder = app.builder
    domain = app.env.get_domain("handbook")
    state = domain.state
    if state is None or not has_tag_pages(builder):
        return ()
    conf = handbook_config.get(app.config)
    previous: dict[str, str] = domain.data["previous_tag_pages"]
    current = state.tag_page_prints
    for gone in sorted(previous.keys() - current.keys()):
        outfile = Path(builder.get_outfilename(gone))
        outfile.unlink(missing_ok=True)
        if gone.count("/") > conf.tags_dir.count("/") + 1 and outfile.parent.is_dir() and not any(outfile.parent.iterdir()):
            outfile.parent.rmdir()  # a tag's folder of further pages, now empty
    templates_changed_at = builder.templates.newest_template_mtime()
    overview = overview_page(app.env)
    tag_of_page: dict[str, tuple] = {}  # page name -> (tag, its pages, this page's number)
    for info in sorted(state.tags.values(), key=lambda t: t.slug):
        pages = paged(info.docnames, conf.tag_page_size)
        for number in range(1, len(pages) + 1):
            pagename = page_name(f"{conf.tags_dir}/{info.slug}", number)
            outfile = Path(builder.get_outfilename(pagename))
            if (
                not resume.all_tag_pages_owed(app)
                and previous.get(pagename) == current[pagename]
                and outfile.is_file()
                and outfile.stat().st_mtime >= templates_changed_at
            ):
                continue
            tag_of_page[pagename] = (info, pages, number)

    def write_page(pagename: str) -> None:
        info, pages, number = tag_of_page[pagename]
        context = tag_page_context(app, pagename, info, overview, pages, number)
        builder.handle_page(pagename, context, "page.html")

    by_key = {f"{conf.tags_dir}/{info.slug}": info for info in state.tags.values()}
    for pagename, target in sorted(state.redirects.items()):
        outfile = Path(builder.get_outfilename(pagename))
        if (resume.all_tag_pages_owed(app) or previous.get(pagename) != current[pagename] or not outfile.is_file()
                or outfile.stat().st_mtime < templates_changed_at):
            builder.handle_page(pagename, redirect_context(app, pagename, target, by_key[target]), "page.html")

    speedups.write_pages(app, list(tag_of_page), write_page, weight=lambda page: len(tag_of_page[page][1][tag_of_page[page][2] - 1]))
    return ()  # nothing left for Sphinx to write


def redirect_context(app: Sphinx, pagename: str, target: str, info) -> dict:
    """An old tag name's page: it sends the reader to the tag's page (relative: works offline)."""
    uri = app.builder.get_relative_uri(pagename, target)
    heading = _("“%s” is now “%s”") % (pagename.rsplit("/", 1)[-1], info.spelling)
    return {
        "title": html.escape(heading),
        "body": (f'<section id="tag-moved"><h1>{html.escape(heading)}</h1><p><a href="{html.escape(uri)}">'
                 f"{html.escape(_('Posts tagged “%s”') % info.spelling)}</a></p></section>"),
        "parents": [], "display_toc": False, "toc": "", "meta": {}, "sourcename": "", "rellinks": [],
        "metatags": f'<meta http-equiv="refresh" content="0; url={html.escape(uri)}">',
    }


def tag_page_context(app: Sphinx, pagename: str, info, overview: str | None,
                     pages: list[tuple[str, ...]], number: int) -> dict:
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
    if len(pages) > 1:
        summary += nodes.Text(" " + _("Page %d of %d.") % (number, len(pages)))
    if overview:
        summary += nodes.Text(" ")
        summary += nodes.reference("", _("All tags"), internal=True,
                                   refuri=builder.get_relative_uri(pagename, overview))
    title += summary
    if info.description:
        title += nodes.paragraph("", info.description, classes=["handbook-tag-description"])
    grid = nodes.container(classes=["handbook-cards"])
    for docname in pages[number - 1]:
        grid += post_card(renderer, docname, image_uri=published_image(app, pagename, state.posts[docname].image))
    title += grid
    body += title
    first = f"{handbook_config.get(app.config).tags_dir}/{info.slug}"
    # Sphinx sets the figure numbers of the page it writes in write_doc; a tag page has
    # none, and in a build that writes no document before it there would be no attribute.
    builder.fignumbers = {}
    return {
        "title": html.escape(heading if number == 1 else f"{heading} ({_('page %d') % number})"),
        "body": builder.render_partial(body)["fragment"] + page_links(builder, pagename, first, len(pages), number),
        "parents": [],
        "display_toc": False,
        "toc": "",
        "meta": {},
        "metatags": "",
        "sourcename": "",
        "rellinks": [],
    }


def page_links(builder, pagename: str, first: str, count: int, number: int) -> str:
    """The links between a tag's pages: newer, every page by number, older."""
    if count <= 1:
        return ""

    def link(n: int, text: str, rel: str = "") -> str:
        uri = "#" if n == number else html.escape(builder.get_relative_uri(pagename, page_name(first, n)))
        current = ' aria-current="page"' if n == number and not rel else ""
        return f'<a href="{uri}"{current}{f" rel={chr(34)}{rel}{chr(34)}" if rel else ""}>{html.escape(text)}</a>'

    parts = []
    if number > 1:
        parts.append(link(number - 1, _("Newer posts"), "prev"))
    parts += [link(n, str(n)) for n in range(1, count + 1)]
    if number < count:
        parts.append(link(number + 1, _("Older posts"), "next"))
    return (f'<nav class="handbook-pages" aria-label="{html.escape(_("Pages of this tag"))}">'
            + " ".join(parts) + "</nav>")


def register(app: Sphinx) -> None:
    app.connect("html-collect-pages", write_tag_pages)
