"""The user's five posts, built as the handbook builds them (HTML)."""

from __future__ import annotations

import re

import pytest
from conftest import main_text

SEEDS = {
    "what-is-lead-generation-in-sales": ("What Is Lead Generation in Sales?", "8 May 2025"),
    "is-lead-generation-a-skill": ("Is Lead Generation A Skill?", "6 July 2024"),
    "what-are-lead-generation-skills": ("What Are Lead Generation Skills?", "3 April 2025"),
    "what-is-a-lead-generation-job": ("What Is A Lead Generation Job?", "8 May 2025"),
    "what-does-a-lead-generation-specialist-do": ("What Does A Lead Generation Specialist Do?", "8 May 2025"),
}
READING_ORDER = [
    "what-is-lead-generation-in-sales",
    "is-lead-generation-a-skill",
    "what-are-lead-generation-skills",
    "what-is-a-lead-generation-job",
    "what-does-a-lead-generation-specialist-do",
]


@pytest.fixture(scope="module")
def seeds(module_app_factory, tmp_path_factory, rootdir):
    import shutil

    from conftest import REPO, Handbook

    srcdir = tmp_path_factory.mktemp("seeds") / "src"
    shutil.copytree(rootdir / "test-seeds", srcdir)
    for name in ("posts", "chapters"):
        shutil.copytree(REPO / name, srcdir / name)
    shutil.copy(REPO / "tags.md", srcdir / "tags.md")
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


def test_only_warnings_are_the_missing_images(seeds):
    lines = seeds.warning_lines()
    assert len(lines) == 5, lines
    for slug, line in zip(sorted(SEEDS), sorted(lines)):
        assert re.search(rf"posts/{slug}\.md:10: WARNING: image file not found: '/media/{slug}\.webp'", line)
        assert line.endswith("[handbook.image]")


def test_missing_images_leave_no_broken_img(seeds):
    for slug in SEEDS:
        page = seeds.html(f"posts/{slug}")
        assert page.select("article img") == []
        assert "Lead" in main_text(page)
