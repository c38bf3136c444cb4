"""Images on the pages the handbook makes itself (tag pages, social cards).

Tag pages are written outside Sphinx's documents: they publish the images their cards
show, and a share card needs the image's address in the output.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.osutil import relative_uri

from ..ledger import write_file


def published_image(app: Sphinx, pagename: str, image: str | None) -> str | None:
    """Where a post's image is in the HTML output, as seen from ``pagename``.

    Copies it there when no document page did yet (a tag page may be the only page
    showing a draft's neighbour's image).
    """
    if image is None or image not in app.env.images:
        return None
    builder = app.builder
    name = app.env.images[image][1]
    destination = Path(builder.outdir, builder.imagedir, name)
    if not destination.exists():
        # Tag pages may be written by several processes at once: into place in one step,
        # so that no page ever links to a half-copied image.
        write_file(destination, Path(app.srcdir, image).read_bytes())
    return relative_uri(builder.get_target_uri(pagename), f"{builder.imagedir}/{name}")
