"""What one build keeps between Sphinx's events: typed, in one place.

Some of what a build learns in one event is needed in a later one (the outputs a
removed document left, the sidebar drawn once, the pages a stopped build still owes).
It lives here, in a :class:`Run` per build environment, instead of as attributes set on
Sphinx's builder, config or environment: every such value is declared below with who
writes and who reads it, and none of it is pickled with the environment.

A run begins at ``env-get-outdated``, the first event of every build (``Builder.read``),
so the live preview's reused application (``./dev serve``) starts each build afresh.
Forked ``-j`` processes get a copy: what they change is theirs alone.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment

from .capabilities import HANDOUTS_TAG


@dataclass
class Run:
    # the builder of this build, and whether it makes chapter handouts (-t handouts), for
    # transforms that see the environment only (SphinxTransform.app is deprecated)
    builder: Builder | None = None
    handouts: bool = False
    # cleanup.py (env-get-outdated -> env-updated): the files and images each removed document left
    gone_files: set[Path] = field(default_factory=set)
    gone_images: set[str] = field(default_factory=set)
    # resume.py: the documents this build reads; whether a stopped build left tag pages owed
    read_now: set[str] = field(default_factory=set)
    all_tag_pages_owed: bool = False
    # after_reading.py -> directives.py: a chapter's posts while it is read again
    chapter_entries: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # reading/source.py (source-read) -> reading/reader.py (the transform): the post as read
    prepared: dict[str, Any] = field(default_factory=dict)
    # web/navigation.py (write-started): the sidebar, drawn from one tree per build
    sidebar: Any = None
    # web pages that put themselves in the sidebar's "Browse" group: (page, words)
    browse: list[tuple[str, str]] = field(default_factory=list)
    # web/pages.py -> web/sitemap.py: generated pages a reader finds
    listed_pages: set[str] = field(default_factory=set)
    # web/report.py (html-collect-pages) -> its build-finished summary
    report: dict | None = None
    # web/ledger.py: what this build writes into the output itself
    ledger: Any = None
    # web/pages.py: the environment drawing the generated pages' bodies
    templates: Any = None
    # web/addresses.py: the book's tags by page name, made once per build (and -j process)
    tags_by_slug: tuple[Any, dict[str, Any]] | None = None
    # web/share_cards.py (html-collect-pages) -> web/report.py: what the share cards cannot show as written
    card_problems: list[Any] = field(default_factory=list)


# Keyed by the environment, which directives and transforms reach (``self.env``) as well
# as event handlers (``app.env``); weakly, so a thrown-away application takes its run along.
_RUNS: weakref.WeakKeyDictionary[BuildEnvironment, Run] = weakref.WeakKeyDictionary()


def of(env: BuildEnvironment) -> Run:
    """This environment's current run (one is made if none began yet: a test calling in directly)."""
    run = _RUNS.get(env)
    if run is None:
        run = _RUNS[env] = Run()
    return run


def begin(app: Sphinx, env: BuildEnvironment, *args: object) -> list[str]:
    """``env-get-outdated`` (first of all its handlers): a new run."""
    _RUNS[env] = Run(builder=app.builder, handouts=app.tags.has(HANDOUTS_TAG))
    return []


def register(app: Sphinx) -> None:
    app.connect("env-get-outdated", begin, priority=1)
