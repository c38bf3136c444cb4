"""Self-checks, courses and "updated since you read it" in a real browser, by keyboard alone; the offline zip from disk.

Chromium (tests/browser.py) on the repo's own handbook: the seeds' self-checks, the course
over the seeds (courses/week-1.md), axe-core on the pages they are on.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from browser import DESKTOP, PHONE, SEARCH_DONE, axe_violations, browser, require, serve
from helpers import REPO, add_self_checks, copy_project, run_sphinx

pytestmark = pytest.mark.slow

RADIO_POST = "posts/what-is-lead-generation-in-sales.html"  # one right answer: radio buttons
CHECKBOX_POST = "posts/is-lead-generation-a-skill.html"  # several: checkboxes
COURSE = "courses/week-1.html"
SOURCE_DATE_EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    require()
    src = add_self_checks(copy_project(tmp_path_factory.mktemp("training") / "src", "repo"))
    build(src)
    return src


def build(src: Path) -> None:
    result = run_sphinx(src, src / "_build" / "html", "html", env=SOURCE_DATE_EPOCH, doctrees=src / "_build" / "doctrees")
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def chromium():
    with browser() as launched:
        yield launched


def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName, type: e.type || '', value: e.value || '', text: e.textContent.trim().slice(0, 40),
                inQuiz: e.closest('form.handbook-quiz') !== null}; }""")


def tab_into_the_quiz(page, limit: int = 80) -> dict:
    """Tab from the top of the page until the focus is on the quiz's first control: the keyboard's way there."""
    page.locator("body").focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["inQuiz"]:
            return now
    raise AssertionError("the quiz cannot be reached with Tab")


def result_of(page) -> str:
    page.wait_for_function("() => document.querySelector('.handbook-quiz-result').textContent.trim() !== ''")
    return page.inner_text("form.handbook-quiz .handbook-quiz-result")


def test_a_radio_quiz_by_keyboard_alone_announced_and_kept_across_a_reload(chromium, project):
    with serve(project / "_build" / "html") as base:
        context = chromium.new_context(viewport=DESKTOP)
        page = context.new_page()
        page.goto(base + RADIO_POST)
        live = page.locator("form.handbook-quiz .handbook-quiz-result")
        assert live.get_attribute("aria-live") == "polite" and live.get_attribute("role") == "status"
        first = tab_into_the_quiz(page)
        assert (first["tag"], first["type"]) == ("INPUT", "radio")
        page.keyboard.press("Space")  # "Lead identification": not right
        page.keyboard.press("Tab")
        assert focused(page)["text"] == "Check"
        page.keyboard.press("Enter")
        assert result_of(page).startswith("Not quite.")
        page.keyboard.press("Shift+Tab")  # back to the chosen answer; arrows move the choice
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        assert focused(page)["value"] == "2"
        page.keyboard.press("Tab")
        page.keyboard.press("Space")  # a button takes Space too
        page.wait_for_function("() => document.querySelector('.handbook-quiz-result').textContent.startsWith('Right')")
        assert result_of(page) == ("Right. Lead nurturing guides a lead through the buying journey until it is ready "
                                   "to buy; qualification only decides whether the lead fits the buyer persona.")
        assert page.inner_text("article .handbook-quiz-score") == "Self-checks on this page: 1 of 1 right."
        assert axe_violations(page) == []
        page.reload()
        assert page.locator("form.handbook-quiz input:checked").get_attribute("value") == "2"
        assert result_of(page).startswith("Right.")
        assert page.inner_text("article .handbook-quiz-score") == "Self-checks on this page: 1 of 1 right."
        page.set_viewport_size(PHONE)
        assert axe_violations(page) == []
        context.close()


def test_a_checkbox_quiz_wants_every_right_answer(chromium, project):
    with serve(project / "_build" / "html") as base:
        context = chromium.new_context(viewport=DESKTOP)
        page = context.new_page()
        page.goto(base + CHECKBOX_POST)
        assert tab_into_the_quiz(page)["type"] == "checkbox"
        page.keyboard.press("Space")  # A
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Space")  # D
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert result_of(page).startswith("Not quite.")  # B is right too
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Space")  # B
        assert sorted(page.eval_on_selector_all("form.handbook-quiz input:checked", "l => l.map(i => i.value)")) == [
            "0", "1", "3"]
        page.locator("form.handbook-quiz button").focus()
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.querySelector('.handbook-quiz-result').textContent.startsWith('Right')")
        assert axe_violations(page) == []
        context.close()


def test_without_javascript_the_answer_waits_in_a_collapsed_block(chromium, project):
    page = chromium.new_context(viewport=DESKTOP, java_script_enabled=False).new_page()
    page.goto((project / "_build" / "html" / RADIO_POST).as_uri())
    assert not page.locator("form.handbook-quiz button").is_visible()  # nothing to check with
    details = page.locator("details.handbook-quiz-answer")
    assert not page.locator("details.handbook-quiz-answer .handbook-quiz-solution").is_visible()
    details.locator("summary").click()
    assert page.locator(".handbook-quiz-solution").inner_text().startswith("Right answer: Lead nurturing.")


