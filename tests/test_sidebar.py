"""Sidebar: what the extension draws is exactly what furo draws from Sphinx's collapsed toctree."""

from __future__ import annotations

import pytest
from furo.navigation import get_navigation_tree
from handbook.navigation import ACCESSIBILITY_FIXES


def with_accessibility_fixes(furos: str) -> str:
    """furo's markup with the handbook's documented fixes (navigation.ACCESSIBILITY_FIXES)."""
    for old, new in ACCESSIBILITY_FIXES:
        furos = furos.replace(old, new)
    return furos


def collect_both(app) -> dict[str, tuple[str, str]]:
    seen: dict[str, tuple[str, str]] = {}

    def compare(app, pagename, templatename, context, doctree):
        if "toctree" not in context:
            return
        furos = get_navigation_tree(
            context["toctree"](collapse=True, titles_only=True, maxdepth=-1, includehidden=True))
        seen[pagename] = (context["furo_navigation_tree"], with_accessibility_fixes(furos))

    app.connect("html-page-context", compare, priority=900)
    return seen


@pytest.mark.parametrize("root", ["navigation", "seeds"])
def test_every_page_gets_the_sidebar_furo_would_draw_collapsed(handbook, root):
    hb = handbook(root)
    hb.app = hb.make_app("html", srcdir=hb.srcdir, freshenv=True)
    seen = collect_both(hb.app)
    hb.app.build()
    assert len(seen) > 8
    for pagename, (ours, furos) in seen.items():
        assert ours == furos, pagename
    # The fixes apply: every caption has a level, and no toggle claims to be a switch.
    drawn = "".join(ours for ours, _ in seen.values())
    assert 'role="heading">' not in drawn and 'role="switch"' not in drawn
    if root == "navigation":  # its toctree has a caption
        assert 'role="heading" aria-level="2"' in drawn


def test_sidebar_of_a_post_shows_its_chapter_only(handbook):
    hb = handbook("navigation")
    hb.build()
    nav = hb.html("posts/p1").select_one(".sidebar-tree")
    links = [a.get_text() for a in nav.select("a")]
    assert "Other post" not in links  # another chapter: collapsed
    assert any(t.startswith("Post 1") for t in links) and any(t.startswith("Post 2") for t in links)
    assert nav.select_one("li.current-page a")["href"] == "#"
    assert nav.select_one("input.toctree-checkbox[checked]") is not None
