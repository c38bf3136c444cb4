"""Images: a post's pictures and hero image, missing, remote or outside ones, WebP in HTML and the PDF."""

from __future__ import annotations

import base64
import re

import pytest
from helpers import post, require

pytestmark = pytest.mark.speedups

WEBP = base64.b64decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")  # 1x1 lossless WebP


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


@pytest.mark.latex  # Sphinx's LaTeX route (ImageMagick comes with TeX Live: tools/setup-system.sh)
def test_webp_is_converted_for_the_pdf(handbook):
    require("convert", why="ImageMagick: run tools/setup-system.sh latex")
    hb = _post_with_webp_and_image_converter(handbook)
    hb.build("latex")
    tex = next(hb.outdir.glob("*.tex")).read_text()
    assert r"\sphinxincludegraphics{{pic}.png}" in tex and (hb.outdir / "pic.png").is_file()
