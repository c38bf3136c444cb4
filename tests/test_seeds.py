"""The user's own handbook: their five posts as the handbook builds them, and the repo's project as a reader gets it."""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from helpers import REPO, SEEDS, Handbook, copy_project, require, require_that, run_sphinx

pytestmark = pytest.mark.slow

READING_ORDER = [
    "what-is-lead-generation-in-sales",
    "is-lead-generation-a-skill",
    "what-are-lead-generation-skills",
    "what-is-a-lead-generation-job",
    "what-does-a-lead-generation-specialist-do",
]


def test_the_users_posts_are_in_posts_as_their_blog_stores_them():
    """../shared/seeds are the user's own posts: posts/ holds each byte for byte (self-checks live in courses/)."""
    seeds = sorted((REPO.parent / "shared" / "seeds").glob("*.txt"))
    require_that(bool(seeds), "../shared/seeds beside the repository")
    ours = {p.read_bytes(): p.name for p in (REPO / "posts").glob("*.md")}
    assert sorted(ours.get(seed.read_bytes(), f"{seed.name}: not in posts/ unchanged") for seed in seeds) == sorted(
        f"{slug}.md" for slug in SEEDS)


# ---- the user's posts under a small conf.py (tests/roots/test-seeds), built in this process ----
@pytest.fixture(scope="module")
def seeds(module_app_factory, tmp_path_factory):
    srcdir = copy_project(tmp_path_factory.mktemp("seeds") / "src")
    return Handbook(module_app_factory, srcdir).build(fresh=True)


@pytest.mark.parametrize("slug", SEEDS)
def test_each_post_has_its_title_date_reading_time_and_chips(seeds, slug):
    title, date = SEEDS[slug]
    page = seeds.html(f"posts/{slug}")
    assert page.select_one("article h1").get_text().rstrip("¶") == title
    assert page.title.get_text().startswith(title)
    byline = page.select_one(".handbook-post-header .handbook-byline").get_text()
    assert byline.startswith(date)
    assert re.search(r"\d+ min read", byline)
    chips = [a.get_text() for a in page.select(".handbook-post-header .handbook-chips a")]
    assert "post" not in chips  # the marker tag is no chip
    assert chips in (["conversion rate"], ["digital marketing"])
    for link in page.select(".handbook-post-header .handbook-chips a"):
        assert link["href"] in ("../tags/conversion-rate.html", "../tags/digital-marketing.html")


def test_tag_pages_list_posts_newest_first_and_no_page_for_the_marker(seeds):
    tags_dir = seeds.outdir / "tags"
    assert sorted(p.name for p in tags_dir.iterdir()) == ["conversion-rate.html", "digital-marketing.html"]
    page = seeds.html("tags/conversion-rate")
    titles = [a.get_text() for a in page.select(".handbook-card-title a")]
    dates = [p.select_one(".handbook-date").get_text() for p in page.select(".handbook-card")]
    assert set(titles) == {SEEDS[s][0] for s in SEEDS if s != "what-does-a-lead-generation-specialist-do"}
    assert dates == ["8 May 2025", "8 May 2025", "3 April 2025", "6 July 2024"]
    for card in page.select(".handbook-card"):
        assert card.select_one(".handbook-card-excerpt").get_text().strip()
        assert card.select_one("img") is None  # the images were not sent: no broken picture
    hrefs = [a["href"] for a in page.select(".handbook-card-title a")]
    assert all(h.startswith("../posts/") and h.endswith(".html") for h in hrefs)


def test_overview_counts_tags(seeds):
    chips = [a.get_text() for a in seeds.html("tags").select("article .handbook-tag-cloud a")]
    assert chips == ["conversion rate (4)", "digital marketing (1)"]


