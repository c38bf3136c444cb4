"""The EPUB's pages are XHTML: a post's own HTML (cleaned by nh3, which writes HTML) is made XML.

e-readers parse each page as XML and stop at the first ``<br>`` or ``&nbsp;`` (epubcheck:
"The element type br must be terminated"). An e-book holds its pictures: a post's embedded
video or a picture from another site (EPUB forbids both as remote resources) becomes a link
to it. The doctree is shared with the website, so the raw HTML is rewritten per page while
the EPUB writes it (``doctree-resolved``).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from .. import capabilities
from ..core import html


def raw_html_as_xhtml(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    if not capabilities.of(app.builder).epub:
        return
    for node in list(doctree.findall(nodes.raw)):
        if "html" in node.get("format", "").split():
            text = node.astext()
            xhtml = html.as_xhtml(html.remote_as_links(text))
            if xhtml != text:
                node.children = []
                node += nodes.Text(xhtml)


def register(app: Sphinx) -> None:
    app.connect("doctree-resolved", raw_html_as_xhtml, priority=900)  # after every other filler
