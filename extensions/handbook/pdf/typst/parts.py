"""The book cut into parts: the book's own introduction, then each chapter (long ones in pieces).

A part is one Typst document, so one part is all Typst holds in memory at a time. The
same part's PDF is in the book and in its chapter's handout. A chapter holding more
than ``typst_part_posts`` posts goes on in further parts (each opening with the
chapter's title again), so a chapter of 5,000 posts costs no more memory than one of 300.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docutils import nodes
from sphinx import addnodes

from .assemble import Assembled, dismantle
from .targets import HOLE
from .translator import Heading, Scope, TypstTranslator


@dataclass
class Part:
    name: str  # its files in the output folder, without suffix ("parts/003")
    body: str
    chapter: str  # the top-level document it prints (a chapter page, the tags page, the root)
    number: int  # that document's chapter number (0: the introduction)
    continued: str | None  # the chapter's title when this part goes on with a chapter
    title: str  # the chapter's title (running heads)
    headings: list[Heading]
    problems: list[str]
    docnames: set[str] = field(default_factory=set)


def top_files(tree: nodes.Element) -> list[addnodes.start_of_file]:
    """The documents the root's toctree holds, in order (walked from the top: inlined nodes keep old parents)."""
    found, stack = [], list(reversed(tree.children))
    while stack:
        node = stack.pop()
        if isinstance(node, addnodes.start_of_file):
            found.append(node)
        elif isinstance(node, nodes.Element):
            stack.extend(reversed(node.children))
    return found


def _title_of(file: addnodes.start_of_file) -> str:
    section = next(iter(file.findall(nodes.section)), None)
    title = section[0] if section is not None and section.children and isinstance(section[0], nodes.title) else None
    return " ".join(title.astext().split()) if title is not None else file["docname"]


def book_parts(builder, book: Assembled, root: str, scope: Scope, intro_title: str, max_posts: int,
               folder: str = "parts") -> list[Part]:
    """``folder``: where the parts' files go (a course handout's are its own). A chapter put
    aside (a hole in the root's tree) is loaded back only while its parts are written."""
    parts: list[Part] = []
    root_section = next(iter(book.root.findall(nodes.section)), None)
    files = top_files(book.root)
    scope.targets.bind(book.root, root, 0)
    if root_section is not None:
        writer = TypstTranslator(book.root, builder, scope, root)
        writer.intro(root_section, intro_title, files)
        if writer.body:
            parts.append(Part(f"{folder}/{len(parts):03d}", writer.astext(), root, 0, None, intro_title,
                              writer.headings, writer.problems, {root}))
    for number, file in enumerate(files, 1):
        document = book.root
        if file.get(HOLE) is not None:
            document = book.chapters[file[HOLE] - 1].thaw(builder.env)
            scope.targets.bind(document, root, file[HOLE])
            file = document[0]
        parts += chapter_parts(builder, document, file, number, scope, max_posts, folder, len(parts))
        if document is not book.root:
            scope.targets.release()
            dismantle(document)
    return parts


def chapter_parts(builder, document: nodes.document, file: addnodes.start_of_file, number: int, scope: Scope,
                  max_posts: int, folder: str, first: int) -> list[Part]:
    """A chapter's parts (``first``: the number of the first in the book)."""
    parts: list[Part] = []
    posts = top_files(file)
    chunks = [posts[i:i + max_posts] for i in range(0, len(posts), max_posts)] if max_posts > 0 else [posts]
    title = _title_of(file)
    for count, chunk in enumerate(chunks or [[]]):
        held = {id(p) for p in chunk}
        writer = TypstTranslator(document, builder, scope, file["docname"], chapter_number=number,
                                 skip={id(p) for p in posts if id(p) not in held})
        if count == 0:
            file.walkabout(writer)
        else:  # only the posts: the template opens the part with the chapter's title again
            writer.level = 1
            for post in chunk:
                post.walkabout(writer)
        docnames = {n["docname"] for p in chunk for n in [p, *p.findall(addnodes.start_of_file)]}
        parts.append(Part(f"{folder}/{first + len(parts):03d}", writer.astext(), file["docname"], number,
                          title if count else None, title, writer.headings, writer.problems,
                          docnames | {file["docname"]}))
    return parts
