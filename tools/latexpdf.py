"""The PDF from Sphinx's LaTeX, made and then checked: never reported good when it is not.

    python tools/latexpdf.py build [--latex DIR] [--out DIR] [SPHINX_ARGS...]   # ./dev -e latexpdf
                                                       # (-t trainer: the trainer's edition, in _build/latex-trainer)
    python tools/latexpdf.py make LATEX_DIR JOBNAME [TEX_FILE]                   # latexmk on one document

``build`` runs ``sphinx-build -b latex`` into ``--latex`` (``_build/latex``), then latexmk
as Read the Docs runs it, then reads the log of the last LuaLaTeX pass. A character that
no font had, a font that could not be loaded, a reference left unresolved or a TeX error
fails the command (exit status 1) with a message naming what was lost, even though
latexmk, run with ``-f`` as Read the Docs runs it, wrote a PDF. With ``--out`` the PDF is
copied there as the only file (Read the Docs' ``pdf`` folder).

LuaLaTeX keeps a cache of every font it loaded (luaotfload's). Two runs that cache the
same font for the first time at once can leave a corrupt copy that every later run on
that machine then reads (the bold face lost, the headings gone). So the handbook's runs
use their own cache (``HANDBOOK_TEX_CACHE``, default ``~/.cache/leadgen-handbook/luatex``),
filled by one run that loads every font the book uses, under a lock, before any
document is made; the runs after it only read it.
"""

from __future__ import annotations

import fcntl
import hashlib
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

FONTS_STY = "handbook-fonts.sty"
PDF_NAME = "leadgen-handbook"

# ---- reading a LuaLaTeX log ---------------------------------------------------------------
_MISSING = re.compile(r"^Missing character: There is no (.+?) \(U\+([0-9A-F]+)\) in font (.+?)!$"
                      r"|^Missing character: There is no (.+?) in font (.+?)!$", re.MULTILINE)
_FONT_NOT_FOUND = re.compile(r'The font "([^"]+)" cannot be found', re.MULTILINE)
_TEX_ERROR = re.compile(r"^! (.+)$", re.MULTILINE)
_LUA_ERROR = re.compile(r"^(?:\[\\directlua\]|\.\.\.[^\n]*?\.lua|[^\n ]*luaotfload[^\n]*?):\d+: (.+)$", re.MULTILINE)
_UNDEFINED = re.compile(r"^(?:LaTeX|pdfTeX|Package \w+) Warning: (?:Hyper )?[Rr]eference `([^']*)' on page \d+ "
                        r"undefined", re.MULTILINE)
_WRITTEN = re.compile(r"^Output written on .+? \((\d+) pages?", re.MULTILINE)


def lost_characters(log: str) -> dict[str, list[str]]:
    """Font (its name) -> the characters no font had, in the order LuaLaTeX met them."""
    lost: dict[str, list[str]] = {}
    for match in _MISSING.finditer(log):
        char, font = (match[1], match[3]) if match[1] is not None else (match[4], match[5])
        lost.setdefault(font.split(":", 1)[0].strip() or font, []).append(char)
    return lost


def log_problems(log: str, where: Callable[[str], str] = lambda char: "") -> list[str]:
    """What a LuaLaTeX log says was lost or went wrong, one line each; [] for a whole PDF.

    ``where(char)``: where a lost character is written (``posts/x.md:12``), or "".
    """
    problems: list[str] = []
    for font, chars in sorted(lost_characters(log).items()):
        distinct = list(dict.fromkeys(chars))
        shown = [f"U+{ord(c):04X} {c!r}" + (f" ({where(c)})" if len(c) == 1 and where(c) else "")
                 if len(c) == 1 else repr(c) for c in distinct[:8]]
        problems.append(f"{len(chars)} character(s) lost, no font has them (font {font}): "
                        + ", ".join(shown) + (" ..." if len(distinct) > 8 else ""))
    for font in dict.fromkeys(_FONT_NOT_FOUND.findall(log)):
        problems.append(f"the font {font!r} cannot be loaded: its text is lost")
    for error in dict.fromkeys(m.strip() for m in _TEX_ERROR.findall(log)):
        if "cannot be found" not in error:
            problems.append(f"LaTeX error: {error[:200]}")
    for error in dict.fromkeys(m.strip() for m in _LUA_ERROR.findall(log)):
        problems.append(f"Lua error in the font loader: {error[:200]}")
    undefined = list(dict.fromkeys(_UNDEFINED.findall(log)))
    if undefined:
        problems.append(f"{len(undefined)} reference(s) left unresolved (printed as '??'): "
                        + ", ".join(undefined[:5]) + (" ..." if len(undefined) > 5 else ""))
    if not _WRITTEN.search(log):
        problems.append("LuaLaTeX wrote no PDF")
    return problems


