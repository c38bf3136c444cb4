"""Each rule of the handbook extension, on small handbooks built for the test."""

from __future__ import annotations

import base64
import os
import re
import shutil

import pytest
from conftest import main_text, post, raw

WEBP = base64.b64decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")  # 1x1 lossless WebP


def test_tag_spellings_are_one_tag_shown_one_way(handbook):
    hb = handbook()
    hb.write("posts/a.md", post("A", tags=["post", "Conversion Rate"]))
    hb.write("posts/b.md", post("B", tags=["post", " conversion  rate "]))
    hb.write("posts/c.md", post("C", tags=["post", "Conversion Rate"]))
    hb.build()
    assert [p.name for p in (hb.outdir / "tags").iterdir()] == ["conversion-rate.html"]
    assert [a.get_text() for a in hb.html("tags").select("article .handbook-tag-cloud a")] == ["Conversion Rate (3)"]
    for name in "abc":
        assert [a.get_text() for a in hb.html(f"posts/{name}").select(".handbook-chips a")] == ["Conversion Rate"]


def test_tags_differing_in_punctuation_get_their_own_pages(handbook):
    hb = handbook()
    for name, tag in {"a": "C", "b": "C++", "c": "C#"}.items():
        hb.write(f"posts/{name}.md", post(name.upper(), tags=[tag]))
    hb.build()
    pages = sorted(p.name for p in (hb.outdir / "tags").iterdir())
    assert len(pages) == 3 and "c.html" in pages
    for page in pages:
        heading = hb.html(f"tags/{page[:-5]}").select_one("article h1").get_text().rstrip("¶")
        assert heading in ("Posts tagged “C”", "Posts tagged “C++”", "Posts tagged “C#”")


def test_tag_role_links_to_the_tag_page_and_warns_for_unknown_tags(handbook):
    hb = handbook()
    hb.write("posts/a.md", post("A", tags=["SEO"]))
    hb.write("posts/b.md", post("B", tags=["x"], body="See {tag}`seo` and {tag}`all about it <SEO>` and {tag}`nope`."))
    hb.build()
    links = hb.html("posts/b").select("article p:not(.handbook-chips) a")
    assert [(a.get_text(), a["href"]) for a in links] == [("seo", "../tags/seo.html"),
                                                          ("all about it", "../tags/seo.html")]
    assert re.search(r"posts/b\.md:\d+: WARNING: unknown tag 'nope': no post has it", hb.warnings)


def test_canonical_links_become_internal_when_the_post_is_here(handbook):
    hb = handbook()
    hb.write("posts/target.md", post("Target"))
    hb.write("posts/a.md", post("A", body="[here](https://blog.example.com/posts/target/) and "
                                          "[there](https://blog.example.com/posts/elsewhere/) and "
                                          "[anchor](https://blog.example.com/posts/target/#part)"))
    hb.build()
    links = {a.get_text(): a for a in hb.html("posts/a").select("article p:not(.handbook-chips) a")}
    assert links["here"]["href"] == "target.html" and "internal" in links["here"]["class"]
    assert links["there"]["href"] == "https://blog.example.com/posts/elsewhere/"
    assert links["anchor"]["href"] == "target.html"
    assert "WARNING" not in hb.warnings


def test_existing_webp_image_is_shown_and_listed(handbook):
    hb = handbook()
    (hb.srcdir / "media").mkdir()
    (hb.srcdir / "media" / "pic.webp").write_bytes(WEBP)
    hb.write("posts/a.md", post("A", tags=["seo"], image="/media/pic.webp", body="![A picture](/media/pic.webp)\n\nText."))
    hb.build()
    img = hb.html("posts/a").select_one("article img")
    assert img["src"] == "../_images/pic.webp" and (hb.outdir / "_images" / "pic.webp").is_file()
    card_img = hb.html("tags/seo").select_one(".handbook-card img")
    assert card_img["src"] == "../_images/pic.webp"
    assert "WARNING" not in hb.warnings


def test_missing_image_one_warning_per_path_and_no_img(handbook):
    hb = handbook()
    hb.write("posts/a.md", post("A", image="/media/gone.webp", body="![x](/media/gone.webp)\n\n![y](/media/gone.webp)"))
    hb.write("posts/b.md", post("B", image="/media/also-gone.webp"))
    hb.build()
    lines = hb.warning_lines()
    assert len(lines) == 2, lines
    assert re.search(r"posts/a\.md:\d+: WARNING: image file not found: '/media/gone\.webp'", lines[0])
    assert re.search(r"posts/b\.md:5: WARNING: image file not found: '/media/also-gone\.webp'", lines[1])
    assert hb.html("posts/a").select("article img") == []
    assert hb.html("posts/a").select("article p") != []


def test_images_outside_the_project_or_on_other_sites_are_not_used(handbook):
    hb = handbook()
    hb.write("posts/a.md", post("A", image="../../../../etc/hostname",
                                body="![x](https://cdn.example.com/x.png)\n\n![y](../../../../../etc/hostname)"))
    hb.build()
    assert hb.html("posts/a").select("article img") == []
    assert not (hb.outdir / "_images" / "hostname").exists()
    assert "on another site" in hb.warnings and "outside the project" in hb.warnings


def test_drafts_are_built_but_not_listed(handbook):
    hb = handbook()
    hb.write("posts/a.md", post("Published", tags=["seo"]))
    hb.write("posts/b.md", post("Unfinished", tags=["seo"], draft=raw("true")))
    hb.build()
    assert "Draft" in hb.html("posts/b").select_one(".handbook-byline").get_text()
    assert [a.get_text() for a in hb.html("tags/seo").select(".handbook-card-title a")] == ["Published"]
    assert "Unfinished" not in main_text(hb.html("chapters/all"))
    assert "WARNING" not in hb.warnings  # no "not included in any toctree"


