"""The handbook as a reader's browser shows it (Debian's chromium through Playwright).

The repo's own handbook is built once and served from 127.0.0.1; the tests click,
type and look as a trainee would, at desktop and phone sizes, in light and dark
mode, from the keyboard and from disk (``file://``). Screenshots are kept in
``_build/screenshots/`` (git-ignored) to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import DESKTOP, PHONE, SEARCH_DONE, browser, require, serve
from helpers import REPO, copy_project, run_sphinx

pytestmark = pytest.mark.slow

SHOTS = REPO / "_build" / "screenshots"
POST = "posts/what-is-a-lead-generation-job.html"
CHAPTER = "chapters/careers.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    require()
    project = copy_project(tmp_path_factory.mktemp("reader") / "project", "repo")
    out = project / "_build" / "html"
    result = run_sphinx(project, out)
    assert result.returncode == 0, result.stderr
    SHOTS.mkdir(parents=True, exist_ok=True)
    return out


@pytest.fixture(scope="module")
def chromium():
    with browser() as launched:
        yield launched


@pytest.fixture
def served(site):
    with serve(site) as base:
        yield base


def watched(page, base: str) -> dict[str, list[str]]:
    """Console errors, failed requests and requests to anywhere but ``base``, as they happen."""
    seen: dict[str, list[str]] = {"errors": [], "failed": [], "elsewhere": []}
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("requestfailed", lambda r: seen["failed"].append(r.url))
    page.on("request", lambda r: None if r.url.startswith((base, "data:")) else seen["elsewhere"].append(r.url))
    return seen


def shot(page, name: str) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def heading(page) -> str:
    return page.inner_text("article h1").replace("¶", "").strip()


# ---- the landing page ------------------------------------------------------------------------
def test_the_landing_page_shows_its_cards_and_funnel_and_loads_nothing_from_elsewhere(chromium, served):
    page = chromium.new_page(viewport=DESKTOP)
    seen = watched(page, served)
    page.goto(served + "index.html")
    page.wait_for_load_state("networkidle")
    assert page.locator("article .sd-card").count() == 3  # the chapter cards
    assert page.locator("article .handbook-card").count() >= 3  # the newest posts
    funnel = page.locator("article img.mermaid:visible")
    assert funnel.count() == 1
    assert funnel.evaluate("img => img.complete && img.naturalWidth > 0")
    assert seen == {"errors": [], "failed": [], "elsewhere": []}
    shot(page, "landing-desktop")


# ---- links lead where they say --------------------------------------------------------------
def test_a_tag_chip_opens_its_tag_page_which_lists_the_post(chromium, served):
    page = chromium.new_page(viewport=DESKTOP)
    page.goto(served + POST)
    title = heading(page)
    chip = page.locator("article .handbook-chips a").first
    tag = chip.inner_text()
    with page.expect_navigation():
        chip.click()
    assert heading(page) == f"Posts tagged “{tag}”"
    assert title in page.locator("article .handbook-card-title").all_inner_texts()
    shot(page, "tag-page")


def test_the_tag_overview_counts_what_each_tag_page_lists(chromium, served):
    page = chromium.new_page(viewport=DESKTOP)
    page.goto(served + "tags.html")
    links = page.locator("article .handbook-tag-cloud a")
    entries = [(a.inner_text(), a.get_attribute("href")) for a in links.all()]
    assert entries
    for text, href in entries:
        name, count = re.fullmatch(r"(.+) \((\d+)\)", text).groups()
        page.goto(served + href)
        assert heading(page) == f"Posts tagged “{name}”"
        assert page.locator("article .handbook-card").count() == int(count)


def test_previous_next_and_related_links_lead_where_they_say(chromium, served):
    page = chromium.new_page(viewport=DESKTOP)
    page.goto(served + POST)
    for selector in ("a.prev-page", "a.next-page", "article .handbook-related a"):
        for link in page.locator(selector).all():
            words = link.inner_text().replace("Previous", "").replace("Next", "").strip()
            target = page.context.browser.new_page()
            target.goto(link.evaluate("a => a.href"))
            assert heading(target) == words, selector
            target.close()


# ---- search -----------------------------------------------------------------------------------
def search(page, base: str, query: str) -> list[tuple[str, str]]:
    page.goto(base + "index.html")
    page.fill("form.sidebar-search-container input[name=q]", query)
    page.press("form.sidebar-search-container input[name=q]", "Enter")
    page.wait_for_selector(SEARCH_DONE)
    return [(li.locator("a").inner_text(), "".join(li.locator(".handbook-search-about").all_inner_texts()))
            for li in page.locator("#search-results ul.search li").all()]


def test_search_finds_a_post_by_a_word_of_its_body_and_by_its_tag(chromium, served):
    page = chromium.new_page(viewport=DESKTOP)
    by_body = search(page, served, "handoff")  # a word of one post's body only
    assert [title for title, _ in by_body] == ["What Is A Lead Generation Job?"]
    assert re.fullmatch(r"\d{1,2} \w+ \d{4} · Lead generation as a job", by_body[0][1])
    shot(page, "search")
    by_tag = search(page, served, "conversion rate")
    assert "What Is A Lead Generation Job?" in [title for title, _ in by_tag]


# ---- phones -------------------------------------------------------------------------------------
def test_on_a_phone_the_drawer_opens_on_the_current_chapter(chromium, served):
    page = chromium.new_page(viewport=PHONE)
    page.goto(served + POST)
    drawer = page.locator(".sidebar-drawer")
    assert not drawer.evaluate("d => d.getBoundingClientRect().right > 0")  # closed: off screen
    page.click(".nav-overlay-icon")  # furo's label, a <button> with JavaScript (handbook-keyboard.js)
    # furo slides it in
    page.wait_for_function("() => document.querySelector('.sidebar-drawer').getBoundingClientRect().left >= 0")
    current = page.locator(".sidebar-tree li.toctree-l1.current > a")
    assert current.inner_text() == "Lead generation as a job" and current.is_visible()
    assert page.locator(".sidebar-tree li.current-page > a").inner_text() == "What Is A Lead Generation Job?"
    shot(page, "phone-drawer")


def text_size_px(page, image) -> float:
    """The funnel's text as drawn: mermaid's 16 px scaled like the picture."""
    src = image.evaluate("img => img.src")
    view_width = page.evaluate("""async (src) => {
        const text = await (await fetch(src)).text();
        const box = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement.getAttribute('viewBox');
        return parseFloat(box.split(/[ ,]+/)[2]); }""", src)
    return 16 * image.evaluate("img => img.getBoundingClientRect().width") / view_width


def test_the_funnel_is_readable_on_a_phone_and_on_a_laptop(chromium, served):
    page = chromium.new_page(viewport=PHONE)
    page.goto(served + "index.html")
    shown = page.locator("article img.mermaid:visible")
    assert shown.count() == 1
    assert "handbook-diagram-narrow" in shown.get_attribute("class")  # drawn top to bottom
    assert text_size_px(page, shown) >= 12
    # The wide drawing would have shrunk its text below readability on this screen.
    wide = page.locator("article img.handbook-diagram-wide")
    wide.evaluate("img => { img.style.setProperty('display', 'inline', 'important'); }")
    assert text_size_px(page, wide) < 8
    page.reload()
    page.locator("article img.mermaid:visible").scroll_into_view_if_needed()
    shot(page, "phone-funnel")
    desktop = chromium.new_page(viewport=DESKTOP)
    desktop.goto(served + "index.html")
    assert "handbook-diagram-wide" in desktop.locator("article img.mermaid:visible").get_attribute("class")


# ---- dark mode ----------------------------------------------------------------------------------
def luminance(rgb: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", rgb)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_dark_mode_keeps_text_and_the_funnel_readable(chromium, served):
    context = chromium.new_context(viewport=DESKTOP, color_scheme="dark")
    page = context.new_page()
    page.goto(served + "index.html")
    body = page.evaluate("() => [getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]")
    assert luminance(body[0]) > 0.7 and luminance(body[1]) < 0.1  # light text on a dark page
    funnel = page.locator("article img.mermaid:visible")
    # The drawing (dark text on light shapes on a white panel) is turned dark, not left glaring.
    assert "invert" in funnel.evaluate("img => getComputedStyle(img).filter")
    shot(page, "landing-dark")
    light = chromium.new_page(viewport=DESKTOP, color_scheme="light")
    light.goto(served + "index.html")
    assert light.locator("article img.mermaid:visible").evaluate("img => getComputedStyle(img).filter") == "none"
    context.close()


# ---- keyboard only ---------------------------------------------------------------------------
def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
        return {tag: e.tagName, text: (e.innerText || e.value || e.getAttribute('aria-label') || '').trim(),
                cls: e.className, outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                shadow: s.boxShadow !== 'none', visible: e.getBoundingClientRect().width > 0}; }""")


