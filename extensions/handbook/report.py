"""The content report: every open problem of every post, brought up to date by every build.

Sphinx repeats a warning only when its page is read again, so after an incremental
build a writer would believe a problem gone. Each HTML build therefore checks every
post again, as ``./dev check`` does (fast: no parsing of the posts' Markdown), and
writes what it finds as a page, ``report.html``, and as ``report.json``, with the posts
the catch-all chapter took. The build ends with a one-paragraph summary saying where
to look. On by default, off on Read the Docs (``handbook_report``).
"""

from __future__ import annotations

import html
import json
import os
import pickle
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from . import config as handbook_config
from . import generated
from .commands.check import Report, caught_by_catch_all, check
from .commands.project import Project

logger = logging.getLogger(__name__)
PAGE = "report"


CACHE = "handbook-check-cache.pickle"  # next to the doctrees: each post read again only when it changed


def content_report(app: Sphinx) -> dict:
    project = Project(Path(app.srcdir), handbook_config.get(app.config), app.config.root_doc,
                      tuple(app.config.suppress_warnings))
    cache_file = Path(app.doctreedir, CACHE)
    try:
        cache = pickle.loads(cache_file.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        cache = {}
    report: Report = check(project, cache)
    partial = cache_file.with_name(f".{CACHE}.{os.getpid()}")
    partial.write_bytes(pickle.dumps(cache, pickle.HIGHEST_PROTOCOL))
    os.replace(partial, cache_file)
    caught = caught_by_catch_all(report)
    return {
        "posts": len(report.posts),
        "posts_with_problems": report.posts_with_problems(),
        "problems": [{"path": p.path, "line": p.line, "message": p.message, "type": p.type}
                     for p in report.problems],
        "catch_all": {
            "chapter": report.catch_all.docname if report.catch_all else None,
            "title": report.catch_all.title if report.catch_all else None,
            "posts": [post.path.relative_to(project.root).as_posix() for post in caught],
        },
    }


def page_body(data: dict) -> str:
    """The report page's HTML (escaped text only: paths and messages come from the posts)."""
    esc = html.escape
    out = ['<section id="content-report">', "<h1>Content report</h1>"]
    if data["problems"]:
        out.append(f"<p>{data['posts_with_problems']} of {data['posts']} posts have problems, by post and line. "
                   "The same list, read from the sources: <code>./dev check</code>.</p>")
    else:
        out.append(f"<p>No problems in {data['posts']} posts.</p>")
    by_path: dict[str, list[dict]] = {}
    for problem in data["problems"]:
        by_path.setdefault(problem["path"], []).append(problem)
    for path, problems in by_path.items():
        out.append(f'<h2 class="handbook-report-post">{esc(path)}</h2><ul>')
        for p in problems:
            where = f"line {p['line']}: " if p["line"] else ""
            out.append(f"<li>{esc(where + p['message'])} <code>[{esc(p['type'])}]</code></li>")
        out.append("</ul>")
    caught = data["catch_all"]
    if caught["posts"]:
        out.append(f"<h2>In the catch-all chapter “{esc(caught['title'] or '')}”</h2>")
        out.append("<p>No chapter takes the tags of these posts:</p><ul>")
        out += [f"<li>{esc(path)}</li>" for path in caught["posts"]]
        out.append("</ul>")
    out.append("</section>")
    return "\n".join(out)


def write_report(app: Sphinx) -> list:
    """``html-collect-pages``: report.json and the report page, written when they changed."""
    builder = app.builder
    # The website's builders only: not the EPUB (a book for readers) nor a single page.
    if not handbook_config.get(app.config).report or builder.name not in ("html", "dirhtml"):
        return []
    data = content_report(app)
    target = Path(builder.outdir, "report.json")
    text = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        partial = target.with_name(f".report.json.{os.getpid()}")
        partial.write_text(text, encoding="utf-8")
        os.replace(partial, target)
    builder._handbook_report = data
    return generated.page(app, PAGE, "Content report", page_body(data), listed=False)


def summary(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: what a writer needs to know, in one paragraph."""
    data = getattr(app.builder, "_handbook_report", None)
    if exception is not None or data is None:
        return
    logger.info(summary_text(data, Path(app.builder.outdir)))


def summary_text(data: dict, outdir: Path) -> str:
    parts = [f"handbook: {data['posts']} posts"]
    if data["problems"]:
        parts.append(f"{data['posts_with_problems']} with problems ({len(data['problems'])} in all): see "
                     f"{outdir / 'report.html'} or run ./dev check")
    else:
        parts.append("no problems")
    caught = data["catch_all"]["posts"]
    if caught:
        parts.append(f"the catch-all chapter '{data['catch_all']['title']}' took {len(caught)} whose tags no "
                     f"chapter takes: {', '.join(caught[:5])}{' ...' if len(caught) > 5 else ''}")
    return "; ".join(parts) + f". Open {outdir / 'index.html'}."


def register(app: Sphinx) -> None:
    app.connect("html-collect-pages", write_report)
    app.connect("build-finished", summary)
