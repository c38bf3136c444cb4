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


def foreign_syntax(text: str) -> list[tuple[int, str]]:
    """Template and component syntax of other blog engines, which MyST shows as text."""
    found: dict[str, tuple[int, str]] = {}
    in_code = False
    lines = text.splitlines()
    body_starts = 0
    if lines and lines[0].lstrip("\ufeff").startswith("---"):  # skip the front matter
        body_starts = next((i + 1 for i, line in enumerate(lines[1:], start=1) if line.rstrip() in ("---", "...")), 0)
    for number, line in enumerate(lines[body_starts:], start=body_starts + 1):
        if _FENCE.match(line):
            in_code = not in_code
            continue
        if in_code:
            continue
        liquid = _LIQUID.search(line)
        if liquid and "liquid" not in found:
            found["liquid"] = (number, f"Jekyll/Liquid template code {liquid.group(0)[:40]!r} is shown as text")
        if _MDX.match(line) and "mdx" not in found:
            found["mdx"] = (number, ("MDX import/export lines (Docusaurus) are shown as text; "
                                     "JSX components are not rendered"))
    return sorted(found.values())


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


def register(app: Sphinx) -> None:
    app.connect("source-read", on_source_read)
