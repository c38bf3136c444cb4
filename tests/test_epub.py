"""The EPUB: its package (pure), and the book's reading order (built; byte for byte: test_reproducible; epubcheck: test_validation)."""

from __future__ import annotations

import os
import re
import zipfile

import pytest
from handbook.epub.package import restamp, zip_date
from helpers import WORLD_POST, add_self_checks, copy_project, require, run_sphinx


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


@pytest.mark.slow
def test_epub_has_the_chapters_and_posts_and_no_other_warnings(tmp_path):
    require("chromium", mmdc=True)
    project = add_self_checks(copy_project(tmp_path / "src", "repo"))
    (project / "posts" / "vertrieb-auf-japanisch.md").write_text(WORLD_POST, encoding="utf-8")
    result = run_sphinx(project, tmp_path / "epub", "epub", doctrees=tmp_path / "doctrees")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 5 and all("[handbook.image]" in w for w in warnings), result.stderr
    epub = next((tmp_path / "epub").glob("*.epub"))
    with zipfile.ZipFile(epub) as book:
        names = book.namelist()
        opf = book.read(next(n for n in names if n.endswith(".opf"))).decode()
    spine = re.findall(r'<itemref idref="([^"]+)"', opf)
    items = dict(re.findall(r'<item id="([^"]+)" href="([^"]+)"', opf))
    reading = [items[i] for i in spine]
    expected = ["chapters/basics.xhtml", "posts/what-is-lead-generation-in-sales.xhtml",
                "posts/is-lead-generation-a-skill.xhtml", "chapters/skills.xhtml"]
    assert [r for r in reading if r in expected] == expected
    assert any(n.endswith(".svg") and "mermaid" in n for n in names)
