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
        Path(builder.get_outfilename(gone)).unlink(missing_ok=True)
    templates_changed_at = builder.templates.newest_template_mtime()
    overview = overview_page(app.env)
    tag_of_page = {}
    for info in sorted(state.tags.values(), key=lambda t: t.slug):
        pagename = f"{conf.tags_dir}/{info.slug}"
        outfile = Path(builder.get_outfilename(pagename))
        if (
            not resume.all_tag_pages_owed(app)
            and previous.get(pagename) == current[pagename]
            and outfile.is_file()
            and outfile.stat().st_mtime >= templates_changed_at
        ):
            continue
        tag_of_page[pagename] = info

    def write_page(pagename: str) -> None:
        context = tag_page_context(app, pagename, tag_of_page[pagename], overview)
        builder.handle_page(pagename, context, "page.html")

    by_key = {f"{conf.tags_dir}/{info.slug}": info for info in state.tags.values()}
    for pagename, target in sorted(state.redirects.items()):
        outfile = Path(builder.get_outfilename(pagename))
        if (resume.all_tag_pages_owed(app) or previous.get(pagename) != current[pagename] or not outfile.is_file()
                or outfile.stat().st_mtime < templates_changed_at):
            builder.handle_page(pagename, redirect_context(app, pagename, target, by_key[target]), "page.html")

    speedups.write_pages(app, list(tag_of_page), write_page, weight=lambda page: len(tag_of_page[page].docnames))
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


def tag_page_context(app: Sphinx, pagename: str, info, overview: str | None) -> dict:
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
    if overview:
        summary += nodes.Text(" ")
        summary += nodes.reference("", _("All tags"), internal=True,
                                   refuri=builder.get_relative_uri(pagename, overview))
    title += summary
    if info.description:
        title += nodes.paragraph("", info.description, classes=["handbook-tag-description"])
    grid = nodes.container(classes=["handbook-cards"])
    for docname in info.docnames:
        grid += post_card(renderer, docname, image_uri=published_image(app, pagename, state.posts[docname].image))
    title += grid
    body += title
    return {
        "title": html.escape(heading),
        "body": builder.render_partial(body)["fragment"],
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
