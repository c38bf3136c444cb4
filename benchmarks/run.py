"""Benchmark the handbook against the MyST parse floor and a plain MyST + furo build.

    python benchmarks/run.py                      # N = 100 and 1,000
    python benchmarks/run.py --sizes 100,1000,10000
    python benchmarks/run.py --sizes 1000 --pdf   # also LaTeX + latexmk at N = 1,000
    python benchmarks/run.py --sizes 1000,10000 --typst --rtd   # the Typst PDF; a Read the Docs-like build
    tox -e bench -- --sizes 100                   # the same through tox

For each N, on the same generated posts (benchmarks/generate.py, written to a temporary
folder, never into the repo), every build runs as a child process whose wall time, CPU
time (user + sys, its worker processes included) and peak RSS (``ru_maxrss`` of the
largest process, from ``os.wait4``) are measured:

- the MyST parse floor (benchmarks/myst_floor.py: MyST's docutils parser, no Sphinx);
- the handbook's full build, ``-j 1`` and ``-j 2`` taking turns (fresh output and
  doctree folders), medians of ``--repeat`` runs, and whether both give byte-identical HTML;
- incremental handbook builds on the ``-j 1`` output: no change, one post's body edited,
  a tag added to a post and removed again, a post added and deleted again; each with
  the documents Sphinx re-read ("N added, M changed, K removed" in its output), the
  doctrees written (which also counts pages the extension reads a second time) and the
  HTML files written (mtime changed) or removed;
- up to ``--plain-max`` posts, the plain MyST + furo build (flat glob toctree) and its
  no-change and body-edit rebuilds;
- up to ``--bare-max`` posts, bare Sphinx: the plain project with Sphinx's ``basic``
  theme, ``-j 1`` and ``-j 2``: what Sphinx itself costs, and its own ``-j 2`` speed-up.

It prints one table and the targets (ratios from this run, PASS/FAIL) and writes all
figures as JSON (default ``_build/bench/latest.json``, git-ignored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import generate
import output_size
import serve_latency
import typst_pdf
from output_size import QUERY

HERE = Path(__file__).resolve().parent
REPO = generate.REPO


# ---- measuring one child process ------------------------------------------------------
@dataclass
class Measure:
    wall: float  # seconds
    cpu: float  # user + sys seconds of the child and the children it waited for (-j workers)
    rss: float  # MiB, the largest resident set of the child or any of its waited-for children
    rc: int
    warnings: int
    output: str = field(default="", repr=False)  # stdout + stderr, not kept in the JSON


def run(cmd: list[str], cwd: Path | None = None) -> Measure:
    # Output goes to temporary files, not pipes: a build that prints a lot never blocks.
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=cwd)
        # wait4 gives this child's own resource usage (not that of earlier children).
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here; keep Popen from waiting again
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    m = Measure(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode,
                text.count("WARNING:"), text)
    if m.rc != 0:
        print(f"  ! exit {m.rc}: {' '.join(cmd)}\n" + "\n".join("    " + line for line in text.splitlines()[-15:]),
              file=sys.stderr)
    return m


def median_of(measures: list[Measure]) -> dict:
    """Median wall, CPU and peak RSS (each its own median), plus the runs themselves."""
    return {
        "wall": statistics.median(m.wall for m in measures),
        "cpu": statistics.median(m.cpu for m in measures),
        "rss": statistics.median(m.rss for m in measures),
        "rc": max((m.rc for m in measures), key=abs),
        "warnings": max(m.warnings for m in measures),
        "runs": [{k: v for k, v in asdict(m).items() if k != "output"} for m in measures],
    }


def sphinx(src: Path, build: Path, *, jobs: int = 1, quiet: bool = True, builder: str = "html") -> list[str]:
    cmd = [sys.executable, "-m", "sphinx", "-b", builder, "-j", str(jobs), "-d", str(build / "doctrees")]
    return cmd + (["-q"] if quiet else []) + [str(src), str(build / builder)]


# ---- what a build changed -------------------------------------------------------------
def mtimes(folder: Path, suffix: str) -> dict[str, int]:
    if not folder.is_dir():
        return {}
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob(f"*{suffix}")}


_ENV_LINE = re.compile(r"updating environment: .*?(\d+) added, (\d+) changed, (\d+) removed")


def incremental_build(src: Path, build: Path, jobs: int = 1) -> tuple[Measure, dict]:
    html_before, trees_before = mtimes(build / "html", ".html"), mtimes(build / "doctrees", ".doctree")
    m = run(sphinx(src, build, jobs=jobs, quiet=False))
    html_after, trees_after = mtimes(build / "html", ".html"), mtimes(build / "doctrees", ".doctree")
    found = _ENV_LINE.search(m.output)
    added, changed, removed = map(int, found.groups()) if found else (-1, -1, -1)
    written = sorted(p for p, t in html_after.items() if html_before.get(p) != t)
    counts = {
        "sphinx_added": added, "sphinx_changed": changed, "sphinx_removed": removed,
        "reread": added + changed,  # what Sphinx says it read
        "doctrees_written": sum(1 for p, t in trees_after.items() if trees_before.get(p) != t),
        "html_written": len(written),
        "html_removed": len(html_before.keys() - html_after.keys()),
        "written": written if len(written) <= 40 else written[:40] + ["..."],
    }
    return m, counts


# ---- source edits for the incremental cases ------------------------------------------
class Edits:
    """Changes to one post (the middle one by name) and the extra post, undone in pairs."""

    def __init__(self, src: Path, corpus: generate.Corpus) -> None:
        self.src = src
        self.corpus = corpus
        self.post = sorted(corpus.posts, key=lambda p: p.slug)[len(corpus.posts) // 2]
        self.path = src / "posts" / f"{self.post.slug}.md"
        # A popular tag the post does not have, in its usual spelling (not a chapter's tag,
        # so the post stays in its chapter: the common case of tagging a post better).
        keys = {t.strip().casefold() for t in self.post.tags}
        self.tag = next(t for t in corpus.cross_tags if t.casefold() not in keys)
        self.extra = corpus.extra_post(len(corpus.posts))

    def noop(self, i: int) -> None:
        pass

    def body(self, i: int) -> None:
        # The last paragraph, not the first: the excerpt (shown in listings) stays the same.
        text = self.path.read_text(encoding="utf-8").rstrip("\n")
        self.path.write_text(f"{text} Edited ({i + 1}) for the benchmark.\n", encoding="utf-8")

    def add_tag(self, i: int) -> None:
        text = self.path.read_text(encoding="utf-8")
        self.path.write_text(text.replace("  - post\n", f"  - post\n  - {self.tag}\n", 1), encoding="utf-8")

    def remove_tag(self, i: int) -> None:
        text = self.path.read_text(encoding="utf-8")
        self.path.write_text(text.replace(f"  - {self.tag}\n", "", 1), encoding="utf-8")

    def add_post(self, i: int) -> None:
        generate.write_post(self.extra, self.src)

    def delete_post(self, i: int) -> None:
        (self.src / "posts" / f"{self.extra.slug}.md").unlink()
        (self.src / "media" / f"{self.extra.slug}.webp").unlink()


def incremental_cases(src: Path, build: Path, steps: list[tuple[str, callable]], repeat: int) -> dict:
    """Run the steps in order, ``repeat`` rounds; a round leaves the source as it found it
    (but for body edits). Times are medians over the rounds; counts are from the first."""
    runs: dict[str, list[tuple[Measure, dict]]] = {name: [] for name, _ in steps}
    for i in range(repeat):
        for name, change in steps:
            change(i)
            runs[name].append(incremental_build(src, build))
    results = {}
    for name, pairs in runs.items():
        results[name] = median_of([m for m, _ in pairs])
        results[name].update(pairs[0][1])
        # If a later round wrote a different number of pages, say so (it should not).
        results[name]["html_written_per_round"] = [c["html_written"] for _, c in pairs]
    return results


def compare_html(a: Path, b: Path) -> list[str]:
    """HTML files that differ byte for byte (or exist on one side only)."""
    names_a, names_b = set(mtimes(a, ".html")), set(mtimes(b, ".html"))
    differ = sorted(names_a ^ names_b)
    differ += sorted(n for n in names_a & names_b if (a / n).read_bytes() != (b / n).read_bytes())
    return differ


# ---- one size ---------------------------------------------------------------------------
def bench_size(n: int, args, work: Path) -> dict:
    repeat = args.repeat or (3 if n <= 1000 else 1)
    # The plain build is quadratic (~10 minutes at N = 1,000): one run from 1,000 up.
    plain_repeat = args.plain_repeat or (repeat if n < 1000 else 1)
    root = work / f"n{n}"
    shutil.rmtree(root, ignore_errors=True)
    hb_src, plain_src = root / "src-handbook", root / "src-plain"  # builds go to root / "build-*"
    bare_src = root / "src-bare"
    corpus = generate.generate(hb_src, n, args.tags, args.seed)
    generate.generate(plain_src, n, args.tags, args.seed, plain=True)
    if "bare" not in args.skip and n <= args.bare_max:
        generate.generate(bare_src, n, args.tags, args.seed, plain=True, theme="basic")
    res: dict = {"posts": n, "tags": len(corpus.tag_names), "chapters": len(corpus.chapters) + 1,
                 "repeat": repeat, "plain_repeat": plain_repeat}
    skip = args.skip

    def log(what: str, r: dict) -> None:
        print(f"  N={n} {what}: {r['wall']:.1f} s wall, {r['cpu']:.1f} s CPU, {r['rss']:.0f} MiB"
              + (f", {r['warnings']} warnings" if r.get("warnings") else ""), flush=True)

    if "floor" not in skip:
        floor = [run([sys.executable, str(HERE / "myst_floor.py"), str(hb_src)]) for _ in range(repeat)]
        res["floor"] = median_of(floor)
        log("MyST parse floor", res["floor"])

    if "check" not in skip:
        # ./dev check: every post checked without building (exit status 1 only means problems found)
        check = ("import sys; sys.path.insert(0, sys.argv[1]); from handbook.commands.__main__ import main; "
                 "sys.exit(0 if main(['--project', sys.argv[2], 'check']) in (0, 1) else 2)")
        res["check"] = median_of([run([sys.executable, "-c", check, str(HERE.parent / "extensions"), str(hb_src)])
                                  for _ in range(repeat)])
        log("./dev check", res["check"])

    def full(name: str, src: Path, jobs: int, times: int) -> None:
        build = root / f"build-{name}"
        measures = []
        for _ in range(times):
            shutil.rmtree(build, ignore_errors=True)
            measures.append(run(sphinx(src, build, jobs=jobs)))
        res[name] = median_of(measures)
        log(f"{name} full build", res[name])

    def full_pair(name: str, src: Path, times: int) -> None:
        """-j 1 and -j 2 taking turns, so a slower spell of the machine hits both alike."""
        builds = {name: root / f"build-{name}", f"{name}_j2": root / f"build-{name}_j2"}
        measures: dict[str, list[Measure]] = {key: [] for key in builds}
        for _ in range(times):
            for (key, build), jobs in zip(builds.items(), (1, 2)):
                shutil.rmtree(build, ignore_errors=True)
                measures[key].append(run(sphinx(src, build, jobs=jobs)))
        for key in builds:
            res[key] = median_of(measures[key])
            log(f"{key} full build", res[key])

    if "j2" in skip:
        full("handbook", hb_src, 1, repeat)
    else:
        full_pair("handbook", hb_src, repeat)
        differ = compare_html(root / "build-handbook" / "html", root / "build-handbook_j2" / "html")
        res["j2_identical"] = not differ
        res["j2_differing"] = differ[:40]
        print(f"  N={n} -j 2 output: {'identical' if not differ else f'{len(differ)} HTML files differ'}")

    # Bytes a reader downloads, on the clean -j 1 build (before the incremental cases edit it).
    res["output"] = output_size.measure(root / "build-handbook" / "html")
    o = res["output"]
    print(f"  N={n} post page {o['post_page']:,} B ({o['post_page_gzip']:,} gzipped), output {o['output']:,} B, "
          f"first search query {o['first_query']['gzip']:,} B gzipped", flush=True)

    if "incremental" not in skip:
        edits = Edits(hb_src, corpus)
        res["edited_post"], res["added_tag"] = edits.post.slug, edits.tag
        steps = [("no_change", edits.noop), ("body_edit", edits.body), ("tag_added", edits.add_tag),
                 ("tag_removed", edits.remove_tag), ("post_added", edits.add_post),
                 ("post_deleted", edits.delete_post)]
        res["incremental"] = incremental_cases(hb_src, root / "build-handbook", steps, repeat)
        for name, r in res["incremental"].items():
            print(f"  N={n} handbook {name}: {r['wall']:.1f} s, re-read {r['reread']} "
                  f"(doctrees {r['doctrees_written']}), wrote {r['html_written']} HTML", flush=True)

    if "serve" not in skip:
        # ./dev serve on the -j 1 build: from saving a post to its page holding the edit.
        res["serve"] = serve_latency.measure(hb_src, root / "build-handbook" / "html",
                                             root / "build-handbook" / "doctrees", edits=repeat)
        print(f"  N={n} ./dev serve: save to page {', '.join(f'{t:.2f}' for t in res['serve']['edits'])} s, "
              f"reload {', '.join(f'{t:.2f}' for t in res['serve']['reloads'])} s "
              f"(started in {res['serve']['startup']:.1f} s)", flush=True)

    if "plain" not in skip and n <= args.plain_max:
        full("plain", plain_src, 1, plain_repeat)
        if "incremental" not in skip:
            edits = Edits(plain_src, corpus)
            steps = [("no_change", edits.noop), ("body_edit", edits.body)]
            res["plain_incremental"] = incremental_cases(plain_src, root / "build-plain", steps, repeat)
            for name, r in res["plain_incremental"].items():
                print(f"  N={n} plain {name}: {r['wall']:.1f} s, re-read {r['reread']}, "
                      f"wrote {r['html_written']} HTML", flush=True)

    if "bare" not in skip and n <= args.bare_max:
        full_pair("bare", bare_src, repeat)

    if args.pdf and n == args.pdf_size:
        res["pdf"] = bench_pdf(hb_src, root / "build-pdf")
    if args.typst:
        res["typst"] = typst_pdf.bench_typst(hb_src, root / "build-typst")
    if args.rtd and n in args.rtd_sizes:
        res["rtd"] = typst_pdf.rtd_like(hb_src)
    return res


def bench_pdf(src: Path, build: Path) -> dict:
    """LaTeX build (-j 2, as ./dev -e latexpdf's -j auto on two cores), then latexmk in the output folder."""
    latex = run(sphinx(src, build, builder="latex", jobs=2) + ["-t", "pdf"])  # the conf adds imgconverter
    result = {"latex": median_of([latex])}
    print(f"  LaTeX: {latex.wall:.1f} s, exit {latex.rc}, {latex.warnings} warnings", flush=True)
    texs = sorted((build / "latex").glob("*.tex"))
    if latex.rc != 0 or not texs:
        return result
    tex = texs[0]
    pdf = run(["latexmk", "-r", "latexmkrc", "-pdf", "-f", "-dvi-", "-ps-", "-interaction=nonstopmode", tex.name],
              cwd=build / "latex")
    out = tex.with_suffix(".pdf")
    result["latexmk"] = median_of([pdf])
    result["pdf_exists"] = out.is_file()
    result["pdf_bytes"] = out.stat().st_size if out.is_file() else 0
    print(f"  latexmk: {pdf.wall:.1f} s, exit {pdf.rc}, PDF {'written' if out.is_file() else 'missing'}", flush=True)
    if out.is_file():
        result["pdf_pages"] = _pages(out)
    # Chapter handouts (./dev -e latexhandouts): the LaTeX build with -t handouts, then latexmk per chapter.
    handouts = build / "handouts"
    latex_h = run(sphinx(src, handouts, builder="latex", jobs=2) + ["-t", "handouts"])
    made = run([sys.executable, str(REPO / "tools" / "handouts.py"), str(handouts / "latex"), str(handouts / "pdf")])
    result["handouts_latex"], result["handouts_latexmk"] = median_of([latex_h]), median_of([made])
    result["handouts"] = len(list((handouts / "pdf").glob("*.pdf")))
    print(f"  handouts: LaTeX {latex_h.wall:.1f} s, latexmk {made.wall:.1f} s, {result['handouts']} PDFs", flush=True)
    return result


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return int(match.group(1)) if match else 0


# ---- report ----------------------------------------------------------------------------
def fmt_full(r: dict | None) -> str:
    if not r:
        return "-"
    fail = "" if r["rc"] == 0 else f" EXIT {r['rc']}"
    warn = f" {r['warnings']}W" if r["warnings"] else ""
    return f"{r['wall']:.1f} s, {r['cpu']:.1f} s CPU, {r['rss']:.0f} MiB{warn}{fail}"


def fmt_incr(r: dict | None) -> str:
    if not r:
        return "-"
    fail = "" if r["rc"] == 0 else f" EXIT {r['rc']}"
    extra = f"+{r['doctrees_written'] - r['reread']}" if r["doctrees_written"] != r["reread"] else ""
    removed = f" -{r['html_removed']}" if r["html_removed"] else ""
    return f"{r['wall']:.1f} s, read {r['reread']}{extra}, wrote {r['html_written']}{removed}{fail}"


def table(results: dict[int, dict]) -> str:
    sizes = sorted(results)
    rows: list[tuple[str, list[str]]] = [
        ("posts / tags / chapters", [f"{results[n]['posts']} / {results[n]['tags']} / {results[n]['chapters']}"
                                     for n in sizes]),
        ("MyST parse floor", [fmt_full(results[n].get("floor")) for n in sizes]),
        ("./dev check (every post, no build)", [fmt_full(results[n].get("check")) for n in sizes]),
        ("handbook full build -j 1", [fmt_full(results[n].get("handbook")) for n in sizes]),
        ("handbook full build -j 2", [fmt_full(results[n].get("handbook_j2")) for n in sizes]),
        ("  -j 2 output = -j 1 output", [
            "-" if "j2_identical" not in results[n] else "identical" if results[n]["j2_identical"]
            else f"{len(results[n]['j2_differing'])} files differ" for n in sizes]),
        ("plain MyST + furo full build", [fmt_full(results[n].get("plain")) for n in sizes]),
        ("bare Sphinx (basic) -j 1", [fmt_full(results[n].get("bare")) for n in sizes]),
        ("bare Sphinx (basic) -j 2", [fmt_full(results[n].get("bare_j2")) for n in sizes]),
    ]
    def size(n: int, *keys: str, gzip_key: str | None = None) -> str:
        r = results[n].get("output")
        for k in keys:
            r = r.get(k) if isinstance(r, dict) else None
        if r is None:
            return "-"
        return f"{r / 1000:,.1f} KB" if r < 10**7 else f"{r / 10**6:,.0f} MB"

    rows += [
        ("one post page (median)", [size(n, "post_page") + " / " + size(n, "post_page_gzip") + " gz" for n in sizes]),
        ("whole HTML output", [size(n, "output") for n in sizes]),
        ("first search query (" + QUERY + ")", [size(n, "first_query", "gzip") + " gz" for n in sizes]),
        ("  of which search index", [size(n, "first_query", "index_gzip") + " gz" for n in sizes]),
    ]
    for name, label in [("no_change", "no change"), ("body_edit", "body edit (save to page)"), ("tag_added", "tag added"),
                        ("tag_removed", "tag removed"), ("post_added", "post added"),
                        ("post_deleted", "post deleted")]:
        rows.append((f"handbook: {label}", [fmt_incr(results[n].get("incremental", {}).get(name)) for n in sizes]))
    rows.append(("./dev serve: save to page", [
        "-" if "serve" not in results[n] else
        f"{results[n]['serve']['median']:.2f} s, page reloads at {results[n]['serve'].get('reload_median') or 0:.2f} s "
        f"(median of {len(results[n]['serve']['edits'])}; started in {results[n]['serve']['startup']:.1f} s)"
        for n in sizes]))
    for name, label in [("no_change", "no change"), ("body_edit", "body edit")]:
        rows.append((f"plain: {label}", [fmt_incr(results[n].get("plain_incremental", {}).get(name))
                                         for n in sizes]))
    for n in sizes:
        if "pdf" in results[n]:
            p = results[n]["pdf"]
            cells = ["-"] * len(sizes)
            cells[sizes.index(n)] = (f"LaTeX {fmt_full(p['latex'])}; latexmk "
                                     + (fmt_full(p["latexmk"]) + (f", PDF of {p.get('pdf_pages', '?')} pages"
                                                                  if p["pdf_exists"] else ", no PDF")
                                        if "latexmk" in p else "not run"))
            rows.append(("PDF (LaTeX + latexmk)", cells))
            if "handouts" in p:
                cells = ["-"] * len(sizes)
                cells[sizes.index(n)] = (f"LaTeX {fmt_full(p['handouts_latex'])}; latexmk "
                                         f"{fmt_full(p['handouts_latexmk'])}, {p['handouts']} PDFs")
                rows.append(("chapter handouts", cells))
    rows += typst_pdf.rows(results, sizes, fmt_full)
    header = ["", *[f"N = {n:,}" for n in sizes]]
    widths = [max(len(header[i]), *(len(r[1][i - 1]) if i else len(r[0]) for r in rows)) for i in range(len(header))]
    lines = [" | ".join(h.ljust(w) for h, w in zip(header, widths)),
             "-|-".join("-" * w for w in widths)]
    lines += [" | ".join(c.ljust(w) for c, w in zip([label, *cells], widths)) for label, cells in rows]
    notes = ("times: wall (median of the runs), CPU = user + sys incl. workers, memory = peak RSS; "
             "'read a+b': a documents Sphinx re-read, b more read again by the extension (doctrees written); "
             "'wrote w -d': HTML files written, removed")
    return "\n".join(lines) + "\n" + notes


def targets(results: dict[int, dict]) -> list[dict]:
    out = []

    def check(name: str, value: float | None, limit: float, op: str = "<=", detail: str = "") -> None:
        if value is None:
            return
        ok = value <= limit if op == "<=" else value >= limit if op == ">=" else value == limit
        out.append({"target": name, "value": value, "limit": f"{op} {limit}", "status": "PASS" if ok else "FAIL",
                    "detail": detail})

    def wall(n: int, *keys: str, measure: str = "wall") -> float | None:
        r = results.get(n, {})
        for k in keys:
            r = r.get(k) if isinstance(r, dict) else None
        return r[measure] if r and r.get("rc") == 0 else None

    def cpu_note(a: float | None, b: float | None) -> str:
        # Wall time suffers when other work shares the machine; the CPU-time ratio less so.
        return f"CPU-time ratio {a / b:.3g}" if a is not None and b else ""

    def ratio(a: float | None, b: float | None) -> float | None:
        return a / b if a is not None and b else None

    for small, big in [(100, 1000), (1000, 10000)]:
        if small in results and big in results:
            a, b = results[small].get("handbook"), results[big].get("handbook")
            check(f"full build time N={big:,} / N={small:,}", ratio(wall(big, "handbook"), wall(small, "handbook")), 12,
                  detail=cpu_note(wall(big, "handbook", measure="cpu"), wall(small, "handbook", measure="cpu")))
            if a and b:
                check(f"full build peak memory N={big:,} / N={small:,}", b["rss"] / a["rss"], 12)
    for n in (1000, 10000):
        if n in results:
            check(f"handbook full build / MyST parse floor, N={n:,}",
                  ratio(wall(n, "handbook"), wall(n, "floor")), 5,
                  detail=cpu_note(wall(n, "handbook", measure="cpu"), wall(n, "floor", measure="cpu")))
    n = 1000
    if n in results:
        r = results[n]
        if r.get("plain"):
            check("handbook / plain full build time, N=1,000", ratio(wall(n, "handbook"), wall(n, "plain")), 0.2,
                  detail=cpu_note(wall(n, "handbook", measure="cpu"), wall(n, "plain", measure="cpu")))
            check("handbook / plain full build peak memory, N=1,000",
                  r["handbook"]["rss"] / r["plain"]["rss"], 0.5)
        inc, plain = r.get("incremental", {}), r.get("plain_incremental", {})
        if inc and plain:
            for case, base, limit in [("no_change", "no_change", 1), ("body_edit", "body_edit", 1.2),
                                      ("tag_added", "body_edit", 1.5), ("tag_removed", "body_edit", 1.5)]:
                check(f"{case.replace('_', ' ')} / plain {base.replace('_', ' ')}, N=1,000",
                      inc[case]["wall"] / plain[base]["wall"], limit,
                      detail=cpu_note(inc[case]["cpu"], plain[base]["cpu"]))
    for n in (1000, 10000):
        inc = results.get(n, {}).get("incremental", {})
        for case in ("body_edit", "tag_added", "tag_removed"):
            if case in inc:
                c = inc[case]
                # "re-reads 1 document ... never all N": 1 doctree written (extension re-reads
                # included) and at most 5% of the pages written.
                check(f"{case.replace('_', ' ')} re-reads 1 document, N={n:,}", c["doctrees_written"], 1, "==",
                      f"Sphinx re-read {c['reread']}")
                check(f"{case.replace('_', ' ')} HTML pages written (<= 5% of N), N={n:,}",
                      c["html_written"], n * 0.05, "<=")
    # The issue's own figures, in seconds (the writer waits for them, whatever the machine).
    for n, limit in ((1000, 1), (10000, 3)):
        serve = results.get(n, {}).get("serve")
        if serve and serve.get("median") is not None:
            check(f"./dev serve: save to page, N={n:,} (s)", serve["median"], limit)
    pdf = results.get(1000, {}).get("pdf", {})
    if pdf.get("latexmk") and pdf.get("pdf_exists"):
        check("PDF at N=1,000: LaTeX step + latexmk (s)", pdf["latex"]["wall"] + pdf["latexmk"]["wall"], 120,
              detail=f"{pdf.get('pdf_pages', '?')} pages")
    out += typst_pdf.targets(results, check)
    if 1000 in results and 10000 in results and "output" in results[1000] and "output" in results[10000]:
        small, big = results[1000]["output"], results[10000]["output"]
        check("post page N=10,000 / N=1,000", big["post_page"] / small["post_page"], 1.3)
    if 10000 in results and "output" in results[10000]:
        big = results[10000]["output"]
        check("post page at N=10,000 (KB)", big["post_page"] / 1000, 60)
        check("whole HTML output at N=10,000 (MB)", big["output"] / 10**6, 1000)
        check("first search query at N=10,000 (KB gzipped)", big["first_query"]["gzip"] / 1000, 300)
    if 1000 in results and "j2_identical" in results[1000]:
        bare = ratio(wall(1000, "bare"), wall(1000, "bare_j2"))
        check("-j 2 speed-up over -j 1, N=1,000", ratio(wall(1000, "handbook"), wall(1000, "handbook_j2")), 1.4, ">=",
              f"CPU time -j 1 {wall(1000, 'handbook', measure='cpu'):.1f} s, -j 2 {wall(1000, 'handbook_j2', measure='cpu'):.1f} s"
              + (f"; bare Sphinx's own -j 2 speed-up {bare:.3g}" if bare else ""))
        check("-j 2 output identical to -j 1, N=1,000", int(results[1000]["j2_identical"]), 1, "==",
              ", ".join(results[1000]["j2_differing"][:5]))
    return out


def format_targets(rows: list[dict]) -> str:
    width = max((len(r["target"]) for r in rows), default=10)
    lines = []
    for r in rows:
        value = f"{r['value']:.3g}" if isinstance(r["value"], float) else str(r["value"])
        lines.append(f"{r['status']:4}  {r['target'].ljust(width)}  {value:>8}  (target {r['limit']})"
                     + (f"  [{r['detail']}]" if r["detail"] else ""))
    return "\n".join(lines)


def meta() -> dict:
    import docutils
    import myst_parser
    import sphinx

    try:
        import furo
        furo_version = furo.__version__
    except Exception:  # noqa: BLE001 - reported, not needed
        furo_version = "?"
    git = ["git", "-C", str(REPO)]
    rev = subprocess.run([*git, "rev-parse", "--short", "HEAD"], check=False, capture_output=True, text=True)
    dirty = subprocess.run([*git, "status", "--porcelain", "extensions"], check=False, capture_output=True, text=True)
    return {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "git": rev.stdout.strip() + (" (extensions/ modified)" if dirty.stdout.strip() else ""),
        "python": platform.python_version(),
        "sphinx": sphinx.__version__, "myst_parser": myst_parser.__version__, "docutils": docutils.__version__,
        "furo": furo_version,
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        "loadavg_at_start": os.getloadavg(),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="comma-separated post counts (default 100,1000)")
    parser.add_argument("--repeat", type=int, default=0,
                        help="runs per measurement (default 3 up to N=1,000, 1 above)")
    parser.add_argument("--plain-repeat", type=int, default=0,
                        help="runs of the plain full build (default: as --repeat below N=1,000, else 1)")
    parser.add_argument("--plain-max", type=int, default=1000, help="largest N with the plain build (default 1000)")
    parser.add_argument("--bare-max", type=int, default=1000,
                        help="largest N with the bare Sphinx reference build (default 1000)")
    parser.add_argument("--tags", type=int, default=None, help="distinct tags (default N/8, at least 10)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip", default="", help="comma-separated parts to skip: floor,check,j2,incremental,serve,plain,bare")
    parser.add_argument("--pdf", action="store_true", help="also the LaTeX build + latexmk (at --pdf-size)")
    parser.add_argument("--pdf-size", type=int, default=1000)
    parser.add_argument("--typst", action="store_true", help="also the Typst PDF and handouts (benchmarks/typst_pdf.py)")
    parser.add_argument("--rtd", action="store_true", help="also a Read the Docs-like build (HTML, PDF, EPUB)")
    parser.add_argument("--rtd-sizes", default="10000", help="sizes with the Read the Docs-like build (default 10000)")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where corpora and builds go (default: a new temporary folder, removed after)")
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    parser.add_argument("--json", type=Path, default=REPO / "_build" / "bench" / "latest.json",
                        help="where to write the results (default _build/bench/latest.json)")
    parser.add_argument("--report", type=Path, nargs="+", default=None, metavar="JSON",
                        help="run nothing: print the table and targets of earlier runs' JSON files, merged")
    args = parser.parse_args(argv)
    if args.report:
        merged: dict[int, dict] = {}
        for path in args.report:
            merged.update({int(n): r for n, r in json.loads(path.read_text(encoding="utf-8"))["sizes"].items()})
        merged = dict(sorted(merged.items()))
        print(table(merged) + "\n\n" + format_targets(targets(merged)))
        return
    args.skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    args.rtd_sizes = {int(s.replace("_", "")) for s in args.rtd_sizes.split(",") if s.strip()}
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]

    work = (args.workdir or Path(tempfile.mkdtemp(prefix="handbook-bench-"))).resolve()
    if work == REPO or REPO in work.parents:
        raise SystemExit(f"--workdir {work} is in the repository; pick a folder outside it")
    info = meta()
    print(f"benchmark: sizes {sizes}, work folder {work}\n  {json.dumps(info)}", flush=True)
    results: dict[int, dict] = {}
    report: dict = {"meta": info, "sizes": {}, "targets": []}
    try:
        for n in sizes:
            started = time.perf_counter()
            results[n] = bench_size(n, args, work)
            results[n]["bench_seconds"] = round(time.perf_counter() - started, 1)
            results[n]["loadavg_at_end"] = os.getloadavg()
            report["sizes"][str(n)] = results[n]
            report["targets"] = targets(results)
            # Written after every size, so a long run leaves its figures so far.
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(report, indent=1, default=str) + "\n", encoding="utf-8")
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(table(results))
    print()
    print(format_targets(report["targets"]))
    print(f"\nJSON: {args.json}")


if __name__ == "__main__":
    main()
