"""Web images for the PDF: converted with Pillow in the build's process, kept between builds."""

from __future__ import annotations

import os
from pathlib import Path

from handbook.pdf.images import convert_to_png
from helpers import post
from PIL import Image


def webp(path: Path, colour: str = "red", size: tuple[int, int] = (8, 4)) -> Path:
    Image.new("RGB", size, colour).save(path, "WEBP", lossless=True)
    return path


def test_a_webp_becomes_a_png_of_the_same_picture(tmp_path):
    source, target = webp(tmp_path / "a.webp"), tmp_path / "a.png"
    assert convert_to_png(source, target)
    with Image.open(target) as image:
        assert image.format == "PNG" and image.size == (8, 4) and image.getpixel((0, 0))[:3] == (255, 0, 0)


def test_a_converted_image_is_kept_until_its_source_changes(tmp_path):
    source, target = webp(tmp_path / "a.webp"), tmp_path / "a.png"
    convert_to_png(source, target)
    os.utime(target, (1, 1))  # an old file: kept because the source's bytes are the same
    assert convert_to_png(source, target) and target.stat().st_mtime == 1
    webp(source, "blue")
    assert convert_to_png(source, target) and target.stat().st_mtime > 1
    with Image.open(target) as image:
        assert image.getpixel((0, 0))[:3] == (0, 0, 255)


def test_a_broken_image_is_not_converted(tmp_path):
    source = tmp_path / "broken.webp"
    source.write_bytes(b"RIFF\x00\x00\x00\x00WEBPVP8 garbage")
    assert not convert_to_png(source, tmp_path / "broken.png")
    assert not (tmp_path / "broken.png").exists()


def test_the_latex_build_converts_without_imagemagick(handbook, monkeypatch):
    # No `convert` on PATH: only Pillow can have made the PNG.
    monkeypatch.setenv("PATH", "/nonexistent")
    hb = handbook()
    hb.write("posts/a.md", post("With a picture", body="A picture:\n\n![A red square](/media/a.webp)\n"))
    (hb.srcdir / "media").mkdir()
    webp(hb.srcdir / "media" / "a.webp")
    hb.build("latex", extensions=["myst_parser", "handbook", "sphinx.ext.imgconverter"])
    tex = next(hb.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert "With a picture" in tex
    assert "\\sphinxincludegraphics{{a}.png}" in tex and ".webp" not in tex
    assert (hb.outdir / "a.png").is_file()
    assert "WARNING" not in hb.warnings, hb.warnings


def test_a_class_latex_cannot_take_costs_only_the_class(handbook):
    from handbook.pdf.latex_classes import latex_safe

    assert latex_safe(["note", "a%b", "x}y", "ok_1-2", "\\relax"]) == (["note", "ok_1-2"], ["a%b", "x}y", "\\relax"])
    hb = handbook()
    hb.write("posts/a.md", post("Classes", body=":::{note}\n:class: tip a%b}{\n\nInside.\n:::\n\nAfter [word]{.x%y}.\n"))
    hb.build("latex", myst_enable_extensions=["colon_fence", "attrs_inline"])
    tex = next(hb.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert "Inside." in tex and "After" in tex and "word" in tex
    assert "a%b" not in tex and "x%y" not in tex
    assert tex.count("{") - tex.count("\\{") == tex.count("}") - tex.count("\\}")  # still balanced
    # (docutils already normalises a :class: option; latex_classes.py guards every other way in)


def test_unsafe_classes_are_dropped_before_latex_with_one_warning(handbook, monkeypatch):
    from docutils import nodes
    from handbook.pdf import latex_classes

    # A class as an extension or a raw attribute could leave it, past docutils' normalising.
    original = latex_classes.LatexSafeClasses.run

    def with_an_unsafe_class(self, **kwargs):
        for paragraph in self.document.findall(nodes.paragraph):
            if "Inside" in paragraph.astext():
                paragraph["classes"].append("50%}{")
        original(self, **kwargs)

    monkeypatch.setattr(latex_classes.LatexSafeClasses, "run", with_an_unsafe_class)
    hb = handbook()
    hb.write("posts/a.md", post("Classes", body="Inside.\n"))
    hb.build("latex")
    tex = next(hb.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert "Inside." in tex and "50%" not in tex
    assert "class '50%}{' left out of the PDF" in hb.warnings
