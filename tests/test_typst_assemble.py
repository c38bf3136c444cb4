"""The Typst builder's book, a chapter at a time (pdf/typst/assemble.py): the same parts as
one tree of the whole book, and each chapter's tree freed as soon as it is written."""

from __future__ import annotations

import gc
import os
import re
import weakref
from pathlib import Path

import pytest
from docutils import nodes
from handbook.pdf.typst import fonts
from handbook.pdf.typst.assemble import Assembled, Inlining, assemble, dismantle, planned, resolve
from handbook.pdf.typst.builder import TypstBuilder
from handbook.pdf.typst.parts import book_parts
from handbook.pdf.typst.targets import HOLE, collect
from handbook.pdf.typst.translator import Scope
from helpers import post
from sphinx import addnodes

pytestmark = pytest.mark.slow  # each test builds a small root with the Typst builder (the fast tier stays under 30 s)

INDEX = """# Linked handbook

```{toctree}
:hidden:

chapters/one
chapters/two
tags
```
"""
CHAPTER = """# {title}

```{{chapter-posts}}
{option}
```
"""


@pytest.fixture
def built(handbook, monkeypatch):
    """Two chapters whose posts link to each other's sections (both ways), with footnotes; only
    the parts are written (compiling them is test_typst_print's)."""
    monkeypatch.setattr(TypstBuilder, "finish", lambda self: None)
    hb = handbook("basic")
    hb.remove("chapters/all.md")
    hb.write("index.md", INDEX)
    hb.write("chapters/one.md", CHAPTER.format(title="One", option=":tags: alpha"))
    hb.write("chapters/two.md", CHAPTER.format(title="Two", option=":rest:"))
    hb.write("posts/a.md", post(title="Alpha post", tags=["alpha"], body=(
        "Opening text with a note[^n].\n\n[^n]: The note of alpha.\n\n(alpha-detail)=\n## Alpha detail\n\n"
        "See {ref}`beta-detail` in the other chapter, and {doc}`b`.")))
    hb.write("posts/b.md", post(title="Beta post", date="2025-02-01", tags=["beta"], body=(
        "(beta-detail)=\n## Beta detail\n\nBack to {ref}`alpha-detail`, twice[^m][^m].\n\n[^m]: The note of beta.")))
    return hb.build("typst")


def whole_book_parts(app) -> list:
    """The parts written from one tree of the whole book, as Sphinx's LaTeX builder would make it."""
    builder, env, root = app.builder, app.env, app.config.root_doc
    builder.docnames = planned(env, root)
    tree = env.get_doctree(root)
    tree["docname"] = root
    Inlining(builder, [root]).inline(root, tree)
    resolve(builder, tree, root)
    coverage = fonts.coverage(fonts.font_files(app.config.typst_font_paths),
                              Path(builder.doctreedir) / "typst-fonts.pickle")
    source_of = {d: os.path.relpath(env.doc2path(d), builder.srcdir) for d in builder.docnames}
    scope = Scope(coverage, collect(tree, root), source_of)
    return book_parts(builder, Assembled.whole(tree, scope.targets), root, scope, "Welcome",
                      app.config.typst_part_posts)


@pytest.mark.speedups  # collection pauses while the chapters are assembled and written
def test_a_chapter_at_a_time_writes_what_one_tree_of_the_whole_book_writes(built):
    parts = built.app.builder.book.parts
    text = "".join(p.body for p in parts)
    assert text.count('#link("hbgo:') >= 3 and text.count("#footnote") >= 2  # links both ways, footnotes
    assert [p.chapter for p in parts] == ["chapters/one", "chapters/two", "tags"]
    # Chapter two links back to a section of chapter one, written before chapter two was loaded again.
    back = re.search(r'#link\("hbgo:(hb\d+)"\)\[#"Alpha detail"\]', parts[1].body)
    assert back and re.search(rf'\[#"Alpha detail"\] <{back[1]}>', parts[0].body)
    whole = whole_book_parts(built.app)
    assert [(p.name, p.body, p.headings, p.docnames) for p in whole] == \
        [(p.name, p.body, p.headings, p.docnames) for p in parts]


def test_the_root_keeps_a_hole_for_each_chapter_and_each_chapter_is_put_aside(built):
    app = built.app
    app.builder.docnames = planned(app.env, "index")
    book = assemble(app.builder, "index")
    holes = [n for n in book.root.findall(addnodes.start_of_file)]
    assert [(n["docname"], n[HOLE], len(n.children)) for n in holes] == [
        ("chapters/one", 1, 0), ("chapters/two", 2, 0), ("tags", 3, 0)]
    one = book.chapters[0].thaw(app.env)
    assert {n["docname"] for n in one.findall(addnodes.start_of_file)} == {"chapters/one", "posts/a"}
    assert book.docnames == {"index", "chapters/one", "chapters/two", "tags", "posts/a", "posts/b"}


def test_a_written_chapter_is_freed_without_the_collector(built):
    app = built.app
    app.builder.docnames = planned(app.env, "index")
    chapter = assemble(app.builder, "index").chapters[0]
    was = gc.isenabled()
    gc.disable()
    try:
        kept = chapter.thaw(app.env)
        left = weakref.ref(next(kept.findall(nodes.footnote)))
        del kept
        assert left() is not None  # its tree is cycles: only a full collection would free it
        document = chapter.thaw(app.env)
        freed = weakref.ref(next(document.findall(nodes.footnote)))
        dismantle(document)
        del document
        assert freed() is None
    finally:
        if was:
            gc.enable()
