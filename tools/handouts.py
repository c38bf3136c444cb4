"""Chapter and course handouts as PDFs: latexmk on each handout of a ``-t handouts`` LaTeX build.

    python tools/handouts.py build [--out OUT_DIR] [SPHINX_ARGS...]   # both steps (./dev -e latexhandouts)
    python tools/handouts.py LATEX_DIR OUT_DIR
    python tools/handouts.py --fits        # exit 0 when this handbook makes handouts

Runs latexmk (as Read the Docs runs it for the book) on every ``handout-<chapter>.tex``
and ``course-<course>.tex`` in LATEX_DIR, two at a time, reads each log (``latexpdf.py``:
lost characters, fonts that did not load, unresolved references, TeX errors) and copies
each whole PDF to ``OUT_DIR/<chapter>.pdf`` or ``OUT_DIR/courses/<course>.pdf``. Exit
status 1, naming the handout and what it lost, when a handout is not whole; it is then
not published.

``build -t trainer`` makes the trainer's edition (the self-checks' answers printed) into
``_build/handouts-trainer/`` instead, so that the website never publishes it.

``--fits`` (run in the project folder) says whether the handbook makes handouts at all:
not when it has more posts than ``handbook_print_max_posts`` (see
``extensions/handbook/handouts.py``). ``build`` asks that first, then runs the LaTeX build
(``sphinx-build -b latex -t handouts``, into ``_build/handouts/latex``) and latexmk on each
handout; ``./dev -e latexhandouts`` runs it (``./dev handouts`` and Read the Docs make the
handouts through Typst: ``tools/typstpdf.py``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import latexpdf


def make(tex: Path) -> latexpdf.Made:
    return latexpdf.make(tex.parent, tex.stem, tex.name, project=Path.cwd())


def fits(project: Path) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "extensions"))
    from handbook.commands.project import open_project
    from handbook.core.listing import handouts_made

    found = open_project(project)
    count, most = len(found.posts), found.config.print_max_posts
    if handouts_made(count, most):
        return 0
    print(f"no chapter handouts: {count} posts, more than handbook_print_max_posts ({most}); "
          "the PDF's chapters are the pieces to print")
    return 1


def build(argv: list[str]) -> int:
    trainer = latexpdf.trainer_edition(argv)
    base = Path("_build/handouts-trainer" if trainer else "_build/handouts")
    out = base / "handouts" if trainer else base / "html" / "handouts"
    if argv[:1] == ["--out"]:
        out, argv = Path(argv[1]), argv[2:]
    if fits(Path.cwd()) != 0:
        return 0  # nothing to make, and nothing wrong
    latex = base / "latex"
    for old in [*latex.glob("handout-*.tex"), *latex.glob("course-*.tex")]:
        old.unlink()  # Sphinx leaves the .tex of a chapter that went: it would get a handout
    made = subprocess.run([sys.executable, "-m", "sphinx", "-q", "-j", "auto", "-b", "latex", "-t", "handouts",
                           "-d", "_build/doctrees-handouts", *argv, ".", str(latex)])
    return made.returncode or main([str(latex), str(out)])


def published_name(tex: Path) -> str:
    """``handout-basics.tex`` -> ``basics.pdf``; ``course-week-1.tex`` -> ``courses/week-1.pdf``."""
    if tex.stem.startswith("course-"):
        return f"courses/{tex.stem.removeprefix('course-')}.pdf"
    return f"{tex.stem.removeprefix('handout-')}.pdf"


def main(argv: list[str]) -> int:
    if argv == ["--fits"]:
        return fits(Path.cwd())
    if argv[:1] == ["build"]:
        return build(argv[1:])
    latex_dir, out_dir = Path(argv[0]), Path(argv[1])
    texs = sorted([*latex_dir.glob("handout-*.tex"), *latex_dir.glob("course-*.tex")])
    if not texs:
        print(f"no handout-*.tex in {latex_dir}: run sphinx-build -b latex -t handouts first", file=sys.stderr)
        return 1
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "courses").mkdir(exist_ok=True)
    for old in [*out_dir.glob("*.pdf"), *(out_dir / "courses").glob("*.pdf")]:
        old.unlink()  # a chapter or course that went has no handout left behind
    fonts = latex_dir / latexpdf.FONTS_STY
    problems = latexpdf.fill_font_cache(fonts) if fonts.is_file() else []  # once, before two at a time
    if problems:
        print("the fonts cannot be loaded: " + "; ".join(problems), file=sys.stderr)
        return 1
    failed = 0
    with ThreadPoolExecutor(max_workers=2) as pool:
        for tex, made in zip(texs, pool.map(make, texs)):
            name = published_name(tex)
            latexpdf.report(made, f"handout {name}")
            if made.ok:
                shutil.copyfile(made.pdf, out_dir / name)
            else:
                failed += 1  # a handout that lost text is not published
    print(f"{len(texs) - failed} handouts in {out_dir}" + (f"; {failed} not made (above)" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
