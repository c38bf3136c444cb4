"""A post's source text before MyST reads it (``source-read``).

Posts come from other blog engines. Here the text is made readable for MyST without
changing what the post says: Hugo's ``+++`` TOML front matter becomes YAML (line
numbers kept), the line of each front-matter key is noted for warnings, and
template syntax MyST would show as text (Liquid, MDX) is reported.
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx

from . import config as handbook_config
from .warnings import HandbookWarning, warn

# Where the reader (``reader.py``) finds the key lines of the document being read.
FRONT_MATTER_LINES = "handbook_front_matter_lines"
_YAML_KEY = re.compile(r"^([^\s#:'\"-][^:]*?)\s*:")
_TOML_KEY = re.compile(r"^([A-Za-z0-9_-]+)\s*=")


def front_matter_lines(text: str) -> dict[str, int]:
    """1-based line of each top-level key of a leading ``---`` (or Hugo ``+++``) block.

    Only locates keys, for warnings; MyST parses the YAML itself. The key ``""``
    is the block's first line; an empty dict means the post has no front matter.
    """
    lines = text.lstrip("\ufeff").splitlines()
    fence = lines[0].rstrip() if lines else ""
    if fence not in ("---", "+++"):
        return {}
    key_pattern = _YAML_KEY if fence == "---" else _TOML_KEY
    found: dict[str, int] = {"": 1}
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() in (fence, "..."):
            break
        match = key_pattern.match(line)
        if match:
            found.setdefault(match.group(1).strip(), number)
    return found


def toml_to_yaml(text: str) -> tuple[str, str | None]:
    """Hugo's ``+++`` TOML front matter as the YAML MyST reads, keeping line numbers.

    Returns the new text and a problem, or the text unchanged when it has none.
    """
    lines = text.lstrip("\ufeff").split("\n")
    if not lines or lines[0].rstrip() != "+++":
        return text, None
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.rstrip() == "+++"), None)
    if end is None:
        return text, "the '+++' front matter is not closed; read as text"
    import tomllib

    import yaml

    try:
        data = tomllib.loads("\n".join(line.rstrip("\r") for line in lines[1:end]))
    except tomllib.TOMLDecodeError as error:
        return text, f"the '+++' (TOML) front matter cannot be read ({error}); read as text"
    block = yaml.safe_dump(data, allow_unicode=True, default_flow_style=True, sort_keys=False, width=10**9)
    block_lines = block.rstrip("\n").split("\n")
    block_lines += ["#"] * (end - 1 - len(block_lines))  # same line count: body warnings keep their lines
    converted = "\n".join(["---", *block_lines, "---", *lines[end + 1 :]])
    return converted, "Hugo's '+++' (TOML) front matter was converted; write YAML between '---' lines"


_LIQUID = re.compile(r"\{%-?\s*\w+.*?%\}|\{\{-?\s*(page|site|include|post)\.[^}]*\}\}")
_MDX = re.compile(r"^\s*(import\s+.+\s+from\s+['\"]|export\s+(default|const|function)\b)")
_FENCE = re.compile(r"^\s*(```|~~~)")
# A JSX component tag (Docusaurus's <Tabs>, <TabItem value="a">, <Admonition/>): capitalised,
# which no HTML element is. Attributes may hold quoted text or {expressions} without '<'.
_CODE_SPAN = re.compile(r"(`+[^`]*?`+)")
_JSX_TAG = re.compile(r"</?[A-Z][\w.]*(?:\s+(?:[^<>\"'{}]|\"[^\"]*\"|'[^']*'|\{[^{}<]*\})*)?/?>")


def _body_lines(lines: list[str]) -> int:
    """Index of the first line after a leading ``---`` front matter block (0 if none)."""
    if lines and lines[0].lstrip("\ufeff").startswith("---"):
        return next((i + 1 for i, line in enumerate(lines[1:], start=1) if line.rstrip() in ("---", "...")), 0)
    return 0


def _outside_code(lines: list[str], start: int):
    """(index, line) of the lines from ``start`` that are not inside fenced code."""
    in_code = False
    for index in range(start, len(lines)):
        line = lines[index]
        if _FENCE.match(line):
            in_code = not in_code
            continue
        if not in_code:
            yield index, line


def foreign_syntax(text: str) -> list[tuple[int, str]]:
    """Template and component syntax of other blog engines, which MyST shows as text."""
    found: dict[str, tuple[int, str]] = {}
    lines = text.splitlines()
    for index, line in _outside_code(lines, _body_lines(lines)):
        number = index + 1
        liquid = _LIQUID.search(line)
        if liquid and "liquid" not in found:
            found["liquid"] = (number, f"Jekyll/Liquid template code {liquid.group(0)[:40]!r} is shown as text")
        if (_MDX.match(line) or _JSX_TAG.search(_CODE_SPAN.sub("", line))) and "mdx" not in found:
            found["mdx"] = (number, ("MDX (Docusaurus): import/export lines are shown as text, and JSX components "
                                     "are not rendered (their content is shown as plain text)"))
    return sorted(found.values())


def without_jsx_tags(text: str) -> str:
    """The post without JSX component tags (their content stays), line numbers kept.

    Left in, ``<Tabs>`` would reach the page as an element no browser knows.
    """
    lines = text.split("\n")
    for index, line in _outside_code(lines, _body_lines(lines)):
        if _JSX_TAG.search(line):
            # Not inside `code` or a role's text ({tag}`posts <SEO>`): odd parts are code spans.
            parts = _CODE_SPAN.split(line)
            lines[index] = "".join(part if i % 2 else _JSX_TAG.sub("", part) for i, part in enumerate(parts))
    return "\n".join(lines)


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    if not handbook_config.is_post(app.config, docname):
        return
    lines = front_matter_lines(source[0])
    source[0], problem = toml_to_yaml(source[0])
    if problem:
        warn(HandbookWarning.FRONTMATTER, problem, location=(docname, 1))
    app.env.current_document[FRONT_MATTER_LINES] = lines
    for line, message in foreign_syntax(source[0]):
        warn(HandbookWarning.SYNTAX, message, location=(docname, line))
    source[0] = without_jsx_tags(source[0])


def register(app: Sphinx) -> None:
    app.connect("source-read", on_source_read)
