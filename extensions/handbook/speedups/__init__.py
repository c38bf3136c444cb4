"""The one door to everything that reaches into Sphinx for speed.

None of this changes a page: with ``handbook_speedups = False`` (or the environment
variable ``HANDBOOK_SPEEDUPS=0``) none of it is installed, and the handbook is built
by Sphinx's own code paths; the test suite runs both ways (``tox -e tests-plain``).
Each speed-up stands in for one behaviour of Sphinx 9.0.4 (pinned), named with its
source line; the figures are from ``benchmarks/README.md``.

========================  =================================================================
module                    Sphinx behaviour it stands in for
========================  =================================================================
``gc_freeze``             Python's full collections walk every document kept so far, so
                          reading grows with N x N. Live objects are frozen every 250
                          documents read (``gc.freeze``) and again at exit. Sphinx itself
                          never freezes (``sphinx/application.py: Sphinx.build``). While the
                          Typst builder assembles and writes its chapters (each freed at
                          once), automatic collection pauses (``collection_paused``).
``images_index``          ``FilenameUniqDict.purge_doc`` (``sphinx/util/_files.py:43``) walks
                          every image of the project for each document read: N x N with an
                          image per post. Replaced by a subclass indexed by document.
``parallel_read``         A ``-j`` reader pickles its whole environment back
                          (``sphinx/builders/__init__.py:614``), including everything merged
                          before it was forked: N x N / chunk bytes. A reader empties the
                          per-document tables it inherited; the main process frees each
                          reader's copy once merged.
``parallel_write``        Sphinx writes with ``-j N`` through N - 1 forked writers
                          (``sphinx/builders/__init__.py:759``): at ``-j 2`` one core idles.
                          The ``html``/``dirhtml`` builders are registered again to call
                          Sphinx's own ``_write_parallel`` with N writers, which step back
                          (``nice``) for the main process; tag pages are split among
                          forked processes too.
``pickle_later``          ``./dev serve`` only: ``Builder.build`` pickles the environment
                          before writing (``sphinx/builders/__init__.py:421``); the preview
                          keeps it in memory and writes the file after the build.
========================  =================================================================

At 1,000 posts they take a build from about 26 s to 20 s (``-j 2``: 22 s to 13 s); at
10,000 posts from 355 s to 245 s (``-j 2``: 361 s to 140 s).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence

from sphinx.application import Sphinx
from sphinx.config import Config

from .. import config as handbook_config
from . import gc_freeze, images_index, parallel_read, parallel_write, pickle_later

MODULES = (gc_freeze, images_index, parallel_read, parallel_write)


def enabled(config: Config) -> bool:
    return handbook_config.get(config).speedups


def _install(app: Sphinx, config: Config) -> None:
    if enabled(config):
        for module in MODULES:
            module.install(app)


def environment_pickled_after(config: Config):
    """For the live preview: around a build, the environment is pickled after it (``pickle_later``)."""
    return pickle_later.deferred() if enabled(config) else contextlib.nullcontext()


def collection_paused(config: Config):
    """Around code that frees its own cycles (the Typst builder's chapters): no full collections."""
    return gc_freeze.paused() if enabled(config) else contextlib.nullcontext()


def write_environment_now() -> None:
    """The environment the last build under :func:`environment_pickled_after` noted."""
    pickle_later.write_now()


def after_build_in_memory() -> None:
    """``./dev serve``, after each build: what stays in memory between saves is kept out of the
    collector's full walks (at 10,000 posts one walk takes 3 s); the build's young garbage is freed first."""
    gc_freeze.freeze_young()


def write_pages(app: Sphinx, pagenames: Sequence[str], write_page: Callable[[str], None],
                weight: Callable[[str], int] = lambda pagename: 1) -> None:
    """Call ``write_page`` for each page: split among ``-j`` processes when the speed-ups are on."""
    if enabled(app.config):
        parallel_write.write_pages(app, pagenames, write_page, weight)
    else:
        for pagename in pagenames:
            write_page(pagename)


def register(app: Sphinx) -> None:
    # After the options are checked (config.py, priority 100); before the builder
    # is made (right after config-inited), so that a builder class can be replaced.
    app.connect("config-inited", _install, priority=150)
