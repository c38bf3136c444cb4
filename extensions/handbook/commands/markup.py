"""A post's HTML, refused directives, downloads and diagram files, found in its Markdown as MyST finds them.

``./dev check`` does not build: it reads each post's Markdown with MyST's own
markdown-it parser (the project's MyST settings), and finds what the build's reader
(``reading/markup.py``) meets in the doctree, at the same lines: raw HTML blocks and inline
tags, ``{raw}`` and ``{eval-rst}``, links and ``{download}`` roles that make downloads, and
``{mermaid}`` file arguments. Directive bodies are read too (MyST parses them as
Markdown, with their real line numbers). The rule book (``core/rules.py``) then says what
each one costs, as in the build.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from markdown_it.renderer import RendererHTML
from myst_parser.parsers.mdit import create_md_parser

from ..core import html, rules
from ..core.problems import Problem
from ..reading.markup import refused_phrase
from ..reading.parser import REFUSED_DIRECTIVES

# Directives whose body is not Markdown (code, diagrams, math, tables from data...).
LITERAL = frozenset({"code", "code-block", "sourcecode", "code-cell", "mermaid", "math", "raw", "eval-rst",
                     "eval-rest", "literalinclude", "include", "csv-table", "graphviz", "toctree", "chapter-posts"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_OPTION = re.compile(r"^\s*:[\w-]+:")
_ROLE_TARGET = re.compile(r"^(?:.*?<(?P<target>[^<>]+)>|(?P<plain>[^<>]+))\s*$", re.DOTALL)


_PARSERS: dict[int, tuple[Any, Any]] = {}


def _parser(config: Any):
    """MyST's markdown-it parser for these settings (made once: a few ms each)."""
    if id(config) not in _PARSERS or _PARSERS[id(config)][0] is not config:
        _PARSERS[id(config)] = (config, create_md_parser(config, RendererHTML))
    return _PARSERS[id(config)][1]


def post_problems(root: Path, docname: str, path: Path, text: str, myst_config: Any,
                  policy: html.Policy) -> list[Problem]:
    """What the build's reader would remove from this post's page, and the files it names that are not read."""
    if myst_config is None or not any(mark in text for mark in ("<", "{", "](")):
        return []
    found: list[tuple[int | None, tuple[str, ...]]] = []
    problems: list[Problem] = []
    context = (root, docname, path.parent)
    _walk(_parser(myst_config).parse(text), 0, found, problems, policy, context, myst_config)
    return rules.markup_problems(docname, found) + problems


def _walk(tokens, offset: int, found: list, problems: list[Problem], policy: html.Policy, context, config) -> None:
    root, docname, folder = context
    for token in tokens:
        line = token.map[0] + 1 + offset if token.map else None
        if token.type == "html_block":
            found.append((line, html.clean(token.content, policy).removed))
        elif token.type == "inline":
            for child in token.children or []:
                if child.type == "html_inline":
                    found.append((line, html.clean(child.content, policy).removed))
                elif child.type == "link_open" and child.info != "auto":
                    href = _parser(config).normalizeLinkText(str(child.attrGet("href") or ""))
                    _download(href, line, problems, context)
                elif child.type == "myst_role" and child.meta.get("name") == "download":
                    match = _ROLE_TARGET.match(child.content)
                    if match:
                        _download("path:" + (match["target"] or match["plain"]).strip(), line, problems, context)
        elif token.type in ("fence", "colon_fence"):
            parts = (token.info or "").strip().split(maxsplit=1)
            name = parts[0] if parts else ""
            if not (name.startswith("{") and name.endswith("}")):
                continue
            name = name[1:-1]
            if name in REFUSED_DIRECTIVES:
                found.append((line, (refused_phrase(name),)))
            elif name == "mermaid" and len(parts) > 1:
                target = parts[1].strip()
                problem = rules.unreadable_file_problem(root, docname, _resolved(root, folder, target), target, line,
                                                        "the diagram file")
                if problem is not None:
                    problems.append(problem)
            elif name not in LITERAL:
                _walk(_parser(config).parse(_body(token.content)), line, found, problems, policy, context, config)


def _body(content: str) -> str:
    """A directive's content with its options blanked out, so the body keeps its line numbers."""
    lines = content.split("\n")
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is not None:
            return "\n" * (end + 1) + "\n".join(lines[end + 1:])
    count = 0
    while count < len(lines) and _OPTION.match(lines[count]):
        count += 1
    return "\n" * count + "\n".join(lines[count:])


def _download(href: str, line: int | None, problems: list[Problem], context) -> None:
    """A link MyST makes a download (a file that exists and is not a document, or ``path:``): may it be read?"""
    root, docname, folder = context
    scheme = _SCHEME.match(href)
    if href.startswith("#") or (scheme and scheme.group(1) != "path"):
        return
    target = href.removeprefix("path:").split("#", 1)[0]
    if not target:
        return
    path = _resolved(root, folder, target)
    if not scheme and (not Path(path).is_file() or Path(path).suffix in (".md", ".rst")):
        return  # MyST makes it a link to a document, or to nothing
    problem = rules.unreadable_file_problem(root, docname, path, target, line, "the download")
    if problem is not None:
        problems.append(problem)


def _resolved(root: Path, folder: Path, target: str) -> str:
    """Where Sphinx looks for a file a document names (``BuildEnvironment.relfn2path``)."""
    return str(root / target.lstrip("/")) if target.startswith("/") else str(folder / target)
