"""Links the handbook puts in pages: to a post, a tag, an author, an anchor.

In HTML a link leads to a page; in print (LaTeX) to a place in the book, so the PDF
prints its page number. Where the target is not in this output (a chapter handout
holds only its chapter), Sphinx raises ``NoUri`` and the text stays, unlinked.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.builders import Builder
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode

from .. import capabilities

AUTHORS_DIR = "authors"  # the website's author pages: authors/<slug>.html


def post_reference(builder: Builder, fromdocname: str, docname: str, anchor: str, child: nodes.Node,
                   title: str = "") -> nodes.reference:
    """A link to a post: its page in HTML, its section (``anchor``) in print.

    Raises ``NoUri`` where the post is not in this output (Sphinx then keeps the text).
    """
    return make_refnode(builder, fromdocname, docname, None if capabilities.of(builder).html else anchor, child, title)


def page_reference(builder: Builder, fromdocname: str, page: str, child: nodes.Node, css: str) -> nodes.reference:
    """A link to a page the handbook makes (a tag's, an author's), relative to ``fromdocname``."""
    ref = nodes.reference("", "", internal=True, refuri=builder.get_relative_uri(fromdocname, page), classes=[css])
    ref += child
    return ref


def anchor_reference(builder: Builder, fromdocname: str, docname: str | None, anchor: str,
                     child: nodes.Node) -> nodes.Node | None:
    """A link to a place in a document; None when there is no such document in this output."""
    if docname is None:
        return None
    try:
        return make_refnode(builder, fromdocname, docname, anchor, child)
    except NoUri:  # a chapter handout: the overview is not in this PDF
        return None