def test_keyboard_reaches_skip_link_search_and_links_with_visible_focus(chromium, served):
    page = chromium.new_page(viewport=DESKTOP)
    page.goto(served + POST)
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["text"] == "Skip to content" and first["visible"]
    page.keyboard.press("Enter")
    seen = []
    for _ in range(60):
        page.keyboard.press("Tab")
        seen.append(focused(page))
    assert any(f["tag"] == "INPUT" and "search" in f["cls"] for f in seen)  # the search box
    links = [f for f in seen if f["tag"] == "A"]
    assert any(f["text"] == "What Does A Lead Generation Specialist Do?" for f in links)  # sidebar
    assert all(f["outline"] or f["shadow"] for f in links)  # focus is visible on every link


def test_keyboard_opens_the_phone_drawer(chromium, served):
    page = chromium.new_page(viewport=PHONE)
    page.goto(served + POST)
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to content"  # still the first stop
    for _ in range(10):
        page.keyboard.press("Tab")
        if "nav-overlay-icon" in focused(page)["cls"]:
            break
    else:
        pytest.fail("the drawer's button is not reachable with Tab")
    button = page.locator("button.nav-overlay-icon")
    assert focused(page)["tag"] == "BUTTON" and focused(page)["outline"]
    assert button.get_attribute("aria-expanded") == "false"
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.sidebar-drawer').getBoundingClientRect().left >= 0")
    assert button.get_attribute("aria-expanded") == "true"
    page.wait_for_function("() => document.activeElement.closest('.sidebar-drawer') !== null")  # focus moved in
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert focused(page)["tag"] == "BUTTON"


