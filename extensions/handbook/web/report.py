"""The content report: every open problem of every post, whichever build found it.

It also lists the posts due for review on the build's date (with their owners), even
where ``suppress_warnings`` silences their warnings: a writer sees what readers are told.

Sphinx repeats a warning only when its page is read again, so after an incremental
build a writer would believe a problem gone. The problems the rule book found while a
post was read stay on the environment until it is read again (``book/domain.py``); the
book's own (chapters, names) are found again from the book each build. Each website
build lists them all as a page, ``report.html``, and as ``report.json``, with the posts
the catch-all chapter took, and ends with a one-paragraph summary saying where to look.
On by default, off on Read the Docs (``handbook_report``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.logging import is_suppressed_warning

from .. import capabilities, ledger, runs
from .. import config as handbook_config
from ..book import cta, sources
from ..book.domain import HandbookDomain
from ..core import registry as tag_registry
from ..core import rules
from ..core.problems import Problem
from ..core.report import summary_text
from . import pages

logger = logging.getLogger(__name__)
PAGE = "report"


def content_report(app: Sphinx) -> dict:
    """Every open problem, as the environment keeps them (read since), and the catch-all chapter's posts."""
    env = app.env
    domain: HandbookDomain = env.get_domain("handbook")
    state = domain.state
    conf = handbook_config.get(app.config)
    registry, registry_file = tag_registry.load(env.srcdir, conf.tags_file)
    problems = [p for docname in sorted(domain.problems()) if docname in env.found_docs
                for p in domain.problems()[docname]]
    problems += rules.book_problems(state)
    problems += cta.option_problems(app)
    problems += runs.of(env).card_problems  # (share_cards.py, earlier in this event)
    problems += rules.unread_posts(env.srcdir, conf.posts_dir, app.config.source_suffix)
    problems += rules.registry_problems(registry, _relative(app, registry_file) if registry_file else "")
    problems += rules.file_problems(sources.scan_of(app.config))
    for docname in sorted(domain.tag_refs()):
        refs = domain.tag_refs()[docname]
        problems += rules.unknown_tag_problems(docname, [(line, key) for key, line in refs.items()], state.tags)
    shown = [p for p in problems if not is_suppressed_warning(*p.warning_type, app.config.suppress_warnings)]
    entries = sorted(({"path": _path(app, p), "line": p.line, "message": p.message, "type": p.type} for p in shown),
                     key=lambda e: (e["path"], e["line"] or 0))
    catch_all = next((c for c in state.chapter_order if domain.chapters[c][0].rest), None)
    rule = domain.chapters[catch_all][0] if catch_all else None
    caught = rules.caught_by_catch_all(state, catch_all, rule.posts if rule else (), rule.tag_keys if rule else ())
    due = [{"path": _relative(app, app.env.doc2path(d)), "line": state.posts[d].reviewed_line,
            "since": since.isoformat(), "reviewed": state.posts[d].reviewed.isoformat(),
            "owner": state.posts[d].owner[1] if state.posts[d].owner else ""} for d, since in sorted(state.due.items())]
    return {
        "due": due,  # posts due for review on the build's date (./dev check --due lists the same)
        "posts": len(state.posts),
        "posts_with_problems": len({e["path"] for e in entries}),
        "problems": entries,
        "catch_all": {
            "chapter": catch_all,
            "title": state.chapter_titles.get(catch_all) if catch_all else None,
            "posts": sorted(_relative(app, app.env.doc2path(d)) for d in caught),
        },
        "calls_to_action": calls_to_action(app, state, cta.carried(env, conf)),
    }


def calls_to_action(app: Sphinx, state, carried: dict[str, tuple[str, ...]]) -> dict:
    """Which pages carry a call to action (and which), and each chapter's: its page's, how many of its posts."""
    chapters = []
    for chapter in state.chapter_order:
        posts = [d for d in state.chapters.get(chapter, []) if d in app.env.found_docs]
        chapters.append({"chapter": _relative(app, app.env.doc2path(chapter)), "title": state.chapter_titles[chapter],
                         "page": list(carried.get(chapter, ())), "posts": len(posts),
                         "posts_with": sum(1 for d in posts if d in carried)})
    return {
        "pages": {_relative(app, app.env.doc2path(d)): list(names) for d, names in carried.items()},
        "chapters": chapters,
        # a chapter none of whose pages (its own, its posts') carries one
        "chapters_without": [c["chapter"] for c in chapters if not c["page"] and not c["posts_with"]],
    }


def _relative(app: Sphinx, path) -> str:
    return Path(os.path.normpath(path)).relative_to(os.path.normpath(app.srcdir)).as_posix()


def _path(app: Sphinx, problem: Problem) -> str:
    if problem.docname:
        return _relative(app, app.env.doc2path(problem.docname))
    return problem.path


def write_report(app: Sphinx) -> list:
    """``html-collect-pages``: report.json and the report page, written when they changed."""
    # The website's builders only: not the EPUB (a book for readers) nor a single page.
    if not handbook_config.get(app.config).report or not capabilities.of(app.builder).website:
        return []
    data = content_report(app)
    ledger.of(app).write("report", "report.json",
                         (json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
    runs.of(app.env).report = data
    by_path: dict[str, list[dict]] = {}
    for problem in data["problems"]:
        by_path.setdefault(problem["path"], []).append(problem)
    return pages.page(app, "report", PAGE, "Content report", "report.html", listed=False, report=data,
                      by_path=by_path)


def summary(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: what a writer needs to know, in one paragraph."""
    data = runs.of(app.env).report
    if exception is not None or data is None:
        return
    logger.info(summary_text(data, Path(app.builder.outdir)))


def register(app: Sphinx) -> None:
    app.connect("html-collect-pages", write_report)
    app.connect("build-finished", summary)