def finder(project: Path) -> Callable[[str], str]:
    """``where(char)`` for :func:`log_problems`: the first Markdown file and line of the project holding it."""
    files = sorted(p for p in project.rglob("*.md")
                   if not any(part.startswith((".", "_")) or part == "node_modules"
                              for part in p.relative_to(project).parts[:-1]))
    found: dict[str, str] = {}

    def where(char: str) -> str:
        if char not in found:
            found[char] = ""
            for path in files:
                for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
                    if char in line:
                        found[char] = f"{path.relative_to(project).as_posix()}:{number}"
                        break
                if found[char]:
                    break
        return found[char]

    return where


# ---- the font cache ------------------------------------------------------------------------
def cache_dir() -> Path:
    """Where the handbook's LuaLaTeX runs keep their font cache (TEXMFCACHE)."""
    configured = os.environ.get("HANDBOOK_TEX_CACHE")
    if configured:
        return Path(configured)
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "leadgen-handbook" / "luatex"


def tex_env() -> dict[str, str]:
    env = dict(os.environ)
    env["TEXMFCACHE"] = str(cache_dir())
    env["max_print_line"] = "10000"  # log lines unwrapped: a lost character or error on one line
    return env


# Every face the book's text can use (Sphinx's LaTeX: serif body, sans headings, mono code;
# bold, italic, both), and the fallback fonts for CJK and emoji at once.
_WARM_UP = r"""\documentclass{article}
\usepackage{handbook-fonts}
\begin{document}
Aa \textbf{Aa} \textit{Aa} \textbf{\textit{Aa}} \textsc{Aa}
\textsf{Aa \textbf{Aa} \textit{Aa} \textbf{\textit{Aa}}}
\texttt{Aa \textbf{Aa} \textit{Aa} \textbf{\textit{Aa}}}
営業 \textbf{営業} \textsf{営業} 🚀
\end{document}
"""


