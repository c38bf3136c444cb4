"""Tables LaTeX can print: a table of header rows only gets them as body rows.

A Markdown table whose body rows did not parse (Hugo's own example posts indent them
by four spaces, which makes them a code block) is left with its header row alone.
Sphinx's LaTeX writer cannot print that: ``depart_table`` raises ``StopIteration``
(Sphinx 9.0) and no PDF is made. Before writing, such a table's header rows become its
body (one warning naming the post and line); the website keeps the table as it is.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from ..warnings import HandbookWarning, warn


def printable(table: nodes.table) -> bool:
    """False for a table LaTeX cannot take: a group of columns with no body row."""
    for group in table.findall(nodes.tgroup):
        bodies = [child for child in group.children if isinstance(child, nodes.tbody)]
        if not any(len(body.children) for body in bodies):
            return False
    return True


def header_as_body(table: nodes.table) -> None:
    """Each column group's header rows become its body, so every row is still printed."""
    for group in list(table.findall(nodes.tgroup)):
        rows = [row for head in group.children if isinstance(head, nodes.thead) for row in head.children]
        for child in [c for c in group.children if isinstance(c, nodes.thead | nodes.tbody)]:
            group.remove(child)
        group += nodes.tbody("", *rows)


class PrintableTables(SphinxPostTransform):
    builders = ("latex",)
    default_priority = 400

    def run(self, **kwargs) -> None:
        for table in list(self.document.findall(nodes.table)):
            if printable(table):
                continue
            header_as_body(table)
            if not any(len(body.children) for body in table.findall(nodes.tbody)):
                table.parent.remove(table)  # not even a header row: nothing to print
            warn(HandbookWarning.SYNTAX, "a table with a header row only: printed as a plain row in the PDF "
                 "(are its body rows indented? then they are a code block)", location=table)


def register(app) -> None:
    app.add_post_transform(PrintableTables)
