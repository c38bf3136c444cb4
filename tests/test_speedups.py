"""Speed-ups (handbook_speedups): -j N writing and reading, and the indexed images table.

``-j N``: every process writes, the main process keeps its priority, tag pages split.
That the pages are the same as a serial build's is checked in test_incremental.py
(and with hypothesis in test_incremental_properties.py); here, who writes them.
Every build here switches the speed-ups on (``handbook_speedups=True``): the suite
also runs with ``HANDBOOK_SPEEDUPS=0``, and these tests must test them then too.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from pathlib import Path
from types import SimpleNamespace

import pytest
from handbook.speedups import parallel_read, parallel_write
from handbook.speedups.images_index import ImagesByDocument
from helpers import post
from hypothesis import given, settings
from hypothesis import strategies as st
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.errors import SphinxParallelError
from sphinx.util._files import FilenameUniqDict

pytestmark = pytest.mark.speedups


def fake_app(parallel_ok: bool, jobs: int = 2) -> SimpleNamespace:
    return SimpleNamespace(builder=SimpleNamespace(parallel_ok=parallel_ok), parallel=jobs)


def record_writer(outdir: Path):
    def write_page(pagename: str) -> None:
        (outdir / pagename).write_text(str(os.getpid()), encoding="utf-8")

    return write_page


def test_pages_are_split_among_forked_processes_each_written_once(tmp_path):
    pagenames = [f"tag-{i:02}" for i in range(40)]
    parallel_write.write_pages(fake_app(parallel_ok=True), pagenames, record_writer(tmp_path))
    writers = {p.name: int(p.read_text(encoding="utf-8")) for p in tmp_path.iterdir()}
    assert sorted(writers) == pagenames
    assert os.getpid() not in writers.values()
    assert len(set(writers.values())) >= 2


def test_without_parallel_writing_the_main_process_writes_every_page(tmp_path):
    pagenames = ["a", "b", "c"]
    parallel_write.write_pages(fake_app(parallel_ok=False), pagenames, record_writer(tmp_path))
    assert {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()} == dict.fromkeys(
        pagenames, str(os.getpid()))


def test_a_page_failing_in_a_forked_process_fails_the_build(tmp_path):
    def write_page(pagename: str) -> None:
        if pagename == "tag-07":
            raise ValueError("cannot draw tag-07")
        (tmp_path / pagename).write_text("ok", encoding="utf-8")

    with pytest.raises(SphinxParallelError, match="cannot draw tag-07"):
        parallel_write.write_pages(fake_app(parallel_ok=True), [f"tag-{i:02}" for i in range(12)], write_page)


def test_a_writer_steps_back_once_and_the_feeding_process_does_not(monkeypatch):
    monkeypatch.setattr(parallel_write._Feeder, "pid", os.getpid())
    own = os.nice(0)
    parallel_write._step_back_if_writer()
    assert os.nice(0) == own

    fork = multiprocessing.get_context("fork")
    niceness = fork.Queue()

    def writer() -> None:
        parallel_write._step_back_if_writer()
        parallel_write._step_back_if_writer()  # each document written calls it
        niceness.put(os.nice(0))

    process = fork.Process(target=writer)
    process.start()
    process.join()
    assert niceness.get(timeout=10) == min(own + parallel_write.WRITER_NICENESS, 19)


@pytest.mark.slow  # several builds (twice, or -j 2 against -j 1): ./dev test, not the fast tier
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
    hb.build(buildername, fresh=True, parallel=2, handbook_speedups=True)
    assert isinstance(hb.app.builder, parallel_write.ParallelWriting)
    assert asked == [2]
    assert hb.warning_lines() == []
    tag_page = "tags/topic-1.html" if buildername == "html" else "tags/topic-1/index.html"
    assert (hb.outdir / tag_page).is_file()
    assert parallel_write._Feeder.pid is None  # the write phase is over: nobody steps back now


def test_chunks_share_pages_out_by_weight():
    weights = {"post": 1000, **{f"topic-{i:02}": 30 for i in range(40)}}
    chunks = parallel_write.balanced_chunks(sorted(weights), weights.__getitem__, 2)
    assert sorted(name for chunk in chunks for name in chunk) == sorted(weights)
    loads = sorted(sum(weights[name] for name in chunk) for chunk in chunks)
    assert loads == [1090, 1110]  # the tag of every post, plus a few, against all the rest


def test_never_more_chunks_than_pages():
    assert parallel_write.balanced_chunks(["only"], lambda name: 1, 4) == [["only"]]
    assert parallel_write.balanced_chunks([], lambda name: 1, 2) == []


def environment_tables(env) -> dict:
    """Every per-document table a -j reader empties, as comparable values."""
    from docutils import nodes
    from handbook.book.domain import _PER_DOC
    from handbook.speedups.parallel_read import PER_DOCUMENT_TABLES

    def plain(value):
        return value.astext() if isinstance(value, nodes.Node) else value

    tables = {name: {doc: plain(v) for doc, v in getattr(env, name).items()} for name in PER_DOCUMENT_TABLES}
    data = env.get_domain("handbook").data
    tables.update({f"handbook.{name}": dict(data[name]) for name in _PER_DOC})
    return tables


@pytest.mark.slow  # several builds (twice, or -j 2 against -j 1): ./dev test, not the fast tier
def test_j2_readers_send_back_every_document_they_read(handbook):
    # Readers empty what they inherit before reading (parallel_read.py); the merged
    # environment must still hold every document, exactly as a serial build's.
    hb = handbook()
    for i in range(14):
        hb.write(f"posts/p{i:02}.md", post(f"Post {i}", f"2025-02-{i + 1:02}", ["post", f"topic {i % 4}"],
                                           f"## Part one\n\nText {i}.\n\n## Part two\n\nMore."))
    # Sphinx notes docutils.conf as a dependency of each document before its
    # source-read event, where a reader empties its tables: that entry must stay.
    hb.build(fresh=True, docutils_conf="[general]\n", handbook_speedups=True)
    serial = environment_tables(hb.app.env)
    hb.build(fresh=True, parallel=2, docutils_conf="[general]\n", handbook_speedups=True)
    assert type(hb.app.env.images) is ImagesByDocument  # the speed-ups were on
    assert hb.warning_lines() == []
    merged = environment_tables(hb.app.env)
    assert len(merged["dependencies"]) >= 14
    assert len(merged["tocs"]) >= 14 and len(merged["handbook.posts"]) == 14
    assert merged == serial


def test_only_a_forked_reader_drops_its_inherited_tables(monkeypatch):
    class Domain:
        cleared = 0

        def clear_all_documents(self):
            self.cleared += 1

    domain = Domain()
    env = SimpleNamespace(**{name: {"old": 1} for name in parallel_read.PER_DOCUMENT_TABLES},
                          get_domain=lambda name: domain)
    app = SimpleNamespace(env=env)
    monkeypatch.setattr(parallel_read._Readers, "reading_pid", os.getpid())
    monkeypatch.setattr(parallel_read._Readers, "slimmed_pid", None)
    parallel_read.drop_inherited_tables(app, "posts/a", [""])  # the main process reading: keeps all
    assert env.tocs == {"old": 1} and domain.cleared == 0

    monkeypatch.setattr(parallel_read._Readers, "reading_pid", os.getpid() + 1)  # as if forked
    parallel_read.drop_inherited_tables(app, "posts/a", [""])
    assert all(getattr(env, name) == {} for name in parallel_read.PER_DOCUMENT_TABLES) and domain.cleared == 1
    env.tocs["posts/a"] = "read here"
    parallel_read.drop_inherited_tables(app, "posts/b", [""])  # its next document: keeps what it read
    assert env.tocs == {"posts/a": "read here"} and domain.cleared == 1

    parallel_read.reading_done(app, env)  # a process forked after reading (writers) is no reader
    monkeypatch.setattr(parallel_read._Readers, "slimmed_pid", None)
    parallel_read.drop_inherited_tables(app, "posts/c", [""])
    assert env.tocs == {"posts/a": "read here"} and domain.cleared == 1


# ---- the images table indexed by document (images_index) --------------------------------------------------
DOCS = st.sampled_from(["a", "b", "c", "posts/d"])
FILES = st.sampled_from(["media/x.webp", "media/y.webp", "other/x.webp", "x.webp", "media/x1.webp"])
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), DOCS, FILES),
        st.tuples(st.just("purge"), DOCS),
        st.tuples(st.just("merge"), st.sets(DOCS), st.lists(st.tuples(DOCS, FILES), max_size=4)),
        st.tuples(st.just("pickle")),
    ),
    max_size=30,
)


def apply(table, step):
    if step[0] == "add":
        return table.add_file(step[1], step[2])
    if step[0] == "purge":
        return table.purge_doc(step[1])
    if step[0] == "merge":
        other = FilenameUniqDict()
        for docname, filename in step[2]:
            other.add_file(docname, filename)
        return table.merge_other(step[1], other)
    return None


@settings(max_examples=300, deadline=None)
@given(STEPS)
def test_same_contents_and_names_as_sphinx_after_any_steps(steps):
    sphinx, ours = FilenameUniqDict(), ImagesByDocument()
    for step in steps:
        if step[0] == "pickle":  # the environment is pickled between builds
            ours = pickle.loads(pickle.dumps(ours))
            assert type(ours) is ImagesByDocument
            continue
        assert apply(sphinx, step) == apply(ours, step)
        assert dict(ours) == dict(sphinx)
        assert ours._existing == sphinx._existing


def test_an_existing_table_keeps_its_names_when_indexed():
    sphinx = FilenameUniqDict()
    sphinx.add_file("a", "media/x.webp")
    sphinx.add_file("b", "other/x.webp")  # named x1.webp
    ours = ImagesByDocument.of(sphinx)
    assert dict(ours) == dict(sphinx)
    ours.purge_doc("a")
    assert dict(ours) == {"other/x.webp": ({"b"}, "x1.webp")}
    assert ours.add_file("c", "media/x.webp") == "x.webp"
