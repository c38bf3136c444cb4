"""Hostile and unusual input in the Typst PDF: printed as written, never run, never a crashed build.

Every text reaches Typst as a string literal (``extensions/handbook/typst/escape.py``).
Here posts whose titles, tags, text, code, alt texts, link addresses and code languages
are Typst syntax (``#read("/etc/passwd")``, ``#import``, ``$``, ``<label>``, ``@ref``,
``]``, ``//``, ``/*``, ``=``/``-``/``+`` at a line start, ...) are built, and the PDF
must show each exactly as written, and nothing from the file they name. Node types the
translator does not know, sphinx-design cards, a character no font has: the book is
still made, the text kept, and one warning names the file and line.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from helpers import REPO, copy_project, post
from test_typst_print import TOOL, _require, build, flat, structure, text_of

pytestmark = pytest.mark.slow  # builds the PDF

HOSTILE = ['#read("/etc/passwd")', '#import "/etc/x.typ": *', "$x^2$", "*not bold*", "_not emph_", "`not raw`",
           "<label>", "@ref", "back\\slash", "] closing", "[ opening", "// not a comment", "/* nor this */",
           "#panic(\"boom\")", "~tilde~", "-- dashes ---", '"quotes" and \'single\'']
QUOTES = str.maketrans("“”‘’", "\"\"''")
LINE_STARTS = ["= not a heading", "- not a list", "+ not an enum", "/ not: a term", "12. not numbered"]

MYSTERY_EXT = '''
"""Node types the Typst translator has never seen, as another extension would make them."""
from docutils import nodes
from docutils.parsers.rst import Directive


class mystery_block(nodes.General, nodes.Element):
    pass


class mystery_inline(nodes.Inline, nodes.TextElement):
    pass


class Mystery(Directive):
    has_content = True

    def run(self):
        block = mystery_block()
        para = nodes.paragraph()
        para += nodes.Text("Before ")
        para += mystery_inline("", "the inline mystery")
        para += nodes.Text(" and after.")
        block += para
        block += nodes.paragraph("", " ".join(self.content))
        return [block]


def setup(app):
    app.add_directive("mystery", Mystery)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
'''

CONF = '''
import sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
extensions += ["sphinx_design", "mystery_ext"]
myst_enable_extensions = ["colon_fence"]
project = "Hostile Handbook"
typst_filename = "hostile"
'''


def hostile_posts() -> dict[str, str]:
    body = "\n\n".join([
        "Words: " + " ".join(HOSTILE),
        # one paragraph whose lines start like Typst markup (Markdown's own list syntax escaped)
        "\n".join(re.sub(r"^([-+]|\d+\.)", lambda m: "\\" + m.group(0) if m.group(0)[0] in "-+" else
                         m.group(0)[:-1] + "\\.", line) for line in LINE_STARTS),
        "```" + 'python"); #panic("lang' + "\n" + "\n".join(HOSTILE) + "\n```",
        '![#read("/etc/passwd") in alt](/media/dot.png)',
        '[a link](https://example.org/"); #panic("x) and',
        "A [javascript one](javascript:alert(1)) and [a data one](data:text/html,x).",
        '<span>#read("/etc/hosts") in raw HTML</span>',
        "```{mystery}\nThe mystery's own words.\n```",
        ":::{card} A card title\nA card's body text.\n:::",
    ])
    return {
        "hostile": post(title='Title #read("/etc/passwd") $x$ <label> @ref ] // /* = - + #import',
                        tags=["post", "#tag", "$money$", "<label>", "@ref", "] bracket", "= heading"], body=body),
        "plain": post(title="A plain post", tags=["post", "#tag"], body="Nothing special here."),
    }


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    _require()
    where = tmp_path_factory.mktemp("typst-hostile")
    project = copy_project(where / "project", "basic")
    (project / "mystery_ext.py").write_text(MYSTERY_EXT, encoding="utf-8")
    with (project / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(CONF)
    # A post cannot make such links (markdown-it refuses them; {eval-rst} is refused in posts):
    # a page of the project's own can, through reST.
    with (project / "chapters" / "all.md").open("a", encoding="utf-8") as chapter:
        chapter.write("\n```{eval-rst}\nA `javascript one <javascript:alert(1)>`_ and "
                      "`a data one <data:text/html,x>`_ in a chapter.\n```\n")
    (project / "posts").mkdir()
    for name, text in hostile_posts().items():
        (project / "posts" / f"{name}.md").write_text(text, encoding="utf-8")
    from PIL import Image

    (project / "media").mkdir()
    Image.new("RGB", (8, 8), "black").save(project / "media" / "dot.png")
    built = build(project, where)
    return built


def test_the_hostile_book_is_made_and_whole(hostile):
    assert hostile.result.returncode == 0, hostile.result.stderr
    assert (hostile.out / "hostile.pdf").is_file()


def test_every_hostile_text_is_printed_exactly_as_written(hostile):
    text = flat(text_of(hostile.out / "hostile.pdf", layout=False))
    straight = text.translate(QUOTES)  # Sphinx makes quotes in running text typographic ("smartquotes")
    for snippet in HOSTILE:
        assert snippet in straight, snippet
    for start in LINE_STARTS:
        assert start in text, start
    assert 'Title #read("/etc/passwd") $x$ <label> @ref ] // /* = - + #import' in text
    for tag in ("#tag", "$money$", "<label>", "@ref", "] bracket", "= heading"):
        assert re.search(re.escape(tag) + r" \(\d+\)", text), tag  # in the tags chapter, with its count
    assert '#read("/etc/hosts") in raw HTML' in straight
    # (Markdown ends the address at the quote: the rest is text)
    assert re.search(r'a link\d+; #panic\("x\) and', straight) and "https://example.org/%22" in text


def test_nothing_was_read_from_the_files_posts_name(hostile):
    text = text_of(hostile.out / "hostile.pdf")
    assert "root:" not in text and "localhost" not in text


def test_the_typst_files_hold_post_text_only_inside_string_literals(hostile):
    sources = sorted(hostile.work.rglob("*.typ"))
    assert len(sources) >= 5  # the design, the parts, the fronts and the indexes
    for path in sources:
        source = path.read_text(encoding="utf-8")
        outside = re.sub(r'"(?:[^"\\]|\\.)*"', '""', source)  # every string literal emptied
        for call in ("#read", "#import \"/etc", "#panic", "#eval", "javascript:"):
            assert call not in outside, (path.name, call)
        if path.name != "handbook-book.typ":
            assert re.findall(r"#import [^\n]*", outside) == ['#import "": *'], path  # the design, nothing else


def test_the_alt_text_and_the_code_language_stay_strings(hostile):
    figures = [e for e in structure(hostile.out / "hostile.pdf") if e.type == "/Figure"]
    assert [e.attrs["/Alt"] for e in figures] == ['#read("/etc/passwd") in alt']


def test_a_javascript_or_data_link_is_its_text_only(hostile):
    import pikepdf

    with pikepdf.open(hostile.out / "hostile.pdf") as pdf:
        uris = [str(annot.A.URI) for page in pdf.pages for annot in page.get("/Annots", [])
                if "/A" in annot and "/URI" in annot.A]
    assert uris and not [u for u in uris if not u.startswith(("https:", "http:"))], uris
    text = flat(text_of(hostile.out / "hostile.pdf"))
    # markdown-it does not make such addresses links at all: the post's line is printed as written
    assert "A [javascript one](javascript:alert(1)) and [a data one](data:text/html,x)." in text
    assert "A javascript one and a data one in a chapter." in text  # reST's links: their text only


def test_unknown_nodes_and_cards_keep_their_text_without_a_warning(hostile):
    text = flat(text_of(hostile.out / "hostile.pdf"))
    assert "Before the inline mystery and after." in text
    assert "The mystery’s own words." in text
    assert "A card title" in text and "A card’s body text." in text
    assert "unknown node" not in hostile.result.stderr


def test_a_character_no_font_has_fails_the_command_naming_it_and_the_post_and_line(tmp_path):
    _require()
    project = copy_project(tmp_path / "project", "basic")
    (project / "posts").mkdir()
    (project / "posts" / "cuneiform.md").write_text(post(title="Old writing", body="Line one.\n\nA sign: 𒀀 here."),
                                                    encoding="utf-8")
    built = build(project, tmp_path)
    assert built.result.returncode == 1
    assert re.search(r"U\+12000 '𒀀' \(posts/cuneiform\.md:9\): no font has it", built.result.stderr), \
        built.result.stderr
    warnings = [line for line in built.result.stderr.splitlines() if "WARNING" in line]
    assert len(warnings) == 1 and "posts/cuneiform.md:9: WARNING: no font of the PDF has the character U+12000" \
        in warnings[0], warnings  # once, though the book and the handout both hold the post
    assert not (built.out / "book.pdf").exists()  # a PDF that is not whole is not published
    report = json.loads((built.work / "report.json").read_text(encoding="utf-8"))["pdfs"]
    assert report["book"]["problems"] and report["book"]["pages"] > 0  # made, readable, and marked as not whole
    assert "[U+12000]" in text_of(built.work / "book.pdf")  # in print: its code, never an empty box


def test_the_command_without_arguments_says_how_to_use_it():
    shown = subprocess.run([sys.executable, str(TOOL)], capture_output=True, text=True, cwd=REPO)
    assert shown.returncode == 2 and "typstpdf.py build" in shown.stderr
