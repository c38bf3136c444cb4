"""Filling the placeholders, once per output document (``doctree-resolved``).

Everything is built from docutils nodes, so each writer escapes text itself
and HTML, LaTeX and EPUB all get their own rendering of the same content.
"""

from __future__ import annotations

import html
import posixpath

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.errors import NoUri
from sphinx.locale import _

from .. import capabilities
from .. import config as handbook_config
from ..core.bookstate import BookState
from ..core.listing import handouts_made
from ..core.records import PostRecord
from . import courses, quizzes, references
from .dates import readable_date
from .domain import HandbookDomain
from .language import wrap
from .nodes import (
    PLACEHOLDERS,
    course_list,
    course_session,
    course_summary,
    element,
    offline_download,
    post_header,
    post_list,
    quiz,
    related_posts,
    tag_overview,
)


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    state: BookState | None = app.env.get_domain("handbook").state
    renderer = Renderer(app, docname, state) if state is not None else None
    # One walk of the tree, not one per kind: a PDF's chapter can hold thousands of posts.
    found: dict[type, list[nodes.Element]] = {kind: [] for kind in PLACEHOLDERS}
    for node in doctree.findall(lambda n: isinstance(n, PLACEHOLDERS)):
        found[next(kind for kind in PLACEHOLDERS if isinstance(node, kind))].append(node)
    for node_class in PLACEHOLDERS:  # in this order, as before
        for node in found[node_class]:
            replacement = renderer.render(node) if renderer else []
            if replacement:
                node.replace_self(replacement)
            else:
                node.parent.remove(node)
    if renderer is not None:
        quizzes.answers_at_the_end(renderer, doctree)  # the EPUB's


