"""Sphinx's own LaTeX PDF (sphinx-build -b latex, then latexmk): ./dev -e tests-latex, which installs TeX Live."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO, SEEDS, WORLD_POST, add_self_checks, copy_project, require, run_sphinx

sys.path.insert(0, str(REPO / "tools"))
import latexpdf

pytestmark = [pytest.mark.slow, pytest.mark.latex]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A copy of the handbook with one more post in accented Latin, CJK and emoji."""
    src = add_self_checks(copy_project(tmp_path_factory.mktemp("print") / "src", "repo"))  # its conf.py: LaTeX, fonts, mermaid
    (src / "posts" / "vertrieb-auf-japanisch.md").write_text(WORLD_POST, encoding="utf-8")
    return src


@pytest.fixture(scope="module")
def pdf(project, tmp_path_factory):
    require("latexmk", "lualatex", "pdftotext", "chromium", mmdc=True)
    out = tmp_path_factory.mktemp("pdf-out")
    result = run_sphinx(project, out / "latex", "latex", doctrees=out / "doctrees")
    assert result.returncode == 0, result.stderr
    latex_dir = out / "latex"
    made = latexpdf.make(latex_dir, "leadgen-handbook", project=project)
    assert made.ok, made.problems
    path = made.pdf
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
    index = text[text.rindex("\nIndex"):]
    for tag in ("conversion rate", "digital marketing", "営業", "übersicht"):
        assert re.search(re.escape(tag) + r", \d+", index), tag


# ---- self-checks: questions for trainees, answers for trainers (issue 27) ---------------------------
def test_the_trainees_pdf_has_the_self_checks_questions_and_never_their_answers(pdf):
    flat = " ".join(pdf[1].split())
    assert "Self-check: Which step of lead generation builds a relationship" in flat
    assert re.search(r"A\. Lead identification B\. Prospect qualification C\. Lead nurturing D\. Lead conversion", flat)
    assert "Right answer" not in flat and "Lead nurturing guides a lead" not in flat
    assert "Trainer" not in flat
    assert "Week 1: lead generation" not in flat  # courses are not the book's: they have handouts


def test_the_trainers_edition_has_the_answers_and_says_so_on_its_cover(project, tmp_path):
    require("latexmk", "lualatex", "pdftotext")
    made = subprocess.run([sys.executable, str(REPO / "tools" / "latexpdf.py"), "build", "-t", "trainer"],
                          cwd=project, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    path = project / "_build" / "latex-trainer" / "leadgen-handbook.pdf"  # not _build/latex: never on the website
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True).stdout.decode()
    flat = " ".join(text.split()).replace("\u2019", "'")
    cover = " ".join(text.split("\f")[0].split()).replace("\u2019", "'")
    assert "Trainer's edition, with the answers to the self-checks" in cover
    assert "Right answer: C, Lead nurturing. Lead nurturing guides a lead through the buying journey" in flat
    assert re.search(r"Right answers: A, Research skills: knowing where and how to find potential leads; B, "
                     r"Communication skills: clear, persuasive messaging; D, Sales alignment", flat)
    assert not (project / "_build" / "latex" / "leadgen-handbook.pdf").exists()


# ---- the book's design ---------------------------------------------------------------------------
def pages(pdf) -> list[str]:
    return pdf[1].split("\f")[:-1]  # pdftotext ends every page with a form feed


def test_no_blank_pages_in_the_single_sided_default(pdf):
    assert all(page.strip() for page in pages(pdf))


def test_the_cover_has_title_subtitle_company_and_edition(pdf):
    cover = " ".join(pages(pdf)[0].split())
    assert cover.startswith("Lead Generation Handbook From the first idea to the daily work")
    # the edition: the date as the book writes dates ("8 May 2025"), no "Release" of a local build
    assert re.search(r"LeadCraftr Edition of \d{1,2} [A-Z][a-z]+ \d{4}$", cover), cover
    assert "Release" not in pdf[1] and "local build" not in pdf[1]


def test_running_heads_name_the_chapter_and_the_welcome_has_its_heading(pdf):
    book = pages(pdf)
    welcome = next(i for i, page in enumerate(book) if page.lstrip().startswith("Welcome"))
    assert "CONTENTS" not in book[welcome]  # the running foot said "CONTENTS 1"
    first_post = next(i for i, page in enumerate(book) if "What Is Lead Generation in Sales?" in page and i > welcome)
    following = book[first_post + 1].splitlines()
    head = next(line for line in following if line.strip())
    assert re.fullmatch(r"\s*Lead generation basics\s+Lead Generation Handbook\s*", head), head


