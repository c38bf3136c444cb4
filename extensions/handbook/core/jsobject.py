"""Eleventy's ``---js`` front matter, read as data and never run (pure, no Sphinx).

Eleventy runs that block as JavaScript. The handbook reads only a safe subset:
an object literal (``{ title: "A", tags: ["a"] }``) or ``const/let/var name = value;``
lines, whose values are text, numbers, booleans, null, arrays and nested objects,
with comments anywhere. A value outside the subset (a function, a call, a variable)
is skipped and named, so that only that field is lost.
"""

from __future__ import annotations

import json
import re


class JSError(ValueError):
    """Text the subset cannot read at all (the whole block is then ignored)."""


_TOKEN = re.compile(r"""
    (?P<space>\s+|//[^\n]*|/\*.*?(?:\*/|\Z))
  | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`)
  | (?P<number>-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_$][\w$]*)
  | (?P<punct>=>|[{}\[\](),:;=.+*/<>!?&|%-])
""", re.VERBOSE | re.DOTALL)
_CONSTANTS = {"true": True, "false": False, "null": None, "undefined": None}
_OPEN = {"{": "}", "[": "]", "(": ")"}


def _tokens(text: str, lenient: bool = False) -> list[tuple[str, str]]:
    """The tokens of ``text``; ``lenient``: a character the subset does not know (a regular expression's
    backslash, a decorator) becomes a token of its own instead of an error."""
    found, at = [], 0
    while at < len(text):
        match = _TOKEN.match(text, at)
        if match is None and lenient:
            found.append(("other", text[at]))
            at += 1
            continue
        if match is None:
            raise JSError(f"unreadable text {text[at:at + 20]!r}")
        at = match.end()
        if match.lastgroup != "space":
            found.append((match.lastgroup, match.group()))
    return found


def _string(token: str) -> str:
    quote, body = token[0], token[1:-1]
    if quote != '"':
        body = body.replace("\\" + quote, quote).replace('"', '\\"').replace("\n", "\\n")
    try:
        return json.loads(f'"{body}"')
    except ValueError:
        return body


