"""``./dev check``: every post checked as the build checks it, without building.

Front matter (the same validation and messages as the build), other engines' syntax,
images, chapter placement, ``{tag}`` links; each problem as the build reports it,
``path:line: WARNING: message [type]``. Exit status 1 when there is any problem, so it
serves as a pre-commit hook. It also says which posts the catch-all chapter took.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

# MyST's own rules for turning front-matter values into text (myst-parser is pinned).
from .. import registry as tag_registry
from ..frontmatter import FrontMatter
from ..images import problem_with_image
from ..listing import PostSummary, assign_chapters, tag_index
from ..reader import IGNORED_KEYS, fallback_title
from ..source import foreign_syntax, prepare
from ..tags import tag_key
from ..warnings import TYPE, HandbookWarning
from .project import Chapter, Project

FRONTMATTER, SYNTAX, IMAGE, CHAPTER, SLUG, TAG = (f"{TYPE}.{kind}" for kind in (
    HandbookWarning.FRONTMATTER, HandbookWarning.SYNTAX, HandbookWarning.IMAGE, HandbookWarning.CHAPTER,
    HandbookWarning.SLUG, HandbookWarning.TAG))

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when there: 10x faster
_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?")
_TAG_ROLE = re.compile(r"\{tag\}`([^`]+)`")


@dataclass(frozen=True)
class Problem:
    path: str  # relative to the project
    line: int | None
    message: str
    type: str  # as the build's: "handbook.frontmatter", "myst.topmatter", "ref.tag", ...

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: WARNING: {self.message} [{self.type}]"


@dataclass
class Post:
    path: Path
    docname: str
    front: FrontMatter | None
    summary: PostSummary
    tag_refs: list[tuple[int, str]]  # (line, tag name) of each {tag} role
    problems: list[Problem]  # its own (front matter, syntax, images, tags)


@dataclass
class Report:
    posts: list[Post] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    chapters: list[Chapter] = field(default_factory=list)  # in book order
    placed: dict[str, str] = field(default_factory=dict)  # docname -> chapter docname
    catch_all: Chapter | None = None

    def posts_with_problems(self) -> int:
        return len({p.path for p in self.problems})


def read_post(project: Project, path: Path) -> Post:
    relative = path.relative_to(project.root).as_posix()
    docname = project.docname(path)
    problems: list[Problem] = []

    def problem(line: int | None, message: str, kind: str = FRONTMATTER) -> None:
        problems.append(Problem(relative, line, message, kind))

    text = path.read_text(encoding="utf-8", errors="replace")
    registry, _ = tag_registry.load(project.root, project.config.tags_file)
    prepared = prepare(text, docname, project.config, project.root)
    block, front, lines = prepared.block, prepared.front, prepared.block.lines
    if not block.kind:
        problem(1, "no front matter: the title is the first heading or the file name, and the post is undated; "
                   "add title, date and tags between '---' lines")
    for line, message in block.problems:
        problem(line, message)
    if block.usable and block.kind:
        for p in front.problems:
            problem(lines.get(p.field, 1), p.message)
    tags, unknown = registry.apply(front.tags)
    front = replace(front, tags=tags)
    for message in unknown:
        problem(lines.get("tags", 1), message, TAG)
    for key in IGNORED_KEYS:
        if key in lines:
            problem(lines[key], f"'{key}' is ignored: a post cannot change how the handbook is built")
    text = prepared.text
    for line, message in foreign_syntax(text):
        problem(line, message, SYNTAX)

    warned: set[str] = set()
    body_starts = block.length
    for number, line in enumerate(text.split("\n"), start=1):
        if number <= body_starts:
            continue
        for uri in _IMAGE.findall(line):
            why = problem_with_image(project.root, docname, uri)
            if why and uri not in warned:
                warned.add(uri)
                problem(number, why, IMAGE)
    if front.image is not None and front.image not in warned:
        why = problem_with_image(project.root, docname, front.image, front_matter=True)
        if why:
            problem(lines.get("image"), why, IMAGE)

    title = front.title or fallback_title(docname)
    summary = PostSummary(docname, title, front.date, tuple(tag_key(t) for t in front.tags), front.draft)
    tag_refs = [(number, target) for number, line in enumerate(text.split("\n"), start=1)
                for target in _TAG_ROLE.findall(line)]
    return Post(path, docname, front, summary, tag_refs, problems)


def check(project: Project, cache: dict | None = None) -> Report:
    """Every post checked; ``cache`` (kept between builds by report.py) skips unchanged files."""
    report = Report()
    registry_file = project.root / project.config.tags_file
    shared = (repr(project.config), registry_file.stat().st_mtime_ns if registry_file.is_file() else 0)
    fresh: dict = {}
    for path in project.posts():
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size, shared)
        cached = (cache or {}).get(str(path))
        post = cached[1] if cached is not None and cached[0] == stamp else read_post(project, path)
        fresh[str(path)] = (stamp, post)
        report.posts.append(post)
        report.problems.extend(post.problems)
    if cache is not None:
        cache.clear()
        cache.update(fresh)

    summaries = {p.docname: p.summary for p in report.posts}
    published = {d: s for d, s in summaries.items() if project.config.show_drafts or not s.draft}
    chapters = report.chapters = project.chapters()
    slug_of = {d: d.rsplit("/", 1)[-1] for d in published}
    placed, unplaced, placement = assign_chapters([(c.docname, c.rule) for c in chapters], published, slug_of)
    report.placed = {d: c for c, members in placed.items() for d in members}
    report.catch_all = next((c for c in chapters if c.rule.rest), None)
    by_docname = {p.docname: p for p in report.posts}
    for docname in unplaced:
        report.problems.append(Problem(_relative(project, by_docname[docname].path), 1,
                                       "this post is in no chapter: give a chapter its tags, or add one with ':rest:'",
                                       CHAPTER))
    for slug, chapter, first in placement:
        message = f"post {slug!r} is already in chapter {first!r}; listed once only" if first else \
            f"no post named {slug!r}"
        report.problems.append(Problem(f"{chapter}.md", None, message, CHAPTER))
    first_with_slug: dict[str, str] = {}
    for docname in sorted(summaries):
        slug = by_docname[docname].front.slug or docname.rsplit("/", 1)[-1]
        if slug in first_with_slug:
            report.problems.append(Problem(_relative(project, by_docname[docname].path), 1,
                                           f"another post has the same file name ({first_with_slug[slug]}): chapters "
                                           "and links to the blog's address of that name mean the other one",
                                           SLUG))
        else:
            first_with_slug[slug] = docname

    known_tags = set(tag_index(published.values()))
    for post in report.posts:
        for number, target in post.tag_refs:
            name = target.rsplit("<", 1)[1].rstrip(">").strip() if target.rstrip().endswith(">") else target
            if tag_key(name) not in known_tags:
                report.problems.append(Problem(_relative(project, post.path), number,
                                               f"unknown tag {tag_key(name)!r}: no post has it", "ref.tag"))
    report.problems = sorted((p for p in report.problems if not project.suppresses(p.type)),
                             key=lambda p: (p.path, p.line or 0))
    return report


def _relative(project: Project, path: Path) -> str:
    return path.relative_to(project.root).as_posix()


def caught_by_catch_all(report: Report) -> list[Post]:
    """Posts the ``:rest:`` chapter took because no chapter takes their tags."""
    if report.catch_all is None:
        return []
    pinned = set(report.catch_all.rule.posts)
    return [p for p in report.posts if report.placed.get(p.docname) == report.catch_all.docname
            and p.docname.rsplit("/", 1)[-1] not in pinned
            and not set(p.summary.tag_keys) & set(report.catch_all.rule.tag_keys)]


def main(root: Path) -> int:
    project = Project(root)
    report = check(project)
    for problem in report.problems:
        print(problem)
    for post in caught_by_catch_all(report):
        tags = ", ".join(post.front.tags) if post.front and post.front.tags else "no tags"
        print(f"{_relative(project, post.path)}: in the catch-all chapter {report.catch_all.title!r} "
              f"({report.catch_all.docname}): no chapter takes its tags ({tags})")
    count = len(report.posts)
    if report.problems:
        print(f"check: {len(report.problems)} problem(s) in {report.posts_with_problems()} of {count} posts")
        return 1
    print(f"check: {count} posts, no problems")
    return 0
