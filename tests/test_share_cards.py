"""Share cards: 1200x630 PNGs in the handbook's colours, every script drawn as written, drawn when their text
changes, the same bytes however the build ran."""

from __future__ import annotations

import io
import shutil

import pytest
from handbook.web import share_cards as cards
from helpers import output_files, post
from PIL import Image, ImageChops

BASE = "https://example.org/handbook/"
BLUE = {"light_css_variables": {"color-brand-primary": "#1d4ed8"},
        "dark_css_variables": {"color-brand-primary": "#93c5fd"}}
BOLD, REGULAR = cards.installed(cards.BOLD), cards.installed(cards.REGULAR)


def fonts_installed() -> None:
    if len(BOLD) != len(cards.BOLD) or len(REGULAR) != len(cards.REGULAR):
        pytest.skip(f"the share cards' fonts: {cards.PACKAGES} (tools/setup-system.sh html)")


def plan(title: str, chapter: str | None = "Lead generation basics") -> cards.Plan:
    return cards.plan(title, chapter, "Lead Generation Handbook", cards.colours(BLUE), "en", BOLD, REGULAR)


def picture(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG" and image.size == (1200, 630)
    return image.convert("RGB")


def ink_columns(image: Image.Image, top: int, bottom: int) -> tuple[int, int]:
    """The leftmost and rightmost columns that differ from the background between two rows."""
    band = image.crop((30, top, 1200, bottom))  # (after the accent bar)
    background = Image.new("RGB", band.size, image.getpixel((600, 140)))
    left, _, right, _ = ImageChops.difference(band, background).getbbox()
    return left + 30, right + 30


# ---- pure ---------------------------------------------------------------------------------
def test_the_colours_are_the_handbooks_and_readable():
    palette = cards.colours(BLUE)
    assert palette.background == (0x1d, 0x4e, 0xd8) and palette.accent == (0x93, 0xc5, 0xfd)
    assert palette.text == (255, 255, 255) and cards.contrast(palette.text, palette.background) >= 4.5
    light = cards.colours({"light_css_variables": {"color-brand-primary": "#fde68a"},
                           "dark_css_variables": {"color-brand-primary": "#fef3c7"}})
    assert light.text == (17, 17, 17)  # dark text on a light brand colour
    assert cards.contrast(light.accent, light.background) >= 3  # (an accent too close is mixed from the text)
    assert cards.colours({}).background == cards.parse_colour(cards.FURO_BRAND)
    assert cards.colours({"light_css_variables": {"color-brand-primary": "red; }"}}).background == \
        cards.parse_colour(cards.FURO_BRAND)
    assert cards.parse_colour("#abc") == (0xaa, 0xbb, 0xcc)


@pytest.mark.parametrize(("title", "font", "rtl"), [
    ("What Is Lead Generation?", "FreeSansBold", False),
    ("Was ist Leadgenerierung? Ελληνικά, русский", "FreeSansBold", False),
    ("営業におけるリードジェネレーションとは", "NotoSansCJK-Bold", False),
    ("리드 생성이란 무엇인가", "NotoSansCJK-Bold", False),
    ("销售中的潜在客户开发 and English", "NotoSansCJK-Bold", False),
    ("מהו יצירת לידים?", "FreeSansBold", True),
    ("ما هو توليد العملاء المحتملين؟", "FreeSerifBold", True),
    ("การสร้างลูกค้าเป้าหมาย", "FreeSerifBold", False),
])
def test_a_font_is_picked_by_the_characters_of_the_title(title, font, rtl):
    fonts_installed()
    card = plan(title)
    assert font in card.title.face.path and card.title.missing == () and card.title.rtl == rtl
    assert cards.problems(card, "posts/a") == []


def test_cjk_titles_use_the_face_of_their_script():
    fonts_installed()
    assert plan("営業のリード").title.face.index == cards.CJK_FACES["ja"]
    assert plan("리드 생성").title.face.index == cards.CJK_FACES["ko"]
    assert cards.plan("销售线索", None, "H", cards.colours({}), "zh_CN", BOLD, REGULAR).title.face.index == \
        cards.CJK_FACES["zh"]


def test_a_character_no_font_has_is_left_out_with_a_warning_never_drawn_as_a_box():
    fonts_installed()
    card = plan("Launch 🚀 day \U00012000")
    assert card.title.shown == "Launch day" and set(card.title.missing) == {"🚀", "\U00012000"}
    [problem] = cards.problems(card, "posts/a")
    assert problem.type == "handbook.card" and problem.docname == "posts/a"
    assert "'🚀' (U+1F680)" in problem.message and "U+12000" in problem.message
    assert picture(cards.draw(card)).tobytes() == picture(cards.draw(plan("Launch day"))).tobytes()


def test_right_to_left_titles_are_right_aligned_and_left_to_right_ones_left():
    fonts_installed()
    hebrew = picture(cards.draw(plan("מהו יצירת לידים?")))
    english = picture(cards.draw(plan("What lead?")))
    left, right = ink_columns(hebrew, cards.TITLE_TOP, cards.TITLE_BOTTOM)
    assert right >= 1200 - cards.MARGIN - 4 and left > 400
    left, right = ink_columns(english, cards.TITLE_TOP, cards.TITLE_BOTTOM)
    assert left <= cards.MARGIN + 8 and right < 800


def test_without_libraqm_a_right_to_left_title_is_left_off_with_a_warning(monkeypatch):
    fonts_installed()
    monkeypatch.setattr(cards, "RAQM", False)
    card = plan("ما هو توليد العملاء المحتملين؟")
    assert card.title.unlaid
    [problem] = cards.problems(card, "posts/a")
    assert "libfribidi0" in problem.message
    image = picture(cards.draw(card))
    background = image.getpixel((600, 300))
    middle = image.crop((30, cards.TITLE_TOP, 1200, cards.TITLE_BOTTOM))
    assert middle.getcolors() == [(middle.width * middle.height, background)]  # no title drawn
    assert not plan("What lead?").title.unlaid


def test_long_titles_shrink_then_end_with_an_ellipsis():
    fonts_installed()
    size, lines = cards.title_lines(plan("Short").title)
    assert size == cards.TITLE_SIZES[0] and lines == ["Short"]
    size, lines = cards.title_lines(plan("word " * 120).title)
    assert size == cards.TITLE_SIZES[-1] and lines[-1].endswith("…")
    size, lines = cards.title_lines(plan("x" * 300).title)  # one word wider than the card: cut
    assert len(lines) > 1 and lines[-1].endswith("…")
    size, lines = cards.title_lines(plan("営業" * 60).title)  # no spaces: broken between characters
    assert len(lines) > 1


def test_the_same_card_is_the_same_bytes():
    fonts_installed()
    assert cards.draw(plan("What lead?")) == cards.draw(plan("What lead?"))
    assert plan("A").fingerprint() == plan("A").fingerprint() != plan("B").fingerprint()
    assert plan("A").fingerprint() != plan("A", "Another chapter").fingerprint()


# ---- in a build ---------------------------------------------------------------------------
def write_posts(hb) -> None:
    (hb.srcdir / "media").mkdir(exist_ok=True)
    Image.new("RGB", (64, 48), "red").save(hb.srcdir / "media" / "own.png")
    hb.write("posts/a.md", post("Alpha", "2025-01-01", ["post", "seo"], "Words."))
    hb.write("posts/b.md", post("営業のリード", "2025-01-02", ["post", "seo"], "Words."))
    hb.write("posts/c.md", post("Own picture", "2025-01-03", ["post", "seo"], "Words.", image="/media/own.png"))
    hb.write("posts/d.md", post("Draft", "2025-01-04", ["post", "seo"], "Words.", draft=True))
    hb.write("posts/e.md", post("A missing image", "2025-01-05", ["post"], "Words.", image="/media/gone.png"))


def test_every_post_page_has_an_og_image_that_exists_1200_by_630(handbook):
    fonts_installed()
    hb = handbook()
    write_posts(hb)
    hb.build(html_baseurl=BASE, html_theme_options=BLUE)
    for docname in ("posts/a", "posts/b", "posts/c", "posts/e"):
        soup = hb.html(docname)
        meta = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
        image = meta["og:image"]
        assert image.startswith(BASE), docname
        path = hb.outdir / image.removeprefix(BASE).replace("%20", " ")
        with Image.open(path) as opened:
            assert (str(opened.width), str(opened.height)) == (meta["og:image:width"], meta["og:image:height"])
        assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
        assert meta["og:image:alt"].startswith(hb.app.env.get_domain("handbook").state.posts[docname].title)
    assert sorted(p.name for p in (hb.outdir / "_cards" / "posts").iterdir()) == ["a.png", "b.png", "e.png"]
    meta_c = {m["property"]: m["content"] for m in hb.html("posts/c").find_all("meta", property=True)}
    assert meta_c["og:image"] == BASE + "_images/own.png" and (meta_c["og:image:width"], meta_c["og:image:height"]) \
        == ("64", "48")
    a = picture((hb.outdir / "_cards" / "posts" / "a.png").read_bytes())
    assert a.getpixel((600, 10)) == (0x1d, 0x4e, 0xd8) and a.getpixel((5, 300)) == (0x93, 0xc5, 0xfd)
    assert [line for line in hb.warning_lines() if "[handbook.card]" in line] == []


@pytest.mark.slow  # several builds (twice, or -j 2 against -j 1): ./dev test, not the fast tier
def test_cards_are_drawn_only_when_their_text_changes_and_go_with_their_post(handbook, tmp_path):
    fonts_installed()
    hb = handbook()
    write_posts(hb)
    out = tmp_path / "out"
    hb.build(outdir=out, fresh=True, html_baseurl=BASE)
    folder = hb.outdir / "_cards" / "posts"
    drawn = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    hb.write("posts/a.md", post("Alpha", "2025-01-01", ["post", "seo"], "Other words, same card."))
    hb.build(outdir=out, html_baseurl=BASE)
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == drawn
    hb.write("posts/b.md", post("Retitled", "2025-01-02", ["post", "seo"], "Words."))
    hb.remove("posts/e.md")
    hb.build(outdir=out, html_baseurl=BASE)
    now = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    assert now["a.png"] == drawn["a.png"] and now["b.png"] != drawn["b.png"] and "e.png" not in now
    hb.build(outdir=out, html_baseurl=BASE, html_title="Renamed handbook")  # the name on every card
    assert all(p.stat().st_mtime_ns != now[p.name] for p in folder.iterdir())
    hb.build(outdir=out)  # no html_baseurl: no cards
    assert not (hb.outdir / "_cards").exists()


def test_a_title_with_characters_no_font_has_warns_every_build_and_is_in_the_report(handbook):
    fonts_installed()
    import json

    hb = handbook()
    hb.write("posts/a.md", post("Launch 🚀 day", "2025-01-01", ["post"], "Words."))
    for _ in range(2):  # the second build reads nothing again: the card's problem is said again
        hb.build(html_baseurl=BASE)
        [line] = [line for line in hb.warning_lines() if "[handbook.card]" in line]
        assert line.startswith(f"{hb.srcdir / 'posts' / 'a.md'}: WARNING: the share card leaves out")
    report = json.loads((hb.outdir / "report.json").read_text())
    assert [p["path"] for p in report["problems"] if p["type"] == "handbook.card"] == ["posts/a.md"]


@pytest.mark.slow
def test_clean_incremental_and_parallel_builds_draw_the_same_bytes(handbook, tmp_path):
    fonts_installed()
    hb = handbook()
    write_posts(hb)
    hb.build(outdir=tmp_path / "one", fresh=True, html_baseurl=BASE)
    hb.write("posts/a.md", post("Alpha, again", "2025-01-01", ["post", "seo"], "Words."))
    hb.build(outdir=tmp_path / "one", html_baseurl=BASE)
    incremental = output_files(tmp_path / "one" / "html", digests=True)
    for name in ("two", "three"):
        shutil.rmtree(tmp_path / name, ignore_errors=True)
        hb.build(outdir=tmp_path / name, fresh=True, parallel=2 if name == "three" else 0, html_baseurl=BASE)
        again = output_files(tmp_path / name / "html", digests=True)
        cards_only = {p: d for p, d in again.items() if p.startswith("_cards/") or p == ".handbook-outputs.json"}
        assert cards_only and cards_only == {p: incremental[p] for p in cards_only}, name
