"""Chapter handouts through Typst: each its chapter's pages of the book, with its own cover, contents and index.

A handout is made from the same compiled pages as the book (so the two never differ and
the chapter is laid out once): its pages keep the book's numbers, which its cover says,
and what it does not hold (another chapter's post, the tags chapter) is printed as text
and links nowhere.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pikepdf
import pytest
from helpers import REPO
from test_typst_print import EPOCH, TOOL, book, book_text, flat, structure, text_of  # noqa: F401 - the session's build

pytestmark = pytest.mark.slow  # builds the PDF

CHAPTERS = {
    "basics": ["What Is Lead Generation in Sales?", "Is Lead Generation A Skill?"],
    "skills": ["What Are Lead Generation Skills?"],
}


def test_one_whole_pdf_per_chapter_with_posts_and_per_course(book):  # noqa: F811
    names = sorted(p.name for p in book.handouts.glob("*.pdf"))
    assert names == ["basics.pdf", "careers.pdf", "skills.pdf"]  # tags.md is no chapter: no handout
    assert sorted(p.name for p in (book.handouts / "courses").iterdir()) == ["week-1.pdf"]
    for name in [*names, "courses/week-1.pdf"]:
        assert re.search(rf"^handouts/{name}: \d+ pages", book.result.stdout, re.MULTILINE), book.result.stdout


def test_a_course_handout_holds_its_page_then_each_sessions_posts_in_the_courses_order(book):  # noqa: F811
    pdf = book.handouts / "courses" / "week-1.pdf"
    text = flat(text_of(pdf))
    cover = flat(text_of(pdf).split("\f")[0])
    assert cover.startswith("Week 1: lead generation for new SDRs A course from the Lead Generation Handbook")
    assert "Day 1, the basics" in text and "Day 2, the skills" in text
    with pikepdf.open(pdf) as document, document.open_outline() as outline:
        top = [item.title for item in outline.root]
    # the course page, then the posts of Day 1 and Day 2 in the course's order, then the index
    assert top[0] == "The course" and top[-1] == "Index", top
    assert [t.split(" ", 1)[1] for t in top[1:-1]] == [
        "What Is Lead Generation in Sales?", "Is Lead Generation A Skill?", "What Are Lead Generation Skills?",
        "What Is A Lead Generation Job?"], top
    assert "Self-check: Which step of lead generation builds a relationship" in text  # the posts' self-checks
    assert "Right answer" not in text  # the trainee's edition
    assert structure(pdf)  # tagged, like every handout


def test_a_handout_holds_exactly_its_chapters_posts_in_reading_order(book):  # noqa: F811
    for chapter, titles in CHAPTERS.items():
        pdf = book.handouts / f"{chapter}.pdf"
        with pikepdf.open(pdf) as document, document.open_outline() as outline:
            top = [item for item in outline.root]
            assert [i.title for i in top][-1] == "Index"
            posts = [child.title for child in top[0].children]
        assert posts == titles
        text = flat(text_of(pdf))
        assert "A chapter of the Lead Generation Handbook, for one training session" in text
        assert text.count("min read") == len(titles)  # no other chapter's post is printed


def test_a_handout_has_the_books_pages_and_says_so_on_its_cover(book, book_text):  # noqa: F811
    skills = text_of(book.handouts / "skills.pdf")
    cover = flat(skills.split("\f")[0])
    first, last = map(int, re.search(r"\(pages (\d+)–(\d+) of the handbook\)", cover).groups())
    pages = skills.split("\f")[:-1]
    opener = next(i for i, p in enumerate(pages) if "CHAPTER 2" in p)
    assert flat(pages[opener]).split()[-1] == str(first)  # its first page's foot: the book's number
    book_pages = book_text.split("\f")[:-1]
    in_book = next(i for i, p in enumerate(book_pages) if "CHAPTER 2" in p)
    assert flat(book_pages[in_book]) == flat(pages[opener])  # the very same page
    assert last >= first


def test_what_a_handout_does_not_hold_is_printed_as_text_and_links_nowhere(book):  # noqa: F811
    text = flat(text_of(book.handouts / "basics.pdf"))
    assert re.search(r"Related posts • What Is A Lead Generation Job\? \(page \d+\)", text)  # in another chapter
    with pikepdf.open(book.handouts / "basics.pdf") as pdf:
        count = len(pdf.pages)
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                action = annot.get("/A")
                if action is not None and action.S == pikepdf.Name.GoTo:
                    target = action.D[0]
                    assert any(target.objgen == p.objgen for p in pdf.pages)  # inside this handout
        assert count < 12


def test_a_handouts_index_lists_only_its_chapter(book):  # noqa: F811
    text = text_of(book.handouts / "skills.pdf", layout=False)
    index = flat(text[[m.end() for m in re.finditer(r"^\f?Index$", text, re.MULTILINE)][-1]:])
    assert re.search(r"What Are Lead Generation Skills\?, \d+", index)
    assert "Is Lead Generation A Skill?" not in index and "Jane Doe" not in index


def test_every_handout_is_tagged_with_one_document_and_its_headings(book):  # noqa: F811
    for pdf in book.handouts.glob("*.pdf"):
        kinds = [e.type for e in structure(pdf)]
        assert kinds[0] == "/Document" and kinds.count("/Title") == 1 and "/H1" in kinds and "/H2" in kinds


def test_the_trainers_edition_has_the_answers_says_so_and_goes_elsewhere(book):  # noqa: F811
    pythonpath = os.pathsep.join(filter(None, [str(REPO / "extensions"), os.environ.get("PYTHONPATH")]))
    made = subprocess.run([sys.executable, str(TOOL), "build", "-t", "trainer"], cwd=book.project, text=True,
                          capture_output=True, env={**os.environ, "PYTHONPATH": pythonpath, "SOURCE_DATE_EPOCH": EPOCH})
    assert made.returncode == 0, made.stderr
    built = book.project / "_build"
    pdf = built / "pdf-trainer" / "leadgen-handbook.pdf"  # never _build/pdf, which the website offers
    assert sorted(p.name for p in built.iterdir() if "pdf" in p.name or "handouts" in p.name) == [
        "handouts-trainer", "pdf-trainer"]
    text = flat(text_of(pdf))
    cover = flat(text_of(pdf).split("\f")[0]).replace("- ", "-")  # (pdftotext keeps the line's hyphen)
    assert "Trainer's edition, with the answers to the self-checks" in cover
    assert "Right answer: C, Lead nurturing. Lead nurturing guides a lead through the buying journey" in text
    course = flat(text_of(built / "handouts-trainer" / "handouts" / "courses" / "week-1.pdf"))
    assert "Right answer: C, Lead nurturing." in course
    assert "Right answer" not in flat(text_of(book.pdf))  # the trainee's book never has them
