"""Python's garbage collector kept off what a build holds on to.

A build keeps every document's data (the environment, and in a serial build every
doctree until it is written), and each full collection walks all of it again, so
reading grows with N x N (N = 10,000: 10 s for the first 1,000 posts, 29 s for the
last 1,000). Every ``FREEZE_EVERY`` documents read, and once before writing after a
full read, a collection frees what is already garbage and ``gc.freeze()`` moves the
live objects out of the collector's sight; new garbage is still collected as usual.
Frozen objects also stay untouched in the processes ``-j`` forks, so fewer memory
pages are copied. The build's end unfreezes them (for programs running several
builds, such as the tests), and they are frozen again when the process exits.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
from collections.abc import Iterator

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

FREEZE_EVERY = 250  # documents: one collection of the newest objects per so many


class _Count:
    documents = 0  # read in this build, in this process (or merged from -j readers)


def collect_and_freeze() -> None:
    gc.collect()
    gc.freeze()


def freeze_young() -> None:
    gc.collect(1)
    gc.freeze()


def count_from_zero(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    _Count.documents = 0


def freeze_now_and_then(app: Sphinx, doctree) -> None:
    """After each document read (in the ``-j`` readers too)."""
    _Count.documents += 1
    if _Count.documents % FREEZE_EVERY == 0:
        collect_and_freeze()


def freeze_merged(app: Sphinx, env: BuildEnvironment, docnames, other: BuildEnvironment) -> None:
    """``-j``: what a reader sent back is merged; freeze before the next fork."""
    _Count.documents += len(docnames)
    collect_and_freeze()


def freeze_before_writing(app: Sphinx, env: BuildEnvironment) -> None:
    # Worth it after a full build's reading, not after an edit (the collection walks
    # everything loaded from the last build's pickle: 1 s at N = 10,000).
    if _Count.documents >= FREEZE_EVERY:
        collect_and_freeze()


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No automatic collection inside: for code that frees its own cycles (a printed book's
    chapters, ``pdf/typst/assemble.py``). Loading every tree again, each full collection walked
    the environment (10,000 posts: 52 of them, 95 s; with it frozen, 208 walks, 73 s)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def unfreeze(app: Sphinx, exception: BaseException | None) -> None:
    gc.unfreeze()


def _freeze_at_exit() -> None:
    # Python's last collection at exit would walk everything unfrozen above (1-2 s at
    # N = 1,000) only for the process to end; frozen, it is left to the OS.
    gc.freeze()


def install(app: Sphinx) -> None:
    app.connect("env-before-read-docs", count_from_zero, priority=100)
    app.connect("doctree-read", freeze_now_and_then, priority=900)
    # Last of all: Sphinx's collectors and domains (and parallel_read) merge first.
    app.connect("env-merge-info", freeze_merged, priority=100_001)
    app.connect("env-updated", freeze_before_writing, priority=900)
    app.connect("build-finished", unfreeze)
    atexit.unregister(_freeze_at_exit)  # once, however many builds this process runs
    atexit.register(_freeze_at_exit)
