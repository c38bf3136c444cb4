"""The book's fonts: where they are, which families set which text, which characters they have.

Typst is given exactly these font files (no system fonts, none of its own), so the
characters they cover are all it can print. Typst only warns about a family it
cannot find, and a character no font has would be drawn as an empty box ("tofu");
so every text written into the book is checked against the fonts' character maps
first (:func:`Coverage.missing`), and a character none of them has is reported with
the post and line that hold it. The character maps are read with fontTools once and
kept in the build's doctree folder, next to the files' sizes and dates.
"""

from __future__ import annotations

import gc
import os
import pickle
import unicodedata
from dataclasses import dataclass
from pathlib import Path

# Debian's fonts-freefont-otf, fonts-noto-cjk and fonts-noto-color-emoji (Read the Docs'
# apt_packages too): the same fonts the LaTeX PDF used.
DEFAULT_PATHS = ("/usr/share/fonts/opentype/freefont", "/usr/share/fonts/opentype/noto",
                 "/usr/share/fonts/truetype/noto")
# Each stack is tried in order; Typst's last-resort fallback then takes any given font.
SERIF = ("FreeSerif", "Noto Serif CJK JP", "Noto Color Emoji")
SANS = ("FreeSans", "Noto Sans CJK JP", "Noto Color Emoji")
MONO = ("FreeMono", "Noto Sans Mono CJK JP", "Noto Color Emoji")
FAMILIES = tuple(dict.fromkeys(SERIF + SANS + MONO))
PACKAGES = {"Free": "fonts-freefont-otf", "Noto Color Emoji": "fonts-noto-color-emoji", "Noto": "fonts-noto-cjk"}
_SUFFIXES = (".otf", ".ttf", ".ttc", ".otc")


def font_files(paths) -> list[Path]:
    """The font files under ``paths`` (folders or files), sorted: what Typst is given."""
    found: list[Path] = []
    for entry in paths:
        path = Path(entry)
        if path.is_file() and path.suffix.lower() in _SUFFIXES:
            found.append(path)
        elif path.is_dir():
            found.extend(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in _SUFFIXES)
    return sorted(set(found))


def package_for(family: str) -> str:
    return next((package for prefix, package in PACKAGES.items() if family.startswith(prefix)), "")


def ignorable(char: str) -> bool:
    """Characters no font needs a glyph for: joiners, direction marks, variation selectors, spaces."""
    category = unicodedata.category(char)
    code = ord(char)
    return (category in ("Cf", "Zs", "Zl", "Zp", "Cc") or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF
            or char == "\n")


@dataclass
class Coverage:
    """The code points the book's fonts have, and the families they hold."""

    codepoints: frozenset[int]
    families: frozenset[str]

    def __post_init__(self) -> None:
        self._known: dict[str, bool] = {}

    def missing(self, text: str) -> list[str]:
        """The characters of ``text`` no font has, in the order they first appear."""
        known = self._known
        lost: list[str] = []
        for char in set(text):
            ok = known.get(char)
            if ok is None:
                ok = known[char] = ord(char) in self.codepoints or ignorable(char)
            if not ok:
                lost.append(char)
        return sorted(lost, key=text.index) if lost else lost


def coverage(files: list[Path], cache: Path | None = None) -> Coverage:
    """The character maps of ``files``, read once and then kept in ``cache`` (a file)."""
    stamp = [(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files]
    kept = _cached(cache, stamp)
    if kept is not None:
        return kept
    from fontTools.ttLib import TTCollection, TTFont

    codepoints: set[int] = set()
    families: set[str] = set()
    for path in files:
        fonts = TTCollection(path, lazy=True).fonts if path.suffix.lower() in (".ttc", ".otc") \
            else [TTFont(path, lazy=True)]
        for font in fonts:
            codepoints.update(font.getBestCmap() or {})
            name = font["name"]
            family = name.getDebugName(16) or name.getDebugName(1)
            if family:
                families.add(family)
    found = Coverage(frozenset(codepoints), frozenset(families))
    gc.collect()  # fontTools' fonts are cycles: 700 MB (the CJK fonts) a collection frees now, not later
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        partial = cache.with_name(f".{cache.name}.{os.getpid()}")
        partial.write_bytes(pickle.dumps((stamp, found)))
        os.replace(partial, cache)
    return found


def _cached(cache: Path | None, stamp: list) -> Coverage | None:
    """The kept character maps when they are of these very files (an unreadable cache: None)."""
    if cache is None or not cache.is_file():
        return None
    try:
        kept_stamp, kept = pickle.loads(cache.read_bytes())
    except Exception:  # noqa: BLE001 - a cache from another version: read the fonts again
        return None
    return kept if kept_stamp == stamp else None


def absent_families(found: Coverage) -> list[str]:
    """The families the book's stacks name that no given font file has."""
    return [family for family in FAMILIES if family not in found.families]
