"""What can be linked to, what is linked, which footnotes exist: walks of the book's trees.

The book is written a chapter at a time (``builder.py``): each chapter's tree is resolved,
walked here, and put aside; the places of every chapter are known before the first part
is written. Ids are only unique within a document, so a place is ``(docname, id)``. A
link to a document without an anchor leads to its first heading; a ``target`` node leads
to the element after it (so "(page 9)" names the page of the heading, not of the end of
the page before). Labels are made only for places something links to, so the Typst
file does not carry a label for each of the tens of thousands of ids a book has; they
are numbered in reading order (the same book, the same file).

An element is known by a key, ``(its tree's number, its number in that tree's walk)``,
not by ``id()``: a chapter's tree is walked once to find the places and again, as
loaded back, when it is written (:meth:`Targets.bind`), and the walk numbers its
elements the same way both times.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docutils import nodes
from sphinx import addnodes

Place = tuple[str, str]  # (docname, id); id "" is the document itself
Key = tuple[int, int]  # (tree, element in that tree's walk)
HOLE = "handbook_chapter"  # on a start_of_file of the root's tree: the chapter, walked as a tree of its own


@dataclass
class Targets:
    places: dict[Place, Key] = field(default_factory=dict)  # a place -> the element it is
    docname_of: dict[Key, str] = field(default_factory=dict)  # an element with places -> its document
    linked: dict[Key, str] = field(default_factory=dict)  # element -> its label, when linked to
    reading: dict[int, list] = field(default_factory=dict)  # tree -> the places it links to, and its holes
    # Of the tree being written (bind): its elements, its footnotes and how often each is used.
    here: dict[int, Key] = field(default_factory=dict)  # id(element) -> key
    footnotes: dict[Place, nodes.Element] = field(default_factory=dict)
    footnote_uses: dict[Place, int] = field(default_factory=dict)

    def label_of(self, place: Place) -> str | None:
        """The label of a place (None: no such place); the first call gives it one."""
        key = self.places.get(place)
        if key is None:
            return None
        label = self.linked.get(key)
        if label is None:
            label = self.linked[key] = f"hb{len(self.linked)}"
        return label

    def label_here(self, element: nodes.Element) -> str | None:
        """The label to put on this element: only when something links to it."""
        key = self.here.get(id(element))
        return None if key is None else self.linked.get(key)

    def document_of(self, place: Place) -> str | None:
        key = self.places.get(place)
        return None if key is None else self.docname_of[key]

    def add(self, tree: nodes.Element, docname: str, number: int) -> None:
        """Tree ``number``'s places and links (a chapter's, or the root's around its chapters' holes)."""
        self._walk(tree, docname, number, record=True)

    def bind(self, tree: nodes.Element, docname: str, number: int) -> None:
        """Tree ``number`` as loaded again, before it is written: its elements and footnotes."""
        self._walk(tree, docname, number, record=False)

    def release(self) -> None:
        """Forget the tree last walked (its elements and footnotes): it is about to be freed."""
        self.here, self.footnotes, self.footnote_uses = {}, {}, {}

    def number_links(self) -> None:
        """Labels for every linked place, in reading order: tree 0 (the root), its holes in place."""
        def places(number: int):
            for item in self.reading.get(number, ()):
                if isinstance(item, int):
                    yield from places(item)
                else:
                    yield item
        for place in places(0):
            self.label_of(place)

    def _walk(self, tree: nodes.Element, root_docname: str, number: int, record: bool) -> None:
        """One walk (iterative: books are deep and long); ``record``: note its places and links."""
        self.release()
        reading = self.reading.setdefault(number, []) if record else []

        def key(element: nodes.Element) -> Key:
            found = self.here.get(id(element))
            if found is None:
                found = self.here[id(element)] = (number, len(self.here))
            return found

        def note(place: Place, element: nodes.Element, docname: str) -> None:
            if record:
                k = key(element)
                self.places.setdefault(place, k)
                self.docname_of.setdefault(k, docname)
            else:
                key(element)

        stack: list[tuple[nodes.Node, str]] = [(tree, root_docname)]
        while stack:
            node, docname = stack.pop()
            if not isinstance(node, nodes.Element):
                continue
            if isinstance(node, addnodes.start_of_file):
                if node.get(HOLE) is not None:
                    reading.append(node[HOLE])  # the chapter's own walk goes here
                    continue
                docname = node["docname"]
                first = next(iter(node.findall(nodes.section)), node)
                note((docname, ""), first, docname)
            if node["ids"]:
                owner = _owner(node)
                for ident in node["ids"]:
                    note((docname, ident), owner, docname)
                if isinstance(node, nodes.footnote):
                    self.footnotes[(docname, node["ids"][0])] = node
            if isinstance(node, nodes.footnote_reference) and node.get("refid"):
                place = (docname, node["refid"])
                self.footnote_uses[place] = self.footnote_uses.get(place, 0) + 1
            elif record and isinstance(node, nodes.reference):
                place = internal_place(node, docname)
                if place is not None:
                    reading.append(place)
            stack.extend((child, docname) for child in reversed(node.children))


def internal_place(node: nodes.Element, docname: str) -> Place | None:
    """Where an internal reference leads (``%doc#id`` from the builder's URIs, or ``refid``)."""
    uri = node.get("refuri")
    if uri is not None:
        if not uri.startswith("%"):
            return None
        doc, _, anchor = uri[1:].partition("#")
        return doc, anchor
    refid = node.get("refid")
    return (docname, refid) if refid else None


def collect(tree: nodes.Element, root_docname: str) -> Targets:
    """The places of one whole tree (a course handout's), ready to be written."""
    found = Targets()
    found.add(tree, root_docname, 0)
    found.number_links()
    return found


def _owner(node: nodes.Element) -> nodes.Element:
    """A bare target stands for the element that follows it."""
    if isinstance(node, nodes.target) and not node.children and node.parent is not None:
        after = node.parent.index(node) + 1
        while after < len(node.parent) and isinstance(node.parent[after], nodes.target):
            after += 1
        if after < len(node.parent) and isinstance(node.parent[after], nodes.Element):
            return node.parent[after]
    return node
