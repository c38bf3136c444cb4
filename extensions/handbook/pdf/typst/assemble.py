"""The book's trees, a chapter at a time: never the whole book in memory at once.

Sphinx's LaTeX builder makes one doctree of the whole book; at 10,000 posts that tree
held 2.3 million nodes (the Sphinx process: 2.26 GB; a chapter at a time: 1.28 GB).
Here each chapter (a document of the root's toctree, its own toctrees inlined) is
loaded, resolved (post-transforms, ``doctree-resolved``), walked for its places
(:mod:`.targets`) and put aside pickled; the root's tree keeps an empty
``start_of_file`` (a hole) where each chapter goes. The parts are then written from one
chapter's tree at a time (:meth:`Chapter.thaw`).
References are resolved as in the whole book: the set of documents the book holds is
known before the first chapter is loaded (the toctrees' includes, as read).
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable
from dataclasses import dataclass

from docutils import nodes
from docutils.transforms import Transformer
from docutils.utils import Reporter
from sphinx import addnodes
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import LoggingReporter

from ...core.listing import book_order
from ...warnings import HandbookWarning, warn
from .targets import HOLE, Targets

UNREADABLE = (OSError, EOFError, pickle.UnpicklingError)  # a doctree that cannot be loaded


@dataclass
class Chapter:
    docname: str
    frozen: bytes  # its resolved tree, pickled (without the environment, reporters, transformers)

    def thaw(self, env: BuildEnvironment) -> nodes.document:
        """The chapter's tree again: a document holding one ``start_of_file``."""
        document = _Unpickler(io.BytesIO(self.frozen), env).load()
        document.reporter = LoggingReporter(str(env.doc2path(self.docname)))
        return document


@dataclass
class Assembled:
    root: nodes.document  # the root's tree, resolved, a hole where each chapter goes
    chapters: list[Chapter]  # in the book's order: chapter n fills the hole numbered n
    targets: Targets  # every place of the book, every linked one labelled
    docnames: set[str]  # the documents the book holds

    @classmethod
    def whole(cls, tree: nodes.document, targets: Targets) -> Assembled:
        """A small book in one tree (a course handout's), nothing put aside."""
        return cls(tree, [], targets, set())


def planned(env: BuildEnvironment, root: str) -> set[str]:
    """The documents the book will hold, as read (the toctrees' includes): what links resolve to
    from the first chapter on (the builder's ``docnames``)."""
    return set(book_order(env.toctree_includes, root))


def assemble(builder: Builder, root: str) -> Assembled:
    """The book, a chapter at a time (the builder's ``docnames``: :func:`planned`)."""
    env = builder.env
    tree = env.get_doctree(root)
    tree["docname"] = root
    targets = Targets()
    chapters: list[Chapter] = []
    walk = Inlining(builder, [root])

    def put_aside(docname: str) -> nodes.Node | None:
        """A chapter: resolved, walked and pickled; the root keeps a hole where it goes."""
        document = chapter_tree(builder, walk, docname, root)
        if document is None:
            return None
        targets.add(document, root, len(chapters) + 1)
        chapters.append(Chapter(docname, _freeze(document, env)))
        dismantle(document)
        return addnodes.start_of_file(docname=docname, **{HOLE: len(chapters)})

    walk.replace_toctrees(tree, put_aside)
    resolve(builder, tree, root)
    targets.add(tree, root, 0)
    targets.number_links()
    return Assembled(tree, chapters, targets, set(walk.traversed) - walk.unloaded)


def chapter_tree(builder: Builder, walk: Inlining, docname: str, root: str) -> nodes.document | None:
    """One chapter with its toctrees inlined and its references resolved; None: it cannot be loaded."""
    tree = walk.load(docname, root)
    if tree is None:
        return None
    walk.inline(docname, tree)
    document = nodes.document(tree.settings, LoggingReporter(str(builder.env.doc2path(docname))))
    document["docname"] = root
    start = addnodes.start_of_file(docname=docname)
    start.children = tree.children  # as inlined: the nodes keep their own document as parent
    for section in start.findall(nodes.section):
        section.setdefault("docname", docname)
    document.append(start)
    resolve(builder, document, root)
    return document


