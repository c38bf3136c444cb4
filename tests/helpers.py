"""The tests' shared helpers: posts, project copies, builds, outputs, and "skip here, fail in CI".

Imported by the test files (``from helpers import ...``) and by ``conftest.py``'s fixtures.
"""

from __future__ import annotations

import hashlib
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
ROOTS = Path(__file__).parent / "roots"
# The repo's own project, as Read the Docs builds it (node_modules is linked, not copied).
REPO_PROJECT = ("conf.py", "index.md", "tags.md", "chapters", "posts", "_static", "_templates", "extensions", "tools",
                "diagrams", "courses")
# The user's five posts: slug -> (title, date as the handbook shows it).
SEEDS = {
    "what-is-lead-generation-in-sales": ("What Is Lead Generation in Sales?", "8 May 2025"),
    "is-lead-generation-a-skill": ("Is Lead Generation A Skill?", "6 July 2024"),
    "what-are-lead-generation-skills": ("What Are Lead Generation Skills?", "3 April 2025"),
    "what-is-a-lead-generation-job": ("What Is A Lead Generation Job?", "8 May 2025"),
    "what-does-a-lead-generation-specialist-do": ("What Does A Lead Generation Specialist Do?", "8 May 2025"),
}


def require(*tools: str, mmdc: bool = False, why: str = "run tools/setup-system.sh test") -> None:
    """Skip a test whose tools are missing here; in CI (``CI`` set) fail instead: CI installs them.

    ``tools``: commands on PATH; ``mmdc``: mermaid-cli in node_modules as well.
    """
    missing = [t for t in tools if shutil.which(t) is None]
    if mmdc and not (REPO / "node_modules" / ".bin" / "mmdc").exists():
        missing.append("mmdc (npm ci)")
    require_that(not missing, f"missing: {', '.join(missing)}; {why}")


def require_that(present: bool, what: str) -> None:
    """The same for anything else a test needs (a browser harness, an output folder)."""
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"in CI: {what}")
    pytest.skip(what)


def wait_for(condition, seconds: float = 120, process: subprocess.Popen | None = None, log=None, step: float = 0.3):
    """``condition()``'s first true value within ``seconds``; fails at once, with its last words, if ``process`` died.

    ``log``: the open file ``process`` writes to (read back for the message).
    """
    import time

    def said() -> str:
        if log is None:
            return ""
        log.seek(0)
        return "\nit said:\n" + "\n".join(log.read().splitlines()[-30:])

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the process stopped (exit status {process.returncode}){said()}")
        try:
            value = condition()
        except OSError:
            value = None
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"not within {seconds} s{said()}")


def output_files(outdir: Path, suffix: str | None = None, digests: bool = False) -> dict[str, bytes | str]:
    """Every file below ``outdir`` (relative path -> bytes, or their sha256), sorted; ``suffix`` to pick some."""
    return {
        str(p.relative_to(outdir)): hashlib.sha256(p.read_bytes()).hexdigest() if digests else p.read_bytes()
        for p in sorted(outdir.rglob("*"))
        if p.is_file() and not p.is_symlink() and (suffix is None or p.suffix == suffix)
    }


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


# A post in accented Latin, Japanese and emoji: every script the PDF's fonts must print.
WORLD_POST = """---
title: "Vertrieb auf Japanisch: 営業 für Anfänger 🚀"
date: 2025-06-01
tags:
  - post
  - 営業
  - Übersicht
  - 🚀 launch
---

Ein Überblick über 営業 (eigyō, Vertrieb) mit Umlauten: ä ö ü ß, and a rocket 🚀.
"""


# Self-checks a writer adds to a post (the user's posts have none; posts/ holds them unchanged).
SELF_CHECKS = {
    "what-is-lead-generation-in-sales": """
```{quiz}
:question: Which step of lead generation builds a relationship with a lead through useful content and timely communication?
:explanation: Lead nurturing guides a lead through the buying journey until it is ready to buy; qualification only decides whether the lead fits the buyer persona.

- [ ] Lead identification
- [ ] Prospect qualification
- [x] Lead nurturing
- [ ] Lead conversion
```
""",
    "is-lead-generation-a-skill": """
```{quiz}
:question: Which of these does the post count among the key competencies of lead generation?
:explanation: Research, communication, digital marketing and alignment with sales are the competencies the post names; luck and guesswork are what expertise replaces.

- [x] Research skills: knowing where and how to find potential leads
- [x] Communication skills: clear, persuasive messaging
- [ ] Luck and guesswork
- [x] Sales alignment: making sure leads are followed up
```
""",
}


def add_self_checks(project: Path) -> Path:
    """The copied project's two posts with a self-check each, at their end, as a writer adds them."""
    for slug, quiz in SELF_CHECKS.items():
        post_file = project / "posts" / f"{slug}.md"
        post_file.write_text(post_file.read_text(encoding="utf-8") + quiz, encoding="utf-8")
    return project


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


def main_text(soup: BeautifulSoup) -> str:
    return " ".join(soup.select_one("article").get_text(" ").split())


# ---- a small corpus that incremental and live-preview tests edit ---------------------------------
def write_corpus(project: Path) -> None:
    (project / "chapters" / "seo.md").write_text("# SEO\n\n```{chapter-posts}\n:tags: seo\n```\n")
    (project / "chapters" / "ads.md").write_text("# Ads\n\n```{chapter-posts}\n:tags: ads\n```\n")
    (project / "index.md").write_text("# Test handbook\n\n```{newest-posts}\n```\n\n```{toctree}\n:hidden:\n\n"
                                      "chapters/seo\nchapters/ads\nchapters/all\ntags\n```\n")
    for i in range(36):
        tags = ["post", ("seo", "ads", "email")[i % 3], f"topic {i % 5}"]
        (project / "posts" / f"p{i:02}.md").write_text(post(f"Post {i}", f"2025-01-{i % 28 + 1:02}", tags,
                                                            f"Body {i}.\n\n## Part\n\nMore words {i}."))


def edit_corpus(project: Path) -> None:
    """The issue's edits: retag one post, retitle one, delete one, add one."""
    (project / "posts" / "p01.md").write_text(post("Post 1", "2025-01-02", ["post", "seo", "moved"]))
    (project / "posts" / "p02.md").write_text(post("Post 2, retitled", "2025-01-03", ["post", "email"]))
    (project / "posts" / "p03.md").unlink()
    (project / "posts" / "p99.md").write_text(post("A new post", "2025-02-01", ["post", "ads", "topic 1"]))
