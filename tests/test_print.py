"""Print: the training PDF (LaTeX + latexmk, as Read the Docs runs them) and the EPUB."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import REPO, copy_project, run_sphinx
from test_seeds import SEEDS

WORLD_POST = """---
title: "Vertrieb auf Japanisch: 営業 für Anfänger 🚀"
date: 2025-06-01
tags:
  - post
  - 営業
  - Übersicht
  - 🚀 launch
---

Ein Überblick über 営業 (eigyō, Vertrieb) mit Umlauten: ä ö ü ß, and a rocket 🚀.
"""


def _require(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    missing += [] if (REPO / "node_modules" / ".bin" / "mmdc").exists() else ["mmdc (npm ci)"]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"missing in CI: {missing} (tools/setup-system.sh test installs them)")
        pytest.skip(f"missing: {missing}; run tools/setup-system.sh pdf")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the handbook with one more post in accented Latin, CJK and emoji."""
    src = copy_project(tmp_path_factory.mktemp("print") / "src", "repo")  # its conf.py: LaTeX, fonts, mermaid
    (src / "posts" / "vertrieb-auf-japanisch.md").write_text(WORLD_POST, encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def pdf(project, tmp_path_factory):
    _require("latexmk", "lualatex", "pdftotext", "chromium")
    out = tmp_path_factory.mktemp("pdf-out")
    result = run_sphinx(project, out / "latex", "latex", doctrees=out / "doctrees")
    assert result.returncode == 0, result.stderr
    latex_dir = out / "latex"
    subprocess.run(["latexmk", "-r", "latexmkrc", "-pdf", "-f", "-dvi-", "-ps-", "-jobname=leadgen-handbook",
                    "-interaction=nonstopmode"], cwd=latex_dir, capture_output=True)
    path = latex_dir / "leadgen-handbook.pdf"
    assert path.is_file(), (latex_dir / "leadgen-handbook.log").read_text(errors="replace")[-3000:]
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(path), "-"],
                          capture_output=True).stdout.decode("utf-8", errors="replace")
    return path, text, result.stderr, (latex_dir / "leadgen-handbook.log").read_text(errors="replace")


def test_latex_build_warns_only_about_the_missing_images(pdf):
    _, _, stderr, _ = pdf
    warnings = [line for line in stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 5 and all("[handbook.image]" in w for w in warnings), stderr


def test_every_post_title_is_in_the_pdf_with_its_date_and_tags(pdf):
    _, text, _, _ = pdf
    flat = " ".join(text.split())
    for title, date in SEEDS.values():
        assert title in flat
        assert re.search(re.escape(title) + r" " + re.escape(date) + r" · \d+ min read Tags: \w", flat), title


def test_contents_chapters_in_reading_order_and_the_index(pdf):
    _, text, _, _ = pdf
    contents = text[: text.index("Index")]
    chapters = ["Lead generation basics", "Skills that bring in leads", "Lead generation as a job", "Tags"]
    positions = [contents.index(c) for c in chapters]
    assert positions == sorted(positions)
    assert re.search(r"Lead generation basics\s+\d+", contents)
    index = text[text.rindex("INDEX"):]
    for tag in ("conversion rate", "digital marketing", "営業", "übersicht"):
        assert re.search(re.escape(tag) + r", \d+", index), tag


def test_cross_references_resolve_and_say_where_they_lead(pdf):
    _, text, _, log = pdf
    assert "??" not in text
    assert "Reference `" not in log and "undefined" not in log.lower().replace("undefined references", "")
    flat = " ".join(text.split())
    assert re.search(r"Tags: conversion rate \(page \d+\)", flat)
    assert re.search(r"Related posts • [^•]+ \(page \d+\) · \d+ \w+ \d{4}", flat)


def test_non_ascii_survives(pdf):
    _, text, _, log = pdf
    assert "Vertrieb auf Japanisch: 営業 für Anfänger" in text
    assert "ä ö ü ß" in text
    assert "Missing character" not in log


def test_mermaid_diagram_is_a_picture_not_its_source(pdf):
    path, text, _, _ = pdf
    assert "flowchart" not in text and "-->" not in text
    from pypdf import PdfReader

    reader = PdfReader(path)
    page = next(p for p in reader.pages if "Identify" in (p.extract_text() or ""))
    xobjects = page["/Resources"]["/XObject"]
    assert len(xobjects) >= 1  # the diagram is an embedded vector drawing


def test_pdf_metadata_and_bookmarks(pdf):
    path, _, _, _ = pdf
    from pypdf import PdfReader

    reader = PdfReader(path)
    assert reader.metadata.title == "Lead Generation Handbook"
    assert reader.metadata.author == "LeadCraftr"
    assert reader.metadata.subject
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles[:4] == ["Lead generation basics", "Skills that bring in leads", "Lead generation as a job", "Tags"]
    assert len(reader.pages) > 10


def test_epub_has_the_chapters_and_posts_and_no_other_warnings(project, tmp_path):
    _require("chromium")
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


def test_the_local_download_link_says_when_the_pdf_is_older_than_the_posts(tmp_path):

    from bs4 import BeautifulSoup

    project = copy_project(tmp_path / "project", "repo")
    pdf = project / "_build" / "latex" / "leadgen-handbook.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.5\n")

    def sidebar(out: str):
        result = run_sphinx(project, tmp_path / out, "html", doctrees=tmp_path / f"{out}-doctrees")
        assert result.returncode == 0, result.stderr
        page = BeautifulSoup((tmp_path / out / "index.html").read_text(encoding="utf-8"), "html.parser")
        return page.select_one(".handbook-downloads")

    sources = [project / "conf.py", *project.glob("*.md"), *project.glob("chapters/*.md"), *project.glob("posts/*.md")]
    newest = max(p.stat().st_mtime for p in sources)
    os.utime(pdf, (newest - 60, newest - 60))  # made before the last edit of a post
    stale = sidebar("stale")
    assert stale.select_one("a[download]")["href"] == "leadgen-handbook.pdf"
    assert "Made before the latest changes" in stale.get_text()
    os.utime(pdf, (newest + 60, newest + 60))  # made after
    fresh = sidebar("fresh")
    assert fresh.select_one("a[download]") is not None and "Made before" not in fresh.get_text()
    assert (tmp_path / "fresh" / "leadgen-handbook.pdf").read_bytes() == b"%PDF-1.5\n"
