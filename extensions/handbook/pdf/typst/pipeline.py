"""From parts to PDFs: two passes, then the book and every handout put together.

1. Every part is compiled once with its page numbers unknown (their boxes have a fixed
   width, so nothing else on the page depends on them): that pass says how many pages
   each part has and on which page each place and index entry is.
2. The book's numbering follows (duplex: chapters on right-hand pages), and every part
   is compiled again with its first page number and the pages its references lead to;
   the pass is checked to lay out every part exactly as the first did. The front (cover,
   contents) and the index, for the book and for each handout, are made from the same
   numbers, at the same time.
3. ``merge.py`` puts the book together (front, parts, index) and each handout (its own
   front, its chapter's parts as the book has them, its own index): a handout is its
   chapter's pages of the book, with the book's page numbers, so the two never differ.

Each step runs in spawned processes (``compile.Workers``), the largest work first.
"""

from __future__ import annotations

import json
import re
import time
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from .compile import Job, Result, Workers
from .index import IndexEntries, sorted_subs
from .merge import BLANK, merge
from .parts import Part
from .typst_file import POSITIONS, front_source, index_source, part_source

PAGE_HEIGHT = 841.8898  # A4, the template's paper (points)
_PAGEREF = re.compile(r'#pageref\("(hb\d+)"\)')


@dataclass
class Book:
    """What the builder hands over once the parts are written."""

    outdir: Path
    name: str  # the book's file name, without suffix
    parts: list[Part]
    index: IndexEntries
    settings: dict  # the template's arguments (title, author, words, ...)
    handouts: list[tuple[str, str]]  # (chapter, its title) for each chapter with posts
    handout_subtitle: str
    outputs: set[str]
    job: dict  # font_paths, timestamp, standards: what every compile job shares
    words: dict = field(default_factory=dict)  # "page %s", "page %s of the handbook", "pages %s-%s of ..."


@dataclass
class Layout:
    """Where everything is, in the book's page numbers (1 = the first page after the contents)."""

    starts: list[int]  # each part's first page
    pads: list[int]  # blank pages before each part (duplex)
    pages: list[int]  # each part's number of pages
    places: dict[str, tuple[int, int, float]]  # label -> (part, page in the book, y)
    entries: dict[int, list[tuple[int, int]]]  # index entry -> [(part, page in the book), ...]
    end: int  # the last page of the last part

    @classmethod
    def of(cls, parts: list[Part], results: list[Result], duplex: bool) -> Layout:
        starts, pads, pages, places, entries = [], [], [], {}, {}
        page = 1
        for number, (part, result) in enumerate(zip(parts, results)):
            pad = 1 if duplex and part.continued is None and page % 2 == 0 else 0
            page += pad
            starts.append(page)
            pads.append(pad)
            pages.append(result.pages)
            for label, local, y in result.positions["targets"]:
                places.setdefault(str(label), (number, page + int(local) - 1, float(y)))
            for ident, local in result.positions["index"]:
                entries.setdefault(int(ident), []).append((number, page + int(local) - 1))
            page += result.pages
        return cls(starts, pads, pages, places, entries, page - 1)


SMALL_BOOK = 150  # estimated pages: below them one process compiles faster than several (they start, load fonts)


def estimated_pages(book: Book) -> int:
    return sum(len(p.body) for p in book.parts) // 3500 + len(book.parts)


def processes_for(book: Book, cores: int) -> int:
    """``typst_jobs = 0``: one process per core, but one in all for a small book (the seeds':
    4.0 s in this process, 5.3-6.4 s with two spawned ones)."""
    return 1 if estimated_pages(book) < SMALL_BOOK else cores


def digits(last_page: int) -> int:
    return max(1, len(str(max(1, last_page))))


def run(book: Book, workers: int) -> tuple[dict, dict]:
    """The PDFs: what each holds or lost (by name), and how long each step took (seconds)."""
    started = time.perf_counter()
    timings: dict[str, float] = {}

    def lap(step: str) -> None:
        timings[step] = round(time.perf_counter() - started - sum(timings.values()), 2)

    with Workers(workers) as pool:
        sources = [_write_part(book, part) for part in book.parts]
        estimate = digits(estimated_pages(book))
        first = _pass(book, pool, sources, None, estimate)
        lap("first pass")
        failed = {i for i, r in enumerate(first) if r.positions is None}
        if failed:
            return _failed(book, first, failed, started), timings
        layout = Layout.of(book.parts, first, book.settings["duplex"])
        final, layout = _settle(book, pool, sources, first, layout)
        lap("second pass")
        extras = _extras(book, pool, layout)
        lap("fronts and indexes")
        report = _put_together(book, pool, layout, final, extras, started)
        lap("putting together")
    timings["compile seconds, summed over parts"] = round(sum(r.seconds for r in first + final), 2)
    timings["pages compiled"] = sum(r.pages for r in first + final)
    return report, timings


