"""Drafts: left out of a production build, shown with a banner in a preview (handbook_show_drafts)."""

from __future__ import annotations

import base64

from helpers import main_text, post, raw

PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def test_drafts_are_not_published(handbook):
    hb = handbook()
    hb.write("posts/a.md", post("Published", tags=["seo"]))
    hb.write("posts/b.md", post("Unfinished words", tags=["seo"], draft=raw("true"), image="/b.png"))
    (hb.srcdir / "b.png").write_bytes(PNG)
    hb.build()
    assert not (hb.outdir / "posts" / "b.html").exists()
    assert not list(hb.outdir.glob("_sources/posts/b.*")) and not list(hb.outdir.glob("_images/b*.png"))
    searchable = (hb.outdir / "searchindex.js").read_text(encoding="utf-8")
    assert "posts/b" not in searchable and "unfinish" not in searchable
    assert "Unfinished" not in "".join(p.read_text(encoding="utf-8") for p in (hb.outdir / "_search").rglob("*.js"))
    assert [a.get_text() for a in hb.html("tags/seo").select(".handbook-card-title a")] == ["Published"]
    assert "Unfinished" not in main_text(hb.html("chapters/all"))
    assert "WARNING" not in hb.warnings  # no "not included in any toctree"
    # in no listing on any other page either: newest posts, related posts, tag overview
    pages = [str(p.relative_to(hb.outdir).with_suffix("")) for p in hb.outdir.rglob("*.html")]
    assert "posts/a" in pages
    for page in pages:
        assert "Unfinished" not in hb.html(page).get_text(), page
    # An incremental build after the draft is published again brings it back.
    hb.write("posts/b.md", post("Unfinished words", tags=["seo"], image="/b.png"))
    hb.build()
    assert (hb.outdir / "posts" / "b.html").is_file() and list(hb.outdir.glob("_images/b*.png"))


def test_a_draft_is_not_in_the_epub(handbook):
    import zipfile

    hb = handbook()
    hb.write("posts/a.md", post("Published", tags=["seo"]))
    hb.write("posts/b.md", post("Unfinished words", tags=["seo"], draft=raw("true")))
    hb.build("epub")
    [book] = hb.outdir.glob("*.epub")
    names = zipfile.ZipFile(book).namelist()
    assert any(n.endswith("posts/a.xhtml") for n in names)
    assert not any("posts/b." in n for n in names)


def test_show_drafts_lists_drafts_like_published_posts(handbook):
    hb = handbook()
    hb.write("posts/a.md", post("Published", tags=["seo"]))
    hb.write("posts/b.md", post("Unfinished", tags=["seo"], draft=raw("true")))
    hb.build(handbook_show_drafts=True)
    assert sorted(a.get_text() for a in hb.html("tags/seo").select(".handbook-card-title a")) == [
        "Published", "Unfinished"]
    assert "Unfinished" in main_text(hb.html("chapters/all"))
    page = hb.html("posts/b")
    assert "Draft" in page.select_one(".handbook-byline").get_text()
    assert "not published" in page.select_one("article .handbook-draft-banner").get_text()
    assert hb.html("posts/a").select_one(".handbook-draft-banner") is None
