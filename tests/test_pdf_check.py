"""A PDF is never reported good when it is not (tools/latexpdf.py).

The log of the last LuaLaTeX pass is read: a lost character, a font that did not load,
an unresolved reference or a TeX error fails the command with a message naming it. The
font cache is filled once, under a lock, before any document is made, so two runs on a
new machine (empty caches) cannot corrupt it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from helpers import REPO, copy_project, require, run_sphinx

sys.path.insert(0, str(REPO / "tools"))
import latexpdf

# ---- reading the log (no TeX needed) ----------------------------------------------------------
CLEAN = """This is LuaHBTeX, Version 1.15.0 (TeX Live 2022/Debian)
(./leadgen-handbook.tex
LaTeX Warning: Float too large for page by 3.0pt on input line 12.
Output written on leadgen-handbook.pdf (13 pages, 120000 bytes).
"""


def test_a_clean_log_has_no_problems():
    assert latexpdf.log_problems(CLEAN) == []


def test_lost_characters_are_counted_by_font_and_named():
    log = CLEAN + (
        "Missing character: There is no 𒀀 (U+12000) in font FreeSerif:mode=base;script=latn;+tlig;!\n"
        "Missing character: There is no 𒀀 (U+12000) in font FreeSerif:mode=base;script=latn;+tlig;!\n"
        "Missing character: There is no W (U+0057) in font nullfont!\n")
    problems = latexpdf.log_problems(log, where=lambda c: "posts/x.md:4" if c == "𒀀" else "")
    assert problems == [
        "2 character(s) lost, no font has them (font FreeSerif): U+12000 '𒀀' (posts/x.md:4)",
        "1 character(s) lost, no font has them (font nullfont): U+0057 'W'",
    ]


def test_a_font_that_did_not_load_a_tex_error_and_a_lua_error_are_named():
    log = CLEAN + (
        '! Package fontspec Error: The font "FreeSerif/B" cannot be found.\n'
        "! Undefined control sequence.\n"
        "...xmf-dist/tex/luatex/luaotfload/fontloader-2022-10-03.lua:18214: bad argument #1 to 'for iterator'\n")
    problems = latexpdf.log_problems(log)
    assert "the font 'FreeSerif/B' cannot be loaded: its text is lost" in problems
    assert "LaTeX error: Undefined control sequence." in problems
    assert "Lua error in the font loader: bad argument #1 to 'for iterator'" in problems
    assert not [p for p in problems if "cannot be found" in p]  # said once, in words


def test_unresolved_references_and_a_missing_pdf():
    log = ("LaTeX Warning: Reference `posts/x:intro' on page 3 undefined on input line 40.\n"
           "LaTeX Warning: Hyper reference `index:tag-seo' on page 4 undefined on input line 41.\n")
    assert latexpdf.log_problems(log) == [
        "2 reference(s) left unresolved (printed as '??'): posts/x:intro, index:tag-seo",
        "LuaLaTeX wrote no PDF",
    ]


def test_where_finds_the_post_and_line_of_a_character(tmp_path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "a.md").write_text("---\ntitle: A\n---\n\nText 𓀀 here.\n", encoding="utf-8")
    (tmp_path / "_build").mkdir()
    (tmp_path / "_build" / "copy.md").write_text("𓀀 𒀀\n", encoding="utf-8")  # output is not a source
    where = latexpdf.finder(tmp_path)
    assert where("𓀀") == "posts/a.md:5"
    assert where("𒀀") == ""


# ---- real runs ---------------------------------------------------------------------------------
def empty_caches(tmp_path: Path) -> dict[str, str]:
    """A new machine's TeX: no formats, no font caches (TeX Live's and the handbook's)."""
    env = {}
    for name in ("TEXMFSYSVAR", "TEXMFVAR", "HANDBOOK_TEX_CACHE"):
        folder = tmp_path / "caches" / name.lower()
        folder.mkdir(parents=True)
        env[name] = str(folder)
    return env


def tool(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "tools" / "latexpdf.py"), *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, **env}, timeout=900)


def bold_fonts(pdf: Path) -> list[str]:
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    return [line.split()[0] for line in fonts.splitlines()[2:] if "Bold" in line.split()[0]]


