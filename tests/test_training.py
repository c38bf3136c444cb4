"""Courses, self-checks, owners and review dates in small handbooks (issue 27): built pages, the check, the report."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from handbook.commands import check as check_command
from handbook.commands.check import check
from handbook.commands.project import open_project
from handbook.core import courses
from helpers import Handbook, output_files, post
from test_commands import build_warnings, check_warnings

JAN_2026 = "1767225600"  # SOURCE_DATE_EPOCH of 1 January 2026

QUIZ_POST = post("Qualifying leads", "2025-02-01", ["post", "seo"], owner="Jane Doe", reviewed="2024-06-01", body="""\
Qualify before you call.

```{quiz}
:question: What does *BANT* stand for?
:explanation: BANT qualifies a lead by its budget, the buyer's authority, the need and the timing.

- [ ] Budget, Audience, Need, Tools
- [x] Budget, Authority, Need, Timing
```

```{quiz}
:question: Which of these are channels? <script>alert(1)</script>

- [x] Email `newsletters`
- [x] Webinars
- [ ] A spreadsheet
```
""")

COURSE = """---
title: "Week 1: <b>new</b> SDRs"
---

The first week.

```{course}
Day 1, the basics: qualifying, ads-post
Day 2, more: tag:seo
```
"""

INDEX = """# Test handbook

```{course-list}
```

```{offline-download}
```

