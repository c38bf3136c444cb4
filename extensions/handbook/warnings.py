"""Every warning the handbook gives: one list, one way to say it.

Each is ``handbook.<kind>``, so ``suppress_warnings = ["handbook.image"]`` silences one
kind and ``-W`` fails on all (after every page is written). README's "Warnings" table
lists the same kinds (``tests/test_warnings.py`` checks the two agree).
"""

from __future__ import annotations

import enum
from typing import Any

from sphinx.util import logging

logger = logging.getLogger("handbook")

TYPE = "handbook"


class HandbookWarning(enum.StrEnum):
    """The subtypes of ``handbook.*`` warnings; the value is what ``suppress_warnings`` names."""

    FRONTMATTER = "frontmatter"  # a front-matter field is missing or invalid
    IMAGE = "image"  # an image is missing, outside the project or on another site
    CHAPTER = "chapter"  # a post in no chapter; a chapter naming a post twice or one that does not exist
    SYNTAX = "syntax"  # another blog engine's template syntax, shown as text
    SLUG = "slug"  # two posts with the same file name
    TAG = "tag"  # a tag the tag registry does not know; a bad registry; two tags whose page names clash
    CONFIG = "config"  # a handbook_* option with an unusable value
    DIAGRAM = "diagram"  # a mermaid diagram that could not be drawn


def warn(kind: HandbookWarning, message: str, *args: Any, location: Any = None) -> None:
    """``WARNING: message [handbook.kind]``, at ``location`` (a node, a docname or (docname, line))."""
    logger.warning(message, *args, location=location, type=TYPE, subtype=kind.value)