# ---- from disk (a trainer copies _build/html to a laptop) --------------------------------------
def test_from_disk_navigation_and_search_work(chromium, site):
    page = chromium.new_page(viewport=DESKTOP)
    page.goto(site.as_uri() + "/index.html")
    with page.expect_navigation():
        page.click(".sidebar-tree a:text('Lead generation as a job')")
    assert heading(page) == "Lead generation as a job"
    with page.expect_navigation():
        page.click("article .handbook-card-title a >> nth=0")
    assert page.url.startswith("file://") and page.locator("article .handbook-post-header").count() == 1
    results = search(page, site.as_uri() + "/", "specialist")
    assert results[0] == ("What Does A Lead Generation Specialist Do?", "8 May 2025 · Lead generation as a job")


# ---- a trainee's progress ---------------------------------------------------------------------
def test_a_trainee_marks_posts_read_and_sees_progress_per_chapter(chromium, served):
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(served + POST)
    button = page.locator("button.handbook-mark-read")
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    page.goto(served + CHAPTER)
    assert page.inner_text("article .handbook-chapter-progress") == "1 of 2 posts in this chapter read."
    read = page.locator("article .handbook-card.handbook-card-read .handbook-card-title")
    assert read.all_inner_texts() == ["What Is A Lead Generation Job?"]
    assert "1 read" in page.inner_text(".sidebar-tree li.toctree-l1.current > a")
    shot(page, "progress-chapter")
    # Another chapter's page shows the count in the sidebar too.
    page.goto(served + "chapters/basics.html")
    assert "1 read" in page.inner_text(".sidebar-tree a:has-text('Lead generation as a job')")
    # Reset, on a shared laptop: asked first, then everything is forgotten.
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button.handbook-progress-reset")
    assert page.locator(".handbook-progress-badge").count() == 0
    page.goto(served + CHAPTER)
    assert page.inner_text("article .handbook-chapter-progress") == "0 of 2 posts in this chapter read."
    context.close()


def test_progress_is_kept_from_disk_too_and_pages_work_without_javascript(chromium, site):
    page = chromium.new_page(viewport=DESKTOP)
    page.goto(site.as_uri() + "/" + POST)
    page.click("button.handbook-mark-read")
    page.goto(site.as_uri() + "/" + CHAPTER)
    assert page.inner_text("article .handbook-chapter-progress") == "1 of 2 posts in this chapter read."
    page.evaluate("() => localStorage.clear()")
    plain = chromium.new_context(viewport=DESKTOP, java_script_enabled=False).new_page()
    plain.goto(site.as_uri() + "/" + CHAPTER)
    assert plain.locator("button.handbook-mark-read, .handbook-chapter-progress").count() == 0
    assert plain.locator("article .handbook-card").count() == 2
