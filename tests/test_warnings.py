"""Warnings: one list in the code, the same list in README."""

from __future__ import annotations

import re

from handbook.core.problems import HandbookWarning
from helpers import REPO

# Warnings of other types the handbook causes on purpose (README lists them too).
SPHINX_TYPES = {"ref.tag"}


def readme_warning_types() -> set[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Warnings", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([\w.]+)` \|", section, flags=re.MULTILINE))


def test_readme_lists_exactly_the_warning_kinds_the_code_has():
    assert readme_warning_types() == {f"handbook.{kind.value}" for kind in HandbookWarning} | SPHINX_TYPES


def test_no_module_gives_a_warning_but_through_the_one_list():
    for path in (REPO / "extensions" / "handbook").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name == "warnings.py":
            continue
        assert "logger.warning(" not in text and "subtype=" not in text, path
