"""Mermaid diagrams as plain images in HTML (and so in the EPUB).

sphinxcontrib-mermaid draws the diagram at build time (``mermaid_output_format =
"svg"``) but embeds it with ``<object>`` and puts the ``:alt:`` text in the page
unescaped. Here the SVG it drew is shown with an ``<img>`` whose alt text is
escaped.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from .warnings import HandbookWarning, warn


def visit_mermaid_as_image(self, node) -> None:
    from sphinxcontrib.mermaid import MermaidError, render_mm, render_mm_html

    if self.builder.config.mermaid_output_format != "svg":
        render_mm_html(self, node, node["code"], node["options"], imgcls="mermaid")
    try:
        uri, _ = render_mm(self, node["code"], node["options"], "svg", "mermaid")
    except MermaidError as error:
        warn(HandbookWarning.DIAGRAM, "mermaid diagram not drawn: %s", error, location=node)
        raise nodes.SkipNode from None
    alt = node.get("alt") or "diagram"
    align = f" align-{node['align']}" if node.get("align") else ""
    self.body.append(f'<p class="mermaid-diagram{align}"><img src="{self.encode(uri)}" '
                     f'alt="{self.attval(alt)}" class="mermaid"/></p>\n')
    raise nodes.SkipNode


def register(app: Sphinx) -> None:
    # Loaded here (a no-op when conf.py lists it): whatever the order of extensions,
    # mermaid's own HTML visitor is registered first and replaced below.
    app.setup_extension("sphinxcontrib.mermaid")
    from sphinxcontrib.mermaid import mermaid

    app.add_node(mermaid, override=True, html=(visit_mermaid_as_image, None))
