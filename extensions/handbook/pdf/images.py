"""The posts' web images (WebP, GIF, AVIF, ...) as PNG for the PDF, converted in-process.

Sphinx's ``sphinx.ext.imgconverter`` runs ImageMagick once per image: at 1,000 posts
with a WebP each, about 90 s of the LaTeX step was spent starting ``convert``. Pillow
reads these formats in the build's own process (about a millisecond for a blog's
hero image), and a converted image is kept between builds (in the doctree folder,
where Sphinx puts converted images) next to a note of its source's hash, so only a new
or changed image is converted again. ImageMagick stays registered (conf.py) for what
Pillow cannot read, such as SVG.
"""

from __future__ import annotations

import functools
import hashlib
import io
from pathlib import Path

from PIL import Image, UnidentifiedImageError, features
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms.images import ImageConverter

from ..ledger import write_file


@functools.cache
def _rules() -> list[tuple[str, str]]:
    formats = ["image/webp", "image/gif", "image/bmp", "image/tiff", "image/x-icon"]
    if features.check("avif"):
        formats.append("image/avif")
    return [(mime, "image/png") for mime in formats]


def convert_to_png(source: Path, target: Path) -> bool:
    """``source`` as PNG at ``target``, unless the PNG there was made from these very bytes."""
    data = source.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    note = target.with_name(target.name + ".source")
    if target.is_file() and note.is_file() and note.read_text(encoding="ascii") == digest:
        return True
    try:
        with Image.open(source) as image:
            image.seek(0)  # an animation: its first frame, as a printed page shows it
            frame = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB")
            png = io.BytesIO()
            frame.save(png, "PNG")
    except (OSError, UnidentifiedImageError, ValueError):
        return False  # Sphinx then warns that the image cannot be shown, and the book is still made
    write_file(target, png.getvalue())
    note.write_text(digest, encoding="ascii")
    return True


class PillowConverter(ImageConverter):
    # Before sphinx.ext.imgconverter (200): what Pillow converts, ImageMagick never sees.
    default_priority = 190

    @property
    def conversion_rules(self) -> list[tuple[str, str]]:
        return _rules() if self.available else []

    def is_available(self) -> bool:
        try:
            import PIL  # noqa: F401
        except ImportError:
            return False
        return True

    def convert(self, _from, _to) -> bool:
        return convert_to_png(Path(_from), Path(_to))


def register(app: Sphinx) -> None:
    app.add_post_transform(PillowConverter)
