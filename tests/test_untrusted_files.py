"""Nothing outside the project is read: links, special files, clashing names, limits (issue 26).

A build whose environment holds a marker, with posts that link to ``/proc/self/environ``,
``/etc/passwd``, ``/dev/zero``, a FIFO, a folder link to ``/etc``, and an ``authors.yml``,
``tags.yml`` and kept diagram that link outside: the marker is in no output file, doctree
or saved environment of the HTML, EPUB and LaTeX builds, nor in ``./dev check``'s output;
every such file is named in one warning, and the build does not hang.
"""

from __future__ import annotations

import os
import re
import sys
import time
import unicodedata
from pathlib import Path

import pytest
from handbook.core import files
from handbook.core.options import HandbookConfig
from handbook.core.post import foreign_syntax, prepare, within_limit
from handbook.core.rules import image_references
from helpers import REPO, copy_project, post, run_sphinx

MARKER = "HANDBOOK_TEST_SECRET_7c1e0d"


def hostile_project(root: Path) -> Path:
    project = copy_project(root / "project", "basic")
    posts = project / "posts"
    posts.mkdir()
    (posts / "good.md").write_text(post("Good", tags=["post", "seo"], body="Plain text."))
    (root / "outside.md").write_text(post("Outside", body=f"The marker {MARKER}."))
    (root / "authors.yml").write_text(f"jane:\n  name: {MARKER}\n")
    (root / "tags.yml").write_text(f"seo:\n  label: {MARKER}\n")
    (root / "site.yml").write_text(f"title: Blog\nauthor: {MARKER}\n")  # a blog's configuration (core/engines.py)
    for name, target in {"environ.md": "/proc/self/environ", "passwd.md": "/etc/passwd", "zero.md": "/dev/zero",
                         "outside.md": "../../outside.md", "authors.yml": "../../authors.yml",
                         "_config.yml": "../../site.yml", "leak.txt": "/proc/self/environ"}.items():
        (posts / name).symlink_to(target)
    (project / "tags.yml").symlink_to("../tags.yml")
    (posts / "etc").symlink_to("/etc")
    (posts / "loop").symlink_to(".")
    os.mkfifo(posts / "fifo.md")
    os.mkfifo(posts / "notes.txt")  # not a post's suffix, but looked at for posts that are not read
    (project / "diagrams").mkdir()
    return project


EXPECTED = {"posts/environ.md", "posts/passwd.md", "posts/zero.md", "posts/outside.md", "posts/authors.yml",
            "tags.yml", "posts/etc", "posts/loop", "posts/fifo.md", "posts/_config.yml", "posts/leak.txt",
            "posts/notes.txt"}


