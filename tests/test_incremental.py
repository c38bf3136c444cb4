"""Incremental builds: the same pages as a clean build, rewriting only what changed; -j 2 the same as -j 1."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import REPO, copy_project, edit_corpus, output_files, post, run_sphinx, write_corpus

pytestmark = [pytest.mark.slow, pytest.mark.speedups]


def assert_same_as_clean_build(hb, incremental: Path, scratch: Path) -> None:
    shutil.rmtree(scratch, ignore_errors=True)
    hb.build(outdir=scratch, fresh=True)
    clean = output_files(Path(hb.app.outdir))
    unexpected = [w for w in hb.warning_lines() if "unknown tag 'ads'" not in w]
    assert unexpected == []
    hb.build(outdir=incremental)
    got = output_files(Path(hb.app.outdir))
    assert sorted(got) == sorted(clean)
    for name in clean:
        assert got[name] == clean[name], f"{name} differs after an incremental build"


STEPS = [
    ("add a post", lambda hb: hb.write("posts/d.md", post("Delta", "2025-03-01", ["post", "SEO", "Email"]))),
    ("edit a body", lambda hb: hb.write("posts/a.md", post("Alpha", "2025-01-01", ["post", "seo"], "New words here."))),
    ("add a tag", lambda hb: hb.write("posts/b.md", post("Bravo", "2025-02-01", ["post", "seo", "ads", "email"]))),
    ("remove a tag", lambda hb: hb.write("posts/b.md", post("Bravo", "2025-02-01", ["post", "seo"]))),
    ("retitle", lambda hb: hb.write("posts/c.md", post("Charlie renamed", "2025-01-15", ["post", "ads"]))),
    ("change a date", lambda hb: hb.write("posts/a.md", post("Alpha", "2026-01-01", ["post", "seo"], "New words."))),
    ("respell a tag", lambda hb: hb.write("posts/c.md", post("Charlie renamed", "2025-01-15", ["ADS", "Seo"]))),
    ("move to a chapter", lambda hb: hb.write("posts/c.md", post("Charlie", "2025-01-15", ["paid"]))),
    ("delete the only post of a tag", lambda hb: hb.remove("posts/c.md")),
    ("delete a post", lambda hb: hb.remove("posts/d.md")),
]


@pytest.fixture
def small_handbook(handbook):
    hb = handbook()
    hb.write("chapters/paid.md", "# Paid\n\n```{chapter-posts}\n:tags: paid\n```\n")
    hb.write("index.md", "# Test handbook\n\n```{newest-posts}\n:limit: 2\n```\n\n"
                         "See {tag}`ads`.\n\n```{toctree}\n:hidden:\n\nchapters/paid\nchapters/all\ntags\n```\n")
    hb.write("posts/a.md", post("Alpha", "2025-01-01", ["post", "seo"], "Links to [c](https://blog.example.com/posts/d/)."))
    hb.write("posts/b.md", post("Bravo", "2025-02-01", ["post", "seo", "email"]))
    hb.write("posts/c.md", post("Charlie", "2025-01-15", ["post", "ads"]))
    return hb


def test_each_edit_then_an_incremental_build_equals_a_clean_build(small_handbook, tmp_path):
    hb = small_handbook
    incremental = tmp_path / "incremental"
    hb.build(outdir=incremental, fresh=True)
    for name, edit in STEPS:
        edit(hb)
        try:
            assert_same_as_clean_build(hb, incremental, tmp_path / "clean")
        except AssertionError as error:
            raise AssertionError(f"after step {name!r}: {error}") from None
    assert not (Path(hb.app.outdir) / "tags" / "ads.html").exists()  # its last post went


def test_a_body_edit_rereads_one_document_and_writes_only_pages_showing_it(small_handbook, tmp_path):
    hb = small_handbook
    hb.build(outdir=tmp_path / "out", fresh=True)
    outdir = Path(hb.app.outdir)
    before = {p: p.stat().st_mtime_ns for p in outdir.rglob("*.html")}
    hb.write("posts/b.md", post("Bravo", "2025-02-01", ["post", "seo", "email"], "Other words entirely."))
    hb.build(outdir=tmp_path / "out")
    assert "0 added, 1 changed, 0 removed" in hb.app.status.getvalue()
    written = {str(p.relative_to(outdir)) for p, mtime in before.items() if p.stat().st_mtime_ns != mtime}
    # b itself; the pages showing its excerpt: its chapter, the newest posts, its tags' pages
    # (and, every build, Sphinx's genindex and search; the content report only when it changed)
    assert written == {"posts/b.html", "chapters/all.html", "index.html", "tags/seo.html", "tags/email.html",
                       "genindex.html", "search.html"}


def test_a_tag_edit_rereads_one_document_and_writes_only_pages_showing_it(small_handbook, tmp_path):
    hb = small_handbook
    hb.build(outdir=tmp_path / "out", fresh=True)
    outdir = Path(hb.app.outdir)
    before = {p: p.stat().st_mtime_ns for p in outdir.rglob("*.html")}
    hb.write("posts/c.md", post("Charlie", "2025-01-15", ["post", "ads", "email"]))  # a tag added
    hb.build(outdir=tmp_path / "out")
    assert "0 added, 1 changed, 0 removed" in hb.app.status.getvalue()
    written = {str(p.relative_to(outdir)) for p, mtime in before.items() if p.stat().st_mtime_ns != mtime}
    # c itself; the page of the tag it gained; the overview (counts); the post whose
    # related block now lists c (b shares 'email'); Sphinx's genindex and search, and
    # (Sphinx's own rule) the toctree parents of pages it writes: chapters/all, index
    assert written == {"posts/c.html", "tags/email.html", "tags.html", "posts/b.html",
                       "genindex.html", "search.html", "chapters/all.html", "index.html"}


def test_parallel_build_gives_the_same_pages(small_handbook, tmp_path):
    hb = small_handbook
    hb.build(outdir=tmp_path / "serial", fresh=True)
    serial = output_files(Path(hb.app.outdir))
    hb.build(outdir=tmp_path / "parallel", fresh=True, parallel=2)
    assert "parallel" not in hb.warnings and "WARNING" not in hb.warnings
    assert output_files(Path(hb.app.outdir)) == serial


# ---- a build stopped half-way (sphinx-autobuild kills and restarts builds) -------------
KILLER = '''
import os as _os, signal as _signal



def setup(app):
    # tests/test_incremental.py: kill the whole build (every -j process) at a given moment
    when = _os.environ.get("HANDBOOK_TEST_KILL")
    if not when:
        return
    phase, count = when.split(":")
    seen = [0]

    def tick(*args):
        seen[0] += 1
        if seen[0] >= int(count):
            _os.killpg(0, _signal.SIGKILL)

    if phase == "read":
        app.connect("source-read", tick)
    else:
        def on_page(app, pagename, *args):
            if pagename.startswith("tags/") == (phase == "tags"):
                tick()
        app.connect("html-page-context", on_page)
'''


@pytest.fixture(scope="module")
def edited_corpus_clean(tmp_path_factory) -> dict[str, bytes]:
    """What a clean build makes of the edited corpus: what each build after a killed one must make
    (one serial build for all six: -j 2 makes the same pages, test_parallel_build_gives_the_same_pages)."""
    where = tmp_path_factory.mktemp("edited-clean")
    project = copy_project(where / "project", "basic")
    (project / "posts").mkdir()
    write_corpus(project)
    edit_corpus(project)
    clean = run_sphinx(project, where / "html", "html", doctrees=where / "doctrees")
    assert clean.returncode == 0, clean.stderr
    return output_files(where / "html")


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("kill_at", ["read:2", "write:6", "tags:2"],
                         ids=["while-reading", "while-writing", "while-writing-tag-pages"])
def test_a_build_killed_half_way_leaves_no_wrong_file_after_the_next_build(tmp_path, kill_at, jobs,
                                                                          edited_corpus_clean):
    import subprocess
    import sys

    project = copy_project(tmp_path / "project", "basic")
    (project / "posts").mkdir()
    (project / "conf.py").write_text((project / "conf.py").read_text() + KILLER)
    write_corpus(project)
    out, doctrees = tmp_path / "html", tmp_path / "doctrees"

    def build(kill: str = "") -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "sphinx", "-b", "html", "-j", jobs, "-q", "-d", str(doctrees),
                   str(project), str(out)]
        env = {**os.environ, "HANDBOOK_TEST_KILL": kill, "PYTHONPATH": str(REPO / "extensions")}
        return subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, start_new_session=True)

    assert build().returncode == 0
    edit_corpus(project)
    assert build(kill_at).returncode == -9  # killed where asked
    assert build().returncode == 0
    got, want = output_files(out), edited_corpus_clean
    assert sorted(got) == sorted(want)
    assert [name for name in want if got[name] != want[name]] == []
