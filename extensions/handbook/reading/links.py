"""Links to the blog's own addresses become links inside the handbook.

A post often links to another post by its address on the blog
(``handbook_site_url`` + ``handbook_post_path``, or just the path). Each such link
becomes a cross-reference to the post with that slug (``domain.py`` resolves it);
when the handbook does not have the post, ``missing-reference`` puts the original
link to the blog back. Other absolute paths lead to that page of the blog.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from urllib.parse import unquote

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from .. import config as handbook_config
from ..config import HandbookConfig


class InternaliseCanonicalLinks(SphinxTransform):
    """Blog post addresses -> references Sphinx resolves (noted on the domain for rewrites)."""

    default_priority = 810  # after the reader (800), before the domains (850)

    def apply(self, **kwargs) -> None:
        conf = handbook_config.get(self.config)
        if not conf.site_url or self.document.get("source") != str(self.env.doc2path(self.env.docname)):
            return
        domain = self.env.get_domain("handbook")
        for slug in internalise(self.document, conf, self.env.found_docs):
            domain.note_post_link(self.env.docname, slug)


def internalise(document: nodes.document, conf: HandbookConfig, documents: Collection[str] = ()) -> list[str]:
    """Links to the blog's own pages -> references; return the post slugs they name.

    A blog post address (``handbook_post_path``) becomes a reference to the post with
    that slug (its ``slug`` field or file name), resolved once every post is read; an
    absolute path (``/community/release-process``, which MyST would take for a
    missing document) becomes a link to that page of the blog, or to the handbook's
    page of that name when there is one.
    """
    prefix, _, suffix = (conf.site_url + conf.post_path).partition("{slug}")
    pattern = re.compile(re.escape(prefix) + r"([^/?#]+)" + re.escape(suffix.rstrip("/")) + r"/?(#[^\s]*)?$")
    slugs = []
    for ref in list(document.findall(nodes.reference)) + list(_absolute_paths(document)):
        uri = ref.get("refuri", "") if isinstance(ref, nodes.reference) else conf.site_url + ref["reftarget"]
        match = pattern.match(uri)
        if match:
            slug = unquote(match.group(1))
            xref = addnodes.pending_xref("", refdomain="handbook", reftype="post", reftarget=slug,
                                         refexplicit=True, refwarn=False, handbook_external=uri)
            slugs.append(slug)
        elif isinstance(ref, nodes.reference):
            continue
        elif (page := _page_of(ref["reftarget"], documents)) is not None:
            xref = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget="/" + page,
                                         refexplicit=True, refwarn=False, handbook_external=uri)
        else:  # a page of the blog the handbook does not have
            link = nodes.reference("", "", *ref.children, internal=False, refuri=uri)
            link.source, link.line = ref.source, ref.line
            ref.replace_self(link)
            continue
        xref.source, xref.line = ref.source, ref.line
        xref += nodes.inline("", "", *ref.children)
        ref.replace_self(xref)
    return slugs


def _absolute_paths(document: nodes.document):
    """MyST's references to ``/a/path`` that name no document (they would be broken)."""
    for xref in document.findall(addnodes.pending_xref):
        target = xref.get("reftarget", "")
        if xref.get("reftype") == "myst" and not xref.get("refdomain") and target.startswith("/") \
                and not target.startswith("//"):
            yield xref


def _page_of(path: str, documents: Collection[str]) -> str | None:
    name = path.split("#", 1)[0].split("?", 1)[0].strip("/")
    name = name.removesuffix(".html").removesuffix("/index")
    for candidate in (name, f"{name}/index"):
        if candidate in documents:
            return candidate
    return None


def restore_external_link(app: Sphinx, env, node, contnode):
    """``missing-reference``: a blog link to a post the handbook does not have stays external."""
    external = node.get("handbook_external")
    if external:
        ref = nodes.reference("", "", internal=False, refuri=external)
        ref += contnode
        return ref
    return None


def register(app: Sphinx) -> None:
    app.add_transform(InternaliseCanonicalLinks)
    app.connect("missing-reference", restore_external_link)
