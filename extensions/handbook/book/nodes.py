"""Placeholder nodes: put in the doctree while reading, filled in per output document.

What they show depends on other posts (tags, neighbours, newest), which are only
all known after reading, so they are resolved on ``doctree-resolved``. A node
left unresolved (a builder that does not emit that event) renders as nothing.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx


class post_header(nodes.General, nodes.Element):
    """Date, reading time and tag chips under a post's title."""


class related_posts(nodes.General, nodes.Element):
    """Posts sharing tags with this one."""


class post_list(nodes.General, nodes.Element):
    """A listing of posts: a chapter's posts (``kind="chapter"``) or the newest ones."""


class tag_overview(nodes.General, nodes.Element):
    """All tags with their post counts."""


class course_summary(nodes.General, nodes.Element):
    """The top of a course page: its sessions, posts and reading minutes in all (``courses.py``)."""


class course_session(nodes.General, nodes.Element):
    """One session of a course: its posts in order with their minutes, and their self-checks."""


class course_list(nodes.General, nodes.Element):
    """Every course, for the landing page."""


class offline_download(nodes.General, nodes.Element):
    """The link to the website as one zip for a room without internet, where the build publishes one."""


class quiz(nodes.General, nodes.Element):
    """A self-check as written (``quizzes.py``): question, answers, explanation; drawn per output."""


class quiz_question(nodes.Inline, nodes.TextElement):
    """A self-check's question, as inline text (inside a ``quiz``)."""


class quiz_answer(nodes.Inline, nodes.TextElement):
    """One answer (``right``: whether it is a right one), as inline text (inside a ``quiz``)."""


class quiz_explanation(nodes.Inline, nodes.TextElement):
    """Why the right answers are right, as inline text (inside a ``quiz``)."""


PLACEHOLDERS = (post_header, related_posts, post_list, tag_overview, course_summary, course_session, course_list,
                offline_download, quiz)


class html_element(nodes.General, nodes.Element):
    """An HTML element docutils has no node for (a form, an input, details, data-* attributes).

    ``tag``, ``attrs`` (name -> text, escaped by the writer) and ``empty`` (a void element);
    its ``ids``, ``classes`` and children as usual. Only the website's pages are given these;
    any other writer shows just the children.
    """


class html_text(nodes.Inline, nodes.TextElement):
    """The same, for an element holding text and inline markup (a label, a legend, a span)."""


# Elements whose content is text: links and other inline nodes inside them need a text parent.
_TEXT_TAGS = frozenset({"span", "label", "legend", "summary", "button", "bdi"})


def _visit_html_element(self, node: html_element) -> None:
    empty = node.get("empty", False)
    self.body.append(self.starttag(node, node["tag"], "", empty=empty, **dict(node.get("attrs", {}))))
    if empty:
        raise nodes.SkipNode


def _depart_html_element(self, node: html_element) -> None:
    self.body.append(f"</{node['tag']}>")


def element(tag: str, *children: nodes.Node, classes: tuple[str, ...] = (), ids: tuple[str, ...] = (),
            empty: bool = False, **attrs: str) -> nodes.Element:
    """``element("form", ..., classes=("handbook-quiz",), **{"data-handbook-right": "1"})``."""
    if tag in _TEXT_TAGS:  # (a TextElement's second argument is its text)
        return html_text("", "", *children, tag=tag, attrs=attrs, empty=empty, classes=list(classes), ids=list(ids))
    return html_element("", *children, tag=tag, attrs=attrs, empty=empty, classes=list(classes), ids=list(ids))


def _skip(self, node):
    raise nodes.SkipNode


def _children_only(self, node):
    pass


def register(app: Sphinx) -> None:
    # No "epub" entry: EPUB pages are HTML, and Sphinx looks up an EPUB visitor in the
    # "html" table only while no "epub" table exists (other extensions' nodes need that).
    visitors = {fmt: (_skip, None) for fmt in ("html", "latex", "text", "man", "texinfo")}
    for node_class in (*PLACEHOLDERS, quiz_question, quiz_answer, quiz_explanation):
        app.add_node(node_class, **visitors)
    for node_class in (html_element, html_text):
        app.add_node(node_class, html=(_visit_html_element, _depart_html_element),
                     **{fmt: (_children_only, _children_only) for fmt in ("latex", "text", "man", "texinfo")})