def _write_part(book: Book, part: Part) -> Path:
    source = book.outdir / f"{part.name}.typ"
    numbers = f"/{part.name}.pages.json"
    continued = None
    if part.continued is not None:
        continued = (book.words["continued"] % part.continued, part.continued)
    text = part_source(part.body, book.settings, numbers, part.number, continued)
    _write_if_changed(source, text)
    return source


def _write_if_changed(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _job(book: Book, source: Path, pdf: Path, positions: bool = False) -> Job:
    return Job(str(source), str(pdf), str(book.outdir), book.job["font_paths"], book.job["timestamp"],
               book.job["standards"], POSITIONS if positions else "")


def _pass(book: Book, pool: Workers, sources: list[Path], layout: Layout | None, width: int) -> list[Result]:
    """Every part compiled with the page numbers ``layout`` gives (None: not known yet)."""
    for number, (part, source) in enumerate(zip(book.parts, sources)):
        pages = {}
        if layout is not None:
            for label in dict.fromkeys(_PAGEREF.findall(part.body)):
                if label in layout.places:
                    pages[label] = str(layout.places[label][1])
        numbers = {"start": layout.starts[number] if layout else 1, "digits": width, "pages": pages}
        _write_if_changed(source.with_suffix(".pages.json"), json.dumps(numbers, sort_keys=True))
    return pool.compile([_job(book, source, source.with_suffix(".pdf"), positions=True) for source in sources])


def _settle(book: Book, pool: Workers, sources: list[Path], first: list[Result], layout: Layout):
    """The second pass; again (rarely) while the numbers' width or a place moved."""
    previous = first
    for _round in range(3):
        results = _pass(book, pool, sources, layout, digits(layout.end))
        if any(r.positions is None for r in results):
            return results, layout
        same = all(a.pages == b.pages and a.positions == b.positions for a, b in zip(previous, results))
        if same:
            return results, layout
        previous, layout = results, Layout.of(book.parts, results, book.settings["duplex"])
    for result in results:
        result.problems.append("the page numbers did not settle in three passes")
    return results, layout


# ---- fronts and indexes -------------------------------------------------------------------
def _contents(book: Book, layout: Layout, parts: list[int], index_page: int | None) -> list[tuple]:
    lines = []
    for number in parts:
        for heading in book.parts[number].headings:
            place = layout.places.get(heading.label)
            if place is not None:
                lines.append((heading.level, str(heading.number) if heading.number else None, heading.title,
                              str(place[1]), heading.label))
    if index_page is not None:
        lines.append((1, None, book.settings["words"]["index"], str(index_page), "hb-index"))
    return lines


def _ranges(pages: list[int]) -> list[tuple[str, str]]:
    """12, 13, 14, 20 -> ("12–14", "12"), ("20", "20"): what the index prints, and where each leads."""
    out, i = [], 0
    while i < len(pages):
        j = i
        while j + 1 < len(pages) and pages[j + 1] == pages[j] + 1:
            j += 1
        if j >= i + 2:
            out.append((f"{pages[i]}–{pages[j]}", str(pages[i])))
        else:
            out.extend((str(p), str(p)) for p in pages[i:j + 1])
        i = j + 1
    return out


class _IndexPlan:
    """The book's index in order, sorted once, and which terms each part holds: each handout's
    index is then made from its own terms (sorting all of them for each of 400 handouts took 50 s)."""

    def __init__(self, book: Book, layout: Layout) -> None:
        self.layout = layout
        self.see_words = {"see": book.settings["words"]["see"], "seealso": book.settings["words"]["seealso"]}
        self.groups = [(heading, [(term, sorted_subs(term.subs)) for term in terms])
                       for heading, terms in book.index.groups()]
        self.held_by: dict[int, set[tuple[int, int]]] = {}  # part -> (group, term) with an entry in it
        for g, (_heading, terms) in enumerate(self.groups):
            for t, (term, subs) in enumerate(terms):
                for ident in ([term.id] if term.id >= 0 else []) + [ident for _text, ident in subs]:
                    for part, _page in layout.entries.get(ident, ()):
                        self.held_by.setdefault(part, set()).add((g, t))

    def groups_for(self, parts: set[int]) -> list:
        """The index of a PDF holding ``parts``: only the entries on their pages."""
        def pages(ident: int) -> list[tuple[str, str]]:
            return _ranges(sorted({page for part, page in self.layout.entries.get(ident, ()) if part in parts}))

        wanted = sorted(set().union(*(self.held_by.get(part, set()) for part in parts)))
        groups: list = []
        for g, t in wanted:
            heading = self.groups[g][0]
            term, subs = self.groups[g][1][t]
            own = pages(term.id) if term.id >= 0 else []
            found = [(text, pages(ident)) for text, ident in subs]
            found = [(text, where) for text, where in found if where]
            if not own and not found:
                continue
            if not groups or groups[-1][0] != heading:
                groups.append((heading, []))
            groups[-1][1].append((term.text, own, found, [(self.see_words.get(w, w), other) for w, other in term.see]))
        return groups


@dataclass
class _Extra:
    front: Path
    index: Path | None
    index_start: int


def _extras(book: Book, pool: Workers, layout: Layout) -> dict[str, tuple[_Extra, list[Result]]]:
    """The fronts and indexes of the book and of every handout, compiled at once."""
    plans: dict[str, _Extra] = {}
    jobs: list[Job] = []
    everything = list(range(len(book.parts)))
    wanted = []
    if "book" in book.outputs:
        wanted.append((book.name, book.settings, everything))
    if "handouts" in book.outputs:
        for chapter, title in book.handouts:
            held = [i for i, p in enumerate(book.parts) if p.chapter == chapter]
            if not held:
                continue
            first, last = layout.starts[held[0]], layout.starts[held[-1]] + layout.pages[held[-1]] - 1
            subtitle = book.handout_subtitle + (" " if book.handout_subtitle else "") + \
                book.words["pages"] % (first, last)
            wanted.append((f"handouts/{chapter.rsplit('/', 1)[-1]}",
                           {**book.settings, "title": title, "subtitle": subtitle}, held))
    index_plan = _IndexPlan(book, layout)
    for name, settings, held in wanted:
        groups = index_plan.groups_for(set(held))
        last = layout.starts[held[-1]] + layout.pages[held[-1]] - 1
        index_start = last + 1 + (1 if settings["duplex"] and (last + 1) % 2 == 0 else 0)
        front = book.outdir / "fronts" / f"{name}.typ"
        _write_if_changed(front, front_source(settings, _contents(book, layout, held, index_start if groups else None)))
        jobs.append(_job(book, front, front.with_suffix(".pdf")))
        index = None
        if groups:
            index = book.outdir / "indexes" / f"{name}.typ"
            _write_if_changed(index, index_source(settings, groups, index_start))
            jobs.append(_job(book, index, index.with_suffix(".pdf")))
        plans[name] = _Extra(front, index, index_start)
    results = dict(zip([j.typ for j in jobs], pool.compile(jobs)))
    return {name: (extra, [results[str(extra.front)]] + ([results[str(extra.index)]] if extra.index else []))
            for name, extra in plans.items()}


# ---- putting together -------------------------------------------------------------------------
@dataclass
class _Merge:
    """One PDF to put together (picklable: merged in a worker process)."""

    sources: list[str | None]
    target: str
    places: dict[str, tuple[int, float | None]]  # hbgo label -> (physical page, top)
    pages: dict[int, int]  # a book page number this PDF holds -> its physical page
    labels: list[tuple[int, dict]]
    page_word: str
    elsewhere_word: str

    def resolve(self, uri: str):
        kind, _, key = uri.partition(":")
        if kind == "hbgo":
            return self.places.get(key)
        page = self.pages.get(int(key)) if key.isdigit() else None
        return None if page is None else (page, None)

    def describe(self, uri: str) -> str:
        """The link's description for assistive technology: the page it leads to."""
        if not hasattr(self, "_numbers"):
            self._numbers = {physical: number for number, physical in self.pages.items()}
        found = self.resolve(uri)
        return self.page_word % self._numbers[found[0]] if found else self.elsewhere_word


def _merge_job(job: _Merge) -> tuple[int, list[str]]:
    from pikepdf import Name

    labels = [(i, {k: (Name(v) if k == "/S" else v) for k, v in label.items()}) for i, label in job.labels]
    sources = [Path(s) if s else None for s in job.sources]
    return merge(sources, Path(job.target), job.resolve, job.describe, labels)


def _front_pages(result: Result, duplex: bool) -> tuple[int, int]:
    return result.pages, (1 if duplex and result.pages % 2 else 0)


def _plan_merge(book: Book, layout: Layout, name: str, held: list[int], extra: _Extra,
                extra_results: list[Result]) -> _Merge:
    duplex = book.settings["duplex"]
    front_pages, front_pad = _front_pages(extra_results[0], duplex)
    sources: list[str | None] = [str(extra.front.with_suffix(".pdf"))] + [BLANK] * front_pad
    physical = front_pages + front_pad
    pages: dict[int, int] = {}
    labels = [(0, {"/P": ""}), (1, {"/S": "/r", "/St": 1})]
    first_page = layout.starts[held[0]]
    labels.append((physical, {"/S": "/D", "/St": first_page}))
    for count, number in enumerate(held):
        if count and layout.pads[number]:
            sources.append(BLANK)
        page = layout.starts[number] - (layout.pads[number] if count else 0)
        if count and layout.pads[number]:
            pages[page] = physical
            physical += 1
            page += 1
        sources.append(str(book.outdir / f"{book.parts[number].name}.pdf"))
        for offset in range(layout.pages[number]):
            pages[page + offset] = physical + offset
        physical += layout.pages[number]
    if extra.index is not None:
        last = max(pages)
        for _ in range(extra.index_start - last - 1):  # a blank so that the index opens on a right-hand page
            sources.append(BLANK)
            physical += 1
        labels.append((physical, {"/S": "/D", "/St": extra.index_start}))
        sources.append(str(extra.index.with_suffix(".pdf")))
        for offset in range(extra_results[1].pages):
            pages[extra.index_start + offset] = physical + offset
    held_set = set(held)
    places = {label: (pages[page], PAGE_HEIGHT - y) for label, (part, page, y) in layout.places.items()
              if part in held_set}
    if extra.index is not None:
        places["hb-index"] = (pages[extra.index_start], None)
    return _Merge(sources, str(book.outdir / f"{name}.pdf"), places, pages, labels, book.words["page"],
                  book.words["elsewhere"])


def _put_together(book: Book, pool: Workers, layout: Layout, final: list[Result], extras: dict,
                  started: float) -> dict:
    report, merges, names = {}, [], []
    for name, (extra, extra_results) in extras.items():
        held = list(range(len(book.parts))) if name == book.name else \
            [i for i, p in enumerate(book.parts) if f"handouts/{p.chapter.rsplit('/', 1)[-1]}" == name]
        problems = [p for i in held for p in book.parts[i].problems + final[i].problems]
        problems += [p for r in extra_results for p in r.problems]
        report[name] = {"pdf": f"{name}.pdf", "pages": 0, "seconds": 0.0, "problems": list(dict.fromkeys(problems))}
        if any(r.pages == 0 for r in extra_results) or any(final[i].pages == 0 for i in held):
            (book.outdir / f"{name}.pdf").unlink(missing_ok=True)
            continue
        merges.append(_plan_merge(book, layout, name, held, extra, extra_results))
        names.append(name)
    try:
        outcomes = pool.map(_merge_job, merges, lambda m: len(m.pages))
    except BrokenProcessPool as error:  # a process was killed (out of memory?)
        outcomes = [(0, [f"putting the PDF together stopped: {error}"]) for _merge in merges]
    for name, outcome in zip(names, outcomes):
        pages, problems = outcome
        report[name]["pages"] = pages
        report[name]["problems"] += problems
    seconds = round(time.perf_counter() - started, 2)
    for entry in report.values():
        entry["seconds"] = seconds  # the parts are shared: the time is the whole run's
    return report


def _failed(book: Book, results: list[Result], failed: set[int], started: float) -> dict:
    """A part Typst could not make: no book, and no handout of its chapter."""
    problems = [p for i in sorted(failed) for p in book.parts[i].problems + results[i].problems]
    report = {}
    if "book" in book.outputs:
        report[book.name] = {"pdf": f"{book.name}.pdf", "pages": 0, "seconds": 0.0, "problems": problems}
        (book.outdir / f"{book.name}.pdf").unlink(missing_ok=True)
    if "handouts" in book.outputs:
        for chapter, _title in book.handouts:
            name = f"handouts/{chapter.rsplit('/', 1)[-1]}"
            held = [i for i, p in enumerate(book.parts) if p.chapter == chapter]
            mine = [p for i in held if i in failed for p in book.parts[i].problems + results[i].problems]
            report[name] = {"pdf": f"{name}.pdf", "pages": 0, "seconds": 0.0,
                            "problems": mine or ["not made: another part of the book could not be made"]}
            (book.outdir / f"{name}.pdf").unlink(missing_ok=True)
    return report
