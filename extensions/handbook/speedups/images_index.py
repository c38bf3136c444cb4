"""Sphinx's images table with the images of each document at hand.

Sphinx purges every document before reading it, and ``FilenameUniqDict.purge_doc``
(``sphinx/util/_files.py:43``) walks every image of the project to do so: with an
image per post that is N x N steps. :class:`ImagesByDocument` is the same table
with an index from document to images, so ``purge_doc`` visits the document's own
images; everything else (names given to images, pickling, merging) is Sphinx's.
``tests/test_speedups.py`` checks it against Sphinx's class step for step.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util._files import FilenameUniqDict  # Sphinx >= 8.1 (requirements pin 9.0)


class ImagesByDocument(FilenameUniqDict):
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


def index_images(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Before reading: the table (kept in the pickled environment) gets its index."""
    if type(env.images) is FilenameUniqDict:
        env.images = ImagesByDocument.of(env.images)


def install(app: Sphinx) -> None:
    app.connect("env-before-read-docs", index_images, priority=100)
