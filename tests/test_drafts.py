"""Drafts: built and labelled, in no listing unless handbook_show_drafts is on."""

from __future__ import annotations

from conftest import main_text, post, raw


def test_drafts_are_built_but_not_listed(handbook):
    hb = handbook()
    hb.write("posts/a.md", post("Published", tags=["seo"]))
    hb.write("posts/b.md", post("Unfinished", tags=["seo"], draft=raw("true")))
    hb.build()
    assert "Draft" in hb.html("posts/b").select_one(".handbook-byline").get_text()
    assert [a.get_text() for a in hb.html("tags/seo").select(".handbook-card-title a")] == ["Published"]
    assert "Unfinished" not in main_text(hb.html("chapters/all"))
    assert "WARNING" not in hb.warnings  # no "not included in any toctree"
    # in no listing on any other page either: newest posts, related posts, tag overview
    pages = [str(p.relative_to(hb.outdir).with_suffix("")) for p in hb.outdir.rglob("*.html")]
    assert "posts/a" in pages
    for page in pages:
        if page != "posts/b":
            assert "Unfinished" not in [a.get_text() for a in hb.html(page).select("article a")], page


def test_show_drafts_lists_drafts_like_published_posts(handbook):
    hb = handbook()
    hb.write("posts/a.md", post("Published", tags=["seo"]))
    hb.write("posts/b.md", post("Unfinished", tags=["seo"], draft=raw("true")))
    hb.build(handbook_show_drafts=True)
    assert sorted(a.get_text() for a in hb.html("tags/seo").select(".handbook-card-title a")) == [
        "Published", "Unfinished"]
    assert "Unfinished" in main_text(hb.html("chapters/all"))
    assert "Draft" in hb.html("posts/b").select_one(".handbook-byline").get_text()