def test_every_post_is_once_in_the_book_in_reading_order(seeds):
    env = seeds.app.env
    included = [d for parent in env.toctree_includes.values() for d in parent if d.startswith("posts/")]
    assert sorted(included) == sorted(f"posts/{s}" for s in SEEDS)
    # previous/next links follow the chapters' order
    order = []
    page = "index"
    for _ in range(20):
        nxt = seeds.html(page).select_one("a.next-page")
        if nxt is None:
            break
        page = str((seeds.outdir / page).parent.joinpath(nxt["href"]).resolve().relative_to(seeds.outdir.resolve()))
        page = page.removesuffix(".html")
        order.append(page)
    posts_in_order = [p.removeprefix("posts/") for p in order if p.startswith("posts/")]
    assert posts_in_order == READING_ORDER
    assert order.index("chapters/basics") < order.index("posts/what-is-lead-generation-in-sales")


def test_sidebar_shows_chapters_and_only_the_current_chapters_posts(seeds):
    page = seeds.html("posts/what-is-lead-generation-in-sales")
    nav = page.select_one(".sidebar-tree")
    links = [a.get_text() for a in nav.select("a")]
    assert "Lead generation basics" in links and "Lead generation as a job" in links and "Tags" in links
    assert "Is Lead Generation A Skill?" in links  # same chapter
    assert "What Is A Lead Generation Job?" not in links  # another chapter: collapsed


def test_related_posts_share_tags(seeds):
    page = seeds.html("posts/what-is-lead-generation-in-sales")
    related = [a.get_text() for a in page.select(".handbook-related a")]
    assert len(related) == 3
    assert "What Does A Lead Generation Specialist Do?" not in related  # shares no tag
    assert "What Is Lead Generation in Sales?" not in related


def test_canonical_link_to_a_post_not_in_the_handbook_stays_external(seeds):
    page = seeds.html("posts/what-is-lead-generation-in-sales")
    link = page.find("a", string="Lead Generation")
    assert link["href"] == "https://leadcraftr.com/posts/lead-generation/"
    assert "external" in link["class"]


def test_newest_posts_on_the_landing_page(seeds):
    titles = [a.get_text() for a in seeds.html("index").select(".handbook-card-title a")]
    assert len(titles) == 3
    assert "Is Lead Generation A Skill?" not in titles  # the oldest


def first_sentence(source: Path) -> str:
    """The first sentence of a post's first paragraph, as text: after the front matter and the image line."""
    body = source.read_text(encoding="utf-8").split("---\n", 2)[2]
    paragraph = next(p for p in body.split("\n\n") if p.strip() and not p.strip().startswith("!["))
    sentence = re.match(r"(.+?[.?!])(\s|$)", " ".join(paragraph.split()))[1]
    return re.sub(r"\*+", "", sentence)  # the Markdown emphasis is not text


def _plain(text: str) -> str:
    """Whitespace squeezed, curly quotes straight (Sphinx's smartquotes curl the source's)."""
    return " ".join(text.split()).translate(str.maketrans("‘’“”", "''\"\""))


def test_missing_images_leave_no_broken_img(seeds):
    for slug in SEEDS:
        page = seeds.html(f"posts/{slug}")
        assert page.select("article img") == []
        sentence = first_sentence(seeds.srcdir / "posts" / f"{slug}.md")
        assert len(sentence) > 50, sentence
        assert _plain(sentence) in _plain(page.select_one("article").get_text()), slug


# ---- the repo itself (its conf.py, landing page and posts), built with sphinx-build -W ----------------
@pytest.fixture(scope="module")
def built(tmp_path_factory):
    require("chromium", mmdc=True, why="run tools/setup-system.sh html")
    out = tmp_path_factory.mktemp("handbook")
    before = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=REPO,
                            capture_output=True, text=True).stdout
    result = run_sphinx(REPO, out / "html", "html", "-j", "auto", "-W", "--keep-going", doctrees=out / "doctrees")
    after = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=REPO,
                           capture_output=True, text=True).stdout
    return result, out / "html", before, after


