"""Writing with ``-j N``: N processes write, and the process feeding them goes first.

Sphinx writes documents with N - 1 forked writers (``sphinx/builders/__init__.py:759``):
the main process loads each chunk of doctrees, resolves them and feeds them to the
search index, then forks a writer for the chunk. At ``-j 2`` that is one writer, and for this handbook the
writer's share is the larger one (1,000 posts: about 5.5 s of writing against
3.9 s in the main process), so one core idles while the other writes. Here N
writers take the chunks, and each lowers its own priority: the main process
then runs as soon as it has work, and the writers fill every core it leaves.

Tag pages (``tagpages.py``) are written after the documents, by the main process
alone in Sphinx; with ``-j`` they are split among forked processes as well.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

from sphinx.application import Sphinx
from sphinx.builders.dirhtml import DirectoryHTMLBuilder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util.parallel import ParallelTasks

# How far a writer steps back (nice(2) increment): enough for the main process to
# get a core whenever it is runnable.
WRITER_NICENESS = 5


class _Feeder:
    pid: int | None = None  # the process forking the writers, during the write phase
    stepped_back_in: int | None = None  # the writer process that already lowered itself


def _step_back_if_writer() -> None:
    pid = os.getpid()
    if _Feeder.pid not in (None, pid) and _Feeder.stepped_back_in != pid:
        _Feeder.stepped_back_in = pid
        os.nice(WRITER_NICENESS)


class ParallelWriting:
    """Mixed into Sphinx's HTML builders, registered under their own names."""

    def write_documents(self, docnames) -> None:
        # _write_parallel is Sphinx's own loop (fork per chunk, logs and errors sent
        # back); only the number of writers changes. Sphinx is pinned.
        if not (self.parallel_ok and hasattr(self, "_write_parallel")):
            super().write_documents(docnames)
            return
        _Feeder.pid = os.getpid()
        try:
            self._write_parallel(sorted(docnames), nproc=self._app.parallel)
        finally:
            _Feeder.pid = None

    def write_doc(self, docname, doctree) -> None:
        _step_back_if_writer()
        super().write_doc(docname, doctree)


class HandbookHTMLBuilder(ParallelWriting, StandaloneHTMLBuilder):
    pass


class HandbookDirectoryHTMLBuilder(ParallelWriting, DirectoryHTMLBuilder):
    pass


def write_pages(app: Sphinx, pagenames: Sequence[str], write_page: Callable[[str], None],
                weight: Callable[[str], int] = lambda pagename: 1) -> None:
    """Call ``write_page`` for each page, in ``-j`` forked processes when Sphinx may.

    Each page must only write files: what a forked process changes in memory is lost.
    Warnings are sent back to the main process by Sphinx's ``ParallelTasks``.
    ``weight`` is how long a page takes, roughly, to share them out evenly.
    """
    if not (app.builder.parallel_ok and len(pagenames) > 1):
        for pagename in pagenames:
            write_page(pagename)
        return

    def write_chunk(chunk: list[str]) -> None:
        for pagename in chunk:
            write_page(pagename)

    tasks = ParallelTasks(app.parallel)
    for chunk in balanced_chunks(pagenames, weight, app.parallel):
        tasks.add_task(write_chunk, chunk)
    tasks.join()


def balanced_chunks(items: Sequence[str], weight: Callable[[str], int], count: int) -> list[list[str]]:
    """At most ``count`` chunks of about equal weight: heaviest first, each to the lightest.

    One tag page (the tag every post has) can weigh as much as all the others.
    """
    chunks: list[list[str]] = [[] for _ in range(min(count, len(items)))]
    loads = [0] * len(chunks)
    for item in sorted(items, key=lambda item: (-weight(item), item)):
        lightest = loads.index(min(loads))
        chunks[lightest].append(item)
        loads[lightest] += weight(item)
    return chunks


def install(app: Sphinx) -> None:
    # Sphinx's own classes under their own names, with write_documents above.
    app.add_builder(HandbookHTMLBuilder, override=True)
    app.add_builder(HandbookDirectoryHTMLBuilder, override=True)