def test_bad_front_matter_warns_with_file_and_line_and_keeps_the_post(handbook):
    hb = handbook()
    hb.write("posts/no-title.md", post(None, tags=["seo"]))
    hb.write("posts/bad-date.md", post("Bad date", date="someday", tags=["seo"]))
    hb.write("posts/bad-tags.md", post("Bad tags", tags={"a": 1}))
    hb.build()
    warnings = hb.warning_lines()
    assert len(warnings) == 3, warnings
    assert any(re.search(r"posts/no-title\.md:1: WARNING: missing 'title'.*\[handbook\.frontmatter\]", w) for w in warnings)
    assert any(re.search(r"posts/bad-date\.md:3: WARNING: 'date' is not a date.*\[handbook\.frontmatter\]", w)
               for w in warnings)
    assert any(re.search(r"posts/bad-tags\.md:4: WARNING: 'tags' must be a list", w) for w in warnings)
    assert hb.html("posts/no-title").select_one("article h1").get_text().rstrip("¶") == "No title"
    listed = [a.get_text() for a in hb.html("chapters/all").select(".handbook-card-title a")]
    assert sorted(listed) == ["Bad date", "Bad tags", "No title"]
    assert "undated" in hb.html("posts/bad-date").select_one(".handbook-byline").get_text()


def test_markup_in_a_title_is_shown_as_text_everywhere(handbook):
    hb = handbook()
    evil = '<script>alert(1)</script> **bold** <img src=x onerror=alert(2)>'
    hb.write("posts/a.md", post(evil, tags=["seo"]))
    hb.write("posts/b.md", post("Neighbour", tags=["seo"]))
    hb.build()
    for page in ("posts/a", "posts/b", "tags/seo", "chapters/all", "index"):
        soup = hb.html(page)
        assert soup.select("article script, nav script") == [], page
        assert not soup.find(attrs={"onerror": True}), page
        assert not soup.select("article strong"), page
    assert hb.html("posts/a").select_one("article h1").get_text().rstrip("¶") == evil
    assert evil in [a.get_text() for a in hb.html("posts/b").select(".sidebar-tree a")]
    assert evil in [a.get_text() for a in hb.html("tags/seo").select(".handbook-card-title a")]


def test_the_build_leaves_the_source_folder_as_it_was(handbook):
    hb = handbook()
    hb.write("posts/a.md", post("A", tags=["seo"]))
    before = sorted(str(p.relative_to(hb.srcdir)) for p in hb.srcdir.rglob("*"))
    hb.build(outdir=hb.srcdir.parent / "out")
    after = sorted(str(p.relative_to(hb.srcdir)) for p in hb.srcdir.rglob("*"))
    assert after == before


def test_latex_build_turns_chips_into_links_to_the_overview(handbook):
    hb = handbook()
    hb.write("posts/a.md", post("A", tags=["seo"], image="/media/missing.webp", body="![x](/media/missing.webp)"))
    hb.build("latex")
    tex = next(hb.outdir.glob("*.tex")).read_text()
    assert r"\hyperref[\detokenize{tags:tag-seo}]" in tex
    assert r"\label{\detokenize{tags:tag-seo}}" in tex
    assert "missing.webp" not in tex


def _post_with_webp_and_image_converter(handbook):
    """A handbook loading sphinx.ext.imgconverter (as conf.py does, for the PDF), one .webp."""
    hb = handbook()
    hb.write("conf.py", (hb.srcdir / "conf.py").read_text().replace(
        '"handbook"]', '"sphinx.ext.imgconverter", "handbook"]'))
    (hb.srcdir / "media").mkdir()
    (hb.srcdir / "media" / "pic.webp").write_bytes(WEBP)
    hb.write("posts/a.md", post("A", body="![A picture](/media/pic.webp)"))
    return hb


def test_webp_stays_webp_in_html_with_the_pdf_image_converter_loaded(handbook):
    hb = _post_with_webp_and_image_converter(handbook)
    hb.build()
    assert hb.html("posts/a").select_one("article img")["src"] == "../_images/pic.webp"
    assert sorted(p.name for p in (hb.outdir / "_images").iterdir()) == ["pic.webp"]  # no PNG made


def test_webp_is_converted_for_the_pdf(handbook):
    if shutil.which("convert") is None and not os.environ.get("CI"):
        pytest.skip("ImageMagick missing: run tools/setup-system.sh pdf")
    hb = _post_with_webp_and_image_converter(handbook)
    hb.build("latex")
    tex = next(hb.outdir.glob("*.tex")).read_text()
    assert r"\sphinxincludegraphics{{pic}.png}" in tex and (hb.outdir / "pic.png").is_file()


def test_show_drafts_lists_drafts_like_published_posts(handbook):
    hb = handbook()
    hb.write("posts/a.md", post("Published", tags=["seo"]))
    hb.write("posts/b.md", post("Unfinished", tags=["seo"], draft=raw("true")))
    hb.build(handbook_show_drafts=True)
    assert sorted(a.get_text() for a in hb.html("tags/seo").select(".handbook-card-title a")) == [
        "Published", "Unfinished"]
    assert "Unfinished" in main_text(hb.html("chapters/all"))
    assert "Draft" in hb.html("posts/b").select_one(".handbook-byline").get_text()
