"""A post's front matter read from its text (pure functions, no Sphinx).

Posts come from several blog engines, each with its own way of writing metadata:
YAML between ``---`` lines (Jekyll, Docusaurus, Eleventy, Astro, Gatsby, Hugo), TOML
between ``+++`` lines (Hugo), a JavaScript object after ``---js`` (Eleventy) and
``Key: value`` lines at the very top (Pelican, Python-Markdown). Each is read here
into plain data (text, numbers, booleans, lists, mappings), never into objects:

- YAML dates stay text, so that one impossible date (``2025-02-30``) costs only that
  field (``frontmatter.py`` checks it), not the whole front matter;
- a value too large to use (a "billion laughs" of aliases) or referring to itself is
  dropped with one problem naming it, the other fields kept.

The handbook, not MyST, reads the front matter, so MyST gets a block it cannot lose
(``myst_block``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

import yaml

from .convert import escape_markdown
from .jsobject import JSError, read_object

# Most values a front matter may hold once aliases are expanded (list items, mapping entries).
MAX_VALUE_NODES = 10_000


class _TextDates(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when there: 10x faster
    """PyYAML's safe loader, with dates left as the text the writer wrote."""


_TextDates.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Block:
    """The front matter at the top of a post, as data."""

    kind: str  # "yaml", "toml", "js", "json", "hexo", "nikola", "logseq", "ruby", "pelican", or "" (none)
    fields: dict[str, object]  # top-level keys (Pelican's lower-cased) -> plain values
    lines: dict[str, int]  # key -> 1-based line; "" -> the block's first line
    length: int  # lines the block takes at the top of the text (0: none)
    problems: tuple[tuple[int, str], ...] = field(default=())  # (line, message)
    usable: bool = True  # False: unreadable, empty or not a mapping (one problem says so)


NONE = Block("", {}, {}, 0)
_PELICAN_KEY = re.compile(r"^[ ]{0,3}([A-Za-z0-9_-]+):\s*(.*)$")
_YAML_KEY = re.compile(r"^([^\s#:'\"-][^:]*?)\s*:")
_TOML_KEY = re.compile(r"^([A-Za-z0-9_-]+)\s*=")
_JSON_KEY = re.compile(r'^\s*"([^"]+)"\s*:')
_JS_KEY = re.compile(r"^\s*(?:(?:const|let|var)\s+)?['\"]?([A-Za-z_$][\w$-]*)['\"]?\s*[:=(]")


def read_block(text: str) -> Block:
    """The front matter at the top of ``text`` (any engine's), or ``NONE``."""
    lines = [line.rstrip("\r") for line in text.lstrip("\ufeff").split("\n")]
    first = lines[0].rstrip() if lines else ""
    if first == "---js" or first == "---javascript":
        return _closed(lines, "---", _js, "js")
    if first == "+++":
        return _closed(lines, "+++", _toml, "toml")
    if first in ("---json", ";;;"):  # Eleventy's ---json; Hexo's ;;; (JSON, its braces optional)
        return _closed(lines, ";;;" if first == ";;;" else "---", _json, "json")
    if first.startswith("---") and not first.startswith("----"):  # MyST takes "--- anything" as the opening
        return _closed(lines, "---", _yaml, "yaml")
    if first == "{":  # Hugo: a JSON object, its closing brace alone on a line
        return _closed(lines, "}", _json, "json", keep_fences=True)
    if first in _RUBY_OPENINGS:  # Bridgetown's Ruby front matter: its plain values read, never run
        return _ruby(lines, _RUBY_OPENINGS[first])
    return _nikola(lines) or _logseq(lines) or _hexo(lines) or _pelican(lines)


