"""Every warning the handbook gives: one list, one way to say it.

Each is ``handbook.<kind>`` (the kinds: ``core/problems.py``), so ``suppress_warnings =
["handbook.image"]`` silences one kind and ``-W`` fails on all (after every page is
written). README's "Warnings" table lists the same kinds (``tests/test_warnings.py``
checks the two agree).
"""

from __future__ import annotations

from typing import Any

from sphinx.util import logging

from .core.problems import TYPE, HandbookWarning, Problem

logger = logging.getLogger("handbook")


def warn(kind: HandbookWarning, message: str, *args: Any, location: Any = None) -> None:
    """``WARNING: message [handbook.kind]``, at ``location`` (a node, a docname or (docname, line))."""
    logger.warning(message, *args, location=location, type=TYPE, subtype=kind.value)


def warn_problem(problem: Problem, location: Any = None) -> None:
    """A problem of the rule book as a warning, at its document and line (or ``location``)."""
    if location is None:
        location = (problem.docname, problem.line) if problem.docname else (problem.path or None)
    kind, sub = problem.warning_type
    logger.warning("%s", problem.message, location=location, type=kind, subtype=sub)
