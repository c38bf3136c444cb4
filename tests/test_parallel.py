"""``-j N``: every process writes, the main process keeps its priority, tag pages split.

That the pages are the same as a serial build's is checked in test_incremental.py
(and with hypothesis in test_properties.py); here, who writes them.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import post
from handbook import parallel
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.errors import SphinxParallelError


def fake_app(parallel_ok: bool, jobs: int = 2) -> SimpleNamespace:
    return SimpleNamespace(builder=SimpleNamespace(parallel_ok=parallel_ok), parallel=jobs)


def record_writer(outdir: Path):
    def write_page(pagename: str) -> None:
        (outdir / pagename).write_text(str(os.getpid()), encoding="utf-8")

    return write_page


def test_pages_are_split_among_forked_processes_each_written_once(tmp_path):
    pagenames = [f"tag-{i:02}" for i in range(40)]
    parallel.write_pages(fake_app(parallel_ok=True), pagenames, record_writer(tmp_path))
    writers = {p.name: int(p.read_text(encoding="utf-8")) for p in tmp_path.iterdir()}
    assert sorted(writers) == pagenames
    assert os.getpid() not in writers.values()
    assert len(set(writers.values())) >= 2


def test_without_parallel_writing_the_main_process_writes_every_page(tmp_path):
    pagenames = ["a", "b", "c"]
    parallel.write_pages(fake_app(parallel_ok=False), pagenames, record_writer(tmp_path))
    assert {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()} == dict.fromkeys(
        pagenames, str(os.getpid()))


def test_a_page_failing_in_a_forked_process_fails_the_build(tmp_path):
    def write_page(pagename: str) -> None:
        if pagename == "tag-07":
            raise ValueError("cannot draw tag-07")
        (tmp_path / pagename).write_text("ok", encoding="utf-8")

    with pytest.raises(SphinxParallelError, match="cannot draw tag-07"):
        parallel.write_pages(fake_app(parallel_ok=True), [f"tag-{i:02}" for i in range(12)], write_page)


def test_a_writer_steps_back_once_and_the_feeding_process_does_not(monkeypatch):
    monkeypatch.setattr(parallel._Feeder, "pid", os.getpid())
    own = os.nice(0)
    parallel._step_back_if_writer()
    assert os.nice(0) == own

    fork = multiprocessing.get_context("fork")
    niceness = fork.Queue()

    def writer() -> None:
        parallel._step_back_if_writer()
        parallel._step_back_if_writer()  # each document written calls it
        niceness.put(os.nice(0))

    process = fork.Process(target=writer)
    process.start()
    process.join()
    assert niceness.get(timeout=10) == min(own + parallel.WRITER_NICENESS, 19)


@pytest.mark.parametrize("buildername", ["html", "dirhtml"])
def test_j2_writes_documents_with_two_processes(handbook, monkeypatch, buildername):
    asked = []
    original = StandaloneHTMLBuilder._write_parallel

    def spy(self, docnames, nproc):
        asked.append(nproc)
        return original(self, docnames, nproc)

    monkeypatch.setattr(StandaloneHTMLBuilder, "_write_parallel", spy)
    hb = handbook()
    for i in range(6):
        hb.write(f"posts/p{i}.md", post(f"Post {i}", f"2025-01-0{i + 1}", ["post", f"topic {i % 3}"]))
    hb.build(buildername, fresh=True, parallel=2)
    assert isinstance(hb.app.builder, parallel.ParallelWriting)
    assert asked == [2]
    assert hb.warning_lines() == []
    tag_page = "tags/topic-1.html" if buildername == "html" else "tags/topic-1/index.html"
    assert (hb.outdir / tag_page).is_file()
    assert parallel._Feeder.pid is None  # the write phase is over: nobody steps back now


def test_chunks_share_pages_out_by_weight():
    weights = {"post": 1000, **{f"topic-{i:02}": 30 for i in range(40)}}
    chunks = parallel.balanced_chunks(sorted(weights), weights.__getitem__, 2)
    assert sorted(name for chunk in chunks for name in chunk) == sorted(weights)
    loads = sorted(sum(weights[name] for name in chunk) for chunk in chunks)
    assert loads == [1090, 1110]  # the tag of every post, plus a few, against all the rest


def test_never_more_chunks_than_pages():
    assert parallel.balanced_chunks(["only"], lambda name: 1, 4) == [["only"]]
    assert parallel.balanced_chunks([], lambda name: 1, 2) == []
