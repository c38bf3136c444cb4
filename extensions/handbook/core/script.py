"""A text's writing direction and, where its script tells, its language (pure).

Only what the letters show for sure: Hebrew letters are Hebrew, right to left; Arabic
letters right to left, Persian or Urdu when the letters only those use are there; kana
Japanese, Hangul Korean, Han alone Chinese, Thai, Greek, Armenian, Georgian. Latin or
Cyrillic text tells no language (many share them): its language is the post's or the
site's. Code, links and addresses are not counted.
"""

from __future__ import annotations

import re
import unicodedata

# Share of the letters that must be right-to-left for the text to be.
RTL_SHARE = 0.3
_CODE = re.compile(r"```.*?```|~~~.*?~~~|`[^`\n]*`|<[^>\n]*>|\]\([^)\s]*\)|https?://\S+|\{[^{}\n]*\}", re.DOTALL)
_PERSIAN = set("پچژگکی")
_URDU = set("ٹڈڑںےھ")
RTL_LANGUAGES = frozenset(("ar", "fa", "he", "iw", "ur", "yi", "ps", "sd", "ug", "ckb", "dv", "syr", "ku"))


def _script(char: str) -> str:
    code = ord(char)
    if 0x0590 <= code <= 0x05FF or 0xFB1D <= code <= 0xFB4F:
        return "hebrew"
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0x08A0 <= code <= 0x08FF or \
            0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        return "arabic"
    if 0x0700 <= code <= 0x074F:
        return "syriac"
    if 0x0780 <= code <= 0x07BF:
        return "thaana"
    if 0x3040 <= code <= 0x30FF:
        return "kana"
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF:
        return "hangul"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
        return "han"
    if 0x0E00 <= code <= 0x0E7F:
        return "thai"
    if 0x0370 <= code <= 0x03FF:
        return "greek"
    if 0x0530 <= code <= 0x058F:
        return "armenian"
    if 0x10A0 <= code <= 0x10FF:
        return "georgian"
    if 0x0400 <= code <= 0x04FF:
        return "cyrillic"
    return "latin" if char.isascii() or unicodedata.category(char).startswith("L") else "other"


def detect(text: str) -> tuple[str | None, str]:
    """(language or None, "rtl" or "ltr") of ``text``."""
    counts: dict[str, int] = {}
    persian = urdu = 0
    for char in _CODE.sub(" ", text[:20_000]):
        if not char.isalpha():
            continue
        script = _script(char)
        counts[script] = counts.get(script, 0) + 1
        persian += char in _PERSIAN
        urdu += char in _URDU
    letters = sum(counts.values())
    if not letters:
        return None, "ltr"
    rtl = counts.get("hebrew", 0) + counts.get("arabic", 0) + counts.get("syriac", 0) + counts.get("thaana", 0)
    if rtl / letters >= RTL_SHARE:
        main = max(("hebrew", "arabic", "syriac", "thaana"), key=lambda s: counts.get(s, 0))
        if main == "arabic":
            return ("ur" if urdu > persian and urdu else "fa" if persian else "ar"), "rtl"
        return {"hebrew": "he", "syriac": "syr", "thaana": "dv"}[main], "rtl"
    if counts.get("kana", 0) / letters >= 0.05:
        return "ja", "ltr"
    share = {script: n / letters for script, n in counts.items()}
    if share.get("hangul", 0) >= 0.2:
        return "ko", "ltr"
    if share.get("han", 0) >= 0.2:
        return "zh", "ltr"
    for script, lang in (("thai", "th"), ("greek", "el"), ("armenian", "hy"), ("georgian", "ka")):
        if share.get(script, 0) >= 0.3:
            return lang, "ltr"
    return None, "ltr"


def direction_of(lang: str) -> str:
    """The direction a language is written in."""
    return "rtl" if lang.replace("_", "-").split("-")[0].lower() in RTL_LANGUAGES else "ltr"


_SCRIPT_OF_LANGUAGE = {"he": "hebrew", "iw": "hebrew", "yi": "hebrew", "ar": "arabic", "fa": "arabic",
                       "ur": "arabic", "ps": "arabic", "ja": "cjk", "zh": "cjk", "ko": "hangul", "th": "thai",
                       "el": "greek", "hy": "armenian", "ka": "georgian"}


def choose(declared: str | None, site: str | None, text: str, title: str = "") -> tuple[str | None, str, str]:
    """(language, direction, where the language came from) of a post.

    The post's own ``lang`` wins; else the site's language when the text's script fits it
    (``fa-IR`` for Persian text, ``en`` for Latin text), else what the script shows. A
    right-to-left title makes the post right to left even when its text is mostly
    commands and product names in Latin letters (its language from its right-to-left letters).
    """
    detected, direction = detect(f"{title}\n{text}")
    if direction == "ltr" and detect(title)[1] == "rtl":
        detected, direction = detect(f"{title}\n" + "".join(c for c in text if _script(c) != "latin"))[0], "rtl"
    if declared:
        return declared, direction_of(declared), "front matter"
    if site:
        primary = site.replace("_", "-").split("-")[0].lower()
        family = _SCRIPT_OF_LANGUAGE.get(primary, "latin")
        detected_family = _SCRIPT_OF_LANGUAGE.get(detected or "", "latin")
        if family == detected_family or family == "cjk" and detected_family in ("cjk", "hangul") and \
                primary == (detected or "")[:2]:
            return site, direction_of(site), "the blog's configuration"
        if detected is None and family == "latin":
            return site, "ltr", "the blog's configuration"
    if detected:
        return detected, direction, "its script"
    return None, direction, ""
