"""The book and every handout are PDF/UA-1: checked on their structure trees, and the compiler enforces it.

"Tagged: yes" says little; these tests read the structure tree pikepdf gives: headings
in order, paragraphs, lists, tables with header cells, figures with alt text, links,
the document's language and each post's own language, the title shown as the window
title, the PDF/UA identification in the XMP metadata. The compiler's own PDF/UA checks
run on every build: what breaks them fails the PDF instead of publishing it.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pikepdf
import pytest
from handbook.pdf.typst.compile import Job, compile_one
from handbook.pdf.typst.fonts import DEFAULT_PATHS
from test_typst_print import book, structure  # noqa: F401 - the session's build

pytestmark = pytest.mark.slow  # builds the PDF

HEADINGS = re.compile(r"/H[1-6]")


def pdfs(built) -> list[Path]:
    return [built.pdf, *sorted(built.handouts.glob("*.pdf"))]


def test_every_pdf_declares_pdf_ua_1_is_marked_and_shows_its_title(book):  # noqa: F811
    for path in pdfs(book):
        with pikepdf.open(path) as pdf:
            xmp = pdf.open_metadata()
            assert xmp.get("pdfuaid:part") == "1", path.name
            assert pdf.Root.MarkInfo.Marked, path.name
            assert pdf.Root.ViewerPreferences.DisplayDocTitle, path.name
            assert str(pdf.Root.Lang) == "en", path.name
            assert str(pdf.docinfo["/Title"]), path.name
            assert "/StructTreeRoot" in pdf.Root and "/ParentTree" in pdf.Root.StructTreeRoot, path.name


def test_the_merged_structure_tree_holds_every_page_and_link_and_one_document(book):  # noqa: F811
    from handbook.pdf.typst.merge import structure_problems

    for path in pdfs(book):
        assert structure_problems(path) == [], path.name
        found = structure(path)
        assert [e.type for e in found if e.depth == 0] == ["/Document"], path.name
        with pikepdf.open(path) as pdf:
            ids = [str(k) for k, _v in pikepdf.NameTree(pdf.Root.StructTreeRoot.IDTree).items()] \
                if "/IDTree" in pdf.Root.StructTreeRoot else []
        assert len(ids) == len(set(ids)), path.name  # the parts' element ids made unique


def test_links_inside_the_book_go_to_their_page_and_outside_a_handout_go_nowhere(book):  # noqa: F811
    with pikepdf.open(book.pdf) as pdf:
        actions = [annot.A for page in pdf.pages for annot in page.get("/Annots", []) if "/A" in annot]
        assert actions and all(a.S in (pikepdf.Name.GoTo, pikepdf.Name.URI) for a in actions)
        assert not [a for a in actions if a.S == pikepdf.Name.URI and not str(a.URI).startswith("https://")]
        assert sum(a.S == pikepdf.Name.GoTo for a in actions) > 20
    handout = book.handouts / "skills.pdf"
    with pikepdf.open(handout) as pdf:
        annots = [annot for page in pdf.pages for annot in page.get("/Annots", [])]
        inert = [a for a in annots if "/A" not in a and "/Dest" not in a]
        assert inert and all(str(a.Contents) == "in the handbook, not in this handout" for a in inert)


def test_headings_are_tagged_in_order_without_skipping_a_level(book):  # noqa: F811
    for path in pdfs(book):
        levels = [int(e.type[2]) for e in structure(path) if HEADINGS.fullmatch(e.type)]
        assert levels and levels[0] == 1, path.name
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (path.name, levels)


def test_the_book_tags_title_paragraphs_lists_tables_figures_links_notes(book):  # noqa: F811
    found = structure(book.pdf)
    kinds = {e.type for e in found}
    assert {"/Document", "/Title", "/H1", "/H2", "/H3", "/P", "/L", "/LI", "/Lbl", "/LBody", "/Table", "/TR", "/TH",
            "/TD", "/Figure", "/Link", "/Note", "/BlockQuote", "/Code"} <= kinds, kinds
    assert [e.type for e in found if e.depth == 1][:5] == ["/Title", "/P", "/P", "/P", "/H1"]  # cover, "Contents"
    assert sum(e.type == "/TH" for e in found) == 3  # the table's header row: Channel, Leads, Share
    nested = [e for e in found if e.type == "/L" and e.parent in ("/L", "/LBody")]
    assert nested  # the nested list is inside the list (Typst tags it beside its item, in the same /L)


def test_every_figure_has_alt_text_and_a_decorative_picture_is_no_figure(book):  # noqa: F811
    figures = [e for e in structure(book.pdf) if e.type == "/Figure"]
    alts = sorted(e.attrs.get("/Alt", "") for e in figures)
    assert all(alts), alts
    assert {"A red square on white", "A blue animation", "A green picture in AVIF"} <= set(alts)
    assert len(figures) == 4  # those three and the funnel; the picture without alt text is an artifact


def test_each_post_in_another_language_is_tagged_with_it(book):  # noqa: F811
    found = structure(book.pdf)
    langs = {e.attrs["/Lang"] for e in found if "/Lang" in e.attrs}
    assert {"ja", "fa"} <= langs, langs
    persian = [e for e in found if e.attrs.get("/Lang") == "fa"]
    assert any(HEADINGS.fullmatch(e.type) for e in persian) and any(e.type == "/P" for e in persian)


def test_the_persian_post_is_set_right_to_left(book):  # noqa: F811
    from test_typst_print import text_of

    line = next(line for line in text_of(book.pdf).splitlines() if "یعنی پیدا کردن" in line)
    # Right to left: the sentence's full stop is at its left end, and the line starts at the right margin.
    # (pdftotext marks a right-to-left run with U+202B ... U+202C.)
    assert line.strip() == ".\u202bبازاریابی یعنی پیدا کردن مشتری\u202c", line
    assert len(line) - len(line.lstrip()) > 40


def test_the_compiler_refuses_what_pdf_ua_forbids(tmp_path):
    """The enforcement the builder relies on: a picture without alt text is an error, and no PDF is written."""
    from PIL import Image

    Image.new("RGB", (10, 10), "red").save(tmp_path / "p.png")
    source = tmp_path / "doc.typ"
    source.write_text('#set document(title: "T")\n#image("p.png")\n', encoding="utf-8")
    target = tmp_path / "doc.pdf"
    target.write_bytes(b"an older PDF")
    result = compile_one(Job(str(source), str(target), str(tmp_path), list(DEFAULT_PATHS), 0, ["ua-1"]))
    assert result.pages == 0 and not target.exists()
    assert any("PDF/UA-1" in p and "alt" in p.lower() for p in result.problems), result.problems


@pytest.mark.parametrize("case", ["skipped heading level", "no title"])
def test_other_pdf_ua_errors_are_problems_too(tmp_path, case):
    body = {"skipped heading level": '#set document(title: "T")\n= One\n=== Three\n',
            "no title": "= One\nText.\n"}[case]
    (tmp_path / "doc.typ").write_text(body, encoding="utf-8")
    result = compile_one(Job(str(tmp_path / "doc.typ"), str(tmp_path / "doc.pdf"), str(tmp_path), list(DEFAULT_PATHS),
                             0, ["ua-1"]))
    assert result.problems and result.pages == 0
