"""Sidebar: what the extension draws is exactly what furo draws from Sphinx's collapsed toctree."""

from __future__ import annotations

import pytest
from furo.navigation import get_navigation_tree
from handbook.web.navigation import ACCESSIBILITY_FIXES, window


def with_accessibility_fixes(furos: str) -> str:
    """furo's markup with the handbook's documented fixes (navigation.ACCESSIBILITY_FIXES)."""
    for old, new in ACCESSIBILITY_FIXES:
        furos = furos.replace(old, new)
    return furos


def collect_both(app) -> dict[str, tuple[str, str]]:
    seen: dict[str, tuple[str, str]] = {}
    browsed: list[str] = []

    def compare(app, pagename, templatename, context, doctree):
        if "toctree" not in context:
            return
        furos = get_navigation_tree(
            context["toctree"](collapse=True, titles_only=True, maxdepth=-1, includehidden=True))
        # The handbook's own pages (the archive) come after what furo draws, as a group of their own.
        ours, _, browse = context["furo_navigation_tree"].partition('<p class="caption handbook-browse"')
        seen[pagename] = (ours, with_accessibility_fixes(furos))
        browsed.append(browse)

    app.connect("html-page-context", compare, priority=900)
    seen["_browse"] = browsed
    return seen


@pytest.mark.parametrize("root", ["navigation", "seeds"])
def test_every_page_gets_the_sidebar_furo_would_draw_collapsed(handbook, root):
    hb = handbook(root)
    hb.app = hb.make_app("html", srcdir=hb.srcdir, freshenv=True)
    seen = collect_both(hb.app)
    hb.app.build()
    browsed = seen.pop("_browse")
    assert len(seen) > 8
    assert all("Archive</a>" in b for b in browsed) and len(browsed) == len(seen)
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


# ---- the window: lists longer than handbook_sidebar_window -------------------------

@pytest.mark.parametrize(("count", "current", "limit", "expected"), [
    (5, 2, 10, (0, 5)),  # fits: all of it
    (50, 2, 0, (0, 50)),  # 0: no limit
    (50, None, 10, (0, 10)),  # nothing current: the first ones
    (50, 0, 10, (0, 10)),
    (50, 25, 10, (21, 31)),  # the current one in the middle
    (50, 49, 10, (40, 50)),  # kept inside the list
    (50, 7, 1, (7, 8)),
])
def test_window(count, current, limit, expected):
    start, end = window(count, current, limit)
    assert (start, end) == expected
    assert end - start == min(count, limit or count)
    if current is not None:
        assert start <= current < end


def sidebar_links(soup):
    nav = soup.select_one(".sidebar-tree")
    shown = [a.get_text() for a in nav.select("li:not(.handbook-sidebar-more) > a")]
    more = [(a.get_text(), a["href"]) for a in nav.select("li.handbook-sidebar-more > a")]
    return shown, more


def test_a_long_list_shows_a_window_and_links_to_the_rest(handbook):
    hb = handbook("navigation").build(handbook_sidebar_window=1)
    # Chapter "one" holds posts 1-3 (by date); on post 2 the window is post 2 alone.
    shown, more = sidebar_links(hb.html("posts/p2"))
    posts = [t for t in shown if t.startswith("Post")]
    assert posts == ['Post 2 <b>&amp;</b> \'q\' "dq"']
    assert ("1 earlier post", "../part/one.html") in more and ("1 more post", "../part/one.html") in more
    # The chapters: one window per toctree, the rest on the contents page.
    assert ("1 more chapter", "../contents.html") in more
    assert ("2 more chapters", "../contents.html") in more  # the second toctree: 3 entries
    contents = hb.html("contents")
    listed = [a.get_text() for a in contents.select("article ul.handbook-contents a")]
    assert listed == ["The code and emphasis chapter", "Tom & Jerry’s “chapter” <2>", "Nested",
                      "Elsewhere", "Tags"]
    assert contents.select_one("article h2").get_text() == 'First & "quoted" <part>'
    counts = [s.get_text() for s in contents.select("article .handbook-count")]
    assert counts[0] == "3 posts"
    # The chapter page a "more" link leads to lists every post of the chapter.
    chapter = hb.html("part/one").select_one("article").get_text()
    assert all(f"Post {n}" in chapter for n in (1, 2, 3))


def test_the_contents_page_goes_when_the_chapters_fit_again(handbook):
    hb = handbook("navigation").build(handbook_sidebar_window=1)
    assert (hb.outdir / "contents.html").is_file()
    written = (hb.outdir / "contents.html").stat().st_mtime_ns
    hb.build(handbook_sidebar_window=1)  # nothing changed: not written again
    assert (hb.outdir / "contents.html").stat().st_mtime_ns == written
    hb.build(handbook_sidebar_window=0)
    assert not (hb.outdir / "contents.html").exists()
    shown, more = sidebar_links(hb.html("posts/p2"))
    assert more == [] and sum(t.startswith("Post") for t in shown) == 3


def test_a_writers_own_contents_page_is_linked_instead(handbook):
    hb = handbook("navigation")
    hb.write("all.md", "# Everything\n\nA list of our own.\n")
    hb.build(handbook_sidebar_window=1, handbook_contents_page="all")
    assert "A list of our own." in hb.html("all").select_one("article").get_text()
    _, more = sidebar_links(hb.html("posts/p2"))
    assert ("1 more chapter", "../all.html") in more
    assert not (hb.outdir / "contents.html").exists()
