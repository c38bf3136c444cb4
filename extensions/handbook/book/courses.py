"""Courses: the ``course`` directive of a course page, ``course-list``, and their pages drawn.

A course page (``courses/<name>.md``) holds one ``course`` directive, a session per line
(``core/courses.py`` reads them). While the page is read, each session becomes a section
of its own (its heading, in the page's contents) holding a placeholder; which posts a
session reads is known only after every post is read (``tag:`` items), so the sessions
are filled per output document from the book's state (``core/bookstate.py: courses``):
its posts in order with their reading minutes, the minutes of the session, and the
self-checks in its posts. On the website each post and self-check carries what
``static/handbook-training.js`` needs to show the trainee's progress and score.

Course pages are in no chapter: the sidebar lists them in a "Courses" group of their own
(``web/navigation.py``), and each has a PDF handout of its own (``pdf/handouts.py``).
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import replace

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import NoUri
from sphinx.locale import _
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

from .. import config as handbook_config
from ..core import courses
from ..core.courses import CoursePlan
from ..core.listing import handouts_made
from .nodes import course_list, course_session, course_summary, element

COURSES_HANDOUTS = "courses"  # the course handouts' folder, inside the handouts' folder


class CourseDirective(SphinxDirective):
    """A course: one session per line, ``Title: post, post, tag:name``."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        docname = self.env.docname
        first_content_line = self.lineno + self.content_offset + 1
        course = courses.parse([(first_content_line + i, text) for i, text in enumerate(self.content)], self.lineno)
        domain = self.env.get_domain("handbook")
        known = domain.courses.get(docname)
        if known is not None:  # one course per page: the second is reported and left out
            domain.note_course(docname, replace(known, problems=(*known.problems, (self.lineno, courses.SECOND_COURSE))))
            return []
        domain.note_course(docname, course)
        # The page's title as text, as a post's (MyST passes HTML in a front-matter title on).
        title = self.state.document.next_node(nodes.title)
        for raw in list(title.findall(nodes.raw)) if title is not None else []:
            raw.replace_self(nodes.Text(raw.astext()))
        # In no chapter: the sidebar has a group of its own for courses (no "not in a toctree" warning).
        self.env.metadata[docname]["orphan"] = True
        out: list[nodes.Node] = [course_summary(docname=docname)]
        for index, session in enumerate(course.sessions):
            section = nodes.section()
            section += nodes.title(session.title, session.title)
            section["names"].append(nodes.fully_normalize_name(session.title))
            self.state.document.note_implicit_target(section, section)
            section += course_session(docname=docname, index=index)
            out.append(section)
        return out


class CourseList(SphinxDirective):
    """Every course with its sessions, posts and reading minutes (the landing page)."""

    def run(self) -> list[nodes.Node]:
        self.env.get_domain("handbook").note_listing(self.env.docname, "courses")
        return [course_list()]


def minutes(renderer, docnames) -> int:
    return sum(renderer.state.posts[d].minutes for d in docnames)


def about(renderer, plan: CoursePlan) -> str:
    posts = plan.docnames
    return (_("%d sessions") % len(plan.sessions) if len(plan.sessions) != 1 else _("1 session")) + " · " + \
        (_("%d posts") % len(posts) if len(posts) != 1 else _("1 post")) + " · " + \
        _("%d min reading in all") % minutes(renderer, posts)


def render_summary(renderer, node: course_summary) -> list[nodes.Node]:
    plan = renderer.state.courses.get(node["docname"])
    if plan is None:
        return []
    out: list[nodes.Node] = [nodes.paragraph("", about(renderer, plan), classes=["handbook-course-about"])]
    link = handout_link(renderer, node["docname"])
    if link is not None:
        out.append(link)
    return out


def render_session(renderer, node: course_session) -> list[nodes.Node]:
    plan = renderer.state.courses.get(node["docname"])
    if plan is None or node["index"] >= len(plan.sessions):
        return []
    session = plan.sessions[node["index"]]
    website = renderer.can.website
    out: list[nodes.Node] = []
    if not session.docnames:
        return [nodes.paragraph("", _("No posts in this session yet."))]
    count = len(session.docnames)
    out.append(nodes.paragraph("", (_("%d posts") % count if count != 1 else _("1 post")) + " · " +
                               _("%d min read") % minutes(renderer, session.docnames),
                               classes=["handbook-session-about"]))
    posts = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".", classes=["handbook-session-posts"])
    quizzes = []
    for docname in session.docnames:
        record = renderer.state.posts[docname]
        para = nodes.paragraph()
        link = renderer.link_to_post(docname, nodes.inline("", record.title))
        para += element("span", link, classes=("handbook-course-post",),
                        **{"data-handbook-version": record.fingerprint}) if website else link
        para += nodes.Text(" · " + _("%d min read") % record.minutes)
        posts += nodes.list_item("", para)
        quizzes += [(docname, anchor, question) for anchor, question in record.quizzes]
    out.append(posts)
    if quizzes:
        out.append(nodes.paragraph("", _("Self-checks in these posts:"), classes=["handbook-session-quizzes-title"]))
        items = nodes.bullet_list(classes=["handbook-session-quizzes"])
        for docname, anchor, question in quizzes:
            items += nodes.list_item("", nodes.paragraph("", "", quiz_link(renderer, docname, anchor, question)))
        out.append(items)
    if website:  # the trainee's progress in this session (handbook-training.js)
        return [element("div", *out, classes=("handbook-session",))]
    return out


def quiz_link(renderer, docname: str, anchor: str, question: str) -> nodes.Node:
    text = nodes.inline("", question)
    if not renderer.can.html:
        return text  # in print the self-checks follow in the posts
    try:
        return make_refnode(renderer.builder, renderer.docname, docname, anchor, text, question)
    except NoUri:
        return text


def render_list(renderer, node: course_list) -> list[nodes.Node]:
    plans = [renderer.state.courses[d] for d in sorted(renderer.state.courses)]
    if not plans:
        return []
    grid = nodes.container(classes=["handbook-cards", "handbook-course-cards"])
    for plan in plans:
        card = nodes.container(classes=["handbook-card", "handbook-course-card"])
        title = nodes.paragraph(classes=["handbook-card-title"])
        text = nodes.inline("", plan.title)
        try:
            title += make_refnode(renderer.builder, renderer.docname, plan.docname, None, text, plan.title)
        except NoUri:  # a PDF without the course pages
            title += text
        card += title
        card += nodes.paragraph("", " · ".join(s.title for s in plan.sessions), classes=["handbook-card-excerpt"])
        card += nodes.paragraph("", about(renderer, plan), classes=["handbook-byline"])
        grid += card
    return [grid]


def handout_link(renderer, docname: str) -> nodes.Node | None:
    """The course page's link to its PDF handout, on the website, where handouts are published."""
    folder = (renderer.app.config.html_context or {}).get("handbook_handouts")
    if not folder or not renderer.can.website:
        return None
    if not handouts_made(len(renderer.state.posts), handbook_config.get(renderer.app.config).print_max_posts):
        return None
    target = posixpath.join(str(folder).strip("/"), COURSES_HANDOUTS, docname.rsplit("/", 1)[-1] + ".pdf")
    href = posixpath.relpath(target, posixpath.dirname(renderer.builder.get_target_uri(docname)) or ".")
    words = _("Print this course: PDF handout with its posts, session by session")
    return nodes.raw("", f'<p class="handbook-handout"><a href="{html.escape(href)}" download>'
                         f"{html.escape(words)}</a></p>", format="html")


def register(app: Sphinx) -> None:
    app.add_directive("course", CourseDirective)
    app.add_directive("course-list", CourseList)