def _closed(lines: list[str], fence: str, parse, kind: str, keep_fences: bool = False, start: int = 1) -> Block:
    """A block between an opening line (``start`` is the line after it) and ``fence``."""
    end = next((i for i, line in enumerate(lines[start:], start=start)
                if line.rstrip() == fence or (fence == "---" and line.rstrip() == "...")), None)
    if end is None:
        return NONE  # not closed: Markdown text (MyST reads it the same way)
    key_pattern = {"toml": _TOML_KEY, "js": _JS_KEY, "json": _JSON_KEY}.get(kind, _YAML_KEY)
    key_lines: dict[str, int] = {"": 1}
    for number, line in enumerate(lines[start:end], start=start + 1):
        match = key_pattern.match(line)
        if match:
            key_lines.setdefault(match.group(1).strip().strip("'\""), number)
    inner = lines[start - 1:end + 1] if keep_fences else lines[start:end]
    data, problem = parse("\n".join(inner))
    length = end + 1
    skipped: list[str] = []
    if kind == "js" and problem is None:
        data, skipped = data
    if problem is not None:
        return Block(kind, {}, key_lines, length, ((1, problem),), usable=False)
    if data is None or data == {}:
        return Block(kind, {}, key_lines, length, ((1, ("the front matter is empty: the title is the file "
                                                        "name and the post is undated")),), usable=False)
    if not isinstance(data, dict):
        return Block(kind, {}, key_lines, length, ((1, ("the front matter is not a list of 'key: value' lines; "
                                                        "ignored")),), usable=False)
    fields, problems = _plain_fields(data, key_lines)
    if skipped:
        problems.append((key_lines.get(skipped[0].split(".")[0], 1),
                         "the '---js' front matter: " + ", ".join(repr(k) for k in skipped[:5])
                         + " not read (only plain values are: text, numbers, true/false, lists, objects; "
                         "the handbook runs no code)"))
    return Block(kind, fields, key_lines, length, tuple(problems))


def _yaml(body: str) -> tuple[object, str | None]:
    try:
        return yaml.load(body, Loader=_TextDates), None
    except (yaml.YAMLError, ValueError, RecursionError) as error:
        where = getattr(error, "problem_mark", None)
        at = f" (line {where.line + 2})" if where is not None else ""
        return None, f"the front matter cannot be read as YAML{at}; the post is read without it"


def read_yaml(text: str) -> object:
    """YAML as plain data (dates as text), or None when it cannot be read."""
    data, problem = _yaml(text)
    if problem is not None or _nodes(data) > MAX_VALUE_NODES:
        return None
    return _plain(data)


def _toml(body: str) -> tuple[object, str | None]:
    import tomllib

    try:
        return tomllib.loads(body), None
    except tomllib.TOMLDecodeError as error:
        return None, f"the '+++' (TOML) front matter cannot be read ({error}); the post is read without it"


def _js(body: str) -> tuple[object, str | None]:
    try:
        return read_object(body), None
    except JSError as error:
        return None, (f"the '---js' front matter cannot be read ({error}): only plain values (text, numbers, "
                      "true/false, lists, objects) are; the post is read without it")


def _json(body: str) -> tuple[object, str | None]:
    text = body.strip()
    if not text.startswith("{"):  # Hexo's ;;; block: the braces are implied
        text = "{" + text + "}"
    try:
        return json.loads(text), None
    except (ValueError, RecursionError) as error:
        return None, f"the JSON front matter cannot be read ({error}); the post is read without it"


_RUBY_OPENINGS = {"---ruby": "---", "~~~ruby": "~~~", "~~~{%": "%}~~~", "---<%": "%>---"}
_RUBY_VALUE = re.compile(r"""^\s{0,4}:?(\w+)(?::|\s*=>)?\s+("(?:[^"\\#]|\\.|#(?!\{))*"|'[^']*'|:\w+|-?\d+|true|false"""
                         r"""|\[(?:\s*(?:"[^"#]*"|'[^']*')\s*,?)*\])\s*,?\s*$""")


