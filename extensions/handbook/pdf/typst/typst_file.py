"""The ``.typ`` sources: a body part, the front (cover and contents), the index.

Everything the template is given is a Typst value written here (strings through
:func:`.escape.string`), never markup. A body part reads its page numbers from a JSON
file beside it (``<part>.pages.json``: where it starts, the page of each place it
links to), so the two passes compile the very same source.
"""

from __future__ import annotations

from . import escape

TEMPLATE = "/handbook-book.typ"

# Where a part's places and index entries are (Typst's eval does not see the part's imports).
POSITIONS = (
    '(targets: query(heading).filter(h => h.has("label")).map(h => (str(h.label), h.location().page(), '
    "h.location().position().y.pt())) + query(<hb-target>).map(m => (m.value, m.location().page(), "
    "m.location().position().y.pt())), index: query(<hb-i>).map(m => (m.value, m.location().page())))"
)


def value(data) -> str:
    """A Python value (str, bool, int, float, None, list, tuple, dict) as a Typst value."""
    if isinstance(data, bool):
        return "true" if data else "false"
    if data is None:
        return "none"
    if isinstance(data, int):
        return str(data)
    if isinstance(data, float):
        return repr(data)
    if isinstance(data, str):
        return escape.string(escape.flow(data))
    if isinstance(data, (list, tuple)):
        return "(" + "".join(value(item) + ", " for item in data) + ")"
    if isinstance(data, dict):
        if not data:
            return "(:)"
        return "(" + ", ".join(f"{key}: {value(item)}" for key, item in data.items()) + ")"
    raise TypeError(f"no Typst value for {type(data).__name__}")


def _arguments(settings: dict) -> str:
    return ", ".join(f"{key}: {value(item)}" for key, item in settings.items())


def part_source(body: str, settings: dict, numbers_file: str, chapter: int, continued: tuple[str, str] | None) -> str:
    """A chapter (or the introduction); ``numbers_file`` holds ``start``, ``digits`` and ``pages``."""
    words = settings["words"]
    return (f"#import {value(TEMPLATE)}: *\n"
            f"#let numbers = json({value(numbers_file)})\n"
            f"#let pageref = make-pageref({value(words['page'])}, numbers.pages, numbers.digits)\n"
            f"#show: body-part.with(chapter: {max(chapter - 1, 0)}, continued: {value(continued)}, "
            f"start: numbers.start, {_arguments(settings)})\n\n" + body.strip() + "\n")


def front_source(settings: dict, contents: list[tuple]) -> str:
    """The cover and the contents: ``contents`` is (level, number, title, page, label) per line."""
    return f"#import {value(TEMPLATE)}: *\n#front-part({_arguments(settings)}, contents: {value(contents)})\n"


def index_source(settings: dict, groups: list, start: int) -> str:
    """The index: ``groups`` as ``index-part`` takes them, its pages numbered on from ``start``."""
    return (f"#import {value(TEMPLATE)}: *\n"
            f"#index-part({_arguments(settings)}, start: {start}, groups: {value(groups)})\n")
