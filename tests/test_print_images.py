"""Web images for the PDF: converted with Pillow in the build's process, kept between builds."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import post
from handbook.print_images import convert_to_png
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
