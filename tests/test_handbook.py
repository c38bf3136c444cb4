"""The real handbook (the repo's conf.py, posts and landing page), as a reader gets it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from conftest import REPO

NEEDS_MMDC = (REPO / "node_modules" / ".bin" / "mmdc").exists() and shutil.which("chromium")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    if not NEEDS_MMDC:
        if os.environ.get("CI"):
            pytest.fail("mermaid-cli and chromium must be installed in CI (tools/setup-system.sh)")
        pytest.skip("mermaid-cli or chromium missing: run tools/setup-system.sh html")
    out = tmp_path_factory.mktemp("handbook")
    before = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=REPO,
                            capture_output=True, text=True).stdout
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-j", "auto", "-W", "--keep-going",
         "-d", str(out / "doctrees"), str(REPO), str(out / "html")],
        capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"},
    )
    after = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=REPO,
                           capture_output=True, text=True).stdout
    return result, out / "html", before, after


def test_warnings_are_only_the_images_the_user_did_not_send(built):
    result, _, _, _ = built
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 5, result.stderr
    assert all(re.search(r"posts/[\w-]+\.md:10: WARNING: image file not found: '/media/[\w-]+\.webp'.*"
                         r"\[handbook\.image\]$", w) for w in warnings)
    assert "not safe for parallel" not in result.stderr and "parallel" not in result.stderr
    assert result.returncode == 1  # -W turns exactly these into a failure; see README


def test_the_build_leaves_the_source_tree_untouched(built):
    _, _, before, after = built
    assert after == before


def test_mermaid_funnel_is_a_picture_drawn_at_build_time(built):
    _, html, _, _ = built
    page = BeautifulSoup((html / "index.html").read_text(), "html.parser")
    assert page.select("pre.mermaid") == [] and page.select("script[type=module]") == []
    images = [img for img in page.select("article img.mermaid")]
    assert len(images) == 1 and images[0]["src"].startswith("_images/mermaid-") and images[0]["src"].endswith(".svg")
    assert images[0]["alt"].startswith("The lead generation funnel")
    images = [images[0]["src"]]
    svg = (html / images[0]).read_text()
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
    assert len(page.select("article .handbook-cards .handbook-card")) == 3
    assert [a.get_text() for a in page.select("article .handbook-tag-cloud a")] == ["conversion rate (4)",
                                                                                   "digital marketing (1)"]
    nav = [a.get_text() for a in page.select(".sidebar-tree a")]
    assert nav == ["Lead generation basics", "Skills that bring in leads", "Lead generation as a job", "Tags"]