class Renderer:
    def __init__(self, app: Sphinx, docname: str, state: BookState) -> None:
        self.app = app
        self.env = app.env
        self.builder: Builder = app.builder
        self.docname = docname
        self.state = state
        self.domain: HandbookDomain = app.env.get_domain("handbook")
        self.can = capabilities.of(self.builder)
        self.html = self.can.html
        self.epub_answers: list[quiz] = []  # the EPUB's self-checks, answered at the end of the post

    def render(self, node: nodes.Element) -> list[nodes.Node]:
        if isinstance(node, post_header):
            return self.post_header(node["docname"])
        if isinstance(node, related_posts):
            return self.related(node["docname"])
        if isinstance(node, post_list):
            return self.post_list(node)
        if isinstance(node, tag_overview):
            return self.tag_overview(node)
        if isinstance(node, quiz):
            return quizzes.render(self, node)
        if isinstance(node, course_session):
            return courses.render_session(self, node)
        if isinstance(node, course_summary):
            return courses.render_summary(self, node)
        if isinstance(node, course_list):
            return courses.render_list(self, node)
        if isinstance(node, offline_download):
            return self.offline_download()
        return []

    # ---- pieces ---------------------------------------------------------------
    def link_to_post(self, docname: str, child: nodes.Node) -> nodes.Node:
        record = self.state.posts[docname]
        try:
            return references.post_reference(self.builder, self.docname, docname, record.anchor, child, record.title)
        except NoUri:  # a post outside this PDF (a chapter handout): its title, unlinked
            return child

    def tag_chip(self, info, label: str | None = None) -> nodes.Node:
        chip = nodes.inline("", label or info.spelling, classes=["handbook-chip"])
        return self.domain.tag_reference(self.builder, self.docname, info.slug, chip) or chip

    def isolated(self, text: str, cls: str) -> nodes.Node:
        """The handbook's own words in a byline: in HTML a ``<bdi>``, so that in a right-to-left
        post they keep their order (the EPUB's CSS may not say ``unicode-bidi``)."""
        if self.html:
            return element("bdi", nodes.Text(text), classes=(cls,))
        return nodes.inline("", text, classes=[cls])

    def byline(self, record: PostRecord) -> nodes.paragraph:
        line = nodes.paragraph(classes=["handbook-byline"])
        line += self.isolated(readable_date(self.app, record.date), "handbook-date")
        if record.updated is not None and record.updated != record.date:
            line += nodes.Text(" · ")
            line += self.isolated(_("Updated %s") % readable_date(self.app, record.updated), "handbook-updated")
        line += nodes.Text(" · ")
        line += self.isolated(_("%d min read") % record.minutes, "handbook-reading-time")
        if record.draft:
            line += nodes.Text(" · ")
            line += nodes.inline("", _("Draft"), classes=["handbook-draft"])
        return line

    def post_header(self, docname: str) -> list[nodes.Node]:
        record = self.state.posts.get(docname)
        if record is None:
            return []
        header = self.versioned("div", record, ["handbook-post-header"])
        if record.draft and self.html:  # only a preview shows a draft (drafts.py)
            header += nodes.paragraph("", _("Draft: this post is not published. The handbook leaves it out "
                                            "until its front matter no longer says draft: true."),
                                      classes=["handbook-draft-banner"])
        header += self.byline(record)
        if record.authors:
            header += self.author_line(record)
        if record.reviewed is not None or record.owner is not None:
            header += self.review_line(record)
        if docname in self.state.due:
            header += nodes.paragraph("", _("This post may be out of date: its review was due on %s.")
                                      % readable_date(self.app, self.state.due[docname]),
                                      classes=["handbook-review-due"])
        tags = self.state.visible_tags(record)
        if tags:
            chips = nodes.paragraph(classes=["handbook-chips"])
            if not self.html:
                chips += nodes.Text(_("Tags: "))
            for i, info in enumerate(tags):
                if i and not self.html:
                    chips += nodes.Text(", ")
                chips += self.tag_chip(info)
            header += chips
        return [header]

    def versioned(self, tag: str, record: PostRecord, classes: list[str]) -> nodes.Element:
        """A post's header or card; on the website with its text's fingerprint for the trainee's progress
        ("updated since you read it", ``static/handbook-training.js``)."""
        if not self.can.website:
            return nodes.container(classes=classes)
        return element(tag, classes=(*classes, "docutils", "container"),
                       **{"data-handbook-version": record.fingerprint})

    def review_line(self, record: PostRecord) -> nodes.paragraph:
        """"Reviewed 3 March 2025 by Jane Doe"; "Owner: Jane Doe" when no review date is given."""
        line = nodes.paragraph(classes=["handbook-review"])
        owner = record.owner[1] if record.owner else ""
        if record.reviewed is None:
            line += nodes.Text(_("Owner: %s") % owner)
        elif owner:
            line += nodes.Text(_("Reviewed %(date)s by %(owner)s") % {"date": readable_date(self.app, record.reviewed),
                                                                     "owner": owner})
        else:
            line += nodes.Text(_("Reviewed %s") % readable_date(self.app, record.reviewed))
        return line

    def offline_download(self) -> list[nodes.Node]:
        """The landing page's link to the website as one zip (``html_context["handbook_offline_zip"]``)."""
        target = (self.app.config.html_context or {}).get("handbook_offline_zip")
        if not target or not self.can.website:
            return []
        href = posixpath.relpath(str(target).strip("/"), posixpath.dirname(self.builder.get_target_uri(self.docname))
                                 or ".")
        words = _("Download the handbook for a room without internet (ZIP): unpack it and open index.html")
        return [nodes.raw("", f'<p class="handbook-offline"><a href="{html.escape(href)}" download>'
                              f"{html.escape(words)}</a></p>", format="html")]

    def author_line(self, record: PostRecord) -> nodes.paragraph:
        """"By Jane Doe, Joe": each name links to the author's page where there are such pages."""
        line = nodes.paragraph(classes=["handbook-authors"])
        line += nodes.Text(_("By") + " ")
        for i, (key, name) in enumerate(record.authors):
            if i:
                line += nodes.Text(", ")
            chip = nodes.inline("", name, classes=["handbook-author"])
            line += self.domain.author_reference(self.builder, self.docname, key, chip) or chip
        return line

    def related(self, docname: str) -> list[nodes.Node]:
        docnames = self.state.related.get(docname, [])
        if not docnames:
            return []
        block = nodes.container(classes=["handbook-related"])
        block += nodes.rubric("", _("Related posts"))
        items = nodes.bullet_list()
        for related in docnames:
            record = self.state.posts[related]
            para = nodes.paragraph()
            para += self.link_to_post(related, nodes.inline("", record.title))
            para += nodes.Text(" · " + readable_date(self.app, record.date))
            items += nodes.list_item("", para)
        block += items
        return [block]

    def post_list(self, node: post_list) -> list[nodes.Node]:
        if node["kind"] == "chapter":
            docnames = self.state.chapters.get(node["docname"], [])
            if not self.html:
                return []  # in print the chapter's posts follow as its sections
        else:
            docnames = self.state.newest[: node["limit"]]
        if not docnames:
            return []
        grid = self.cards(docnames)
        if node["kind"] == "chapter":
            grid["classes"].append("handbook-chapter-posts")  # the trainee's progress (handbook-progress.js)
            link = self.handout_link(node["docname"])
            return [link, grid] if link is not None else [grid]
        return [grid]

    def handout_link(self, chapter: str) -> nodes.Node | None:
        """The chapter page's link to its PDF handout, on the website, when handouts are published.

        conf.py says where (``html_context["handbook_handouts"]``, a folder below the site's
        root); none in a handbook with more posts than the PDF prints (``handouts_made``).
        """
        folder = (self.app.config.html_context or {}).get("handbook_handouts")
        if not folder or not self.can.website:
            return None
        if not handouts_made(len(self.state.posts), handbook_config.get(self.app.config).print_max_posts):
            return None
        target = posixpath.join(str(folder).strip("/"), chapter.rsplit("/", 1)[-1] + ".pdf")
        href = posixpath.relpath(target, posixpath.dirname(self.builder.get_target_uri(chapter)) or ".")
        words = _("Print this chapter: PDF handout for one session")
        return nodes.raw("", f'<p class="handbook-handout"><a href="{html.escape(href)}" download>'
                             f"{html.escape(words)}</a></p>", format="html")

    def cards(self, docnames: list[str]) -> nodes.Element:
        grid = nodes.container(classes=["handbook-cards"])
        for docname in docnames:
            grid += post_card(self, docname)
        return grid

    def tag_overview(self, node: tag_overview) -> list[nodes.Node]:
        tags = sorted(self.state.tags.values(), key=lambda t: (t.spelling.casefold(), t.key))
        if not tags:
            return [nodes.paragraph("", _("No tags yet."))]
        if self.can.tag_pages:
            cloud = nodes.paragraph(classes=["handbook-chips", "handbook-tag-cloud"])
            for info in tags:
                cloud += self.tag_chip(info, f"{info.spelling} ({len(info.docnames)})")
                cloud += nodes.Text(" ")
            return [cloud]
        # In print, the overview lists every tag with its posts and page numbers; a PDF that
        # leaves posts out (print_limit.py) lists the posts it holds and counts the others.
        in_book = getattr(self.builder, "docnames", None) if self.can.book and \
            not self.app.tags.has(capabilities.HANDOUTS_TAG) else None
        out: list[nodes.Node] = []
        for info in tags:
            out.append(nodes.target("", "", ids=[f"tag-{info.slug}"]))
            out.append(nodes.rubric("", f"{info.spelling} ({len(info.docnames)})"))
            items = nodes.bullet_list()
            shown = [d for d in info.docnames if in_book is None or d in in_book]
            for docname in shown:
                para = nodes.paragraph()
                para += self.link_to_post(docname, nodes.inline("", self.state.posts[docname].title))
                items += nodes.list_item("", para)
            if len(shown) < len(info.docnames):
                items += nodes.list_item("", nodes.paragraph(
                    "", _("%d more on the website") % (len(info.docnames) - len(shown))))
            out.append(items)
        return out


def register(app: Sphinx) -> None:
    app.connect("doctree-resolved", on_doctree_resolved)


def post_card(renderer: Renderer, docname: str, image_uri: str | None = None) -> nodes.Element:
    """A post as listings show it: title, date, reading time, excerpt, image."""
    record = renderer.state.posts[docname]
    card = renderer.versioned("div", record, ["handbook-card"])
    if renderer.html and record.image:
        uri = image_uri or record.image
        card += nodes.image(uri=uri, alt="", candidates={"*": uri}, classes=["handbook-card-image"])
    title = nodes.paragraph(classes=["handbook-card-title"])
    title += renderer.link_to_post(docname, nodes.inline("", record.title))
    card += title
    card += renderer.byline(record)
    if record.description:
        card += nodes.paragraph("", record.description, classes=["handbook-card-excerpt"])
    if renderer.html and (record.lang or record.direction):
        wrap(card, record.lang, record.direction)  # a right-to-left post's card reads from the right
    return card
