"""ARCHITECTURE.md's module map is the code's, and the pure modules stay pure."""

from __future__ import annotations

import ast
import re

from conftest import REPO

PACKAGE = REPO / "extensions" / "handbook"
PURE = ("frontmatter.py", "tags.py", "listing.py", "registry.py")


def mapped_modules() -> list[str]:
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    section = text.split("\n## Module map", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([\w/.-]+)` \|", section, flags=re.MULTILINE)


def test_the_module_map_lists_every_module_once():
    listed = mapped_modules()
    assert len(listed) == len(set(listed))
    present = {str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*") if p.suffix in (".py", ".css", ".js", ".html")
               and "__pycache__" not in p.parts}
    assert set(listed) == present


def imports(path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
    return found


def test_pure_modules_import_nothing_from_sphinx_or_docutils():
    for name in PURE:
        outside = {m for m in imports(PACKAGE / name) if m.split(".")[0] in ("sphinx", "docutils", "myst_parser")}
        assert outside == set(), name


def test_only_the_speedups_import_sphinx_internals():
    for path in PACKAGE.rglob("*.py"):
        if "speedups" in path.parts:
            continue
        private = {m for m in imports(path) if m.startswith("sphinx") and "._" in m}
        assert private == set(), path