def test_the_tags_chapter_speaks_of_pages_not_clicks(pdf):
    tags = next(page for page in pages(pdf) if re.search(r"CHAPTER \d+\s+Tags", page))
    assert "Pick one" not in tags and "followed by the pages of its posts" in " ".join(tags.split())


def defined_terms() -> set[str]:
    """The seeds' bold lead-ins, "**Term:** text", read from the posts as written."""
    from handbook.reading.index_terms import index_form

    found = set()
    for post in (REPO / "posts").glob("*.md"):
        for term in re.findall(r"^[ \t]*(?:[-*]|\d+\.)?[ \t]*\*\*([^*\n]{1,60}?):\*\*[ \t]*\w", post.read_text(encoding="utf-8"),
                               flags=re.MULTILINE):
            found.add(index_form(" ".join(term.split())))
    return found


def test_the_index_holds_the_terms_the_posts_define_with_their_pages(pdf):
    index = " ".join(pdf[1][pdf[1].rindex("\nIndex"):].split())
    terms = defined_terms()
    assert len(terms) >= 25 and {"Lead nurturing", "Strategic thinking", "Search engine optimization (SEO)"} <= terms
    missing = [t for t in sorted(terms) if not re.search(re.escape(t) + r", \d+", index)]
    assert missing == []
    for title, _date in SEEDS.values():  # and every post's title
        assert re.search(re.escape(title) + r", \d+", index), title


def test_duplex_printing_opens_chapters_on_right_hand_pages(project, tmp_path):
    require("latexmk", "lualatex", "pdftotext")
    result = run_sphinx(project, tmp_path / "latex", "latex", "-t", "duplex", doctrees=tmp_path / "doctrees")
    assert result.returncode == 0, result.stderr
    made = latexpdf.make(tmp_path / "latex", "leadgen-handbook")
    assert made.ok, made.problems
    text = subprocess.run(["pdftotext", "-layout", str(made.pdf), "-"],
                          capture_output=True, text=True).stdout
    book = text.split("\f")[:-1]
    chapter_pages = [i + 1 for i, page in enumerate(book) if re.search(r"^\s*CHAPTER \d+", page, re.MULTILINE)]
    assert chapter_pages and all(number % 2 == 1 for number in chapter_pages)  # odd: right-hand
    assert any(not page.strip() for page in book)  # the blank backs that make it so


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
    assert titles[:5] == ["Welcome", "Lead generation basics", "Skills that bring in leads", "Lead generation as a job",
                          "Tags"]
    assert len(reader.pages) > 10


def test_a_print_limit_keeps_each_chapters_newest_posts_and_lists_the_others(project, tmp_path):
    """handbook_print_max_posts (very large handbooks): the PDF keeps its references whole, to left-out posts too."""
    require("latexmk", "lualatex", "pdftotext")
    result = run_sphinx(project, tmp_path / "latex", "latex", "-D", "handbook_print_max_posts=3",
                        "-D", "html_baseurl=https://handbook.example.com", doctrees=tmp_path / "doctrees")
    assert result.returncode == 0, result.stderr
    assert [line for line in result.stderr.splitlines() if "WARNING" in line and "handbook.image" not in line] == []
    made = latexpdf.make(tmp_path / "latex", "leadgen-handbook")
    assert made.ok, made.problems
    log = (tmp_path / "latex" / "leadgen-handbook.log").read_text(errors="replace")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout", str(tmp_path / "latex" / "leadgen-handbook.pdf"),
                           "-"], capture_output=True).stdout.decode("utf-8", errors="replace")
    flat = " ".join(text.split())
    contents = " ".join(text[: text.index("Index")].split())
    # "Lead generation basics" holds two seeds: the newest is printed, the other is listed after it.
    assert "What Is Lead Generation in Sales?" in contents  # 8 May 2025, the chapter's newest
    assert "Is Lead Generation A Skill?" not in contents  # 6 July 2024: no section of its own
    listed = flat.split("More posts in this chapter, on the website (1)", 1)
    assert len(listed) == 2 and listed[1].lstrip("• ").startswith("Is Lead Generation A Skill?")
    assert "https://handbook.example.com/posts/" in flat  # where to read them (a footnote)
    # The tags chapter lists the posts this PDF holds, with their pages, and counts the others.
    tags_chapter = flat[flat.rindex("CHAPTER"):]
    assert "Is Lead Generation A Skill?" not in tags_chapter.split("Index")[0]
    assert re.search(r"conversion rate \(\d+\) .*?\d+ more on the website", tags_chapter)
    assert "??" not in text  # no reference to a page that is not in this PDF
    assert "undefined" not in log.lower().replace("undefined references", "")
