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


PLACEHOLDERS = (post_header, related_posts, post_list, tag_overview)


def _skip(self, node):
    raise nodes.SkipNode


def register(app: Sphinx) -> None:
    # No "epub" entry: EPUB pages are HTML, and Sphinx looks up an EPUB visitor in the
    # "html" table only while no "epub" table exists (other extensions' nodes need that).
    visitors = {fmt: (_skip, None) for fmt in ("html", "latex", "text", "man", "texinfo")}
    for node_class in PLACEHOLDERS:
        app.add_node(node_class, **visitors)
