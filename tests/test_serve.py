"""Live preview (``./dev serve``): serves on 127.0.0.1, rebuilds on save in the same process, shows drafts."""

from __future__ import annotations

import configparser
import os
import pickle
import shlex
import signal
import subprocess
import sys
import urllib.request

import pytest
from handbook.commands.serve import Preview
from helpers import REPO, copy_project, edit_corpus, output_files, post, run_sphinx, wait_for, write_corpus

pytestmark = [pytest.mark.slow, pytest.mark.speedups]


def serve_arguments() -> list[str]:
    """The arguments of tox.ini's serve environment after ``python``, as ./dev serve runs them."""
    ini = configparser.ConfigParser(interpolation=None)
    ini.read(REPO / "tox.ini")
    command = " ".join(line.rstrip("\\").strip() for line in ini["testenv:serve"]["commands"].strip().splitlines())
    command = command.replace("{posargs}", f"--port {free_port()}")
    arguments = shlex.split(command)
    assert arguments[:4] == ["python", "-m", "handbook.commands", "serve"]
    return arguments[1:]


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def test_serve_rebuilds_on_save_and_shows_drafts(tmp_path):
    project = copy_project(tmp_path / "project", "basic")
    (project / "posts").mkdir()
    (project / "posts" / "a.md").write_text(post("Alpha", tags=["seo"], body="First words."))
    (project / "posts" / "b.md").write_text(post("Unfinished", tags=["seo"], draft=True))
    sources = sorted(str(p.relative_to(project)) for p in project.rglob("*") if p.is_file())
    log = open(tmp_path / "serve.log", "w+")  # noqa: SIM115 - read while the server runs
    arguments = serve_arguments()
    port = arguments[arguments.index("--port") + 1]
    server = subprocess.Popen([sys.executable, *arguments], cwd=project,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                              env={**os.environ, "PYTHONPATH": str(REPO / "extensions"), "PYTHONUNBUFFERED": "1"})
    try:
        base = f"http://127.0.0.1:{port}"
        page = wait_for(lambda: fetch(f"{base}/posts/a.html"), process=server, log=log)
        assert "First words." in page
        assert "/websocket-reload" in page or "ws://" in page or "livereload" in page.lower()  # reloads the browser
        # Drafts are shown in the preview, listed like posts, with their label.
        assert "Unfinished" in fetch(f"{base}/tags/seo.html")
        assert "Draft" in fetch(f"{base}/posts/b.html")

        from websockets.sync.client import connect

        with connect(f"ws://127.0.0.1:{port}/websocket-reload", open_timeout=10) as tab:  # an open page
            (project / "posts" / "a.md").write_text(post("Alpha", tags=["seo"], body="Words saved later."))
            assert tab.recv(timeout=120) == "refresh"  # the page is told to reload once the build is done
        assert "Words saved later." in fetch(f"{base}/posts/a.html")
        # Nothing written among the sources it watches (a write there would make it rebuild forever).
        written = sorted(str(p.relative_to(project)) for p in project.rglob("*")
                         if p.is_file() and "_build" not in p.relative_to(project).parts)
        assert written == sources
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def test_builds_kept_in_memory_give_what_a_clean_build_gives(tmp_path):
    """./dev serve builds again in the same process: after each edit, every file equals a clean build's."""
    project = copy_project(tmp_path / "project", "basic")
    (project / "posts").mkdir()
    write_corpus(project)
    out = tmp_path / "serve"
    preview = Preview(project, out, tmp_path / "serve-doctrees", {})
    try:
        kept_in_memory(project, out, tmp_path, preview)
    finally:
        preview.close()  # what its applications registered with docutils goes with them


def kept_in_memory(project, out, tmp_path, preview) -> None:
    assert preview.build()
    app = preview.app

    def same_as_clean(step: str) -> None:
        clean = tmp_path / f"clean-{step}"
        result = run_sphinx(project, clean, "html", doctrees=tmp_path / f"clean-doctrees-{step}")
        assert result.returncode == 0, result.stderr
        got, want = output_files(out), output_files(clean)
        assert sorted(got) == sorted(want), step
        assert [name for name in want if got[name] != want[name]] == [], step

    edit_corpus(project)  # retag, retitle, delete, add
    assert preview.build([project / "posts" / "p01.md"])
    preview.save()  # as the server does once the pages reloaded
    same_as_clean("edits")
    body = project / "posts" / "p05.md"
    body.write_text(body.read_text() + "\nA sentence saved later.\n")
    assert preview.build([body])
    preview.save()
    assert "A sentence saved later." in (out / "posts" / "p05.html").read_text()
    with open(tmp_path / "serve-doctrees" / "environment.pickle", "rb") as saved:  # what the next start reads
        assert pickle.load(saved).all_docs.keys() == preview.app.env.all_docs.keys()
    same_as_clean("body")
    assert preview.app is app  # the same application all along: nothing loaded again from disk

    (project / "conf.py").write_text((project / "conf.py").read_text() + "\nhtml_title = 'Renamed'\n")
    assert preview.build([project / "conf.py"])
    assert preview.app is not app  # conf.py is read once per application: a new one
    assert "Renamed" in (out / "index.html").read_text()
    same_as_clean("conf")