def _ruby(lines: list[str], fence: str) -> Block:
    """Bridgetown's Ruby front matter (``front_matter do ... end`` or a hash): the keys whose value is a
    plain literal (text, a symbol, a number, true/false, a list of texts); everything else is skipped."""
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.strip() == fence), None)
    if end is None:
        return NONE
    fields: dict[str, object] = {}
    key_lines: dict[str, int] = {"": 1}
    for number, line in enumerate(lines[1:end], start=2):
        match = _RUBY_VALUE.match(line)
        if not match or match.group(1) in ("do", "end"):
            continue
        key, raw = match.groups()
        if raw.startswith(":"):
            value: object = raw[1:]
        elif raw in ("true", "false"):
            value = raw == "true"
        elif raw.startswith("["):
            value = [v[1:-1] for v in re.findall(r""""[^"]*"|'[^']*'""", raw)]
        elif raw[0] in "\"'":
            value = raw[1:-1].replace('\\"', '"')
        else:
            value = int(raw)
        key_lines.setdefault(key, number)
        fields.setdefault(key, value)
    if not fields:
        return Block("ruby", {}, key_lines, end + 1, ((1, ("the Ruby front matter holds no plain value the handbook "
                                                          "can read (it runs no code); the post is read without it")),),
                     usable=False)
    return Block("ruby", fields, key_lines, end + 1)


_NIKOLA_LINE = re.compile(r"^\s*\.\.\s+([\w-]+)\s*:\s?(.*)$")


def _nikola(lines: list[str]) -> Block | None:
    """Nikola's ``.. key: value`` lines: the first block, bare or inside an HTML comment (``<!-- ... -->``)."""
    index = 0
    while index < len(lines) and not lines[index].strip():
        index += 1
    in_comment = index < len(lines) and lines[index].strip() == "<!--"
    start = index + 1 if in_comment else index
    fields: dict[str, object] = {}
    key_lines: dict[str, int] = {"": 1}
    end = start
    for end in range(start, len(lines) + 1):
        line = lines[end] if end < len(lines) else ""
        if in_comment and line.strip() == "-->":
            end += 1
            break
        if not line.strip():
            if in_comment:
                continue
            break
        match = _NIKOLA_LINE.match(line)
        if match is None:
            if in_comment or len(key_lines) > 1:
                continue  # Nikola's pattern skips other lines of its block
            return None
        key, value = match.group(1).lower(), match.group(2).strip()
        key_lines.setdefault(key, end + 1)
        if value:  # Nikola drops empty values
            fields[key] = value
    else:
        if in_comment:
            return None  # an unclosed comment: text
    if len(key_lines) == 1:
        return None
    if end < len(lines) and not lines[end].strip():
        end += 1  # the blank line after belongs to the block: MyST's replacement needs room
    return Block("nikola", fields, key_lines, end)


_LOGSEQ_LINE = re.compile(r"^([A-Za-z][\w-]*)::\s?(.*)$")


def _logseq(lines: list[str]) -> Block | None:
    """Logseq's page properties: the leading ``key:: value`` lines (keys lower-cased, ``_`` read as ``-``)."""
    fields: dict[str, object] = {}
    key_lines: dict[str, int] = {"": 1}
    end = 0
    for end, line in enumerate(lines):
        match = _LOGSEQ_LINE.match(line.strip().removeprefix("- ").strip()) if line.strip() else None
        if match is None:
            break
        key = match.group(1).lower().replace("_", "-")
        key_lines.setdefault(key, end + 1)
        fields[key] = match.group(2).strip()
    else:
        end = len(lines)
    if not fields:
        return None
    if end < len(lines) and not lines[end].strip():
        end += 1
    return Block("logseq", fields, key_lines, end)


_HEXO_FIRST = re.compile(r"^[A-Za-z_][\w-]*:(\s|$)")
_HEXO_KEYS = frozenset(("title", "date", "tags", "categories", "updated", "permalink", "layout"))