@pytest.mark.slow  # several builds (twice, or -j 2 against -j 1): ./dev test, not the fast tier
@pytest.mark.parametrize("builder", ["html", "epub", "latex"])
def test_a_marker_in_the_environment_reaches_no_output(tmp_path, builder):
    project = hostile_project(tmp_path)
    out, doctrees = tmp_path / "out", tmp_path / "doctrees"
    started = time.monotonic()
    result = run_sphinx(project, out, builder, "-j", "2", env={"HANDBOOK_TEST_SECRET": MARKER}, doctrees=doctrees,
                        timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    assert time.monotonic() - started < 200  # a FIFO or /dev/zero read would never end
    leaked = [str(p) for folder in (out, doctrees) for p in folder.rglob("*")
              if p.is_file() and MARKER.encode() in p.read_bytes()]
    assert leaked == []
    named = set(re.findall(rf"{re.escape(str(project))}/(\S+): WARNING: .*\[handbook\.file\]", result.stderr))
    assert named == EXPECTED, result.stderr
    assert MARKER not in result.stderr + result.stdout
    if builder == "html":
        assert (out / "posts" / "good.html").is_file()
        assert sorted(p.name for p in (out / "posts").glob("*.html")) == ["good.html"]


def test_check_names_the_same_files_and_never_prints_the_marker(tmp_path):
    import subprocess

    project = hostile_project(tmp_path)
    env = {**os.environ, "HANDBOOK_TEST_SECRET": MARKER, "PYTHONPATH": str(REPO / "extensions"), "NO_COLOR": "1"}
    result = subprocess.run([sys.executable, "-m", "handbook.commands", "--project", str(project), "check"],
                            capture_output=True, text=True, timeout=120, env=env)
    assert MARKER not in result.stdout + result.stderr
    named = set(re.findall(r"^(\S+): WARNING: .*\[handbook\.file\]$", result.stdout, flags=re.MULTILINE))
    assert named == EXPECTED, result.stdout
    assert result.returncode == 1


# ---- pure: which files may be read, which names clash ------------------------------------------------
def test_refusal_says_why(tmp_path):
    (tmp_path / "a.md").write_text("x")
    (tmp_path / "inside.md").symlink_to("a.md")
    (tmp_path / "out.md").symlink_to("/etc/hostname")
    os.mkfifo(tmp_path / "pipe")
    assert files.refusal(tmp_path, "a.md") is None and files.refusal(tmp_path, "inside.md") is None
    assert files.refusal(tmp_path, "out.md") == "a link to /etc/hostname (outside the project)"
    assert files.refusal(tmp_path, "pipe") == "a FIFO (named pipe)"
    assert files.refusal(tmp_path, "../x") == "outside the project"
    assert files.refusal(tmp_path, "/dev/null") == "outside the project"
    assert files.readable(tmp_path, "inside.md") and not files.readable(tmp_path, "pipe")


def test_names_that_clash_by_case_or_normalisation():
    nfc, nfd = unicodedata.normalize("NFC", "posts/Café.md"), unicodedata.normalize("NFD", "posts/Café.md")
    found = files.clashes([nfc, nfd, "posts/Same-Name.md", "posts/same-name.md", "posts/other.md"])
    assert found == (files.Clash(nfc, nfd, True), files.Clash("posts/Same-Name.md", "posts/same-name.md", False))
    assert files.clashes(["posts/x.md", nfd]) == (files.Clash("", nfd, True),)  # Sphinx reads no such file


def test_nfc_and_nfd_names_one_post_built_and_both_named(make_app, tmp_path):
    from helpers import Handbook

    hb = Handbook(make_app, copy_project(tmp_path / "src", "basic"))
    nfc, nfd = unicodedata.normalize("NFC", "Café"), unicodedata.normalize("NFD", "Café")
    hb.write(f"posts/{nfc}.md", post("Written as NFC"))
    hb.write(f"posts/{nfd}.md", post("Written as NFD"))
    hb.build()
    (warning,) = [line for line in hb.warning_lines() if "[handbook.name]" in line]
    assert "(NFC)" in warning and "(NFD)" in warning and "only the NFC one" in warning
    assert hb.html(f"posts/{nfc}").select_one("article h1").get_text().rstrip("¶") == "Written as NFC"
    hb.remove(f"posts/{nfc}.md")
    hb.build()
    (warning,) = [line for line in hb.warning_lines() if "[handbook.name]" in line]
    assert "written in NFD" in warning and "rename it" in warning


def test_the_exclusions_match_only_the_refused_path(tmp_path):
    from sphinx.util.matching import Matcher

    for name in ("a[1]*?.md", "b.md"):
        assert Matcher([files.glob_escaped(name)])(name)
    assert not Matcher([files.glob_escaped("a[1]*?.md")])("a1xy.md")


# ---- limits --------------------------------------------------------------------------------------------
def test_a_post_over_the_limit_is_cut_at_a_line_end_with_a_note():
    text = "---\ntitle: Long\n---\n\n" + "A line of words.\n" * 20_000
    kept, why = within_limit(text, 200_000)
    assert len(kept) < 200_400 and kept.endswith("(handbook_max_post_chars).*\n") and "340,0" in why
    assert prepare(text, "posts/long", HandbookConfig(), "/tmp").too_large == why
    assert within_limit("short", 200_000) == ("short", "")


@pytest.mark.parametrize("unit", ["{% a", "{{< a", "![", "{: ", "{% highlight", "<A ", "[", "{/*", "<!--"])
def test_the_handbooks_own_readers_take_linear_time_on_a_hostile_line(unit):
    """Each of these took minutes on a 200,000-character line before (regexes that backtrack)."""
    line = unit * (200_000 // len(unit))
    text = "---\ntitle: x\n---\n\n" + line + "\n"
    started = time.monotonic()
    post_ = prepare(text, "posts/x", HandbookConfig(), "/tmp")
    foreign_syntax(post_.text)
    image_references(post_)
    assert time.monotonic() - started < 5
