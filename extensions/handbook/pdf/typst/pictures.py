"""Images as Typst can draw them: one it cannot read would stop the whole book, so each is looked at first.

Typst reads PNG, JPEG, GIF, WebP and SVG itself. Any other picture Pillow reads (AVIF,
BMP, TIFF, ...: Sphinx does not even know AVIF's type, so its converters never see it)
becomes a PNG (``print_images.convert_to_png``, kept until its source changes); a
truncated or mislabelled file is found by decoding it, an SVG by parsing it, and the
book shows the image's alt text instead.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

READY = ("PNG", "JPEG", "GIF", "WEBP")  # Pillow's names of the formats Typst decodes
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
MAX_SVG = 20_000_000  # bytes


def kind(path: Path) -> str | None:
    """``"ready"`` (Typst reads it), ``"convert"`` (to PNG first), or None (unreadable)."""
    try:
        if path.suffix.lower() in (".svg", ".svgz"):
            return "ready" if _svg(path) else None
        from PIL import Image

        with Image.open(path) as image:
            image.load()
            return "ready" if image.format in READY else "convert"
    except Exception:  # noqa: BLE001 - whatever a broken file makes Pillow raise
        return None


def _svg(path: Path) -> bool:
    data = path.read_bytes()
    if path.suffix.lower() == ".svgz" or len(data) > MAX_SVG or _ENTITY.search(data):
        return False  # entities could expand without end (and no drawing needs them)
    root = ElementTree.fromstring(data)
    return root.tag.rsplit("}", 1)[-1] == "svg"
