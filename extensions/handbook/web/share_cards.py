"""Share cards: a 1200x630 PNG for every post without its own image, drawn at build time with Pillow.

A link to a post shared in a chat or a social network shows the post's image; a post
without one gets a card instead (as MkDocs Material's social plugin makes): the post's
title, its chapter and the handbook's name, in the handbook's colours (furo's
``color-brand-primary`` of ``html_theme_options``, light for the background, dark for the
accents). ``social.py`` names it in ``og:image``; ``structured_data.py`` in the JSON-LD.

Text is drawn as written, in every script:

- a font is picked per text by the characters it holds: FreeSans (Latin, Greek,
  Cyrillic, Hebrew, Devanagari...), Noto Sans CJK (Chinese, Japanese, Korean: the face of
  the title's script or the project's ``language``), FreeSerif (Arabic, Thai, Tamil...),
  from Debian's fonts-freefont-otf and fonts-noto-cjk; a character no font has is left
  out with one ``handbook.card`` warning, never drawn as an empty box;
- right-to-left and joined scripts are laid out by Pillow's libraqm (Pillow's wheels carry
  it and load the system's libfribidi, Debian's libfribidi0): lines are right-aligned.
  Without it such a title cannot be drawn correctly: the card leaves it out, with one
  ``handbook.card`` warning.

Drawn in the main process (``html-collect-pages``), only when what the card shows changed
(the ledger's fingerprint: the texts, colours, fonts, Pillow's version; ``ledger.py``), so an
incremental build draws only the cards of changed posts and writes what a clean one does.
A card is an 8-bit palette PNG (background, text and accent colours blended in 128 steps
each): the same pixels, a third of the data to compress, a few milliseconds a card.
Pillow writes no time into a PNG: two clean builds give the same bytes.

Only for the website's builders and only with ``html_baseurl`` set (``og:image`` needs an
absolute address); cards go in ``_cards/<post>.png``.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import PIL
from PIL import Image, ImageDraw, ImageFont, features
from sphinx.application import Sphinx

from .. import capabilities, ledger, runs
from .. import config as handbook_config
from ..core.bookstate import BookState
from ..core.problems import HandbookWarning, Problem
from ..core.records import PostRecord
from ..warnings import warn_problem
from .addresses import absolute, site_address, site_name

WIDTH, HEIGHT = 1200, 630
FOLDER = "_cards"
DRAWING = "1"  # change with the drawing below: every card is drawn again
FONT_ROOT = Path("/usr/share/fonts/opentype")
CJK = "noto/NotoSansCJK-{weight}.ttc"
# Faces in the order they are tried; the CJK collection's face is chosen per text (_cjk_face).
BOLD = ("freefont/FreeSansBold.otf", CJK.format(weight="Bold"), "freefont/FreeSerifBold.otf", "freefont/FreeSerif.otf")
REGULAR = ("freefont/FreeSans.otf", CJK.format(weight="Regular"), "freefont/FreeSerif.otf")
PACKAGES = "fonts-freefont-otf, fonts-noto-cjk"
# The faces of Noto Sans CJK's collection: JP 0, KR 1, SC 2, TC 3, HK 4.
CJK_FACES = {"ja": 0, "ko": 1, "zh_cn": 2, "zh": 2, "zh_tw": 3, "zh_hk": 4}
FURO_BRAND = "#0a4bff"  # furo 2025.12.19's color-brand-primary
MARGIN = 96
TITLE_SIZES = (76, 68, 60, 54, 48, 42)
TITLE_TOP, TITLE_BOTTOM = 150, 500
SMALL = 34
RAQM = features.check("raqm")


# ---- what a card shows ----------------------------------------------------------------------
@dataclass(frozen=True)
class Colours:
    background: tuple[int, int, int]
    text: tuple[int, int, int]
    accent: tuple[int, int, int]


@dataclass(frozen=True)
class Face:
    path: str  # "" : Pillow's own font (no font installed)
    index: int = 0


@dataclass(frozen=True)
class Text:
    """A text as the card draws it: the face chosen, the characters no face has, left out."""

    shown: str
    face: Face
    missing: tuple[str, ...] = ()
    unlaid: bool = False  # right-to-left or joined script, and no libraqm: not drawn

    @property
    def rtl(self) -> bool:
        return base_direction(self.shown) == "rtl"


@dataclass(frozen=True)
class Plan:
    title: Text
    chapter: Text | None
    site: Text
    colours: Colours

    def fingerprint(self) -> str:
        """What the card shows (the ledger's fingerprint): texts, faces, colours, the drawing's version."""
        fonts = [(f.path, f.index, _file_size(f.path)) for f in {self.title.face, self.site.face,
                                                                 *([self.chapter.face] if self.chapter else [])}]
        parts = (DRAWING, PIL.__version__, RAQM, sorted(fonts), self, WIDTH, HEIGHT)
        return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()


def base_direction(text: str) -> str:
    """"rtl" when the first strongly directional character is right-to-left (Unicode's rule P2)."""
    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def needs_layout(text: str) -> bool:
    """Right-to-left, or marks that join their letter (Arabic, Indic scripts, Thai): libraqm's work."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL", "AN") or unicodedata.category(ch) in ("Mn", "Mc")
               for ch in text)


def _file_size(path: str) -> int:
    try:
        return Path(path).stat().st_size if path else 0
    except OSError:
        return 0


# ---- fonts: which face has which character ---------------------------------------------------
def installed(names: Iterable[str], root: Path = FONT_ROOT) -> tuple[str, ...]:
    return tuple(str(root / name) for name in names if (root / name).is_file())


@functools.lru_cache(maxsize=64)
def font(face: Face, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    if not face.path:
        return ImageFont.load_default(size)
    return ImageFont.truetype(face.path, size, index=face.index)


@functools.lru_cache(maxsize=64)
def _notdef(face: Face) -> bytes:
    return _glyph_print(face, "\U0010ffff")  # a noncharacter: what the face draws for what it lacks


_COVERED: dict[tuple[Face, str], bool] = {}


def has(face: Face, ch: str) -> bool:
    """Whether ``face`` draws ``ch`` (not its "missing glyph" box); spaces and format characters always."""
    if ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc", "Zs"):
        return True
    key = (face, ch)
    if key not in _COVERED:
        _COVERED[key] = _glyph_print(face, ch) != _notdef(face)
    return _COVERED[key]


def _glyph_print(face: Face, ch: str) -> bytes:
    image = Image.new("L", (48, 48))
    ImageDraw.Draw(image).text((8, 8), ch, font=font(face, 24), fill=255)
    return image.tobytes()


def _cjk_face(text: str, language: str) -> int:
    if any("\uac00" <= ch <= "\ud7af" or "\u1100" <= ch <= "\u11ff" for ch in text):
        return CJK_FACES["ko"]
    if any("\u3040" <= ch <= "\u30ff" for ch in text):
        return CJK_FACES["ja"]
    language = language.lower().replace("-", "_")
    return CJK_FACES.get(language, CJK_FACES.get(language.split("_")[0], CJK_FACES["ja"]))


def pick(text: str, paths: tuple[str, ...], language: str) -> Text:
    """The first face that has every character of ``text``, else the one that has most (the others left out)."""
    faces = [Face(p, _cjk_face(text, language) if p.endswith(".ttc") else 0) for p in paths] or [Face("")]
    chars = sorted({ch for ch in text if not ch.isspace()})
    best, best_missing = faces[0], chars
    for face in faces:
        missing = [ch for ch in chars if not has(face, ch)]
        if len(missing) < len(best_missing):
            best, best_missing = face, missing
        if not missing:
            break
    shown = " ".join("".join(ch for ch in text if ch not in best_missing).split())
    return Text(shown, best, tuple(best_missing), unlaid=needs_layout(shown) and not RAQM)


# ---- colours ---------------------------------------------------------------------------------
def parse_colour(value: object) -> tuple[int, int, int] | None:
    """``#rgb`` or ``#rrggbb`` (what conf.py's theme options hold), else None."""
    if not isinstance(value, str):
        return None
    match = re.fullmatch(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})", value.strip())
    if match is None:
        return None
    digits = match[1] if len(match[1]) == 6 else "".join(d * 2 for d in match[1])
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def luminance(colour: tuple[int, int, int]) -> float:
    """WCAG's relative luminance."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(v) for v in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(a: tuple[int, int, int], b: tuple[int, int, int], share: float) -> tuple[int, int, int]:
    """``share`` of ``b`` over ``a``."""
    return tuple(round(x + (y - x) * share) for x, y in zip(a, b, strict=True))  # type: ignore[return-value]


def colours(theme_options: dict) -> Colours:
    """The handbook's colours: furo's brand colour (light mode) as background, its dark-mode one as accent."""
    light = (theme_options or {}).get("light_css_variables") or {}
    dark = (theme_options or {}).get("dark_css_variables") or {}
    background = parse_colour(light.get("color-brand-primary")) or parse_colour(FURO_BRAND)
    text = max(((255, 255, 255), (17, 17, 17)), key=lambda c: contrast(c, background))
    accent = parse_colour(dark.get("color-brand-primary"))
    if accent is None or contrast(accent, background) < 3:  # WCAG's minimum for large text
        accent = mix(background, text, 0.75)
    return Colours(background, text, accent)


# ---- the card of a post ------------------------------------------------------------------------
def plan(title: str, chapter: str | None, site: str, colours: Colours, language: str,
         bold: tuple[str, ...], regular: tuple[str, ...]) -> Plan:
    return Plan(pick(title, bold, language), pick(chapter, regular, language) if chapter else None,
                pick(site, bold, language), colours)


def problems(card: Plan, docname: str) -> list[Problem]:
    """What the card cannot show as written: characters no font has, a script it cannot lay out."""
    found = []
    missing = sorted({ch for text in (card.title, card.chapter, card.site) if text for ch in text.missing})
    if missing:
        shown = ", ".join(f"{ch!r} (U+{ord(ch):04X})" for ch in missing[:8]) + (" ..." if len(missing) > 8 else "")
        found.append(Problem(HandbookWarning.CARD, f"the share card leaves out characters that no font of its has "
                                                   f"({PACKAGES}): {shown}", docname))
    if any(text is not None and text.unlaid for text in (card.title, card.chapter, card.site)):
        found.append(Problem(HandbookWarning.CARD, "the share card cannot lay out right-to-left or joined script "
                                                   "without libraqm (Pillow needs the system's libfribidi, Debian "
                                                   "package libfribidi0); that text is left out of the card",
                             docname))
    return found


def wrap(text: str, face: ImageFont.FreeTypeFont, width: float) -> list[str]:
    """Lines no wider than ``width``: broken at spaces, between CJK characters, inside a word too long."""
    tokens = re.findall(r"\s+|[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uac00-\ud7af"
                        r"\uf900-\ufaff\uff00-\uffef]+", text)
    lines: list[str] = []
    line = ""
    for token in tokens:
        if token.isspace():
            line += " " if line else ""
            continue
        if face.getlength(line + token) <= width or not line.strip():
            line += token
        else:
            lines.append(line.strip())
            line = token
        while len(line) > 1 and face.getlength(line) > width:  # one word wider than the card: cut it
            low, high = 1, len(line) - 1  # the longest start that fits (at least one character)
            while low < high:
                middle = (low + high + 1) // 2
                low, high = (middle, high) if face.getlength(line[:middle]) <= width else (low, middle - 1)
            lines.append(line[:low])
            line = line[low:]
    if line.strip():
        lines.append(line.strip())
    return lines


def title_lines(text: Text) -> tuple[int, list[str]]:
    """The largest size at which the title fits the card's middle; shortened with "…" at the smallest."""
    height = TITLE_BOTTOM - TITLE_TOP
    width = WIDTH - 2 * MARGIN
    for size in TITLE_SIZES:
        face = font(text.face, size)
        most = int(height // (size * 1.2))
        if face.getlength(text.shown) > width * most and size != TITLE_SIZES[-1]:
            continue  # cannot fit however it is broken
        lines = wrap(text.shown, face, width)
        if len(lines) <= most:
            return size, lines
    ellipsis = "…" if has(text.face, "…") else "..."
    lines = lines[:most]
    low, high = 0, len(lines[-1])  # the longest start of the last line that fits with the ellipsis
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if face.getlength(lines[-1][:middle] + ellipsis) <= width else (low, middle - 1)
    lines[-1] = lines[-1][:low].rstrip() + ellipsis
    return size, lines


def _draw_line(draw: ImageDraw.ImageDraw, y: float, text: str, face, fill: int) -> None:
    rtl = base_direction(text) == "rtl"
    x = WIDTH - MARGIN if rtl else MARGIN
    draw.text((x, y), text, font=face, fill=fill, anchor="ra" if rtl else "la")


def draw(card: Plan) -> bytes:
    """The card as PNG bytes.

    Drawn in one 8-bit layer whose values are palette entries: 0-127 blend the background
    into the text colour, 128-255 into the accent colour. The title is drawn with 127 on 0;
    the chapter and the handbook's name with 255 on bands of 128 (the background too), so
    their antialiased edges fall in the accent's range. What cards share (the bands, the
    handbook's name, a chapter's name) is drawn once and copied.
    """
    layer = _frame(card.chapter, card.site).copy()
    if not card.title.unlaid and card.title.shown:
        ink = ImageDraw.Draw(layer)
        size, lines = title_lines(card.title)
        face = font(card.title.face, size)
        step = size * 1.2
        top = TITLE_TOP + (TITLE_BOTTOM - TITLE_TOP - step * len(lines)) / 2
        for number, line in enumerate(lines):
            _draw_line(ink, top + number * step, line, face, 127)
    layer.putpalette(palette(card.colours))  # (an "L" image with a palette is a "P" image)
    out = io.BytesIO()
    # zlib's run-length strategy: a card is mostly runs of one colour (a third of the default's time)
    layer.save(out, "PNG", compress_level=9, compress_type=zlib.Z_RLE)
    return out.getvalue()


@functools.lru_cache(maxsize=4)
def _frame(chapter: Text | None, site: Text) -> Image.Image:
    """Everything of a card but its title: the bands, the accent bar, the chapter's and the handbook's names."""
    layer = Image.new("L", (WIDTH, HEIGHT), 0)
    ink = ImageDraw.Draw(layer)
    ink.rectangle((0, 0, WIDTH, TITLE_TOP - 1), fill=128)
    ink.rectangle((0, TITLE_BOTTOM, WIDTH, HEIGHT), fill=128)
    ink.rectangle((0, 0, 23, HEIGHT), fill=255)  # the accent bar
    if chapter is not None and not chapter.unlaid and chapter.shown:
        _draw_line(ink, 70, chapter.shown, font(chapter.face, SMALL), 255)
    if not site.unlaid and site.shown:
        _draw_line(ink, HEIGHT - 70 - SMALL, site.shown, font(site.face, SMALL), 255)
    return layer


@functools.lru_cache(maxsize=8)
def palette(colours: Colours) -> tuple[int, ...]:
    entries: list[int] = []
    for target in (colours.text, colours.accent):
        for step in range(128):
            entries += mix(colours.background, target, step / 127)
    return tuple(entries)


# ---- the build --------------------------------------------------------------------------------
def card_path(app: Sphinx, record: PostRecord) -> str | None:
    """Where a post's card is in the output, or None: it has its own image, is not published, or no ``html_baseurl``."""
    if record.image or site_address(app) is None:
        return None
    if record.draft and not handbook_config.get(app.config).show_drafts:
        return None
    return f"{FOLDER}/{record.docname}.png"


def card_url(app: Sphinx, record: PostRecord) -> str | None:
    path = card_path(app, record)
    base = site_address(app)
    return absolute(base, path) if path and base else None


def chapter_title(state: BookState, docname: str) -> str | None:
    chapter = state.chapter_of.get(docname)
    return state.chapter_titles.get(chapter) if chapter else None


def alt_text(state: BookState, record: PostRecord, site: str) -> str:
    """What ``og:image:alt`` says of a card: what it shows."""
    chapter = chapter_title(state, record.docname)
    return f"{record.title} ({chapter}, {site})" if chapter else f"{record.title} ({site})"


def draw_cards(app: Sphinx) -> list:
    """``html-collect-pages``: every post's card checked (warned each build), drawn when what it shows changed."""
    run = runs.of(app.env)
    run.card_problems = []
    state: BookState | None = app.env.get_domain("handbook").state
    if not capabilities.of(app.builder).website or state is None or site_address(app) is None:
        return []
    bold, regular = installed(BOLD), installed(REGULAR)
    if not bold or not regular:
        run.card_problems.append(Problem(HandbookWarning.CARD, f"share cards: the fonts are not installed ({PACKAGES}"
                                                               "); drawn with Pillow's own font (Latin letters only)"))
    scheme = colours(app.config.html_theme_options)
    site, language = site_name(app), app.config.language or "en"
    book = ledger.of(app)
    to_draw = []
    for docname in sorted(state.posts):
        record = state.posts[docname]
        path = card_path(app, record)
        if path is None:
            continue
        card = plan(record.title, chapter_title(state, docname), site, scheme, language, bold, regular)
        run.card_problems += problems(card, docname)
        if book.wants("card", path, card.fingerprint()):
            to_draw.append((path, card))
    if to_draw:
        book.promise()  # (once for them all: the ledger on disk lists them before any is written)
    to_draw.sort(key=lambda item: (item[1].chapter.shown if item[1].chapter else "", item[0]))
    for path, card in to_draw:  # (by chapter: each chapter's frame is drawn once)
        ledger.write_file(Path(app.builder.outdir) / path, draw(card))
    for problem in run.card_problems:
        warn_problem(problem)
    return []


def register(app: Sphinx) -> None:
    app.connect("html-collect-pages", draw_cards)
