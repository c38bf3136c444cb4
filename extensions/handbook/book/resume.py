"""A stopped build never leaves a wrong page behind: the next build finishes its work.

Sphinx saves the environment after reading, before writing. When a build is killed
while writing (``sphinx-autobuild`` stops and restarts builds all the time), the next
build finds the environment up to date and writes nothing, so the pages the stopped
build still owed (the neighbours and chapter pages ``after_reading`` asked for, tag
pages, and any page it left half-written) stay as they were. So each build notes, next
to its doctrees and before it writes, every page it is going to write; the note is
removed only when the build finishes. A build that finds a note writes those pages
again, and every tag page.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .. import runs
from ..ledger import write_file

NOTE = "handbook-unfinished.json"


def _note(app: Sphinx) -> Path:
    return Path(app.doctreedir) / NOTE


def remember_what_is_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    runs.of(env).read_now = set(docnames)


def owed(app: Sphinx) -> set[str]:
    """Pages a stopped build was going to write (empty when the last build finished)."""
    try:
        data = json.loads(_note(app).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set()
    runs.of(app.env).all_tag_pages_owed = True
    return set(data.get("pages", []))


def promise(app: Sphinx, pages: Iterable[str]) -> None:
    """Before writing: the pages this build will write (with any still owed)."""
    pages = set(pages) | runs.of(app.env).read_now
    write_file(_note(app), json.dumps({"pages": sorted(pages)}).encode("utf-8"))


def all_tag_pages_owed(app: Sphinx) -> bool:
    return runs.of(app.env).all_tag_pages_owed


def kept(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: a finished build owes nothing."""
    if exception is None:
        _note(app).unlink(missing_ok=True)


def register(app: Sphinx) -> None:
    app.connect("env-before-read-docs", remember_what_is_read)
    app.connect("build-finished", kept)
