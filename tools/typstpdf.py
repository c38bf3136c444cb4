"""The training PDF and the chapter handouts through Typst, made and checked: never reported good when not whole.

    python tools/typstpdf.py build [--out DIR] [--handouts DIR] [--work DIR] [--book | --handouts-only] [SPHINX_ARGS...]

``build`` runs ``sphinx-build -b typst`` once for the book and every chapter handout
(``extensions/handbook/typst/``: one read of the documents, the PDFs compiled by the
``typst`` package, as PDF/UA-1, two or more at a time), into ``--work``
(``_build/typst``), then reads ``report.json`` there. A character no font has (with the
post and line holding it), a compile error, a Typst warning or a link that leads
nowhere fails the command (exit status 1) with a message naming it. A whole book is
copied to ``--out`` as the only file there (``_build/pdf``; Read the Docs' ``pdf``
folder), each whole handout to ``--handouts`` as ``<chapter>.pdf`` or ``courses/<course>.pdf``
(``_build/handouts/html/handouts``; Read the Docs: ``html/handouts``, where the chapter
pages link them). A PDF that is not whole is not copied.

``./dev pdf`` and ``./dev handouts`` run it; extra arguments go to sphinx-build
(``-t duplex``: chapters open on right-hand pages). ``-t trainer`` makes the trainer's
edition (the self-checks' answers printed) into ``_build/typst-trainer``, ``_build/pdf-trainer``
and ``_build/handouts-trainer/handouts`` instead, so that the website never publishes it.
"""

from __future__ import annotations

import itertools
import json
import shutil
import subprocess
import sys
from pathlib import Path

PDF_NAME = "leadgen-handbook"
USAGE = __doc__.split("\n\n")[1]


def run_sphinx(work: Path, outputs: str, args: list[str]) -> int:
    doctrees = "_build/doctrees-trainer" if trainer_edition(args) else "_build/doctrees"
    command = [sys.executable, "-m", "sphinx", "-q", "-j", "auto", "-b", "typst", "-d", doctrees,
               "-D", f"typst_outputs={outputs}", *args, ".", str(work)]
    return subprocess.run(command).returncode


def read_report(work: Path) -> dict:
    """Each PDF the builder made: its file, pages and problems (report.json's "pdfs")."""
    path = work / "report.json"
    return json.loads(path.read_text(encoding="utf-8")).get("pdfs", {}) if path.is_file() else {}


def publish(work: Path, report: dict, out: Path | None, handouts: Path | None) -> int:
    """Copy each whole PDF where it goes; print one line per PDF, or what it lost. Returns the exit status."""
    failed = 0
    if handouts is not None:
        handouts.mkdir(parents=True, exist_ok=True)
        for old in [*handouts.glob("*.pdf"), *handouts.glob("courses/*.pdf")]:
            old.unlink()  # a chapter that went, or a handout that is no longer whole, is not left behind
    for name, made in sorted(report.items(), key=lambda item: (item[0].startswith("handouts/"), item[0])):
        pdf = work / made["pdf"]
        problems = list(made["problems"]) + ([] if pdf.is_file() else ["no PDF was made"])
        if problems:
            failed += 1
            print(f"{made['pdf']}: the PDF is not whole:", file=sys.stderr)
            for problem in problems:
                print(f"  - {problem}", file=sys.stderr)
            continue
        print(f"{made['pdf']}: {made['pages']} pages ({made['seconds']} s)")
        if name.startswith("handouts/"):
            if handouts is not None:  # handouts/basics.pdf, handouts/courses/week-1.pdf
                target = handouts / made["pdf"].removeprefix("handouts/")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(pdf, target)
        elif out is not None:
            out.mkdir(parents=True, exist_ok=True)
            for old in out.glob("*.pdf"):
                old.unlink()  # the one PDF there (Read the Docs publishes exactly one)
            shutil.copyfile(pdf, out / pdf.name)
    return 1 if failed else 0


def trainer_edition(argv: list[str]) -> bool:
    """Whether sphinx-build's arguments ask for the trainer's edition (``-t trainer``)."""
    return any(pair == ("-t", "trainer") for pair in itertools.pairwise(argv)) or "-ttrainer" in argv


def build(argv: list[str]) -> int:
    work, out, handouts = Path("_build/typst"), Path("_build/pdf"), Path("_build/handouts/html/handouts")
    if trainer_edition(argv):  # never where conf.py finds the website's downloads
        work, out, handouts = Path("_build/typst-trainer"), Path("_build/pdf-trainer"), \
            Path("_build/handouts-trainer/handouts")
    outputs = "book,handouts"
    while argv[:1] in (["--out"], ["--handouts"], ["--work"], ["--book"], ["--handouts-only"]):
        option = argv.pop(0)
        if option == "--book":
            outputs, handouts = "book", None
        elif option == "--handouts-only":
            outputs, out = "handouts", None
        else:
            value = Path(argv.pop(0))
            work, out, handouts = (value if option == "--work" else work, value if option == "--out" else out,
                                   value if option == "--handouts" else handouts)
    (work / "report.json").unlink(missing_ok=True)  # this run's report, never an earlier one's
    status = run_sphinx(work, outputs, argv)
    if status != 0:
        return status
    report = read_report(work)
    if not report:
        print(f"no report.json in {work}: the Typst builder made nothing", file=sys.stderr)
        return 1
    return publish(work, report, out, handouts)


def main(argv: list[str]) -> int:
    if argv[:1] == ["build"]:
        return build(argv[1:])
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