@contextmanager
def _locked(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if we are killed
        yield


def _stamp(fonts_sty: Path) -> str:
    version = subprocess.run(["lualatex", "--version"], capture_output=True, text=True).stdout.split("\n", 1)[0]
    return hashlib.sha256(fonts_sty.read_bytes() + version.encode()).hexdigest()


def fill_font_cache(fonts_sty: Path) -> list[str]:
    """Load every font the book uses once, alone, so that later runs (in parallel too) only read the cache.

    Returns the problems of that run ([] when the fonts load); a failed fill leaves no cache behind.
    """
    cache = cache_dir()
    stamp_file = cache / "handbook-fonts.stamp"
    with _locked(cache.parent / f"{cache.name}.lock"):
        stamp = _stamp(fonts_sty)
        if stamp_file.is_file() and stamp_file.read_text() == stamp:
            return []
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copyfile(fonts_sty, Path(tmp) / FONTS_STY)
            (Path(tmp) / "warm.tex").write_text(_WARM_UP, encoding="utf-8")
            subprocess.run(["lualatex", "-interaction=nonstopmode", "warm.tex"], cwd=tmp, env=tex_env(),
                           capture_output=True)
            log = (Path(tmp) / "warm.log").read_text(encoding="utf-8", errors="replace") \
                if (Path(tmp) / "warm.log").is_file() else ""
        problems = log_problems(log)
        if problems:
            shutil.rmtree(cache, ignore_errors=True)
            return problems
        stamp_file.write_text(stamp)
        return []


# ---- making a PDF ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Made:
    pdf: Path
    problems: list[str]
    pages: int

    @property
    def ok(self) -> bool:
        return not self.problems


def latexmk_command(jobname: str, tex: str | None = None, force: bool = False) -> list[str]:
    """latexmk exactly as Read the Docs runs it (readthedocs doc_builder/backends/sphinx.py).

    ``force`` (``-g``): run LuaLaTeX even when latexmk finds its sources unchanged; after a
    failed run it would otherwise keep the broken PDF ("All targets are up-to-date").
    """
    return ["latexmk", "-r", "latexmkrc", "-pdf", "-f", "-dvi-", "-ps-", *(["-g"] if force else []),
            f"-jobname={jobname}", "-interaction=nonstopmode", *([tex] if tex else [])]


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""


def make(latex_dir: Path, jobname: str, tex: str | None = None, project: Path | None = None) -> Made:
    """latexmk on one document of ``latex_dir``, then its log read: what was lost, if anything.

    ``project``: the source folder, to say which post holds a character that was lost.
    """
    pdf = latex_dir / f"{jobname}.pdf"
    fonts_sty = latex_dir / FONTS_STY
    if fonts_sty.is_file():
        problems = fill_font_cache(fonts_sty)
        if problems:
            return Made(pdf, ["the fonts cannot be loaded: " + p for p in problems], 0)
    log_file = latex_dir / f"{jobname}.log"
    # An up-to-date PDF is taken as it is only when its last run left a clean log.
    force = not pdf.is_file() or bool(log_problems(_read(log_file)))
    run = subprocess.run(latexmk_command(jobname, tex, force), cwd=latex_dir, env=tex_env(), capture_output=True)
    (latex_dir / f"{jobname}.latexmk.log").write_bytes(run.stdout + run.stderr)
    log = _read(log_file)
    problems = log_problems(log, finder(project) if project is not None else lambda char: "")
    if not pdf.is_file():
        problems.append("no PDF was made")
    if _FONT_NOT_FOUND.search(log) or _LUA_ERROR.search(log):
        # Most likely a broken cached font: the next run makes the cache anew.
        shutil.rmtree(cache_dir(), ignore_errors=True)
        problems.append(f"the font cache ({cache_dir()}) was removed; build again to make it anew")
    written = _WRITTEN.findall(log)
    return Made(pdf, list(dict.fromkeys(problems)), int(written[-1]) if written else 0)


def report(made: Made, name: str | None = None) -> None:
    """One line when the PDF is whole; else each problem, and where the log is, on stderr."""
    shown = name or str(made.pdf)
    if made.ok:
        print(f"{shown}: {made.pages} pages")
        return
    print(f"{shown}: the PDF is not whole:", file=sys.stderr)
    for problem in made.problems:
        print(f"  - {problem}", file=sys.stderr)
    print(f"  (LuaLaTeX's log: {made.pdf.with_suffix('.log')})", file=sys.stderr)


def trainer_edition(argv: list[str]) -> bool:
    """Whether sphinx-build's arguments ask for the trainer's edition (``-t trainer``)."""
    return any(pair == ("-t", "trainer") for pair in itertools.pairwise(argv)) or "-ttrainer" in argv


def build(argv: list[str]) -> int:
    # The trainer's edition (the self-checks' answers printed) goes elsewhere, never next to
    # the trainee's PDF.
    latex, out = Path("_build/latex-trainer" if trainer_edition(argv) else "_build/latex"), None
    while argv[:1] in (["--latex"], ["--out"]):
        if argv[0] == "--latex":
            latex = Path(argv[1])
        else:
            out = Path(argv[1])
        argv = argv[2:]
    sphinx = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-j", "auto", "-b", "latex",
                             "-d", "_build/doctrees", *argv, ".", str(latex)])
    if sphinx.returncode != 0:
        return sphinx.returncode
    made = make(latex, PDF_NAME, project=Path.cwd())
    report(made)
    if made.ok and out is not None:
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        shutil.copyfile(made.pdf, out / made.pdf.name)
    return 0 if made.ok else 1


def main(argv: list[str]) -> int:
    if argv[:1] == ["build"]:
        return build(argv[1:])
    if argv[:1] == ["make"] and len(argv) in (3, 4):
        made = make(Path(argv[1]), argv[2], argv[3] if len(argv) == 4 else None)
        report(made)
        return 0 if made.ok else 1
    print(__doc__.split("\n\n")[1], file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
