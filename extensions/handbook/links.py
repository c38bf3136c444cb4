"""Links to the blog's own post addresses become links inside the handbook.

A post often links to another post by its address on the blog
(``handbook_site_url`` + ``handbook_post_path``). Each such link becomes a ``doc``
cross-reference to that post; when the handbook does not have the post,
``missing-reference`` puts the original link to the blog back.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from . import config as handbook_config
from .config import HandbookConfig


class InternaliseCanonicalLinks(SphinxTransform):
    """Blog post addresses -> references Sphinx resolves (noted on the domain for rewrites)."""

    default_priority = 810  # after the reader (800), before the domains (850)

    def apply(self, **kwargs) -> None:
        conf = handbook_config.get(self.config)
        if not conf.site_url or self.document.get("source") != str(self.env.doc2path(self.env.docname)):
            return
        domain = self.env.get_domain("handbook")
        for slug in internalise(self.document, conf):
            domain.note_post_link(self.env.docname, slug)


def internalise(document: nodes.document, conf: HandbookConfig) -> list[str]:
    """Replace each link to a blog post address by a cross-reference; return the slugs."""
    prefix, _, suffix = (conf.site_url + conf.post_path).partition("{slug}")
    pattern = re.compile(re.escape(prefix) + r"([^/?#]+)" + re.escape(suffix.rstrip("/")) + r"/?(#[^\s]*)?$")
    slugs = []
    for ref in list(document.findall(nodes.reference)):
        match = pattern.match(ref.get("refuri", ""))
        if not match:
            continue
        slug = unquote(match.group(1))
        xref = addnodes.pending_xref(
            "", refdomain="std", reftype="doc", reftarget=f"/{conf.posts_dir}/{slug}",
            refexplicit=True, refwarn=False, handbook_external=ref["refuri"],
        )
        xref.source, xref.line = ref.source, ref.line
        xref += nodes.inline("", "", *ref.children)
        ref.replace_self(xref)
        slugs.append(slug)
    return slugs


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
