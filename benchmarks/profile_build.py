"""Profile one Sphinx build and say where its time went.

    python benchmarks/generate.py /tmp/hb1000 --posts 1000
    python benchmarks/profile_build.py /tmp/hb1000 /tmp/hb1000-build            # full build (fresh folders)
    python benchmarks/profile_build.py /tmp/hb1000 /tmp/hb1000-build --again    # rebuild on top (incremental)

Runs ``sphinx-build -b html`` in this process under cProfile, then prints the build split into
phases (Sphinx start-up, reading with MyST parsing and transforms, the handbook's
env-updated step, writing with furo's navigation, search indexing and templates, the
handbook's own functions) and the top functions by cumulative and by own time. The
raw profile is kept (``--stats FILE``) for ``python -m pstats``. Under cProfile a
build takes 2-2.5 times as long; the shares are what matter. ``--cpu-clock`` times CPU
instead of wall time (other load on the machine then does not count), but reading that
clock costs so much more that calls weigh ~2.5 times more than with the default clock.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import shutil
import time
from pathlib import Path

# Phases: (label, (file suffix, function name)); a phase's time is the cumulative time of
# its function (primitive calls, so recursion is not counted twice). Indented labels are
# parts of the phase above them.
PHASES = [
    ("whole build (sphinx.cmd.build.build_main)", ("sphinx/cmd/build.py", "build_main")),
    ("start-up: Sphinx(), extensions, pickled env", ("sphinx/application.py", "__init__")),
    ("read: Builder.read (incl. env-updated)", ("sphinx/builders/__init__.py", "read")),
    ("  parse one document (Sphinx read_doc)", ("sphinx/builders/__init__.py", "read_doc")),
    ("    MyST, pages: markdown-it + docutils renderer", ("myst_parser/parsers/sphinx_.py", "parse")),
    ("    MyST, posts: the handbook's parser (parser.py)", ("handbook/parser.py", "parse")),
    ("      MyST front matter -> docinfo", ("myst_parser/mdit_to_docutils/base.py", "render_front_matter")),
    ("    docutils/Sphinx transforms", ("sphinx/transforms/__init__.py", "apply_transforms")),
    ("      handbook ReadPost", ("handbook/reader.py", "apply")),
    ("    pickle doctree", ("sphinx/builders/__init__.py", "write_doctree")),
    ("  handbook env-updated (book, chapter re-reads)", ("handbook/after_reading.py", "on_env_updated")),
    ("    Sphinx collect_relations", ("sphinx/environment/__init__.py", "collect_relations")),
    ("pickle environment / consistency", ("sphinx/environment/__init__.py", "check_consistency")),
    ("write: Builder.write", ("sphinx/builders/__init__.py", "write")),
    ("  load + resolve doctree", ("sphinx/environment/__init__.py", "get_and_resolve_doctree")),
    ("    handbook doctree-resolved", ("handbook/render.py", "on_doctree_resolved")),
    ("  search index (index_page)", ("sphinx/builders/html/__init__.py", "index_page")),
    ("  HTML builder write_doc", ("sphinx/builders/html/__init__.py", "write_doc")),
    ("    docutils HTML translation (walkabout)", ("docutils/nodes.py", "walkabout")),
    ("    page context + template (handle_page)", ("sphinx/builders/html/__init__.py", "handle_page")),
    ("      furo navigation (_compute_navigation_tree)", ("furo/__init__.py", "_compute_navigation_tree")),
    ("        Sphinx global toctree, rendered", ("sphinx/builders/html/__init__.py", "_get_local_toctree")),
    ("          resolve toctree (global_toctree_for_doc)",
     ("sphinx/environment/adapters/toctree.py", "global_toctree_for_doc")),
    ("        furo get_navigation_tree (BeautifulSoup)", ("furo/navigation.py", "get_navigation_tree")),
    ("      Jinja templates", ("sphinx/jinja2glue.py", "render")),
    ("  handbook tag pages (html-collect-pages)", ("handbook/tagpages.py", "write_tag_pages")),
    ("finish: indices, search index dump, images", ("sphinx/builders/html/__init__.py", "finish")),
]


def cumulative(stats: pstats.Stats, suffix: str, name: str) -> float:
    return sum(ct for (path, _, func), (_, _, _, ct, _) in stats.stats.items()
               if func == name and path.replace("\\", "/").endswith(suffix))


def report(stats: pstats.Stats, top: int, unit: str) -> None:
    total = cumulative(stats, *PHASES[0][1]) or 1.0
    print(f"{'phase':58} {unit:>8} {'share':>7}")
    for label, (suffix, name) in PHASES:
        seconds = cumulative(stats, suffix, name)
        print(f"{label:58} {seconds:8.2f} {seconds / total:7.1%}")
    mine = sorted(((ct, f"{Path(path).name}:{line}({func})") for (path, line, func), (_, _, _, ct, _)
                   in stats.stats.items() if "/handbook/" in path.replace("\\", "/")), reverse=True)
    print(f"\nhandbook extension functions (cumulative, {unit}):")
    for ct, where in mine[:15]:
        print(f"  {ct:8.2f}  {where}")
    print()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src", type=Path, help="a generated project (benchmarks/generate.py)")
    parser.add_argument("build", type=Path, help="build folder (html/ and doctrees/ inside)")
    parser.add_argument("--again", action="store_true", help="keep the build folder: an incremental build")
    parser.add_argument("-j", "--jobs", default="1")
    parser.add_argument("--stats", type=Path, default=None, help="also save the raw profile here")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--cpu-clock", action="store_true", help="time CPU, not wall time (see above)")
    args = parser.parse_args()
    if not args.again:
        shutil.rmtree(args.build, ignore_errors=True)

    from sphinx.cmd.build import build_main

    argv = ["-b", "html", "-q", "-j", args.jobs, "-d", str(args.build / "doctrees"), str(args.src),
            str(args.build / "html")]
    profiler = cProfile.Profile(time.process_time) if args.cpu_clock else cProfile.Profile()
    profiler.enable()
    rc = build_main(argv)
    profiler.disable()
    if args.stats:
        profiler.dump_stats(args.stats)
    print(f"sphinx-build exit {rc}")
    report(pstats.Stats(profiler), args.top, "CPU s" if args.cpu_clock else "s")


if __name__ == "__main__":
    main()
