"""The Typst route's parts that need no build: text as Typst source that only ever prints itself, the index's
order, and how the book's documents are inlined."""

from __future__ import annotations

import json

import pytest
from handbook.pdf.typst import escape
from handbook.pdf.typst.index import IndexEntries, group_of, sort_key
from handbook.pdf.typst.typst_file import value

HOSTILE = [
    "#", "$x$", "*bold*", "_em_", "`raw`", "<label>", "@ref", "back\\slash", "]", "[", "// comment", "/* c */",
    "= Heading", "- item", "+ item", "#import \"x.typ\": *", '#read("/etc/passwd")', "\"quoted\"", "a\\\"b",
    "#{panic()}", "\\u{41}", "line\nbreak", "tab\tx", "bell\x07x", "\u2028sep",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_string_literal_holds_exactly_the_text(text):
    literal = escape.string(text)
    assert literal.startswith('"') and literal.endswith('"')
    inner = literal[1:-1]
    # Inside, every backslash starts one of the escapes we write, and no quote ends the string early.
    i = 0
    while i < len(inner):
        if inner[i] == "\\":
            assert inner[i + 1] in '\\"nt', literal
            i += 2
            continue
        assert inner[i] != '"', literal
        assert ord(inner[i]) >= 0x20 and inner[i] not in "\u2028\u2029", literal
        i += 1
    # JSON reads these escapes the same way Typst does: the text comes back (controls dropped).
    expected = "".join(c for c in text if c in "\n\t" or (ord(c) >= 0x20 and not 0x7f <= ord(c) <= 0x9f))
    assert json.loads(literal) == expected.replace("\u2028", " ")


def test_running_text_has_no_line_breaks_and_nothing_empty_is_written():
    assert escape.markup("a\nb\tc\r\nd") == '#"a b c d"'
    assert escape.markup("") == ""


@pytest.mark.parametrize(("tag", "expected"), [
    ("fa", ("fa", None)), ("fa-IR", ("fa", "IR")), ("ja_JP", ("ja", "JP")), ("EN", ("en", None)),
    ("zh-Hant-TW", ("zh", None)), ("", None), ("x", None), ('en"); #panic("', None), ("123", None),
])
def test_only_real_language_codes_reach_typst(tag, expected):
    assert escape.language(tag) == expected


def test_direction_is_rtl_ltr_or_left_to_the_language():
    assert [escape.direction(d) for d in ("rtl", "LTR", "auto", "up", None)] == ["rtl", "ltr", None, None, None]


def test_python_values_become_typst_values():
    assert value({"a": "x\"y", "b": [1, True, None], "c": {}}) == '(a: "x\\"y", b: (1, true, none, ), c: (:))'


# ---- the index ------------------------------------------------------------------------------
def test_accents_and_case_sort_with_their_letter_and_symbols_come_first():
    terms = ["Zebra", "éclair", "Email", "Übersicht", "apple", "42 leads", "#hashtag", "営業", "Ångström", "über"]
    ordered = sorted(terms, key=sort_key)
    assert ordered[:2] == ["#hashtag", "42 leads"]
    assert ordered.index("éclair") < ordered.index("Email") < ordered.index("Übersicht") < ordered.index("Zebra")
    assert ordered.index("Ångström") < ordered.index("apple")  # "a" + "ngstrom" < "apple"
    assert ordered[-1] == "営業"  # other scripts after the Latin letters
    assert [group_of(t) for t in ("éclair", "Übersicht", "42 leads", "営業")] == ["E", "U", "", "営"]


def test_entries_of_every_type_become_terms_subterms_and_see_lines():
    entries = IndexEntries()
    first = entries.add("single", "Lead nurturing")
    again = entries.add("single", "Lead nurturing")
    assert first == again  # one term, one id: its pages are those of every marker
    sub = entries.add("single", "CRM; setup")
    pair = entries.add("pair", "email; marketing")
    entries.add("see", "CVR; conversion rate")
    assert len(set(first + sub + pair)) == 4
    groups = dict(entries.groups())
    crm = next(t for t in groups["C"] if t.text == "CRM")
    assert crm.id == -1 and list(crm.subs) == ["setup"]
    cvr = next(t for t in groups["C"] if t.text == "CVR")
    assert cvr.see == [("see", "conversion rate")]
    assert {t.text for t in groups["E"]} == {"email"} and {t.text for t in groups["M"]} == {"marketing"}


def test_inline_toctrees_inlines_each_document_once_and_names_one_it_cannot_load(monkeypatch):
    """The Typst builder's own inlining (Sphinx's inline_all_toctrees, without the deep copies): a
    document whose doctree cannot be loaded is warned about and left out; the others are inlined in order."""
    from types import SimpleNamespace

    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document
    from handbook.pdf.typst import assemble
    from sphinx import addnodes

    def document(text: str, includes: tuple[str, ...] = ()) -> nodes.document:
        doc = new_document("<test>", get_default_settings(Parser))
        section = nodes.section()
        section += nodes.title(text, text)
        section += nodes.paragraph(text, text)
        if includes:
            section += addnodes.toctree(includefiles=list(includes))
        doc += section
        return doc

    trees = {"chapter": lambda: document("Chapter", ("post", "post")), "post": lambda: document("Post")}

    def get_doctree(name: str) -> nodes.document:
        if name not in trees:
            raise OSError(f"no doctree for {name}")
        return trees[name]()

    warned = []
    monkeypatch.setattr(assemble, "warn", lambda kind, message, *args, **kw: warned.append((kind, message % args)))
    root = document("Root", ("chapter", "gone"))
    walk = assemble.Inlining(SimpleNamespace(env=SimpleNamespace(get_doctree=get_doctree)), ["index"])
    book = walk.inline("index", root)
    starts = [node["docname"] for node in book.findall(addnodes.start_of_file)]
    assert starts == ["chapter", "post"]  # the post once, though listed twice
    assert walk.traversed == ["index", "chapter", "post", "gone"] and walk.unloaded == {"gone"}
    assert not list(book.findall(addnodes.toctree))
    assert [s["docname"] for s in book.findall(nodes.section) if "docname" in s] == ["chapter", "post"]
    assert warned == [(assemble.HandbookWarning.PRINT, "gone could not be loaded (its doctree): it is not in the PDF")]


def _part_with_a_picture(path, shade: int) -> bytes:
    """A one-page tagged PDF whose page draws an 8x8 grey image: what a part holds, small."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    pdf = pikepdf.new()
    pixels = bytes([shade]) * 64
    image = pdf.make_stream(pixels, Type=Name.XObject, Subtype=Name.Image, Width=8, Height=8,
                            ColorSpace=Name.DeviceGray, BitsPerComponent=8)
    page = pdf.add_blank_page(page_size=(100, 100))
    page.Resources = Dictionary(XObject=Dictionary(Im0=image))
    page.Contents = pdf.make_stream(b"q 50 0 0 50 10 10 cm /Im0 Do Q")
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    root.K = Array([pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root, K=Array()))])
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array()))
    root.ParentTreeNextKey = 0
    pdf.Root.StructTreeRoot = root
    pdf.save(path)
    return pixels


def test_a_part_is_closed_once_its_pages_are_in_and_the_book_keeps_its_pictures(tmp_path, monkeypatch):
    """merge.py closes each part (not the front) before the book is saved, its streams' data
    taken into the book first: the parts' objects are not held until the end."""
    import pikepdf
    from handbook.pdf.typst import merge

    front, part = tmp_path / "front.pdf", tmp_path / "part.pdf"
    _part_with_a_picture(front, 0x10)
    pixels = _part_with_a_picture(part, 0x80)
    events = []
    close, save = pikepdf.Pdf.close, pikepdf.Pdf.save
    monkeypatch.setattr(pikepdf.Pdf, "close", lambda pdf: (events.append(("close", str(pdf.filename))), close(pdf)))
    monkeypatch.setattr(pikepdf.Pdf, "save", lambda pdf, *a, **k: (events.append(("save", "")), save(pdf, *a, **k)))
    book = tmp_path / "book.pdf"
    pages, problems = merge.merge([front, part], book, lambda uri: None, lambda uri: "", [(0, {"/P": ""})])
    assert (pages, problems) == (2, [])
    assert events.index(("close", str(part))) < events.index(("save", "")) < events.index(("close", str(front)))
    with pikepdf.open(book) as pdf:
        assert pdf.pages[1].Resources.XObject.Im0.read_bytes() == pixels
        assert pdf.pages[0].Resources.XObject.Im0.read_bytes() == bytes([0x10]) * 64