```{toctree}
:hidden:

chapters/ads
chapters/all
tags
```
"""


@pytest.fixture
def training(handbook) -> Handbook:
    """Three posts (one with self-checks, an owner and a review date), two chapters and a course."""
    hb = handbook("basic")
    hb.write("index.md", INDEX)
    hb.write("chapters/ads.md", "# Ads\n\n```{chapter-posts}\n:tags: ads\n```\n")
    hb.write("posts/qualifying.md", QUIZ_POST)
    hb.write("posts/ads-post.md", post("Ads that work", "2025-01-10", ["post", "ads"], body="Ads. " * 400))
    hb.write("posts/seo-basics.md", post("SEO basics", "2024-12-01", ["post", "seo"], body="Search."))
    hb.write("courses/week-1.md", COURSE)
    return hb


def html(hb: Handbook, page: str) -> BeautifulSoup:
    return hb.html(page)


# ---- courses ------------------------------------------------------------------------------------
def test_a_course_page_lists_each_sessions_posts_in_order_with_minutes_and_self_checks(training, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JAN_2026)
    training.build()
    page = html(training, "courses/week-1")
    assert page.select_one("article h1").get_text().rstrip("¶") == "Week 1: <b>new</b> SDRs"  # a title is text
    sessions = page.select("article section section")
    assert [s.select_one("h2").get_text().rstrip("¶") for s in sessions] == ["Day 1, the basics", "Day 2, more"]
    first = [a.get_text() for a in sessions[0].select(".handbook-session-posts a")]
    assert first == ["Qualifying leads", "Ads that work"]
    # tag:seo: the tag's posts in reading order (chapter "Ads", then the catch-all by date), once in the course
    assert [a.get_text() for a in sessions[1].select(".handbook-session-posts a")] == ["SEO basics"]
    minutes = [int(m) for m in re.findall(r"· (\d+) min read", sessions[0].select_one("ol").get_text())]
    assert minutes[1] >= 2 and sessions[0].select_one(".handbook-session-about").get_text() == \
        f"2 posts · {sum(minutes)} min read"
    about = page.select_one(".handbook-course-about").get_text()
    assert re.fullmatch(r"2 sessions · 3 posts · \d+ min reading in all", about)
    # each session's self-checks, linked to their place in the post
    checks = sessions[0].select(".handbook-session-quizzes a")
    assert [a.get_text() for a in checks] == ["What does BANT stand for?",
                                              "Which of these are channels? <script>alert(1)</script>"]
    assert all(a["href"].startswith("../posts/qualifying.html#quiz-") for a in checks)
    target = html(training, "posts/qualifying").find(id=checks[0]["href"].split("#")[1])
    assert target is not None and target.name == "form"
    assert not sessions[1].select(".handbook-session-quizzes")
    # each post carries the fingerprint of its text, as its own page does
    version = sessions[0].select_one(".handbook-course-post")["data-handbook-version"]
    assert version == html(training, "posts/qualifying").select_one(".handbook-post-header")["data-handbook-version"]
    assert re.fullmatch(r"[0-9a-f]{16}", version)


def test_courses_are_in_the_sidebar_of_every_page_and_on_the_landing_page(training):
    training.build()
    for name in ("index", "posts/ads-post", "chapters/ads", "courses/week-1", "tags"):
        captions = [c.get_text() for c in html(training, name).select(".sidebar-tree p.caption")]
        assert captions[-2:] == ["Courses", "Browse"], name
        group = html(training, name).select_one(".sidebar-tree p.handbook-courses").find_next_sibling("ul")
        assert [a.get_text() for a in group.select("a")] == ["Week 1: <b>new</b> SDRs"]
    here = html(training, "courses/week-1").select_one(".sidebar-tree li.current-page a")
    assert here.get_text() == "Week 1: <b>new</b> SDRs" and here["href"] == "#"
    card = html(training, "index").select_one(".handbook-course-card")
    assert card.select_one("a")["href"] == "courses/week-1.html"
    assert card.select_one(".handbook-card-excerpt").get_text() == "Day 1, the basics · Day 2, more"
    assert "not included in any toctree" not in training.warnings  # in no chapter, and no warning for it
    # no offline zip published by this build: no link to one
    assert html(training, "index").select_one(".handbook-offline") is None


def test_the_landing_page_links_the_offline_zip_where_the_build_publishes_one(training):
    training.build(html_context={"handbook_offline_zip": "handbook-offline.zip"})
    link = html(training, "index").select_one("p.handbook-offline a")
    assert link["href"] == "handbook-offline.zip" and link.has_attr("download")


def test_course_and_quiz_problems_name_file_and_line_and_check_says_the_same(training):
    training.write("courses/week-1.md", COURSE.replace("ads-post", "ads-post, no-such-post, qualifying")
                   .replace("tag:seo", "tag:seoo, tag:ads\nnot a session") + "\n```{course}\nAgain: ads-post\n```\n")
    training.write("posts/broken.md", post("Broken quiz", body="```{quiz}\n- [ ] a\n- [ ]\nplain text\n```\n"))
    build = build_warnings(training)
    ours = sorted(w for w in build if w[3] in ("handbook.course", "handbook.quiz"))
    assert ours == [
        ("courses/week-1.md", 8, "no post named 'no-such-post' (a post's file name, without .md)",
         "handbook.course"),
        ("courses/week-1.md", 8, "post 'qualifying' is already in session 'Day 1, the basics'", "handbook.course"),
        ("courses/week-1.md", 9, "no post has the tag 'seoo'; did you mean 'seo'?", "handbook.course"),
        ("courses/week-1.md", 10, courses.NO_TITLE, "handbook.course"),
        ("courses/week-1.md", 13, "a page holds one course; this second 'course' is left out", "handbook.course"),
        ("posts/broken.md", 7, "a self-check needs a question: add ':question: ...'", "handbook.quiz"),
        ("posts/broken.md", 7, "no answer is marked right: mark each right one '- [x]'", "handbook.quiz"),
        ("posts/broken.md", 9, "answer 2 is empty", "handbook.quiz"),
        ("posts/broken.md", 10, "not an answer: 'plain text'; write '- [ ] answer' or '- [x] right answer'",
         "handbook.quiz"),
    ]
    assert check_warnings(training.srcdir) == build
    # the report lists them too, and every post is still built
    report = json.loads((training.outdir / "report.json").read_text())
    assert {(p["path"], p["line"], p["type"]) for p in report["problems"]} >= {(path, line, kind)
                                                                              for path, line, _, kind in ours}
    assert html(training, "posts/broken").select_one(".handbook-quiz-question") is not None


def test_a_quiz_on_a_page_that_is_not_a_post_is_checked_too(training):
    training.write("chapters/ads.md", "# Ads\n\n```{quiz}\n:question: Q?\n- [ ] a\n```\n\n"
                                      "```{chapter-posts}\n:tags: ads\n```\n")
    build = build_warnings(training)
    assert ("chapters/ads.md", 3, "no answer is marked right: mark each right one '- [x]'", "handbook.quiz") in build
    assert check_warnings(training.srcdir) == build


# ---- self-checks --------------------------------------------------------------------------------
def test_the_website_draws_a_quiz_as_a_form_with_a_fallback_without_javascript(training):
    training.build()
    page = html(training, "posts/qualifying")
    one, several = page.select("article form.handbook-quiz")
    for form, kind, right in ((one, "radio", "1"), (several, "checkbox", "0,1")):
        fieldset = form.select_one("fieldset")
        assert fieldset.find(True).name == "legend"  # the legend first: the group's name
        inputs = fieldset.select("input")
        assert {i["type"] for i in inputs} == {kind} and len({i["name"] for i in inputs}) == 1
        for control in inputs:
            assert fieldset.select_one(f'label[for="{control["id"]}"]') is not None
        assert form["data-handbook-right"] == right
        button = fieldset.select_one("button")
        assert button.get_text() == "Check" and button["type"] == "submit" and button.has_attr("hidden")
        live = fieldset.select_one(".handbook-quiz-result")
        assert live["role"] == "status" and live["aria-live"] == "polite"
        answer = form.select_one("details.handbook-quiz-answer")
        assert answer is not None and not answer.has_attr("open")  # collapsed
    assert one.select_one("legend em").get_text() == "BANT"  # inline Markdown
    assert one.select_one("details").get_text(" ", strip=True).startswith(
        "Show the answer Right answer: Budget, Authority, Need, Timing. BANT qualifies")
    assert several.select_one("label code").get_text() == "newsletters"
    # HTML in a question is shown as written, never run
    assert "<script>alert(1)</script>" in several.select_one("legend").get_text()
    assert page.find("script", string=re.compile("alert")) is None


def test_a_single_page_and_the_epub_show_questions_and_answers_without_a_form(training, tmp_path):
    training.build("singlehtml", outdir=tmp_path / "single")
    single = BeautifulSoup((tmp_path / "single" / "singlehtml" / "index.html").read_text(), "html.parser")
    assert single.select("form.handbook-quiz") == [] and len(single.select(".handbook-quiz details")) == 2
    training.build("epub", outdir=tmp_path / "epub")
    page = BeautifulSoup((tmp_path / "epub" / "epub" / "posts" / "qualifying.xhtml").read_text(), "html.parser")
    assert page.select("form.handbook-quiz") == [] and page.select("details") == []
    quizzes = page.select("div.handbook-quiz")
    assert quizzes[0].select_one(".handbook-quiz-question").get_text(" ", strip=True) == \
        "Self-check: What does BANT stand for?"
    assert "Budget, Authority" in quizzes[0].get_text() and "BANT qualifies" not in quizzes[0].get_text()
    # the answers at the end of the post, each linked to its question
    end = page.select_one(".handbook-quiz-answers-end")
    assert end is not None and end.find_next(class_="handbook-quiz") is None
    text = end.get_text(" ", strip=True)
    assert "Answers to the self-checks" in text and "Right answer: B, Budget, Authority, Need, Timing" in text
    assert "Right answers: A, Email newsletters ; B, Webinars" in text and "BANT qualifies" in text
    assert [a["href"] for a in end.select("a")] == [f"#{q['id']}" for q in quizzes]


def test_print_has_the_questions_and_only_a_trainers_edition_the_answers(training, tmp_path):
    """The LaTeX the PDF is made from (the PDF's own text: test_training_browser.py, with TeX)."""
    training.build("latex", outdir=tmp_path / "trainee")
    tex = next((tmp_path / "trainee" / "latex").glob("*.tex")).read_text()
    assert "What does " in tex and "Budget, Audience, Need, Tools" in tex and "Budget, Authority, Need, Timing" in tex
    assert r"\begin{enumerate}" in tex and r"Self\sphinxhyphen{}check:" in tex
    assert "Right answer" not in tex and "BANT qualifies" not in tex and "Show the answer" not in tex
    training.app.cleanup()
    training.app = training.make_app("latex", srcdir=training.srcdir, builddir=tmp_path / "trainer", tags=["trainer"])
    training.app.build()
    tex = next((tmp_path / "trainer" / "latex").glob("*.tex")).read_text()
    assert "Right answer:" in tex and "BANT qualifies a lead by its budget" in tex
    assert "Right answers:" in tex  # the question with several


# ---- owners and review dates -------------------------------------------------------------------
def test_the_post_header_names_the_owner_and_says_when_a_review_is_due(training, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JAN_2026)
    training.build()
    header = html(training, "posts/qualifying").select_one(".handbook-post-header")
    assert header.select_one(".handbook-review").get_text() == "Reviewed 1 June 2024 by Jane Doe"
    assert header.select_one(".handbook-review-due").get_text() == \
        "This post may be out of date: its review was due on 1 June 2025."
    assert html(training, "posts/ads-post").select_one(".handbook-review") is None
    assert "due for review" not in training.warnings  # the calendar fails no build (-W) nor ./dev check
    assert [p for p in check(open_project(training.srcdir)).problems if p.type == "handbook.review"] == []
    report = json.loads((training.outdir / "report.json").read_text())
    assert report["due"] == [{"path": "posts/qualifying.md", "line": 6, "since": "2025-06-01",
                              "reviewed": "2024-06-01", "owner": "Jane Doe"}]
    listed = BeautifulSoup((training.outdir / "report.html").read_text(), "html.parser")
    assert "posts/qualifying.md:6: due since 2025-06-01 (reviewed 2024-06-01 by Jane Doe)" in \
        listed.select_one("#due-for-review").find_next("ul").get_text()


def test_check_due_lists_only_the_posts_due_and_exits_1_then_0(training, monkeypatch, capsys):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JAN_2026)
    conf = training.srcdir / "conf.py"
    assert check_command.main(training.srcdir, due=True) == 1
    out = capsys.readouterr().out.splitlines()
    due = ("posts/qualifying.md:6: WARNING: due for review since 2025-06-01 (reviewed 2024-06-01 by Jane Doe); "
           "readers are told it may be out of date [handbook.review]")
    assert out == [due, "check --due: 1 of 3 posts due for review (handbook_review_every = 365 days)"]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 1 January 2025: not yet
    assert check_command.main(training.srcdir, due=True) == 0
    assert capsys.readouterr().out.splitlines() == ["check --due: none of 3 posts is due for review"]
    conf.write_text(conf.read_text() + "\nhandbook_review_every = 180\n")
    assert check_command.main(training.srcdir, due=True) == 1