def resolve(builder: Builder, tree: nodes.document, root: str) -> None:
    """References resolved as in the book (from the root), pictures noted and checked."""
    builder.env.resolve_references(tree, root, builder)
    for pending in list(tree.findall(addnodes.pending_xref)):  # a :ref: to no page of this book
        pending.replace_self(nodes.inline("", pending.astext()))
    builder.post_process_images(tree)
    builder.check_images(tree)


class Inlining:
    """Sphinx's ``inline_all_toctrees`` without its deep copy of each tree: every tree here is
    fresh from its pickle (``env.get_doctree``), and copying them all took 25 s at 10,000 posts.
    ``traversed``: each document is inlined once, where the book first meets it."""

    def __init__(self, builder: Builder, traversed: list[str]) -> None:
        self.builder = builder
        self.traversed = traversed
        self.seen = set(traversed)  # the same, for the membership test (10,000 documents)
        self.unloaded: set[str] = set()

    def load(self, docname: str, location: str) -> nodes.document | None:
        try:
            return self.builder.env.get_doctree(docname)
        except UNREADABLE:  # as Sphinx: named, and the rest goes on
            self.unloaded.add(docname)
            warn(HandbookWarning.PRINT, "%s could not be loaded (its doctree): it is not in the PDF", docname,
                 location=location)
            return None

    def replace_toctrees(self, tree: nodes.document, make: Callable[[str], nodes.Node | None]) -> None:
        """Each toctree of ``tree`` becomes what ``make`` gives for each document it includes
        that the book has not met yet (None: nothing)."""
        for toctreenode in list(tree.findall(addnodes.toctree)):
            newnodes = []
            for includefile in map(str, toctreenode["includefiles"]):
                if includefile in self.seen:
                    continue
                self.traversed.append(includefile)
                self.seen.add(includefile)
                made = make(includefile)
                if made is not None:
                    newnodes.append(made)
            toctreenode.parent.replace(toctreenode, newnodes)

    def inline(self, docname: str, tree: nodes.document) -> nodes.document:
        def inlined(includefile: str) -> nodes.Node | None:
            subtree = self.load(includefile, docname)
            if subtree is None:
                return None
            self.inline(includefile, subtree)
            start = addnodes.start_of_file(docname=includefile)
            start.children = subtree.children
            for section in start.findall(nodes.section):
                if "docname" not in section:
                    section["docname"] = includefile
            return start

        self.replace_toctrees(tree, inlined)
        return tree


def dismantle(document: nodes.document) -> None:
    """Frees a chapter's tree at once. Its nodes' links to their parent and document, and each
    document's tables of ids and names (which also hold nodes a transform took out of the
    tree), are cycles that Python's collector frees only in a full collection; at 1,000
    posts the parts then kept 600 MB (and the speed-ups pause collection while a book is written)."""
    found = list(document.findall())
    documents = {id(d): d for d in (node.document for node in found) if d is not None}
    documents[id(document)] = document
    for node in found:
        node.parent = None
        node.document = None
    for each in documents.values():
        vars(each).clear()


# ---- a chapter put aside ------------------------------------------------------------------------
class _Pickler(pickle.Pickler):
    """The tree alone: the environment stays in this process; reporters and transformers (which
    hold their whole document) are dropped, and a thawed tree gets a reporter of its own."""

    def __init__(self, file, env: BuildEnvironment) -> None:
        super().__init__(file, pickle.HIGHEST_PROTOCOL)
        self.env = env

    def persistent_id(self, obj):
        if obj is self.env:
            return "env"
        if isinstance(obj, (Transformer, Reporter)):
            return "none"
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, env: BuildEnvironment) -> None:
        super().__init__(file)
        self.env = env

    def persistent_load(self, pid):
        return self.env if pid == "env" else None


def _freeze(document: nodes.document, env: BuildEnvironment) -> bytes:
    out = io.BytesIO()
    _Pickler(out, env).dump(document)
    return out.getvalue()
