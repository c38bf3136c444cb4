"""Keeping a build linear in the number of posts where Sphinx alone is not.

Two costs of a plain Sphinx build grow with the square of the number of
documents (measured in ``benchmarks/``; see its README):

- Python's garbage collector. A build keeps every document's data (the
  environment, and in a serial build every doctree until it is written), and
  each full collection walks all of it again. Every ``FREEZE_EVERY`` documents
  read, and once before writing after a full read, a collection frees what is
  already garbage and ``gc.freeze()`` moves the live objects out of the
  collector's sight; new garbage is still collected as usual. Frozen objects
  also stay untouched in the processes ``-j`` forks, so fewer memory pages are
  copied. The build's end unfreezes them (for programs running several builds,
  such as the tests), and they are frozen again when the process exits.
- ``env.images.purge_doc``: Sphinx purges every document before reading it,
  and the purge walks every image of the project. With an image per post that
  is N x N steps. The images table gets an index from document to images
  (``tests/test_scale.py`` checks it against Sphinx's class step for step).

With ``-j``, each worker sends back its whole copy of the environment, which
grows with every chunk merged before it was forked: N x N / chunk in all. The
main process merges only the documents the worker read, so a worker empties its
inherited per-document tables (titles, tables of contents, metadata, the
handbook's records) before reading its first document; nothing read looks up
another document there. Once merged, the copy is freed at once and the merged
environment frozen, so the main process does not walk it again. N = 10,000
with ``-j 2``: 369 s; 273 s with the freeing; 140 s with the emptied tables too.
"""

from __future__ import annotations

import atexit
import gc
import os

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

try:
    from sphinx.util._files import (
        FilenameUniqDict,  # Sphinx 8.1 and later (requirements pin 9.0)
    )
except ImportError:  # pragma: no cover - older Sphinx
    from sphinx.util import FilenameUniqDict

FREEZE_EVERY = 250  # documents: one collection of the newest objects per so many


# Sphinx's tables keyed by document that a worker's merge copies for its own
# documents only (collectors' merge_other); the handbook's own are in the domain.
PER_DOCUMENT_TABLES = ("titles", "longtitles", "tocs", "toc_num_entries", "metadata", "dependencies",
                       "toctree_includes")


class _Counter:
    documents = 0
    reading_pid: int | None = None  # the process that reads, or forks the -j readers
    slimmed_pid: int | None = None  # the -j reader that dropped its inherited tables


def _collect_and_freeze() -> None:
    gc.collect()
    gc.freeze()


def freeze_now_and_then(app: Sphinx, doctree) -> None:
    """After each document read (in the worker processes of ``-j`` too)."""
    _Counter.documents += 1
    if _Counter.documents % FREEZE_EVERY == 0:
        _collect_and_freeze()


def drop_inherited_tables(app: Sphinx, docname: str, source: list[str]) -> None:
    """In a ``-j`` reader, at its first document: keep only what it reads itself.

    That document's own entries stay: Sphinx notes some (``docutils.conf`` as a
    dependency) before ``source-read``.
    """
    pid = os.getpid()
    if _Counter.reading_pid in (None, pid) or _Counter.slimmed_pid == pid:
        return
    _Counter.slimmed_pid = pid
    for name in PER_DOCUMENT_TABLES:
        table = getattr(app.env, name)
        own = {docname: table[docname]} if docname in table else {}
        table.clear()
        table.update(own)
    app.env.get_domain("handbook").clear_all_documents()  # written only while parsing


def freeze_merged(app: Sphinx, env: BuildEnvironment, docnames, other: BuildEnvironment) -> None:
    """``-j``: after the main process took in what a worker read, before it forks the next.

    ``other`` is the worker's copy of the whole environment, unpickled for this merge
    and dropped by Sphinx right after it; emptied here, the collection frees it now
    instead of it being frozen with the rest.
    """
    _Counter.documents += len(docnames)
    other.__dict__.clear()
    _collect_and_freeze()


def reading_done(app: Sphinx, env: BuildEnvironment) -> None:
    # No process forked from here on (writers, tag pages) is a reader.
    _Counter.reading_pid = None


def freeze_before_writing(app: Sphinx, env: BuildEnvironment) -> None:
    # Worth it after a full build's reading, not after an edit (the collection walks
    # everything loaded from the last build's pickle: 1 s at N = 10,000).
    if _Counter.documents >= FREEZE_EVERY:
        _collect_and_freeze()


def unfreeze(app: Sphinx, exception: BaseException | None) -> None:
    gc.unfreeze()


def _freeze_at_exit() -> None:
    # Python's last collection at exit would walk everything unfrozen above (1-2 s at
    # N = 1,000) only for the process to end; frozen, it is left to the OS.
    gc.freeze()


class ImagesByDocument(FilenameUniqDict):
    """Sphinx's images table, with the images of each document at hand.

    ``purge_doc`` visits the document's own images instead of all of them;
    everything else (names given to images, pickling) is Sphinx's.
    """

    def __init__(self) -> None:
        super().__init__()
        self._by_doc: dict[str, set[str]] = {}

    def add_file(self, docname: str, newfile) -> str:
        unique = super().add_file(docname, newfile)
        self._by_doc.setdefault(docname, set()).add(str(newfile))
        return unique

    def purge_doc(self, docname: str) -> None:
        for filename in self._by_doc.pop(docname, ()):
            entry = self.get(filename)
            if entry is None:
                continue
            docs, unique = entry
            docs.discard(docname)
            if not docs:
                del self[filename]
                self._existing.discard(unique)

    def __setstate__(self, state) -> None:
        super().__setstate__(state)  # the items are already in place when pickle calls this
        self._index_documents()

    def _index_documents(self) -> None:
        self._by_doc = {}
        for filename, (docs, _unique) in self.items():
            for docname in docs:
                self._by_doc.setdefault(docname, set()).add(filename)

    @classmethod
    def of(cls, images: FilenameUniqDict) -> ImagesByDocument:
        indexed = cls()
        indexed._existing = set(images._existing)
        indexed.update((filename, (set(docs), unique)) for filename, (docs, unique) in images.items())
        indexed._index_documents()
        return indexed


def before_reading(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Count this build's documents from zero; index the images table (kept in the pickle)."""
    _Counter.documents = 0
    _Counter.reading_pid = os.getpid()
    if type(env.images) is FilenameUniqDict:
        env.images = ImagesByDocument.of(env.images)


def register(app: Sphinx) -> None:
    app.connect("env-before-read-docs", before_reading, priority=100)
    app.connect("source-read", drop_inherited_tables, priority=1)
    app.connect("doctree-read", freeze_now_and_then, priority=900)
    # Last of all handlers: Sphinx's collectors and domains merge from ``other`` first.
    app.connect("env-merge-info", freeze_merged, priority=100_000)
    app.connect("env-updated", reading_done, priority=100)
    app.connect("env-updated", freeze_before_writing, priority=900)
    app.connect("build-finished", unfreeze)
    atexit.unregister(_freeze_at_exit)  # once, however many builds this process runs
    atexit.register(_freeze_at_exit)
