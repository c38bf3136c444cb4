"""The EPUB file byte for byte the same from the same sources.

Sphinx zips the book with each file's modification time (``ZipFile.write``), so two
clean builds differ in every entry's date. Once Sphinx has written it (``build-finished``),
the zip is written again, entries in the same order and with the same compression, each
dated the build's day (``SOURCE_DATE_EPOCH`` when set, else today: ``core.reviews``).
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from sphinx.application import Sphinx

from .. import capabilities
from ..core.reviews import build_date

DOS_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold


def restamp(epub: Path, stamp: tuple[int, int, int, int, int, int]) -> None:
    """Every entry of ``epub`` dated ``stamp``, with mode 0644; the rest as it was."""
    partial = epub.with_name(f".{epub.name}.partial")
    with zipfile.ZipFile(epub) as old, zipfile.ZipFile(partial, "w") as new:
        for entry in old.infolist():
            fresh = zipfile.ZipInfo(entry.filename, date_time=stamp)
            fresh.compress_type = entry.compress_type
            fresh.external_attr = 0o100644 << 16
            new.writestr(fresh, old.read(entry))
    os.replace(partial, epub)


def zip_date(environ=os.environ) -> tuple[int, int, int, int, int, int]:
    day = build_date(environ)
    return max(DOS_EPOCH, (day.year, day.month, day.day, 0, 0, 0)) if day.year <= 2107 else DOS_EPOCH


def reproducible(app: Sphinx, exception: BaseException | None) -> None:
    if exception is not None or not capabilities.of(app.builder).epub:
        return
    epub = Path(app.builder.outdir) / f"{app.config.epub_basename}.epub"
    if epub.is_file():
        restamp(epub, zip_date())


def register(app: Sphinx) -> None:
    app.connect("build-finished", reproducible)
