"""The project as the build sees it, opened without building: options, documents, chapters.

``./dev check`` and ``./dev new`` open the project with Sphinx itself, into a
throw-away folder: Sphinx reads ``conf.py`` (and the handbook checks its options, as
in a build), finds the documents (``source_suffix``, ``exclude_patterns``), and reads
the pages that are not posts (the landing page, the chapters) with MyST and the
handbook's own directives, so the chapters' rules and the book's order are the
build's. The posts themselves are not read by Sphinx: the rule book checks them from
their text (``core/post.py``, ``core/rules.py``), a second for 1,000 posts.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from .. import config as handbook_config
from ..book import sources
from ..book.domain import HandbookDomain
from ..core import files
from ..core.courses import Course
from ..core.listing import ChapterRule, book_order
from ..core.options import HandbookConfig
from ..core.problems import Problem


@dataclass(frozen=True)
class Chapter:
    docname: str
    title: str
    rule: ChapterRule


@dataclass(frozen=True)
class Project:
    root: Path
    config: HandbookConfig
    root_doc: str
    suppress_warnings: tuple[str, ...]
    posts: tuple[str, ...]  # docnames, as Sphinx found them
    chapters: tuple[Chapter, ...]  # in book order
    order: dict[str, int]  # document -> its place in the book
    tag_refs: dict[str, dict[str, int | None]]  # page (not a post) -> {tag key of a {tag} role: line}
    warnings: str  # what Sphinx said while reading the pages that are not posts
    paths: dict[str, Path]  # docname -> its file
    myst_config: Any = None  # MyST's settings, as the build parses posts with them
    scan: files.Scan = field(default_factory=files.Scan)  # what the project holds that is not read; clashes
    courses: dict[str, Course] = field(default_factory=dict)  # course page -> its course as written
    titles: dict[str, str] = field(default_factory=dict)  # page (not a post) -> its title
    page_problems: tuple[Problem, ...] = ()  # what the rule book found in those pages (their self-checks)
    source_suffixes: tuple[str, ...] = (".md",)  # the suffixes of the documents Sphinx reads

    def path(self, docname: str) -> Path:
        return self.paths[docname]

    def relative(self, path: Path) -> str:
        return Path(os.path.normpath(path)).relative_to(self.root).as_posix()

    def docname(self, path: Path) -> str:
        found = {p.resolve(): d for d, p in self.paths.items()}
        return found.get(path.resolve(), self.relative(path).rsplit(".", 1)[0])


@contextmanager
def _sphinx(root: Path) -> Iterator[tuple[Sphinx, io.StringIO]]:
    """A Sphinx application on the project that builds nothing (the ``dummy`` builder, a throw-away folder)."""
    work = Path(tempfile.mkdtemp(prefix="handbook-check-"))
    warnings = io.StringIO()
    try:
        with patch_docutils(root), docutils_namespace():
            app = Sphinx(root, root, work / "out", work / "doctrees", "dummy", status=None, warning=warnings,
                         freshenv=True)
            yield app, warnings
    finally:
        shutil.rmtree(work, ignore_errors=True)


def open_project(root: Path) -> Project:
    root = root.resolve()
    with _sphinx(root) as (app, warnings):
        conf = handbook_config.get(app.config)
        env = app.env
        env.find_files(app.config, app.builder)
        pages = sorted(d for d in env.found_docs if not handbook_config.is_post(app.config, d))
        for docname in pages:  # the landing page, chapters, tag overview: few and small
            app.builder.read_doc(docname)
        domain: HandbookDomain = env.get_domain("handbook")
        order = {d: i for i, d in enumerate(book_order(env.toctree_includes, app.config.root_doc))}
        chapters = tuple(
            Chapter(d, env.titles[d].astext() if d in env.titles else d, rule)
            for d, (rule, _) in sorted(domain.chapters.items(), key=lambda item: (order.get(item[0], len(order)),
                                                                                  item[0])))
        posts = tuple(sorted(d for d in env.found_docs if handbook_config.is_post(app.config, d)))
        return Project(
            root=root,
            config=conf,
            root_doc=app.config.root_doc,
            suppress_warnings=tuple(app.config.suppress_warnings),
            posts=posts,
            chapters=chapters,
            order=order,
            tag_refs={d: dict(refs) for d, refs in domain.tag_refs().items()},
            warnings=warnings.getvalue(),
            paths={d: Path(env.doc2path(d)) for d in env.found_docs},
            myst_config=getattr(env, "myst_config", None),
            scan=sources.scan_of(app.config),
            courses=dict(domain.courses),
            titles={d: env.titles[d].astext() for d in pages if d in env.titles},
            page_problems=tuple(p for d in pages for p in domain.problems().get(d, ())),
            source_suffixes=tuple(app.config.source_suffix),
        )
