"""A doctree as Typst markup: every text a string literal, every structure a Typst element.

Posts come from many blog engines, so a book may hold anything docutils and MyST
make: tables, nested lists, code, admonitions, footnotes, definition lists, figures,
raw HTML, math, sphinx-design cards, mermaid diagrams. Each is written with Typst's
own elements, so the PDF's structure tree (PDF/UA) says what it is: headings,
paragraphs, lists, tables with header cells, figures with alt text, links. A node
this module does not know is kept by its text (``visit_Element``); what cannot be
printed at all gives one warning with its file and line, and the book goes on.

Text is only ever written through :mod:`.escape` (string literals), and every text
is checked against the fonts first (:mod:`.fonts`): a character no font has becomes
``[U+XXXX]`` in print and a problem that names the post and line, so the PDF is
never silently missing text.
"""

from __future__ import annotations

import html.parser
import posixpath
import re
from dataclasses import dataclass, field

from docutils import nodes
from sphinx import addnodes
from sphinx.locale import _, admonitionlabels
from sphinx.util.docutils import SphinxTranslator

from ... import config as handbook_config
from ...reading.diagrams import HOW_TO_DRAW, drawing, steps
from ...warnings import HandbookWarning, warn
from . import escape
from .fonts import Coverage
from .index import IndexEntries
from .targets import Targets, internal_place

_SCHEMES = ("http://", "https://", "mailto:", "ftp://")
_CODE_LANGUAGE = re.compile(r"^[A-Za-z0-9_+#.-]{1,30}$")
_ENUM = {"arabic": "1", "loweralpha": "a", "upperalpha": "A", "lowerroman": "i", "upperroman": "I"}
_LINE_BREAK = re.compile(r"\s*<br\s*/?>\s*", re.IGNORECASE)
_SIZE = re.compile(r"^\s*([0-9.]+)\s*(%|px|pt|em|cm|mm|in)?\s*$")


@dataclass
class Scope:
    """What the whole book shares while its parts are written: places, fonts, the index, warnings."""

    coverage: Coverage
    targets: Targets
    source_of: dict  # docname -> its source file, for messages ("posts/x.md")
    index: IndexEntries = field(default_factory=IndexEntries)
    warned: set = field(default_factory=set)  # (where, what): one warning per place


@dataclass
class Heading:
    """A chapter or post heading, for the contents (its page is known only after a pass)."""

    level: int
    number: int | None
    title: str
    label: str