@pytest.fixture(scope="module")
def latex_sources(tmp_path_factory) -> Path:
    """The seeds' book and handouts as LaTeX, made once."""
    require("latexmk", "lualatex", "pdffonts")
    project = copy_project(tmp_path_factory.mktemp("pdfcheck") / "project", "repo")
    for out, tags in (("book", ()), ("handouts", ("-t", "handouts"))):
        result = run_sphinx(project, project / "_build" / out, "latex", *tags, doctrees=project / "_build" / f"dt-{out}")
        assert result.returncode == 0, result.stderr
    return project


@pytest.mark.slow
@pytest.mark.latex
def test_two_pdfs_at_once_on_a_new_machine_keep_every_glyph(latex_sources, tmp_path):
    env = empty_caches(tmp_path)
    book, handouts = latex_sources / "_build" / "book", latex_sources / "_build" / "handouts"
    jobs = [("make", str(book), "leadgen-handbook"), ("make", str(handouts), "handout-basics", "handout-basics.tex")]
    with ThreadPoolExecutor(max_workers=2) as pool:  # two processes, started together, one empty cache
        results = list(pool.map(lambda job: tool(*job, cwd=latex_sources, env=env), jobs))
    for result in results:
        assert result.returncode == 0, result.stdout + result.stderr
    for pdf in (book / "leadgen-handbook.pdf", handouts / "handout-basics.pdf"):
        log = pdf.with_suffix(".log").read_text(encoding="utf-8", errors="replace")
        assert latexpdf.log_problems(log) == [], pdf
        assert {"FreeSerifBold", "FreeSansBold"} <= {f.split("+")[-1] for f in bold_fonts(pdf)}  # lead-ins, headings
    assert (Path(env["HANDBOOK_TEX_CACHE"]) / "handbook-fonts.stamp").is_file()


@pytest.mark.slow
@pytest.mark.latex
def test_a_lost_character_fails_the_build_naming_the_post(tmp_path):
    require("latexmk", "lualatex")
    project = copy_project(tmp_path / "project", "repo")
    (project / "posts" / "cuneiform.md").write_text(
        "---\ntitle: Writing on clay\ndate: 2025-01-01\ntags: [history]\n---\n\nThe sign 𒀀 is lost in print.\n",
        encoding="utf-8")
    result = tool("build", cwd=project, env={})
    assert result.returncode == 1
    assert "the PDF is not whole" in result.stderr
    assert "U+12000 '𒀀' (posts/cuneiform.md:7)" in result.stderr
    assert "pages" not in result.stdout  # no success line


@pytest.mark.slow
@pytest.mark.latex
def test_a_broken_font_cache_fails_the_pdf_and_is_made_anew(latex_sources, tmp_path):
    env = empty_caches(tmp_path)
    book = latex_sources / "_build" / "book"
    assert tool("make", str(book), "leadgen-handbook", cwd=latex_sources, env=env).returncode == 0
    # Break the cached bold face the way a half-written cache file does: it loads, but holds no glyphs.
    cached = next(Path(env["HANDBOOK_TEX_CACHE"]).rglob("freeserifbold.lua"))
    cached.write_text(cached.read_text(encoding="utf-8").replace('["descriptions"]={', '["descriptions"]=false,'
                                                                 '["broken"]={', 1), encoding="utf-8")
    subprocess.run(["texluac", "-o", str(cached.with_suffix(".luc")), str(cached)], check=True)
    (book / "leadgen-handbook.pdf").unlink()
    broken = tool("make", str(book), "leadgen-handbook", cwd=latex_sources, env=env)
    assert broken.returncode == 1
    assert "the font 'FreeSerif/B' cannot be loaded" in broken.stderr
    assert "character(s) lost" in broken.stderr
    assert not Path(env["HANDBOOK_TEX_CACHE"]).exists()  # removed: the next run makes it anew
    again = tool("make", str(book), "leadgen-handbook", cwd=latex_sources, env=env)
    assert again.returncode == 0, again.stderr
    assert "FreeSerifBold" in {f.split("+")[-1] for f in bold_fonts(book / "leadgen-handbook.pdf")}