def test_warnings_are_only_the_images_the_user_did_not_send(built):
    result, _, _, _ = built
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 5, result.stderr
    assert all(re.search(r"posts/[\w-]+\.md:10: WARNING: image file not found: '/media/[\w-]+\.webp'.*"
                         r"\[handbook\.image\]$", w) for w in warnings)
    for slug, line in zip(sorted(SEEDS), sorted(warnings)):  # each post's own image, on its line 10
        assert re.search(rf"posts/{slug}\.md:10: WARNING: image file not found: '/media/{slug}\.webp'", line)
    assert "not safe for parallel" not in result.stderr and "parallel" not in result.stderr
    assert result.returncode == 1  # -W turns exactly these into a failure; see README


def test_the_build_leaves_the_source_tree_untouched(built):
    _, _, before, after = built
    assert after == before


def _files(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
            for p in folder.rglob("*")}


def test_the_build_leaves_the_source_folder_as_it_was(handbook):
    """Any file, git-ignored or not (the check above sees only what git sees), without mermaid-cli."""
    hb = handbook("seeds")
    before = _files(hb.srcdir)
    hb.build(outdir=hb.srcdir.parent / "out")
    assert (hb.outdir / "posts" / f"{READING_ORDER[0]}.html").is_file()
    assert _files(hb.srcdir) == before


def test_mermaid_funnel_is_a_picture_drawn_at_build_time(built):
    _, html, _, _ = built
    page = BeautifulSoup((html / "index.html").read_text(), "html.parser")
    assert page.select("pre.mermaid") == [] and page.select("script[type=module]") == []
    # Drawn twice: left to right, and top to bottom for phones (test_reader shows one at a time).
    images = [img for img in page.select("article img.mermaid")]
    assert len(images) == 2
    for image in images:
        assert image["src"].startswith("_images/mermaid-") and image["src"].endswith(".svg")
        assert image["alt"].startswith("The lead generation funnel")
        svg = (html / image["src"]).read_text()
        for step in ("Identify", "Attract", "Qualify", "Nurture", "Convert"):
            assert step in svg


def test_no_page_loads_anything_from_another_host(built):
    _, html, _, _ = built
    for page in html.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("object", "data"),
                          ("source", "src"), ("video", "src"), ("audio", "src")):
            for element in soup.find_all(tag):
                url = element.get(attr)
                if not url or (tag == "link" and "stylesheet" not in element.get("rel", [])
                               and "preload" not in element.get("rel", [])):
                    continue
                assert not urlparse(url).netloc and not url.startswith("//"), f"{page}: {tag} {url}"
        for script in soup.find_all("script", src=False):
            assert "cdn." not in script.get_text() and "https://" not in script.get_text(), page


def test_diagrams_load_nothing_either(built):
    _, html, _, _ = built
    for svg in html.glob("_images/*.svg"):
        assert not re.search(r"(@import|href=\"|url\()\s*['\"]?(https?:)?//", svg.read_text()), svg


def test_landing_page_has_funnel_chapters_newest_posts_and_tags(built):
    _, html, _, _ = built
    page = BeautifulSoup((html / "index.html").read_text(), "html.parser")
    cards = [a["href"] for a in page.select("article .sd-card a.sd-stretched-link")]
    assert cards == ["chapters/basics.html", "chapters/skills.html", "chapters/careers.html"]
    assert len(page.select("article .handbook-cards:not(.handbook-course-cards) .handbook-card")) == 3  # newest
    assert [a.get_text() for a in page.select("article .handbook-course-cards .handbook-card-title a")] == [
        "Week 1: lead generation for new SDRs"]  # courses/week-1.md
    assert [a.get_text() for a in page.select("article .handbook-tag-cloud a")] == ["conversion rate (4)",
                                                                                   "digital marketing (1)"]
    # (a local PDF from ./dev pdf adds "Download PDF" below, in its own block)
    nav = [a.get_text() for a in page.select(".sidebar-tree:not(.handbook-downloads) a")]
    assert nav == ["Lead generation basics", "Skills that bring in leads", "Lead generation as a job", "Tags",
                   "Week 1: lead generation for new SDRs", "Archive"]
