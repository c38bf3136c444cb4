"""Chapter handouts as PDFs: latexmk on each handout-*.tex of a ``-t handouts`` LaTeX build.

    python tools/handouts.py LATEX_DIR OUT_DIR

Runs latexmk (as Read the Docs runs it for the book) on every ``handout-<chapter>.tex``
in LATEX_DIR, two at a time, and copies each PDF to ``OUT_DIR/<chapter>.pdf``. Exit
status 1, naming the chapter and its log, when a handout could not be made.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def make(tex: Path) -> tuple[Path, bool]:
    job = tex.stem
    subprocess.run(["latexmk", "-r", "latexmkrc", "-pdf", "-f", "-dvi-", "-ps-", f"-jobname={job}",
                    "-interaction=nonstopmode", tex.name], cwd=tex.parent, capture_output=True)
    return tex, tex.with_suffix(".pdf").is_file()


def main(argv: list[str]) -> int:
    latex_dir, out_dir = Path(argv[0]), Path(argv[1])
    texs = sorted(latex_dir.glob("handout-*.tex"))
    if not texs:
        print(f"no handout-*.tex in {latex_dir}: run sphinx-build -b latex -t handouts first", file=sys.stderr)
        return 1
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.pdf"):
        old.unlink()  # a chapter that went has no handout left behind
    failed = []
    with ThreadPoolExecutor(max_workers=2) as pool:
        for tex, made in pool.map(make, texs):
            if made:
                shutil.copyfile(tex.with_suffix(".pdf"), out_dir / f"{tex.stem.removeprefix('handout-')}.pdf")
            else:
                failed.append(f"{tex.stem}: no PDF, see {tex.with_suffix('.log')}")
    for line in failed:
        print(line, file=sys.stderr)
    print(f"{len(texs) - len(failed)} handouts in {out_dir}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
