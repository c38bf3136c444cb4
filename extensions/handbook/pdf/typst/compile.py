"""Typst files to PDF/UA-1 with the ``typst`` package (the compiler is inside the wheel).

The compiler holds the GIL (two threads take as long as one after the other), so
documents are compiled in separate processes, largest first. Processes are *spawned*, never forked: a
fork of a process whose compiler threads hold locks can hang. Each PDF is written
only when Typst made it without an error; a warning (a font not found, a layout
that did not settle) is a problem too, as is an error. The creation date is fixed
(``SOURCE_DATE_EPOCH`` or the day), so the same sources give the same bytes.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Self


@dataclass(frozen=True)
class Job:
    typ: str
    pdf: str
    root: str  # Typst reads no file outside it
    font_paths: list[str]
    timestamp: int
    standards: list[str]
    positions: str = ""  # a Typst expression evaluated in the compiled document, its value returned


@dataclass
class Result:
    pages: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)
    positions: dict | None = None


_FONTS: dict[tuple[str, ...], object] = {}


def _fonts(paths: list[str]):
    import typst

    key = tuple(paths)
    if key not in _FONTS:  # the book's fonts only: no system fonts, not Typst's own
        _FONTS[key] = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=list(paths))
    return _FONTS[key]


def compile_one(job: Job) -> Result:
    import typst

    started = time.perf_counter()
    result = Result()
    target = Path(job.pdf)
    compiler = typst.Compiler(job.typ, root=job.root, font_paths=_fonts(job.font_paths), ignore_system_fonts=True)
    try:
        pdf, warnings = compiler.compile_with_warnings(format="pdf", pdf_standards=job.standards,
                                                       timestamp=job.timestamp)
        if job.positions:  # the layout is still in memory: this costs next to nothing
            result.positions = json.loads(compiler.eval(job.positions, format="json"))
    except (typst.TypstError, RuntimeError) as error:
        target.unlink(missing_ok=True)  # never a PDF of an earlier build that looks like this one
        result.problems.append("Typst could not make the PDF: " + _diagnostic(error))
        result.seconds = time.perf_counter() - started
        return result
    for warning in warnings:
        result.problems.append("Typst: " + _diagnostic(warning))
    partial = target.with_name(f".{target.name}.{os.getpid()}")
    partial.write_bytes(pdf)
    os.replace(partial, target)
    result.pages = page_count(pdf)
    result.seconds = time.perf_counter() - started
    return result


def _diagnostic(problem) -> str:
    message = getattr(problem, "message", "") or str(problem)
    hints = getattr(problem, "hints", None) or []
    where = ""
    for line in (getattr(problem, "diagnostic", "") or "").splitlines():
        if "┌─" in line:  # "┌─ leadgen-handbook.typ:120:5"
            where = " at " + line.split("┌─", 1)[1].strip()
            break
    return message + where + "".join(f" (hint: {hint})" for hint in hints)


def page_count(pdf: bytes) -> int:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


class Workers:
    """Spawned processes that compile (and merge): the largest work first, results in the order given."""

    def __init__(self, count: int) -> None:
        self.count = max(1, count)
        self.pool = None

    def __enter__(self) -> Self:
        if self.count > 1:
            # No max_tasks_per_child: Python 3.11's pool hangs once a worker is replaced (seen at
            # 403 parts, 200 a worker). Typst lets go of earlier documents' caches itself: a worker
            # stays at about 1.5 GB.
            self.pool = ProcessPoolExecutor(self.count, mp_context=multiprocessing.get_context("spawn"))
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown()

    def map(self, function, items: list, size=lambda item: 0) -> list:
        if self.pool is None:
            return [function(item) for item in items]
        order = sorted(range(len(items)), key=lambda i: -size(items[i]))
        futures = {i: self.pool.submit(function, items[i]) for i in order}
        return [futures[i].result() for i in range(len(items))]

    def compile(self, jobs: list[Job]) -> list[Result]:
        try:
            return self.map(compile_one, jobs, lambda job: os.path.getsize(job.typ))
        except BrokenProcessPool as error:  # a compiler process was killed (out of memory?)
            return [Result(problems=[f"a compiling process stopped: {error}"]) for _job in jobs]


def available_cpus() -> int:
    """The cores this process may run on (os.cpu_count() counts the machine's, -j auto's too)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
