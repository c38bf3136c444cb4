"""Chapter handouts: one PDF per chapter holding exactly its posts, linked from its page."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import REPO, SEEDS, add_self_checks, copy_project, require, run_sphinx

pytestmark = [pytest.mark.slow, pytest.mark.latex]  # Sphinx's LaTeX handouts (tools/handouts.py)

# The seeds' chapters and their posts (chapters/*.md decide; test_chapters checks them in HTML).
CHAPTERS = {
    "basics": ["What Is Lead Generation in Sales?", "Is Lead Generation A Skill?"],
    "skills": ["What Are Lead Generation Skills?"],
    "careers": ["What Is A Lead Generation Job?", "What Does A Lead Generation Specialist Do?"],
}


@pytest.fixture(scope="module")
def handouts(tmp_path_factory) -> tuple[Path, Path]:
    require("latexmk", "lualatex", "pdftotext", "pdfinfo")
    work = tmp_path_factory.mktemp("handouts")
    project = add_self_checks(copy_project(work / "project", "repo"))
    latex = project / "_build" / "handouts" / "latex"
    result = run_sphinx(project, latex, "latex", "-t", "handouts", doctrees=project / "_build" / "doctrees-handouts")
    assert result.returncode == 0, result.stderr
    made = subprocess.run([sys.executable, str(REPO / "tools" / "handouts.py"), str(latex),
                           str(project / "_build" / "handouts" / "html" / "handouts")], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    return project, project / "_build" / "handouts" / "html" / "handouts"


def text_of(pdf: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())


def test_one_valid_pdf_per_chapter_holding_exactly_its_posts(handouts):
    _, folder = handouts
    assert sorted(p.name for p in folder.iterdir()) == sorted([f"{c}.pdf" for c in CHAPTERS] + ["courses"])
    every_title = [title for title, _ in SEEDS.values()]
    assert sorted(every_title) == sorted(t for titles in CHAPTERS.values() for t in titles)
    for chapter, titles in CHAPTERS.items():
        pdf = folder / f"{chapter}.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True)
        assert info.returncode == 0 and "Pages:" in info.stdout
        text = text_of(pdf)
        # its own posts, each a chapter of the handout ("CHAPTER 1 <title>"), in reading order;
        # another chapter's post at most named (a related post), never printed
        printed = re.findall(r"CHAPTER (\d+) (.+?\?)", text)
        assert [title for _, title in printed] == titles, chapter
        assert [int(n) for n, _ in printed] == list(range(1, len(titles) + 1))
        assert "A chapter of the Lead Generation Handbook" in text  # its own cover
        assert "Contents" in text and "Index" in text


def test_each_chapter_page_links_its_handout(handouts):
    project, _ = handouts
    out = project / "_build" / "html"
    result = run_sphinx(project, out, "html")  # conf.py finds the handouts and publishes them
    assert result.returncode == 0, result.stderr
    for chapter in CHAPTERS:
        page = BeautifulSoup((out / "chapters" / f"{chapter}.html").read_text(encoding="utf-8"), "html.parser")
        link = page.select_one("article p.handbook-handout a")
        assert link is not None and link.has_attr("download")
        target = (out / "chapters" / link["href"]).resolve()
        assert target == (out / "handouts" / f"{chapter}.pdf").resolve() and target.is_file()
    index = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert index.select_one("p.handbook-handout") is None  # chapter pages only


@pytest.mark.parametrize("most", [0, 5, 4])
def test_handouts_only_while_the_pdf_prints_every_post(tmp_path, most):
    """Past handbook_print_max_posts no handouts: tools/handouts.py --fits says so, Read the Docs' pages link none."""
    project = add_self_checks(copy_project(tmp_path / "project", "repo"))
    posts = len(list((project / "posts").glob("*.md")))
    assert posts == 5
    (project / "conf.py").write_text((project / "conf.py").read_text() + f"\nhandbook_print_max_posts = {most}\n")
    fits = subprocess.run([sys.executable, str(REPO / "tools" / "handouts.py"), "--fits"], cwd=project,
                          capture_output=True, text=True)
    makes_handouts = most == 0 or most >= posts
    assert fits.returncode == (0 if makes_handouts else 1), fits.stderr
    if not makes_handouts:
        assert "no chapter handouts: 5 posts, more than handbook_print_max_posts (4)" in fits.stdout
    out = tmp_path / "html"
    result = run_sphinx(project, out, "html", env={"READTHEDOCS_CANONICAL_URL": "https://handbook.example.org/en/latest/"})
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((out / "chapters" / "basics.html").read_text(encoding="utf-8"), "html.parser")
    assert (page.select_one("article p.handbook-handout a") is not None) == makes_handouts


# ---- a course's handout (issue 27) ------------------------------------------------------------------
def test_a_course_handout_holds_its_sessions_as_chapters_with_their_posts_in_order(handouts):
    project, folder = handouts
    assert sorted(p.name for p in (folder / "courses").iterdir()) == ["week-1.pdf"]
    text = text_of(folder / "courses" / "week-1.pdf")
    assert text.startswith("Week 1: lead generation for new SDRs A course of the Lead Generation Handbook")
    # courses/week-1.md: Day 1 names two posts, Day 2 takes tag:conversion rate's others in reading order
    chapters = re.findall(r"CHAPTER (\d+) (Day \d, the \w+)", text)
    assert chapters == [("1", "Day 1, the basics"), ("2", "Day 2, the skills")]
    posts = re.findall(r"\d\.\d (What Is Lead Generation in Sales\?|Is Lead Generation A Skill\?|What Are Lead "
                       r"Generation Skills\?|What Is A Lead Generation Job\?) \d", text)
    assert posts == ["What Is Lead Generation in Sales?", "Is Lead Generation A Skill?",
                     "What Are Lead Generation Skills?", "What Is A Lead Generation Job?"]
    assert "What Does A Lead Generation Specialist Do? 8 May" not in text  # not in the course: never printed
    # the session's list points to the pages its posts are on; the self-checks print, their answers do not
    assert re.search(r"1\. What Is Lead Generation in Sales\? \(page \d+\) · \d+ min read", text)
    assert "Self-check: Which step of lead generation" in text and "C. Lead nurturing" in text
    assert "Right answer" not in text and "Lead nurturing guides a lead" not in text
    course = BeautifulSoup((project / "_build" / "html" / "courses" / "week-1.html").read_text(encoding="utf-8"),
                           "html.parser") if (project / "_build" / "html").is_dir() else None
    if course is not None:  # test_each_chapter_page_links_its_handout built the website with the handouts
        link = course.select_one("article p.handbook-handout a")
        assert link["href"] == "../handouts/courses/week-1.pdf" and link.has_attr("download")


def test_the_trainers_handouts_have_the_answers_and_go_elsewhere(tmp_path):
    require("latexmk", "lualatex", "pdftotext")
    project = add_self_checks(copy_project(tmp_path / "project", "repo"))
    made = subprocess.run([sys.executable, str(REPO / "tools" / "handouts.py"), "build", "-t", "trainer"],
                          cwd=project, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    assert not (project / "_build" / "handouts" / "html").exists()  # nothing the website would publish
    folder = project / "_build" / "handouts-trainer" / "handouts"
    text = text_of(folder / "courses" / "week-1.pdf")
    assert "Trainer's edition, with the answers to the self-checks" in text.replace("\u2019", "'")
    assert "Right answer: C, Lead nurturing. Lead nurturing guides a lead through the buying journey" in text
    assert "Right answers: A, Research skills" in text
    assert "Right answer: C, Lead nurturing." in text_of(folder / "basics.pdf")
