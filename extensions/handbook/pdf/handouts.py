"""Handouts: one PDF per chapter and per course, for a trainer who prints one session's reading.

``sphinx-build -b latex -t handouts`` writes one LaTeX document per chapter instead of
the book (``handout-<chapter>.tex``: the chapter's cover, contents and posts) and one per
course (``course-<course>.tex``: the course page, each session a chapter holding its posts
in the course's order), and ``tools/handouts.py`` runs latexmk on each (``./dev -e
latexhandouts``). The Typst route (``typst/``, what ``./dev pdf`` and Read the Docs run)
makes its course handouts with :func:`inline_course_posts` too. A chapter page's link to
its handout: ``book/render.py``; a course page's: ``book/courses.py``.

A chapter's posts are its toctree's, which Sphinx's LaTeX builder inlines; a course's
posts are in no toctree of its page (each post has one place in the book, its chapter),
so :class:`CourseHandoutPosts` inlines them, before the links are resolved.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform

from .. import capabilities, compat, runs
from ..book.nodes import course_session


def handout_name(chapter: str) -> str:
    """``chapters/basics`` -> ``basics``: the handout's file name, without ``.pdf``."""
    return chapter.rsplit("/", 1)[-1]


def documents(state, author: str) -> list[tuple]:
    """Sphinx's ``latex_documents`` for the handouts: one per chapter with posts, one per course with posts."""
    chapters = [(chapter, f"handout-{handout_name(chapter)}.tex", state.chapter_titles.get(chapter, chapter), author,
                 "manual", False)
                for chapter in state.chapter_order if state.chapters.get(chapter)]
    courses = [(course, f"course-{handout_name(course)}.tex", plan.title, author, "manual", False)
               for course, plan in sorted(state.courses.items()) if plan.docnames]
    return chapters + courses


def use_handout_documents(app: Sphinx, builder) -> None:
    """``write-started``: the LaTeX builder writes the handouts instead of the book."""
    if not capabilities.of(builder).book or not app.tags.has(capabilities.HANDOUTS_TAG):
        return
    state = app.env.get_domain("handbook").state
    if state is not None:  # read by the builder's prepare_writing, right after this event
        app.config.latex_documents = documents(state, app.config.author)


def inline_course_posts(env, document: nodes.Node, state) -> list[str]:
    """Each session's posts, after the session's list, as documents of their own (in the course's order).

    Returns the posts inlined; a post already in ``document`` is not inlined again.
    """
    inlined: list[str] = [n["docname"] for n in document.findall(addnodes.start_of_file)]
    added: list[str] = []
    for node in list(document.findall(course_session)):
        plan = state.courses.get(node["docname"])
        if plan is None or node["index"] >= len(plan.sessions):
            continue
        after = node
        for docname in plan.sessions[node["index"]].docnames:
            if docname in inlined:
                continue
            tree = env.get_doctree(docname).deepcopy()
            start = addnodes.start_of_file(docname=docname)  # as Sphinx's inline_all_toctrees marks a document
            start.extend(tree.children)
            for section in start.findall(nodes.section):
                section.setdefault("docname", docname)
            after.parent.insert(after.parent.index(after) + 1, start)
            after = start
            inlined.append(docname)
            added.append(docname)
    return added


class CourseHandoutPosts(SphinxPostTransform):
    """A course handout: each session's posts, after the session's list, as sections of the session."""

    default_priority = 5  # before references are resolved (10): links in the posts resolve as in the book

    def run(self, **kwargs) -> None:
        run = runs.of(self.env)
        state = self.env.get_domain("handbook").state
        if not run.handouts or run.builder is None or not capabilities.of(run.builder).book or state is None:
            return
        inlined = inline_course_posts(self.env, self.document, state)
        if inlined:
            compat.latex_document_holds(run.builder, inlined)


def register(app: Sphinx) -> None:
    app.connect("write-started", use_handout_documents)
    app.add_post_transform(CourseHandoutPosts)