class _Reader:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.at = 0
        self.skipped: list[str] = []
        self.path: list[str] = []  # the keys around the value being read (a.b for nested fields)

    def peek(self) -> tuple[str, str]:
        return self.tokens[self.at] if self.at < len(self.tokens) else ("end", "")

    def take(self, text: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token[0] == "end" or (text is not None and token[1] != text):
            raise JSError(f"expected {text or 'more'} at {token[1]!r}")
        self.at += 1
        return token

    def value(self) -> object:
        kind, text = self.peek()
        if kind == "string":
            if text.startswith("`") and "${" in text:
                raise JSError("a template with ${...}")
            self.at += 1
            return _string(text)
        if kind == "number":
            self.at += 1
            number = float(text)
            return int(number) if number.is_integer() and not re.search(r"[.eE]", text) else number
        if kind == "name" and text in _CONSTANTS and self.after_value(self.at + 1):
            self.at += 1
            return _CONSTANTS[text]
        if text == "[":
            return self.array()
        if text == "{":
            return self.object()
        raise JSError(f"not a plain value: {text!r}")

    def after_value(self, index: int) -> bool:
        return index >= len(self.tokens) or self.tokens[index][1] in (",", "}", "]", ";")

    def array(self) -> list:
        self.take("[")
        items = []
        while self.peek()[1] != "]":
            items.append(self.value())
            if self.peek()[1] != "]":
                self.take(",")
        self.take("]")
        return items

    def object(self) -> dict:
        self.take("{")
        data: dict[str, object] = {}
        while self.peek()[1] != "}":
            kind, key = self.take()
            if kind == "string":
                key = _string(key)
            elif kind not in ("name", "number"):
                raise JSError(f"not a key: {key!r}")
            if self.peek()[1] in (",", "}"):  # shorthand { title }: a variable
                self.skip(key)
            elif self.peek()[1] == ":":
                self.take(":")
                self.field(data, key)
            else:  # a method: title() { ... }
                self.skip(key)
                self.skip_to((",", "}"))
            if self.peek()[1] != "}":
                self.take(",")
        self.take("}")
        return data

    def skip(self, key: str) -> None:
        self.skipped.append(".".join([*self.path, key]))

    def field(self, data: dict, key: str, ends: tuple[str, ...] = (",", "}")) -> None:
        start = self.at
        self.path.append(key)
        try:
            value = self.value()
            if self.peek()[1] not in (*ends, "end", "") and self.peek()[0] != "end":
                raise JSError("an expression")
            data[key] = value
        except JSError:
            self.at = start
            self.path.pop()
            self.skip(key)
            self.skip_to(ends)
        else:
            self.path.pop()

    def skip_statement(self) -> None:
        """Past one statement: to a ``;`` at this depth, or the end of its ``{ }`` body."""
        depth: list[str] = []
        while self.at < len(self.tokens):
            text = self.tokens[self.at][1]
            self.at += 1
            if not depth and text == ";":
                return
            if text in _OPEN:
                depth.append(_OPEN[text])
            elif depth and text == depth[-1]:
                depth.pop()
                if not depth and text == "}":
                    if self.peek()[1] == ";":
                        self.at += 1
                    return
            elif text in _OPEN.values():
                raise JSError(f"unbalanced {text!r}")

    def skip_to(self, ends: tuple[str, ...]) -> None:
        """Past a value the subset does not read, to the next ``ends`` at this depth."""
        depth: list[str] = []
        while self.at < len(self.tokens):
            text = self.tokens[self.at][1]
            if not depth and text in ends:
                return
            if text in _OPEN:
                depth.append(_OPEN[text])
            elif depth and text == depth[-1]:
                depth.pop()
            elif text in _OPEN.values():
                raise JSError(f"unbalanced {text!r}")
            self.at += 1


def read_object(text: str) -> tuple[dict[str, object], list[str]]:
    """The data of a ``---js`` block, and the names of the fields it could not read."""
    reader = _Reader(_tokens(text))
    if not reader.tokens:
        return {}, []
    if reader.peek()[1] == "{":
        data = reader.object()
        if reader.peek()[1] == ";":
            reader.take(";")
    else:
        data = {}
        while reader.peek()[0] != "end":
            _kind, word = reader.take()
            if word in ("const", "let", "var"):
                _, name = reader.take()
                reader.take("=")
                reader.field(data, name, ends=(";",))
                if reader.peek()[1] == ";":
                    reader.take(";")
            else:  # a function or any other statement
                reader.skipped.append(reader.peek()[1] if word in ("function", "async") else word)
                reader.skip_statement()
    if reader.peek()[0] != "end":
        raise JSError(f"unexpected {reader.peek()[1]!r}")
    return data, reader.skipped


def find_values(text: str, key: str) -> list[object]:
    """Each plain value written as ``key: value`` or ``const key = value`` in a JavaScript/TypeScript file, never run.

    For the data a site's configuration holds (VuePress's ``author``, starlight-blog's
    ``authors``, Gatsby's ``siteMetadata``, Quartz's ``locale``); values that are not
    plain data (calls, variables) are left out. Nothing when the file cannot be read as tokens.
    """
    tokens = _tokens(text, lenient=True)
    values = []
    for index in range(len(tokens) - 2):
        kind, word = tokens[index]
        named = kind in ("name", "string") and (word == key or kind == "string" and _string(word) == key)
        field = tokens[index + 1][1] == ":" and (index == 0 or tokens[index - 1][1] in ("{", ","))
        variable = tokens[index + 1][1] == "=" and index > 0 and tokens[index - 1][1] in ("const", "let", "var")
        if named and (field or variable):
            reader = _Reader(tokens)
            reader.at = index + 2
            try:
                values.append(reader.value())
            except (JSError, RecursionError):
                continue
    return values
