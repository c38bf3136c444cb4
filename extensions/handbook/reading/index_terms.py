"""The back-of-book index a trainer uses: the terms posts define, post titles, authors.

Posts define terms the way bloggers do: a bold lead-in at the start of a paragraph or
list item, "**Lead Nurturing:** Building relationships ...". Each such term, each
definition-list term and each post's title becomes an index entry at that place, so
the PDF's index gives its page (and the website's index its link); each author, as
"Jane Doe (author)", at the start of their posts. Tags are in the
index already (directives.py); a writer's own ``{index}`` entries stay as written.
``handbook_index_terms = False`` leaves out the terms (titles and tags stay).
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.locale import _
from sphinx.transforms import SphinxTransform

from .. import config as handbook_config

MAX_WORDS = 6  # a lead-in longer than this is a sentence in bold, not a term
_AFTER_TERM = re.compile(r"^\s*(?::|[–—]|-\s)")


def defined_term(paragraph: nodes.paragraph) -> str | None:
    """The term a paragraph opens with, "**Term:** text" or "**Term** – text", or None."""
    children = [c for c in paragraph.children if not (isinstance(c, nodes.Text) and not c.strip())]
    if not children or not isinstance(children[0], nodes.strong):
        return None
    bold = children[0].astext().strip()
    after = children[1].astext() if len(children) > 1 else ""
    if bold.endswith(":"):
        term = bold[:-1].strip()
    elif _AFTER_TERM.match(after):
        term = bold
    else:
        return None
    if not any(c.isalpha() for c in after):
        return None  # "**Key components:**" alone: a heading in bold, it defines nothing
    term = " ".join(term.split())
    if not term or len(term.split()) > MAX_WORDS or len(term) > 60 or not any(c.isalpha() for c in term):
        return None
    return index_form(term)


def index_form(term: str) -> str:
    """One spelling per term in the index: "Qualifying Leads" and "Qualifying leads" meet.

    Words after the first lose a title-case capital; acronyms (SEO, PPC) and names
    written with inner capitals (LinkedIn) stay as written.
    """
    words = term.split(" ")
    return " ".join([words[0], *(w.lower() if w[:1].isupper() and w[1:].islower() else w for w in words[1:])])


def _opens_block(paragraph: nodes.paragraph) -> bool:
    """A paragraph at the top of its section or the first of a list item."""
    parent = paragraph.parent
    if isinstance(parent, nodes.list_item):
        return parent.index(paragraph) == 0
    return isinstance(parent, nodes.section | nodes.document)


class IndexTerms(SphinxTransform):
    """While reading a post: index entries for its title and the terms it defines."""

    # Before the domains (850) collect the document's index entries.
    default_priority = 810

    def apply(self, **kwargs) -> None:
        docname = self.env.docname
        if not handbook_config.is_post(self.config, docname):
            return
        conf = handbook_config.get(self.config)
        record = self.env.get_domain("handbook").data["posts"].get(docname)
        if record is not None and record.draft and not conf.show_drafts:
            return  # an unpublished draft is in no index (drafts.py)
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is not None and section.children and isinstance(section[0], nodes.title):
            title = " ".join(section[0].astext().split())
            anchor = section["ids"][0] if section["ids"] else ""
            if title:
                section.insert(1, _entry(title, anchor))
            # The authors: in print the index stands in for the website's author pages.
            for _key, name in (record.authors if record is not None else ()):
                if name.strip():
                    section.insert(1, _entry(_("%s (author)") % " ".join(name.split()), anchor))
        if not conf.index_terms:
            return
        for paragraph in list(self.document.findall(nodes.paragraph)):
            term = defined_term(paragraph) if _opens_block(paragraph) else None
            if term:
                target_id = self._target(paragraph)
                paragraph.insert(0, _entry(term, target_id))
        for term_node in list(self.document.findall(nodes.term)):
            term = " ".join(term_node.astext().split())
            if term and len(term.split()) <= MAX_WORDS:
                term_node.insert(0, _entry(term, self._target(term_node)))

    def _target(self, node: nodes.Element) -> str:
        """An anchor for the entry (the website's index links to it)."""
        target_id = f"index-{self.env.new_serialno('index')}"
        node["ids"].append(target_id)
        return target_id


def _entry(term: str, target_id: str) -> addnodes.index:
    # "single": one line in the index; the term is text, never markup.
    return addnodes.index(entries=[("single", term.replace("!", "").replace(";", ","), target_id, "", None)],
                          inline=True)


def register(app) -> None:
    app.add_transform(IndexTerms)