def test_a_course_page_shows_the_trainees_progress_and_scores(chromium, project):
    with serve(project / "_build" / "html") as base:
        context = chromium.new_context(viewport=DESKTOP)
        page = context.new_page()
        page.goto(base + COURSE)
        assert page.inner_text("article .handbook-course-progress") == \
            "Your progress in this browser: 0 of 4 posts read; self-checks: 0 of 2 right."
        assert axe_violations(page) == []
        page.goto(base + RADIO_POST)
        page.click("button.handbook-mark-read")
        page.check("form.handbook-quiz input[value='2']")
        page.click("form.handbook-quiz button")
        page.goto(base + COURSE)
        assert page.inner_text("article .handbook-course-progress") == \
            "Your progress in this browser: 1 of 4 posts read; self-checks: 1 of 2 right."
        assert page.locator("article .handbook-session-progress").all_inner_texts() == [
            "1 of 2 posts read · self-checks: 1 of 2 right.", "0 of 2 posts read."]
        first = page.locator("article .handbook-session-posts li").first.inner_text()
        assert first.startswith("What Is Lead Generation in Sales?") and "✓ read" in first
        assert "✓ right" in page.locator("article .handbook-session-quizzes li").first.inner_text()
        assert axe_violations(page) == []
        # the sidebar's Courses group, and "Reset reading progress" forgets the scores too
        assert page.locator(".sidebar-tree .handbook-courses + ul li.current-page").count() == 1
        page.once("dialog", lambda dialog: dialog.accept())
        page.click("button.handbook-progress-reset")
        assert page.inner_text("article .handbook-course-progress") == \
            "Your progress in this browser: 0 of 4 posts read; self-checks: 0 of 2 right."
        assert page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('handbook-'))") == []
        context.close()


def test_a_post_edited_after_it_was_read_says_so_on_its_page_chapter_and_course(chromium, tmp_path):
    require()
    src = add_self_checks(copy_project(tmp_path / "src", "repo"))
    build(src)
    with serve(src / "_build" / "html") as base:
        context = chromium.new_context(viewport=DESKTOP)
        page = context.new_page()
        page.goto(base + CHECKBOX_POST)
        page.click("button.handbook-mark-read")
        assert page.locator(".handbook-updated-notice").count() == 0
        # the writer edits the post; the handbook is built again (incrementally, as ./dev html does)
        path = src / "posts" / "is-lead-generation-a-skill.md"
        path.write_text(path.read_text().replace("undeniably a skill", "without doubt a skill"))
        build(src)
        page.reload()
        notice = page.locator("article .handbook-updated-notice")
        assert notice.inner_text().startswith("Updated since you read it")
        assert page.locator("button.handbook-mark-read").get_attribute("aria-pressed") == "true"  # still read
        assert axe_violations(page) == []
        page.goto(base + "chapters/basics.html")
        card = page.locator("article .handbook-card", has_text="Is Lead Generation A Skill?")
        assert "Updated since you read it" in card.inner_text()
        other = page.locator("article .handbook-card", has_text="What Is Lead Generation in Sales?")
        assert "Updated" not in other.inner_text()
        page.goto(base + COURSE)
        item = page.locator("article .handbook-session-posts li", has_text="Is Lead Generation A Skill?")
        assert "Updated since you read it" in item.inner_text()
        # read again: the flag goes, everywhere
        page.goto(base + CHECKBOX_POST)
        page.click("button.handbook-read-again")
        assert page.locator(".handbook-updated-notice").count() == 0
        page.goto(base + "chapters/basics.html")
        assert "Updated" not in page.locator("article .handbook-card", has_text="Is Lead Generation A Skill?").inner_text()
        context.close()


def test_the_offline_zip_opened_from_disk_finds_posts_and_scores_self_checks(chromium, project, tmp_path):
    target = tmp_path / "handbook-offline.zip"
    made = subprocess.run([sys.executable, str(REPO / "tools" / "offline_zip.py"), str(project / "_build" / "html"),
                           str(target)], capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    with zipfile.ZipFile(target) as archive:
        archive.extractall(tmp_path / "unpacked")
    site = tmp_path / "unpacked" / "lead-generation-handbook"
    page = chromium.new_context(viewport=DESKTOP).new_page()
    page.goto((site / "search.html").as_uri() + "?q=nurturing")
    page.wait_for_selector(SEARCH_DONE)
    titles = page.eval_on_selector_all("#search-results ul.search li a", "l => l.map(a => a.textContent)")
    assert "What Is Lead Generation in Sales?" in titles
    with page.expect_navigation():
        page.click("#search-results ul.search li a:text('What Is Lead Generation in Sales?')")
    assert page.url.startswith("file://")
    page.check("form.handbook-quiz input[value='2']")
    page.click("form.handbook-quiz button")
    assert result_of(page).startswith("Right.")
    page.goto((site / "index.html").as_uri())
    assert page.locator("article .handbook-course-card a").inner_text() == "Week 1: lead generation for new SDRs"