def _hexo(lines: list[str]) -> Block | None:
    """Hexo's front matter without its opening line: YAML (or ``;;;`` JSON) up to a ``---`` line.

    Only when that text is a mapping naming a post's field (title, date, tags...) and
    holds no blank line: ``Text\n---`` is otherwise a heading in Markdown.
    """
    if not lines or not _HEXO_FIRST.match(lines[0]):
        return None
    end = next((i for i, line in enumerate(lines) if not line.strip() or re.fullmatch(r"(-{3,}|;{3,})\s*", line)),
               None)
    if end is None or not lines[end].strip():
        return None
    json_block = lines[end].startswith(";")
    data, problem = (_json if json_block else _yaml)("\n".join(lines[:end]))
    if problem is not None or not isinstance(data, dict) or not _HEXO_KEYS & {str(k).lower() for k in data}:
        return None
    key_lines: dict[str, int] = {"": 1}
    for number, line in enumerate(lines[:end], start=1):
        match = _YAML_KEY.match(line.lstrip('"'))
        if match:
            key_lines.setdefault(match.group(1).strip().strip("'\""), number)
    fields, problems = _plain_fields(data, key_lines)
    return Block("hexo", fields, key_lines, end + 1, tuple(problems))


def _pelican(lines: list[str]) -> Block:
    """Python-Markdown's metadata: ``Key: value`` lines up to the first blank line.

    Only when it names a title (Pelican requires one), so that a post opening with
    "Note: ..." stays text.
    """
    fields: dict[str, object] = {}
    key_lines: dict[str, int] = {}
    key = None
    index = 0
    for index, line in enumerate(lines):
        match = _PELICAN_KEY.match(line)
        if not line.strip():
            break
        if match:
            key = match.group(1).lower()
            key_lines.setdefault(key, index + 1)
            fields[key] = match.group(2).strip() if key not in fields else f"{fields[key]}, {match.group(2).strip()}"
        elif key is not None and line.startswith("    "):  # a value continued on the next line
            fields[key] = f"{fields[key]} {line.strip()}".strip()
        else:
            return NONE
    else:
        index = len(lines)
    if "title" not in fields:
        return NONE
    key_lines[""] = 1
    # The blank line after belongs to the block: MyST's replacement needs room for its fences.
    return Block("pelican", fields, key_lines, min(index + 1, len(lines)))


def _plain_fields(data: dict, key_lines: dict[str, int]) -> tuple[dict[str, object], list[tuple[int, str]]]:
    """Each value as plain JSON-like data; too large or self-referring values dropped (one problem)."""
    fields: dict[str, object] = {}
    too_large: list[str] = []
    for key, value in data.items():
        name = str(key)
        if _nodes(value) > MAX_VALUE_NODES:
            too_large.append(name)
            continue
        fields[name] = _plain(value)
    problems = []
    if too_large:
        names = ", ".join(repr(n) for n in too_large[:5]) + (" ..." if len(too_large) > 5 else "")
        line = min(key_lines.get(n, 1) for n in too_large)
        problems.append((line, f"front-matter field(s) {names} too large or referring to themselves; ignored"))
    return fields, problems


def _nodes(value: object) -> int:
    """How many values ``value`` holds once expanded, counting no further than the limit."""
    count, stack = 0, [value]
    while stack:
        item = stack.pop()
        count += 1
        if count > MAX_VALUE_NODES:
            break
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list | tuple | set | frozenset):
            stack.extend(item)
    return count


def _plain(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((_plain(v) for v in value), key=lambda v: json.dumps(v, default=str))
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, bytes):
        return None
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)  # TOML dates and times: the text they were written as (ISO)


def myst_block(block: Block, title: str | None) -> list[str]:
    """The lines that replace a front matter for MyST: only the title, same line count.

    MyST makes the page heading from it; everything else the handbook has read.
    Without a title, blank lines: MyST then has nothing to say about a front matter.
    A block too short for a front matter of its own gives the title as a heading line.
    """
    if not title or block.length == 0:
        return [""] * block.length
    if block.length < 3:
        return ["# " + escape_markdown(title), *[""] * (block.length - 1)]
    inner = [f"title: {json.dumps(title, ensure_ascii=False)}"]
    inner += ["#"] * max(0, block.length - 2 - len(inner))
    return ["---", *inner, "---"]
