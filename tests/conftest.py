"""Shared fixtures: Sphinx's own test fixtures plus helpers to build small handbooks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "extensions"))

pytest_plugins = ("sphinx.testing.fixtures",)
collect_ignore = ["roots"]


ROOTS = Path(__file__).parent / "roots"
# The repo's own project, as Read the Docs builds it (node_modules is linked, not copied).
REPO_PROJECT = ("conf.py", "index.md", "tags.md", "chapters", "posts", "_static", "_templates", "extensions", "tools",
                "diagrams")


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def copy_project(dest: Path, root: str = "seeds") -> Path:
    """A copy of ``tests/roots/test-<root>`` at ``dest``, which must not exist yet.

    ``seeds``: with the repo's posts/, chapters/ and tags.md (the user's handbook under a
    small conf.py). ``repo``: the repo's own project instead (its conf.py, landing page,
    templates, the extension and tools; node_modules linked), as Read the Docs builds it.
    """
    if root == "repo":
        dest.mkdir(parents=True)
        for name in REPO_PROJECT:
            (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, dest / name)
        (dest / "node_modules").symlink_to(REPO / "node_modules")
        return dest
    shutil.copytree(ROOTS / f"test-{root}", dest)
    if root == "seeds":
        for name in ("posts", "chapters"):
            shutil.copytree(REPO / name, dest / name)
        shutil.copy(REPO / "tags.md", dest / "tags.md")
    return dest


def run_sphinx(srcdir: Path, outdir: Path, builder: str = "html", *options: str, env: dict[str, str] | None = None,
               doctrees: Path | None = None, timeout: float = 900) -> subprocess.CompletedProcess:
    """``python -m sphinx -b builder [options] [-d doctrees] srcdir outdir`` in a process of its own.

    Output is captured as text, without colours; ``env`` is added to this process's
    environment, and the extension is importable (the roots' conf.py do not add it).
    """
    command = [sys.executable, "-m", "sphinx", "-b", builder, *options]
    if doctrees is not None:
        command += ["-d", str(doctrees)]
    pythonpath = os.pathsep.join(filter(None, [str(REPO / "extensions"), os.environ.get("PYTHONPATH")]))
    return subprocess.run([*command, str(srcdir), str(outdir)], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, "PYTHONPATH": pythonpath, **(env or {}), "NO_COLOR": "1"})


def strip_ansi(text: str) -> str:
    """The text without terminal colour codes (Sphinx colours warnings)."""
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def post(title: object = "A post", date: object = "2025-01-01", tags: object = ("post",), body: str = "Some text.",
         **extra: object) -> str:
    """The text of a post file with this front matter (values written as YAML flow)."""
    import json

    lines = ["---"]
    for key, value in (("title", title), ("date", date), ("tags", tags), *extra.items()):
        if value is None:
            continue
        if isinstance(value, tuple):
            value = list(value)
        lines.append(f"{key}: {json.dumps(value, ensure_ascii=False) if not isinstance(value, _Raw) else value}")
    lines.append("---")
    return "\n".join(lines) + "\n\n" + body + "\n"


class _Raw(str):
    """A front-matter value written exactly as given (not JSON-quoted)."""


raw = _Raw


class Handbook:
    """A small handbook in a temporary folder, built with sphinx.testing's make_app."""

    def __init__(self, make_app, srcdir: Path) -> None:
        self.make_app = make_app
        self.srcdir = srcdir
        self.app = None

    def write(self, name: str, text: str) -> Path:
        path = self.srcdir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def remove(self, name: str) -> None:
        (self.srcdir / name).unlink()

    def build(self, buildername: str = "html", fresh: bool = False, parallel: int = 0, outdir: Path | None = None,
              docutils_conf: str | None = None, **confoverrides) -> Handbook:
        # docutils_conf: sphinx.testing writes it for this build and deletes it at cleanup
        kwargs = {}
        if self.app is not None:
            self.app.cleanup()  # one app at a time: docutils' node registry is global
        if outdir is not None:
            kwargs["builddir"] = outdir
        self.app = self.make_app(buildername, srcdir=self.srcdir, freshenv=fresh, parallel=parallel,
                                 confoverrides=confoverrides, docutils_conf=docutils_conf, **kwargs)
        self.app.build()
        return self

    @property
    def outdir(self) -> Path:
        return Path(self.app.outdir)

    @property
    def warnings(self) -> str:
        return strip_ansi(self.app.warning.getvalue())

    def warning_lines(self) -> list[str]:
        return [line for line in self.warnings.splitlines() if "WARNING" in line or "ERROR" in line]

    def html(self, pagename: str) -> BeautifulSoup:
        return BeautifulSoup((self.outdir / f"{pagename}.html").read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def module_app_factory():
    """Like sphinx.testing's make_app, for builds shared by a module's tests."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    apps = []

    def make(*args, **kwargs):
        kwargs.setdefault("status", StringIO())
        kwargs.setdefault("warning", StringIO())
        app = SphinxTestApp(*args, **kwargs)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.cleanup()


@pytest.fixture
def handbook(make_app, tmp_path):
    """``handbook(root)``: a Handbook on a copy of ``test-<root>`` (copy_project).

    The default ``basic`` root has one catch-all chapter, a tag overview and no posts yet.
    """

    def make(root: str = "basic") -> Handbook:
        return Handbook(make_app, copy_project(tmp_path / f"src-{root}", root))

    return make


def main_text(soup: BeautifulSoup) -> str:
    return " ".join(soup.select_one("article").get_text(" ").split())