class TypstTranslator(SphinxTranslator):
    """Writes the body of one part of the book (a chapter, or the book's own introduction).

    ``skip``: the posts (their ``start_of_file`` nodes, by ``id()``) printed in other parts
    when a long chapter is cut into parts.
    """

    def __init__(self, document: nodes.document, builder, scope: Scope, docname: str, chapter_number: int = 0,
                 skip: set[int] | None = None) -> None:
        super().__init__(document, builder)
        self.scope = scope
        self.body: list[str] = []
        self.docnames = [docname]  # the document being written (start_of_file pushes)
        self.level = 0  # section depth: 1 = chapter
        self.chapter_number = chapter_number
        self.skip = skip or set()
        self.problems: list[str] = []
        self.headings: list[Heading] = []
        self.lost: set[tuple[str, str]] = set()  # (character, document) already reported
        self.footnote_labels: dict[tuple[str, str], str] = {}
        self.closing: list[str] = []  # what each open element writes when it ends (the doctree is shared)

    # ---- output helpers -----------------------------------------------------------------
    def astext(self) -> str:
        return "".join(self.body)

    def capture(self, node_or_nodes) -> str:
        """The markup of these nodes, written aside (for a figure's caption, a footnote's text)."""
        saved, self.body = self.body, []
        for child in node_or_nodes if isinstance(node_or_nodes, list) else [node_or_nodes]:
            child.walkabout(self)
        out, self.body = "".join(self.body).strip(), saved
        return out

    def block_break(self) -> None:
        if self.body and not self.body[-1].endswith("\n\n"):
            self.body.append("\n\n")

    @property
    def docname(self) -> str:
        return self.docnames[-1]

    def where(self, node: nodes.Node) -> str:
        line = None
        current = node
        while current is not None and line is None:
            line = getattr(current, "line", None)
            current = current.parent
        source = self.scope.source_of.get(self.docname, self.docname)
        return f"{source}:{line}" if line else source

    def warn_once(self, node: nodes.Node, what: str) -> None:
        key = (self.where(node), what)
        if key not in self.scope.warned:
            self.scope.warned.add(key)
            warn(HandbookWarning.PRINT, "%s", what, location=node)

    def text(self, text: str, node: nodes.Node) -> str:
        """``text`` as markup, every character checked against the fonts."""
        lost = self.scope.coverage.missing(text)
        for char in lost:
            text = text.replace(char, f"[U+{ord(char):04X}]")
            if (char, self.docname) not in self.lost:
                self.lost.add((char, self.docname))
                where = self.where(node)
                self.problems.append(f"U+{ord(char):04X} {char!r} ({where}): no font has it")
                self.warn_once(node, f"no font of the PDF has the character U+{ord(char):04X} {char!r}: "
                                     "printed as its code")
        return escape.markup(text)

    def string(self, text: str, node: nodes.Node) -> str:
        """``text`` as a string literal (for alt texts, titles in metadata), checked like text."""
        for char in self.scope.coverage.missing(text):
            text = text.replace(char, f"[U+{ord(char):04X}]")
        return escape.string(escape.flow(text))

    # ---- the document -------------------------------------------------------------------
    def visit_document(self, node: nodes.document) -> None:
        pass

    def depart_document(self, node: nodes.document) -> None:
        pass

    def visit_start_of_file(self, node: addnodes.start_of_file) -> None:
        if id(node) in self.skip:
            raise nodes.SkipNode  # a post of this chapter printed in another part
        self.docnames.append(node["docname"])

    def depart_start_of_file(self, node: addnodes.start_of_file) -> None:
        self.docnames.pop()

    def visit_section(self, node: nodes.section) -> None:
        self.level += 1
        self.open_language(node)

    def depart_section(self, node: nodes.section) -> None:
        self.close_language(node)
        self.level -= 1

    def intro(self, root: nodes.section, title: str, chapters: list[addnodes.start_of_file]) -> None:
        """The root document's own text, without the ``chapters`` it inlines, as the intro chapter.

        Its title is the book's (on the cover).
        """
        self.skip |= {id(file) for file in chapters}
        self.level = 1
        first = len(self.headings)  # its own sections' headings come after its title in the contents
        text = self.capture([c for c in root.children if not isinstance(c, nodes.title)])
        self.level = 0
        if text:
            label = self.scope.targets.label_of((self.docname, root["ids"][0] if root["ids"] else "")) or "hb-intro"
            self.headings.insert(first, Heading(1, None, title, label))
            self.body.append(f"#heading(level: 1, numbering: none){self.content(title, root)} <{label}>\n\n")
            self.body.append(text + "\n\n")

    def content(self, text: str, node: nodes.Node) -> str:
        return "[" + self.text(text, node) + "]"

    def open_language(self, node: nodes.Element) -> None:
        """A post in another language than the book's: ``lang``/``dir`` on its section."""
        lang = escape.language(node.get("lang"))
        direction = escape.direction(node.get("dir"))
        if node.get("lang") and lang is None:
            self.warn_once(node, f"language {node.get('lang')!r} is not an ISO 639 code: the book's language is used")
        settings = []
        if lang is not None:
            settings.append(f"lang: {escape.string(lang[0])}")
            if lang[1]:
                settings.append(f"region: {escape.string(lang[1])}")
        if direction:
            settings.append(f"dir: {direction}")
        if settings:
            self.block_break()
            self.body.append(f"#[#set text({', '.join(settings)})\n")
        self.closing.append("]\n\n" if settings else "")

    def close_language(self, node: nodes.Element) -> None:
        end = self.closing.pop()
        if end:
            self.block_break()
            self.body.append(end)

    def visit_title(self, node: nodes.title) -> None:
        parent = node.parent
        if isinstance(parent, nodes.section):
            level = max(1, self.level)
            options = [f"level: {level}"]
            if level == 1:
                options.append('numbering: "1"')
            if level > 2:
                options.append("outlined: false")  # contents and bookmarks: chapters and posts
            self.block_break()
            self.body.append(f"#heading({', '.join(options)})[")
            return
        if isinstance(parent, (nodes.table, nodes.Admonition, nodes.topic, nodes.sidebar)):
            raise nodes.SkipNode  # their parent writes it
        self.block_break()
        self.body.append("#strong[")

    def depart_title(self, node: nodes.title) -> None:
        self.body.append("]")
        section = node.parent
        if isinstance(section, nodes.section):
            label = self.scope.targets.label_here(section)
            if label is None and self.level <= 2 and section["ids"]:  # the contents lists it
                label = self.scope.targets.label_of((self.docname, section["ids"][0]))
            if label:
                self.body.append(f" <{label}>")
                if self.level <= 2:
                    number = self.chapter_number if self.level == 1 else None
                    self.headings.append(Heading(self.level, number, " ".join(node.astext().split()), label))
        self.body.append("\n\n")

    def visit_subtitle(self, node: nodes.Element) -> None:
        self.block_break()
        self.body.append("#emph[")

    def depart_subtitle(self, node: nodes.Element) -> None:
        self.body.append("]\n\n")

    def visit_rubric(self, node: nodes.rubric) -> None:
        # An unnumbered heading (Sphinx's rubric), one level below its section, not in the contents.
        self.block_break()
        self.body.append(f"#heading(level: {max(1, self.level) + 1}, outlined: false)[")

    def depart_rubric(self, node: nodes.rubric) -> None:
        self.body.append("]")
        label = self.scope.targets.label_here(node)
        if label:
            self.body.append(f" <{label}>")
        self.body.append("\n\n")

    # ---- places, links, index -------------------------------------------------------------
    def mark(self, node: nodes.Element) -> None:
        """A label for the links that lead here, on an invisible marker (headings carry their own)."""
        label = self.scope.targets.label_here(node)
        if label and not isinstance(node, (nodes.section, nodes.rubric)):
            self.body.append(f"#metadata({escape.string(label)}) <hb-target>")

    def dispatch_visit(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.Element) and node["ids"] and not isinstance(node, nodes.target):
            self.mark(node)
        super().dispatch_visit(node)

    def visit_target(self, node: nodes.target) -> None:
        if node.get("refuri") and node.children:  # an external hyperlink target with text
            return
        if node["ids"]:
            self.mark(node)
        raise nodes.SkipNode

    def depart_target(self, node: nodes.target) -> None:
        pass

    def visit_reference(self, node: nodes.reference) -> None:
        self.closing.append(self.open_reference(node))

    def open_reference(self, node: nodes.reference) -> str:
        """Writes the link's start; returns what ends it.

        A place in the book: a link the merge points at its page, and "(page N)" (the
        number is known after the first pass: typst/pipeline.py).
        """
        place = internal_place(node, self.docname)
        uri = node.get("refuri", "")
        if place is not None:
            label = self.scope.targets.label_of(place)
            if label is None:
                self.problems.append(f"a reference to {place[0]}#{place[1]} found no place to lead to "
                                     f"({self.where(node)})")
                self.warn_once(node, f"the link to {place[0]}#{place[1]} leads nowhere in the PDF: printed as text")
                return ""
            self.body.append(f"#link({escape.string('hbgo:' + label)})[")
            return f"]#pageref({escape.string(label)})"
        if uri.startswith(_SCHEMES):
            self.body.append(f"#link({escape.string(uri)})[")
            shown = node.astext().strip()
            note = "" if shown in (uri, uri.removeprefix("mailto:")) else f"#url-note({escape.string(uri)})"
            return "]" + note
        return ""  # anything else (a relative address, javascript:, data:): the link's text only

    def depart_reference(self, node: nodes.reference) -> None:
        self.body.append(self.closing.pop())

    def visit_index(self, node: addnodes.index) -> None:
        markers = []
        for entry in node["entries"]:
            entry_type, value = entry[0], entry[1]
            self.check(value, node)  # its characters are checked like the text's
            for ident in self.scope.index.add(entry_type, value):
                markers.append(f"#metadata({ident}) <hb-i>")
        self.body.append("".join(markers))
        raise nodes.SkipNode

    def visit_footnote_reference(self, node: nodes.footnote_reference) -> None:
        place = (self.docname, node.get("refid", ""))
        footnote = self.scope.targets.footnotes.get(place)
        if footnote is None:
            self.body.append(self.text(f"[{node.astext()}]", node))
            raise nodes.SkipNode
        label = self.footnote_labels.get(place)
        if label is not None:
            self.body.append(f"#footnote(<{label}>)")
            raise nodes.SkipNode
        body = self.capture([c for c in footnote.children if not isinstance(c, nodes.label)])
        self.body.append(f"#footnote[{body}]")
        if self.scope.targets.footnote_uses.get(place, 0) > 1:
            label = self.footnote_labels[place] = f"hbf{len(self.footnote_labels)}"
            self.body.append(f" <{label}>")
        raise nodes.SkipNode

    def visit_footnote(self, node: nodes.footnote) -> None:
        if self.scope.targets.footnote_uses.get((self.docname, node["ids"][0] if node["ids"] else ""), 0):
            raise nodes.SkipNode  # written where it is referenced
        self.block_break()  # never referenced: printed where it stands, with its label

    def depart_footnote(self, node: nodes.footnote) -> None:
        self.block_break()

    visit_citation = visit_footnote
    depart_citation = depart_footnote

    def visit_label(self, node: nodes.label) -> None:
        self.body.append(self.text(f"[{node.astext()}] ", node))
        raise nodes.SkipNode

    def visit_citation_reference(self, node: nodes.Element) -> None:
        self.body.append(self.text(f"[{node.astext()}]", node))
        raise nodes.SkipNode

    # ---- text -----------------------------------------------------------------------------
    def visit_Text(self, node: nodes.Text) -> None:
        self.body.append(self.text(node.astext(), node))

    def depart_Text(self, node: nodes.Text) -> None:
        pass

    def visit_paragraph(self, node: nodes.paragraph) -> None:
        self.block_break()
        classes = node.get("classes", [])
        meta = any(c in classes for c in ("handbook-byline", "handbook-authors", "handbook-chips"))
        if meta:
            self.body.append("#meta[")
        self.closing.append("]\n\n" if meta else "\n\n")

    def depart_paragraph(self, node: nodes.paragraph) -> None:
        self.body.append(self.closing.pop())

    visit_compact_paragraph = visit_paragraph
    depart_compact_paragraph = depart_paragraph

    def _inline(name: str):
        def visit(self, node):
            self.body.append(f"#{name}[")

        def depart(self, node):
            self.body.append("]")

        return visit, depart

    visit_emphasis, depart_emphasis = _inline("emph")
    visit_strong, depart_strong = _inline("strong")
    visit_subscript, depart_subscript = _inline("sub")
    visit_superscript, depart_superscript = _inline("super")
    visit_title_reference, depart_title_reference = _inline("emph")
    visit_literal_emphasis, depart_literal_emphasis = _inline("emph")
    visit_literal_strong, depart_literal_strong = _inline("strong")
    visit_strikethrough, depart_strikethrough = _inline("strike")
    del _inline

    def visit_literal(self, node: nodes.Element) -> None:
        self.string(node.astext(), node)
        self.body.append(f"#raw({self.string(node.astext(), node)})")
        raise nodes.SkipNode

    visit_math = visit_literal

    def visit_literal_block(self, node: nodes.Element) -> None:
        code = node.astext()
        self.check(code, node)
        language = node.get("language", "")
        lang = escape.string(language) if _CODE_LANGUAGE.match(language or "") and \
            language not in ("default", "none", "text") else "none"
        self.block_break()
        self.body.append(f"#raw(block: true, lang: {lang}, {escape.verbatim(code)})\n\n")
        raise nodes.SkipNode

    visit_doctest_block = visit_literal_block
    visit_math_block = visit_literal_block

    def check(self, text: str, node: nodes.Node) -> None:
        self.text(text, node)  # only for its check: code keeps its characters as written

    def visit_line_block(self, node: nodes.Element) -> None:
        self.block_break()

    def depart_line_block(self, node: nodes.Element) -> None:
        self.block_break()

    def visit_line(self, node: nodes.Element) -> None:
        pass

    def depart_line(self, node: nodes.Element) -> None:
        self.body.append("#linebreak()")

    def visit_raw(self, node: nodes.raw) -> None:
        formats = node.get("format", "").split()
        if "html" in formats and _LINE_BREAK.fullmatch(node.astext()):
            self.body.append("#linebreak()")  # MyST's hard line break
        elif "html" in formats:
            text = " ".join(_html_text(node.astext()).split())
            if text:
                inline = isinstance(node.parent, nodes.TextElement)
                if not inline:
                    self.block_break()
                self.body.append(self.text(text, node))
                if not inline:
                    self.body.append("\n\n")
        elif "latex" not in formats:  # raw LaTeX is for the other PDF route: nothing is lost
            self.warn_once(node, f"raw {node.get('format')!r} content is not printed")
        raise nodes.SkipNode

    # ---- blocks ---------------------------------------------------------------------------
    def visit_bullet_list(self, node: nodes.Element) -> None:
        self.block_break()
        self.body.append("#list(")

    def depart_bullet_list(self, node: nodes.Element) -> None:
        self.body.append(")\n\n")

    def visit_enumerated_list(self, node: nodes.Element) -> None:
        pattern = node.get("prefix", "") + _ENUM.get(node.get("enumtype", "arabic"), "1") + node.get("suffix", ".")
        start = node.get("start", 1)
        self.block_break()
        self.body.append(f"#enum(numbering: {escape.string(pattern)}, start: {int(start)}, ")

    depart_enumerated_list = depart_bullet_list

    def visit_list_item(self, node: nodes.Element) -> None:
        self.body.append("[")

    def depart_list_item(self, node: nodes.Element) -> None:
        self.strip_end()
        self.body.append("], ")

    def strip_end(self) -> None:
        while self.body and not self.body[-1].strip():
            self.body.pop()
        if self.body:
            self.body[-1] = self.body[-1].rstrip()

    def visit_definition_list(self, node: nodes.Element) -> None:
        self.block_break()
        self.body.append("#terms(")

    def depart_definition_list(self, node: nodes.Element) -> None:
        self.body.append(")\n\n")

    visit_field_list = visit_definition_list
    depart_field_list = depart_definition_list
    visit_option_list = visit_definition_list
    depart_option_list = depart_definition_list

    def visit_definition_list_item(self, node: nodes.Element) -> None:
        self.body.append("terms.item(")

    def depart_definition_list_item(self, node: nodes.Element) -> None:
        self.body.append("), ")

    visit_field = visit_definition_list_item
    depart_field = depart_definition_list_item
    visit_option_list_item = visit_definition_list_item
    depart_option_list_item = depart_definition_list_item

    def _term_part(opening: str):
        def visit(self, node):
            self.body.append(opening)

        def depart(self, node):
            self.strip_end()
            self.body.append("], ")

        return visit, depart

    visit_term, depart_term = _term_part("[")
    visit_field_name, depart_field_name = _term_part("[")
    visit_option_group, depart_option_group = _term_part("[")
    visit_definition, depart_definition = _term_part("[")
    visit_field_body, depart_field_body = _term_part("[")
    visit_description, depart_description = _term_part("[")
    del _term_part

    def visit_classifier(self, node: nodes.Element) -> None:
        self.strip_end()
        if self.body and self.body[-1].endswith("], "):
            self.body[-1] = self.body[-1][:-3]
        self.body.append(self.text(" : ", node) + "#emph[")

    def depart_classifier(self, node: nodes.Element) -> None:
        self.body.append("]], ")

    def visit_option(self, node: nodes.Element) -> None:
        if node.parent.index(node):
            self.body.append(self.text(", ", node))

    def depart_option(self, node: nodes.Element) -> None:
        pass

    def visit_option_string(self, node: nodes.Element) -> None:
        self.body.append(f"#raw({self.string(node.astext(), node)})")
        raise nodes.SkipNode

    def visit_option_argument(self, node: nodes.Element) -> None:
        self.body.append(self.text(node.get("delimiter", " "), node) + f"#emph({self.string(node.astext(), node)})")
        raise nodes.SkipNode

    def visit_block_quote(self, node: nodes.Element) -> None:
        self.block_break()
        self.body.append("#quote(block: true)[")

    def depart_block_quote(self, node: nodes.Element) -> None:
        self.strip_end()
        self.body.append("]\n\n")

    def visit_attribution(self, node: nodes.Element) -> None:
        self.block_break()
        self.body.append(self.text("— ", node))

    def depart_attribution(self, node: nodes.Element) -> None:
        pass

    def visit_Admonition(self, node: nodes.Element) -> None:
        title = node.next_node(nodes.title) if isinstance(node, nodes.admonition) or \
            node.tagname not in admonitionlabels else None
        if title is not None and title.parent is node:
            heading = self.capture(title.children)
        else:
            heading = self.text(admonitionlabels.get(node.tagname, node.tagname.capitalize()), node)
        self.block_break()
        self.body.append(f"#admonition([{heading}])[")

    def depart_Admonition(self, node: nodes.Element) -> None:
        self.strip_end()
        self.body.append("]\n\n")

    def visit_topic(self, node: nodes.Element) -> None:
        title = node.next_node(nodes.title)
        heading = self.capture(title.children) if title is not None and title.parent is node else ""
        self.block_break()
        self.body.append(f"#admonition([{heading}])[")

    depart_topic = depart_Admonition
    visit_sidebar = visit_topic
    depart_sidebar = depart_Admonition

    def visit_transition(self, node: nodes.Element) -> None:
        self.block_break()
        self.body.append("#align(center, line(length: 30%, stroke: 0.5pt))\n\n")
        raise nodes.SkipNode

    def visit_container(self, node: nodes.Element) -> None:
        self.block_break()

    def depart_container(self, node: nodes.Element) -> None:
        self.block_break()

    # ---- tables ---------------------------------------------------------------------------
    def visit_table(self, node: nodes.table) -> None:
        self.block_break()
        title = node.next_node(nodes.title)
        if title is not None and title.parent is node:
            self.closing.append(f"], caption: [{self.capture(title.children)}])\n\n")
            self.body.append("#figure(kind: table, [")
        else:
            self.closing.append("\n\n")

    def depart_table(self, node: nodes.table) -> None:
        self.body.append(self.closing.pop())

    def visit_tgroup(self, node: nodes.Element) -> None:
        widths = [max(1, int(spec.get("colwidth", 1) or 1)) for spec in node.findall(nodes.colspec)
                  if spec.parent is node]
        widths = widths or [1] * int(node.get("cols", 1))
        self.body.append(f"#table(columns: ({', '.join(f'{w}fr' for w in widths)},), ")

    def depart_tgroup(self, node: nodes.Element) -> None:
        self.body.append(")")

    def visit_colspec(self, node: nodes.Element) -> None:
        raise nodes.SkipNode

    def visit_thead(self, node: nodes.Element) -> None:
        self.body.append("table.header(")

    def depart_thead(self, node: nodes.Element) -> None:
        self.body.append("), ")

    def visit_tbody(self, node: nodes.Element) -> None:
        pass

    def depart_tbody(self, node: nodes.Element) -> None:
        pass

    def visit_row(self, node: nodes.Element) -> None:
        pass

    def depart_row(self, node: nodes.Element) -> None:
        pass

    def visit_entry(self, node: nodes.Element) -> None:
        spans = []
        if node.get("morecols"):
            spans.append(f"colspan: {int(node['morecols']) + 1}")
        if node.get("morerows"):
            spans.append(f"rowspan: {int(node['morerows']) + 1}")
        self.body.append(f"table.cell({', '.join(spans)})[" if spans else "[")

    def depart_entry(self, node: nodes.Element) -> None:
        self.strip_end()
        self.body.append("], ")

    # ---- pictures -------------------------------------------------------------------------
    def image_call(self, node: nodes.Element, fit: bool = True) -> str | None:
        """``image(...)`` for an image node, or None when the build has no such file."""
        name = self.builder.image_name(node.get("uri", ""))
        if name is None:
            return None
        path = escape.string(posixpath.join("/", self.builder.imagedir, name))
        alt = node.get("alt", "")
        width = _length(node.get("width")) or _scaled(node)
        if not alt.strip():  # no description: a decorative picture (alt="" in HTML), an artifact
            size = f", width: {width}" if width else ""
            return f"pdf.artifact(image({path}{size}))"
        if width:
            return f"image({path}, alt: {self.string(alt, node)}, width: {width})"
        return f"fit({path}, {self.string(alt, node)})" if fit else \
            f"box(image({path}, alt: {self.string(alt, node)}, height: 1.2em))"

    def visit_image(self, node: nodes.image) -> None:
        # Markdown puts a picture alone on its line in a paragraph: that is a block, not a word.
        inline = isinstance(node.parent, nodes.TextElement) and any(
            not isinstance(c, nodes.image) and not (isinstance(c, nodes.Text) and not c.strip())
            for c in node.parent.children)
        call = self.image_call(node, fit=not inline)
        if call is None:
            alt = node.get("alt", "")
            if alt:
                self.body.append(self.text(alt, node))
            raise nodes.SkipNode
        if inline:
            self.body.append(f"#{call}")
        else:
            self.block_break()
            self.body.append(f"#align({_align(node)}, {call})\n\n")
        raise nodes.SkipNode

    def visit_figure(self, node: nodes.figure) -> None:
        caption = node.next_node(nodes.caption)
        legend = node.next_node(nodes.legend)
        pictures = [c for c in node.children if not isinstance(c, (nodes.caption, nodes.legend))]
        body = self.capture(pictures)
        self.block_break()
        if caption is not None:
            self.body.append(f"#figure([{body}], caption: [{self.capture(caption.children)}])\n\n")
        else:
            self.body.append(body + "\n\n")
        if legend is not None:
            self.body.append(self.capture(legend.children) + "\n\n")
        raise nodes.SkipNode

    def visit_mermaid(self, node: nodes.Element) -> None:
        """A mermaid diagram: its kept (or newly drawn) SVG, else its alt text and steps (diagrams.py)."""
        alt = node.get("alt") or _("diagram")
        self.check(node.get("code", ""), node)  # its labels are drawn with the book's fonts
        relfn, why = drawing(self, node, "svg")
        self.block_break()
        if relfn is not None:
            path = escape.string("/" + relfn.lstrip("/"))
            self.body.append(f"#figure(fit({path}, {self.string(alt, node)}))\n\n")
            raise nodes.SkipNode
        folder = handbook_config.get(self.builder.config).diagrams_dir
        warn(HandbookWarning.DIAGRAM, "diagram shown as text (%s); %s", why, HOW_TO_DRAW.format(folder=folder),
             location=node)
        self.body.append(self.text(alt, node) + "\n\n")
        items = steps(node.get("code", ""))
        if items:
            self.body.append("#enum(" + "".join(f"[{self.text(item, node)}], " for item in items) + ")\n\n")
        raise nodes.SkipNode

    # ---- what print leaves out ----------------------------------------------------------------
    def _skip(self, node: nodes.Node) -> None:
        raise nodes.SkipNode

    visit_comment = _skip
    visit_substitution_definition = _skip
    visit_system_message = _skip
    visit_pending = _skip
    visit_meta = _skip
    visit_toctree = _skip
    visit_highlightlang = _skip
    visit_docinfo = _skip
    visit_decoration = _skip
    visit_caption = _skip  # written by its figure
    visit_legend = _skip

    # ---- everything else: its text --------------------------------------------------------------
    def visit_Element(self, node: nodes.Element) -> None:
        if not isinstance(node, (nodes.Inline, nodes.Part)) and not isinstance(node.parent, nodes.TextElement):
            self.block_break()

    def depart_Element(self, node: nodes.Element) -> None:
        if isinstance(node, nodes.TextElement) and not isinstance(node, nodes.Inline) \
                and not isinstance(node.parent, nodes.TextElement):
            self.body.append("\n\n")

    def unknown_visit(self, node: nodes.Node) -> None:
        pass

    def unknown_departure(self, node: nodes.Node) -> None:
        pass


def _align(node: nodes.Element) -> str:
    return {"left": "left", "right": "right"}.get(node.get("align", ""), "center")


def _length(value) -> str | None:
    """An image's ``width`` as a Typst length (px at 96 dpi, as browsers draw them)."""
    match = _SIZE.match(str(value or ""))
    if not match:
        return None
    number, unit = float(match.group(1)), match.group(2) or "px"
    if number <= 0:
        return None
    if unit == "%":
        return f"{min(number, 100):g}%"
    if unit == "px":
        return f"{number * 0.75:g}pt"
    return f"{number:g}{unit}"


def _scaled(node: nodes.Element) -> str | None:
    scale = node.get("scale")
    return f"{min(int(scale), 100)}%" if isinstance(scale, int) and 0 < scale < 100 else None


class _HTMLText(html.parser.HTMLParser):
    """The text of a piece of HTML (what a reader sees of it), without scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("script", "style", "template"):
            self.hidden += 1
        elif tag in ("br", "p", "div", "li", "tr"):
            self.parts.append(" ")

    def handle_endtag(self, tag) -> None:
        if tag in ("script", "style", "template") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data) -> None:
        if not self.hidden:
            self.parts.append(data)


def _html_text(markup: str) -> str:
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)
