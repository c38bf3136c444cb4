"""The EPUB's package, without Sphinx (the built EPUBs: test_reproducible, test_validation)."""

from __future__ import annotations

import os
import zipfile

from handbook.epub.package import restamp, zip_date


def test_restamp_dates_every_entry_and_keeps_order_and_compression(tmp_path):
    for name, when in (("mimetype", 1_600_000_000), ("EPUB/a.xhtml", 1_700_000_000)):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(name * 20)
        os.utime(tmp_path / name, (when, when))
    book = tmp_path / "book.epub"
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as out:
        out.write(tmp_path / "mimetype", "mimetype", zipfile.ZIP_STORED)
        out.write(tmp_path / "EPUB/a.xhtml", "EPUB/a.xhtml")
    restamp(book, (2025, 1, 1, 0, 0, 0))
    with zipfile.ZipFile(book) as again:
        entries = again.infolist()
        assert [e.filename for e in entries] == ["mimetype", "EPUB/a.xhtml"]
        assert [e.compress_type for e in entries] == [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]
        assert {e.date_time for e in entries} == {(2025, 1, 1, 0, 0, 0)}
        assert again.read("EPUB/a.xhtml") == b"EPUB/a.xhtml" * 20
    assert not list(tmp_path.glob(".book.epub*"))  # no partial file left


def test_the_zip_date_is_the_build_day_and_never_before_1980():
    assert zip_date({"SOURCE_DATE_EPOCH": "1735732800"}) == (2025, 1, 1, 0, 0, 0)
    assert zip_date({"SOURCE_DATE_EPOCH": "0"}) == (1980, 1, 1, 0, 0, 0)
