"""Pure: the back-of-book index as data: which terms, in which order, under which letter.

Sphinx's index entries (``addnodes.index``: ``single``, ``pair``, ``triple``, ``see``,
``seealso``) become terms with an optional sub-term. Typst finds the pages (each
entry is a ``metadata`` marker in the text, queried once at the end of the book); the
order is decided here, Unicode-aware: accents and case are ignored first ("Übersicht"
sorts with "U", "éclair" before "Email") and only break ties, so one spelling never
depends on code points. Letters that have case head a group by their capital; digits
and symbols come first under one heading; other scripts (Japanese, Arabic, ...) by
their first character, after the Latin letters.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

SYMBOLS = "symbols"  # the group key of terms that start with a digit or a symbol


@dataclass
class Term:
    text: str
    subs: dict[str, int] = field(default_factory=dict)  # sub-term -> its id
    see: list[tuple[str, str]] = field(default_factory=list)  # ("see" | "seealso", other term)
    id: int = -1  # the term's own pages (-1: it only groups sub-terms)


@dataclass
class IndexEntries:
    """The terms met while writing one document, each entry numbered once."""

    terms: dict[str, Term] = field(default_factory=dict)
    count: int = 0

    def add(self, entry_type: str, value: str) -> list[int]:
        """The ids of an entry's lines (each gets the page of the marker); see-lines have none."""
        parts = [" ".join(p.split()) for p in value.split(";")]
        parts = [p for p in parts if p]
        if not parts:
            return []
        if entry_type == "single":
            return [self._id(parts[0], parts[1] if len(parts) > 1 else None)]
        if entry_type == "pair" and len(parts) >= 2:
            return [self._id(parts[0], parts[1]), self._id(parts[1], parts[0])]
        if entry_type == "triple" and len(parts) >= 3:
            a, b, c = parts[:3]
            return [self._id(a, f"{b} {c}"), self._id(b, f"{c}, {a}"), self._id(c, f"{a} {b}")]
        if entry_type in ("see", "seealso") and len(parts) >= 2:
            term = self._term(parts[0])
            line = (entry_type, parts[1])
            if line not in term.see:
                term.see.append(line)
            return []
        return [self._id(parts[0], None)]  # an unknown type: the term, as Sphinx would show it

    def _term(self, text: str) -> Term:
        term = self.terms.get(text)
        if term is None:
            term = self.terms[text] = Term(text)
        return term

    def _id(self, text: str, sub: str | None) -> int:
        term = self._term(text)
        if sub is None:
            if term.id < 0:
                term.id = self._next()
            return term.id
        if sub not in term.subs:
            term.subs[sub] = self._next()
        return term.subs[sub]

    def _next(self) -> int:
        self.count += 1
        return self.count - 1

    def groups(self) -> list[tuple[str, list[Term]]]:
        """(heading, terms) in index order; the heading "" stands for digits and symbols."""
        ordered = sorted(self.terms.values(), key=lambda t: sort_key(t.text))
        out: list[tuple[str, list[Term]]] = []
        for term in ordered:
            heading = group_of(term.text)
            if not out or out[-1][0] != heading:
                out.append((heading, []))
            out[-1][1].append(term)
        return out


def _base(text: str) -> str:
    """Letters without accents, case folded: the first thing the order looks at."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _rank(char: str) -> int:
    if not char or not char.isalpha():
        return 0  # digits and symbols first
    return 1 if char.lower() != char.upper() else 2  # letters with case (Latin, Greek, Cyrillic), then the rest


def sort_key(text: str) -> tuple:
    base = _base(text)
    return (_rank(base[:1]), base, text.casefold(), text)


def sorted_subs(subs: dict[str, int]) -> list[tuple[str, int]]:
    return sorted(subs.items(), key=lambda item: sort_key(item[0]))


def group_of(text: str) -> str:
    base = _base(text)
    first = base[:1]
    if _rank(first) == 0:
        return ""
    return first.upper() if _rank(first) == 1 else first
