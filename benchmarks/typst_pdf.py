"""The Typst PDF route in the benchmark: the book and every handout, and a Read the Docs-like build.

    python benchmarks/typst_pdf.py --posts 1000 [--rtd | --rtd-only] [--workdir DIR] [--json FILE]

``bench_typst``: ``sphinx-build -b typst -j 2 -D typst_outputs=book,handouts`` on a
generated corpus from scratch (reading included), its wall/CPU/peak memory, the book's
and the handouts' pages, and the builder's own timings (``report.json``: each pass,
the fronts and indexes, putting the PDFs together, compile seconds summed over parts).

``rtd_like``: what Read the Docs runs for this project, one after the other, sharing
``_build/doctrees`` (``sphinx -T -j auto -b html``, as ``.readthedocs.yaml``'s
``build.jobs.build.html`` runs it: Read the Docs' own command has no ``-j``; then
``tools/typstpdf.py build`` as ``build.jobs.build.pdf`` runs it, the book and every
handout; then ``sphinx -T -j auto -b epub`` as ``build.jobs.build.epub`` runs it), each step and the total. run.py calls both
(``--typst``, ``--rtd``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import generate

REPO = generate.REPO
# As on Read the Docs (feeds, sitemap), and every post printed, as the repo's conf.py says for Typst.
SITE = ["-D", "html_baseurl=https://handbook.example.org/en/latest/", "-D", "handbook_print_max_posts=0"]


def _report(folder: Path) -> dict:
    path = folder / "report.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {"pdfs": {}, "timings": {}}


def summary(report: dict) -> dict:
    pdfs = report.get("pdfs", {})
    book = [v for k, v in pdfs.items() if not k.startswith("handouts/")]
    handouts = [v for k, v in pdfs.items() if k.startswith("handouts/")]
    timings = report.get("timings", {})
    compiled = timings.get("pages compiled") or 0
    return {
        "book_pages": book[0]["pages"] if book else 0,
        "handouts": len(handouts),
        "handout_pages": sum(h["pages"] for h in handouts),
        "whole": all(not v["problems"] and v["pages"] for v in pdfs.values()) and bool(pdfs),
        "timings": timings,
        "ms_per_compiled_page": round(1000 * timings.get("compile seconds, summed over parts", 0) / compiled, 1)
        if compiled else None,
    }


def bench_typst(src: Path, build: Path, jobs: int = 2) -> dict:
    from run import median_of, run  # (run.py imports this module: its helpers are taken when called)

    shutil.rmtree(build, ignore_errors=True)
    measure = run([sys.executable, "-m", "sphinx", "-q", "-b", "typst", "-j", str(jobs), "-d", str(build / "doctrees"),
                   "-D", "typst_outputs=book,handouts", str(src), str(build / "typst")])
    result = {"typst": median_of([measure]), **summary(_report(build / "typst"))}
    print(f"  Typst PDF + handouts: {measure.wall:.1f} s wall, {measure.cpu:.1f} s CPU, {measure.rss:.0f} MiB; "
          f"book {result['book_pages']} pages, {result['handouts']} handouts of {result['handout_pages']} pages; "
          f"{result['timings']}", flush=True)
    return result


def rtd_like(src: Path, html_jobs: str = "auto") -> dict:
    """HTML, the Typst PDF and handouts, EPUB: as Read the Docs runs them, in the corpus folder."""
    from run import median_of, run

    for old in ("_build", "_readthedocs"):
        shutil.rmtree(src / old, ignore_errors=True)
    out = src / "_readthedocs"
    sphinx = [sys.executable, "-m", "sphinx", "-T", "-d", "_build/doctrees", *SITE]
    steps = {
        "html": run([*sphinx, *(["-j", html_jobs] if html_jobs else []), "-b", "html", ".", str(out / "html")],
                    cwd=src),
        "pdf_and_handouts": run([sys.executable, str(REPO / "tools" / "typstpdf.py"), "build", "--work",
                                 "_build/typst", "--out", str(out / "pdf"), "--handouts", str(out / "html" / "handouts"),
                                 *SITE], cwd=src),
        "epub": run([*sphinx, "-j", html_jobs or "1", "-b", "epub", ".", str(out / "epub")], cwd=src),
    }
    result = {name: median_of([m]) for name, m in steps.items()}
    result["total_wall"] = sum(m.wall for m in steps.values())
    result["total_cpu"] = sum(m.cpu for m in steps.values())
    result["reread_by_pdf_step"] = "reading sources" in steps["pdf_and_handouts"].output
    result.update(summary(_report(src / "_build" / "typst")))
    result["pdf_files"] = sorted(p.name for p in (out / "pdf").glob("*"))
    result["handout_files"] = len(list((out / "html" / "handouts").glob("*.pdf")))
    for name, m in steps.items():
        print(f"  Read the Docs-like {name}: {m.wall:.1f} s wall, {m.cpu:.1f} s CPU, {m.rss:.0f} MiB, exit {m.rc}",
              flush=True)
    print(f"  Read the Docs-like total: {result['total_wall']:.1f} s wall ({result['total_cpu']:.1f} s CPU)", flush=True)
    return result


# ---- run.py's table and targets -----------------------------------------------------------
def rows(results: dict, sizes: list[int], fmt_full) -> list[tuple[str, list[str]]]:
    def typst(n: int) -> str:
        t = results[n].get("typst")
        if not t:
            return "-"
        timings = t["timings"]
        return (f"{fmt_full(t['typst'])}; book {t['book_pages']:,} pages, {t['handouts']} handouts "
                f"({t['handout_pages']:,} pages); passes {timings.get('first pass', 0):.0f} + "
                f"{timings.get('second pass', 0):.0f} s, fronts/indexes {timings.get('fronts and indexes', 0):.0f} s, "
                f"merge {timings.get('putting together', 0):.0f} s; {t['ms_per_compiled_page']} ms a compiled page")

    def rtd(n: int) -> str:
        r = results[n].get("rtd")
        if not r:
            return "-"
        return (f"{r['total_wall']:.0f} s wall ({r['total_cpu']:.0f} s CPU): HTML {r['html']['wall']:.0f}, "
                f"PDF + handouts {r['pdf_and_handouts']['wall']:.0f}, EPUB {r['epub']['wall']:.0f} s; "
                f"{r['book_pages']:,}-page PDF, {r['handout_files']} handouts")

    out = []
    if any("typst" in results[n] for n in sizes):
        out.append(("Typst PDF + handouts, from scratch", [typst(n) for n in sizes]))
    if any("rtd" in results[n] for n in sizes):
        out.append(("Read the Docs-like build", [rtd(n) for n in sizes]))
    return out


def targets(results: dict, check) -> None:
    for n, r in results.items():
        if "rtd" in r:
            check(f"Read the Docs-like build, N={n:,}: HTML + PDF + handouts + EPUB (s)", r["rtd"]["total_wall"], 720,
                  detail=f"CPU {r['rtd']['total_cpu']:.0f} s; every PDF whole: {r['rtd']['whole']}")
        if "typst" in r:
            check(f"Typst PDF and handouts whole, N={n:,}", int(r["typst"]["whole"]), 1, "==")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--rtd", action="store_true", help="also the Read the Docs-like build")
    parser.add_argument("--rtd-only", action="store_true", help="only the Read the Docs-like build")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=REPO / "_build" / "bench" / "typst.json")
    args = parser.parse_args(argv)
    work = (args.workdir or Path(tempfile.mkdtemp(prefix="handbook-typst-"))).resolve()
    src = work / f"n{args.posts}" / "src"
    if not (src / "conf.py").is_file():
        generate.generate(src, args.posts, None, 1)
    elif repr(str(REPO / "extensions")) not in (src / "conf.py").read_text(encoding="utf-8"):
        # A corpus made by another checkout loads that checkout's extension: its figures would not be ours.
        sys.exit(f"{src} was generated by another checkout (its conf.py loads another extensions/): "
                 "remove it, or give another --workdir")
    result: dict = {"posts": args.posts}
    if not args.rtd_only:
        result["typst"] = bench_typst(src, work / f"n{args.posts}" / "build-typst")
    if args.rtd or args.rtd_only:
        result["rtd"] = rtd_like(src)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"JSON: {args.json}")


if __name__ == "__main__":
    main()
