"""One walk over the assembled book: what can be linked to, what is linked, which footnotes exist.

The book is one doctree (every document inlined, as Sphinx's LaTeX builder makes it),
but ids are only unique within a document: a place is ``(docname, id)``. A link to a
document without an anchor leads to its first heading; a ``target`` node leads to
the element after it (so "(page 9)" names the page of the heading, not of the end of
the page before). Labels are made only for places something links to, so the Typst
file does not carry a label for each of the tens of thousands of ids a book has.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docutils import nodes
from sphinx import addnodes

Place = tuple[str, str]  # (docname, id); id "" is the document itself


@dataclass
class Targets:
    places: dict[Place, int] = field(default_factory=dict)  # a place -> the element it is (id())
    docname_of: dict[int, str] = field(default_factory=dict)  # an element with places -> its document
    linked: dict[int, str] = field(default_factory=dict)  # element (id()) -> its label, when linked to
    footnotes: dict[Place, nodes.Element] = field(default_factory=dict)
    footnote_uses: dict[Place, int] = field(default_factory=dict)

    def label_of(self, place: Place) -> str | None:
        """The label of a place (None: no such place); the first call gives it one."""
        element = self.places.get(place)
        if element is None:
            return None
        label = self.linked.get(element)
        if label is None:
            label = self.linked[element] = f"hb{len(self.linked)}"
        return label

    def label_here(self, element: nodes.Element) -> str | None:
        """The label to put on this element: only when something links to it."""
        return self.linked.get(id(element))

    def document_of(self, place: Place) -> str | None:
        element = self.places.get(place)
        return None if element is None else self.docname_of[element]


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
    """Every place in ``tree`` and every footnote, in one walk (iterative: books are deep and long)."""
    found = Targets()
    linked: list[Place] = []
    stack: list[tuple[nodes.Node, str]] = [(tree, root_docname)]
    while stack:
        node, docname = stack.pop()
        if not isinstance(node, nodes.Element):
            continue
        if isinstance(node, addnodes.start_of_file):
            docname = node["docname"]
            first = next(iter(node.findall(nodes.section)), node)
            _note(found, (docname, ""), first, docname)
        if node["ids"]:
            owner = _owner(node)
            for ident in node["ids"]:
                _note(found, (docname, ident), owner, docname)
            if isinstance(node, nodes.footnote):
                found.footnotes[(docname, node["ids"][0])] = node
        if isinstance(node, nodes.footnote_reference) and node.get("refid"):
            place = (docname, node["refid"])
            found.footnote_uses[place] = found.footnote_uses.get(place, 0) + 1
        elif isinstance(node, nodes.reference):
            place = internal_place(node, docname)
            if place is not None:
                linked.append(place)
        stack.extend((child, docname) for child in reversed(node.children))
    for place in linked:  # labels numbered in reading order: the same book, the same file
        found.label_of(place)
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


def _note(found: Targets, place: Place, element: nodes.Element, docname: str) -> None:
    found.places.setdefault(place, id(element))
    found.docname_of.setdefault(id(element), docname)