def same_as_a_clean_build(hb: Handbook, incremental: Path, scratch: Path) -> dict:
    """The files of the incremental build just made, checked against a clean build of the same sources."""
    got = output_files(hb.outdir)
    hb.build(outdir=scratch, fresh=True)
    clean = output_files(hb.outdir)
    assert sorted(got) == sorted(clean)
    assert [name for name in clean if got[name] != clean[name]] == []
    return got


@pytest.mark.slow  # several builds (twice, or -j 2 against -j 1): ./dev test, not the fast tier
@pytest.mark.speedups  # incremental = clean, with the speed-ups off too (tox -e tests-plain)
def test_the_build_date_is_an_input_an_incremental_build_rewrites_what_it_changes(training, monkeypatch, tmp_path):
    """Not due on one date, due on a later one: the next build, with no source changed, says so, as a clean one does."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 1 January 2025
    training.build(outdir=tmp_path / "out", fresh=True)
    assert html(training, "posts/qualifying").select_one(".handbook-review-due") is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JAN_2026)
    training.build(outdir=tmp_path / "out")
    assert html(training, "posts/qualifying").select_one(".handbook-review-due") is not None
    same_as_a_clean_build(training, tmp_path / "out", tmp_path / "clean")


@pytest.mark.slow  # several builds (twice, or -j 2 against -j 1): ./dev test, not the fast tier
@pytest.mark.speedups  # incremental = clean, with the speed-ups off too (tox -e tests-plain)
def test_incremental_is_clean_after_editing_a_post_of_a_course(training, tmp_path):
    training.build(outdir=tmp_path / "out", fresh=True)
    training.write("posts/ads-post.md", post("Ads that work, retitled", "2025-01-10", ["post", "ads"], body="Short."))
    training.write("posts/seo-basics.md", post("SEO basics", "2024-12-01", ["post", "seo"],
                                               body="Search.\n\n```{quiz}\n:question: New?\n- [x] yes\n```\n"))
    training.build(outdir=tmp_path / "out")
    course = html(training, "courses/week-1")
    assert "Ads that work, retitled" in course.get_text() and "New?" in course.get_text()
    same_as_a_clean_build(training, tmp_path / "out", tmp_path / "clean")


@pytest.mark.slow  # several builds (twice, or -j 2 against -j 1): ./dev test, not the fast tier
@pytest.mark.speedups  # incremental = clean, with the speed-ups off too (tox -e tests-plain)
def test_a_new_course_reaches_every_pages_sidebar_incrementally(training, tmp_path):
    training.build(outdir=tmp_path / "out", fresh=True)
    training.write("courses/week-2.md", COURSE.replace("Week 1: <b>new</b> SDRs", "Week 2"))
    training.build(outdir=tmp_path / "out")
    assert [a.get_text() for a in html(training, "posts/ads-post").select(
        ".sidebar-tree p.handbook-courses + ul a")] == ["Week 1: <b>new</b> SDRs", "Week 2"]
    same_as_a_clean_build(training, tmp_path / "out", tmp_path / "clean")


def test_an_edited_post_gets_a_new_fingerprint_on_its_page_and_its_cards(training):
    training.build(fresh=True)
    before = html(training, "chapters/ads").select_one(".handbook-card")["data-handbook-version"]
    assert before == html(training, "posts/ads-post").select_one(".handbook-post-header")["data-handbook-version"]
    training.write("posts/ads-post.md", post("Ads that work", "2025-01-10", ["post", "ads"], body="Ads, again."))
    training.build()
    after = html(training, "chapters/ads").select_one(".handbook-card")["data-handbook-version"]
    assert after != before
    assert after == html(training, "posts/ads-post").select_one(".handbook-post-header")["data-handbook-version"]
    assert html(training, "tags/ads").select_one(".handbook-card")["data-handbook-version"] == after


# ---- the offline zip ------------------------------------------------------------------------------
def test_the_offline_zip_is_the_website_under_one_folder_and_the_same_twice(training, tmp_path, monkeypatch):
    import sys

    from helpers import REPO

    sys.path.insert(0, str(REPO / "tools"))
    import offline_zip

    training.build()
    (training.outdir / ".hidden-working-file").write_text("x")
    target = tmp_path / "a" / "handbook-offline.zip"
    assert offline_zip.main([str(training.outdir), str(target)]) == 0
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        infos = archive.infolist()
    assert names == sorted(names) and all(n.startswith("lead-generation-handbook/") for n in names)
    assert "lead-generation-handbook/index.html" in names and "lead-generation-handbook/courses/week-1.html" in names
    assert not any(n.endswith(("report.html", "report.json", ".hidden-working-file", ".buildinfo")) for n in names)
    assert {i.date_time for i in infos} == {(1980, 1, 1, 0, 0, 0)}
    again = tmp_path / "b" / "handbook-offline.zip"
    assert offline_zip.main([str(training.outdir), str(again)]) == 0
    assert target.read_bytes() == again.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", JAN_2026)
    inside = training.outdir / "handbook-offline.zip"  # Read the Docs writes it among the pages: not into itself
    assert offline_zip.main([str(training.outdir), str(inside)]) == 0
    with zipfile.ZipFile(inside) as archive:
        assert "lead-generation-handbook/handbook-offline.zip" not in archive.namelist()
        assert {i.date_time for i in archive.infolist()} == {dt.datetime(2026, 1, 1).timetuple()[:6]}
    assert offline_zip.main([str(tmp_path / "nothing"), str(tmp_path / "x.zip")]) == 2
    assert not Path(tmp_path / "x.zip").exists()


@pytest.mark.slow  # several builds (twice, or -j 2 against -j 1): ./dev test, not the fast tier
@pytest.mark.speedups
def test_two_processes_make_the_same_pages_as_one(training, tmp_path):
    training.write("posts/more.md", post("More", "2025-03-01", ["post", "ads"], body="```{quiz}\n:question: Q?\n"
                                                                                     "- [x] a\n- [ ] b\n```\n"))
    for i in range(6):  # enough documents for Sphinx to read and write them in two processes
        training.write(f"posts/p{i}.md", post(f"Post {i}", f"2025-01-0{i + 1}", ["post", "seo" if i % 2 else "ads"]))
    training.build(outdir=tmp_path / "serial", fresh=True)
    serial = output_files(training.outdir)
    training.build(outdir=tmp_path / "parallel", fresh=True, parallel=2)
    assert "Ads that work" in html(training, "courses/week-1").get_text()
    assert output_files(training.outdir) == serial
