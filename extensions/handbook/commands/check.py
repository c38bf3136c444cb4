"""``./dev check``: every post checked as the build checks it, without building.

Front matter (the same validation and messages as the build), other engines' syntax,
images, chapter placement, ``{tag}`` links; each problem as the build reports it,
``path:line: WARNING: message [type]``. Exit status 1 when there is any problem, so it
serves as a pre-commit hook. It also says which posts the catch-all chapter took.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import yaml

# MyST's own rules for turning front-matter values into text (myst-parser is pinned).
from myst_parser.mdit_to_docutils.base import _FM_FIELD_MAX_LENGTH, _expanded_length, _fm_json_default

from .. import registry as tag_registry
from ..frontmatter import FrontMatter, read_front_matter
from ..images import problem_with_image
from ..listing import PostSummary, assign_chapters, tag_index
from ..reader import IGNORED_KEYS, fallback_title
from ..source import foreign_syntax, front_matter_lines, toml_to_yaml
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


def front_matter_block(text: str) -> tuple[str | None, int]:
    """The YAML between a leading ``---`` and its closing line, and that line's number."""
    lines = text.lstrip("\ufeff").split("\n")
    if not lines or not re.match(r"^---(\s|$)", lines[0]):  # MyST takes "--- anything" as the opening line
        return None, 0
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() in ("---", "..."):
            return "\n".join(lines[1 : number - 1]), number
    return None, 0


def as_myst_fields(data: dict, problem) -> dict[str, str]:
    """Front-matter values as MyST hands them to the build (``env.metadata``): text.

    MyST JSON-encodes lists and mappings (with its own rules for sets and dates, and
    a size limit) and writes other values as ``str()``; its warnings are repeated.
    """
    fields = {}
    for key, value in data.items():
        if key in ("myst", "mystnb", "substitutions", "html_meta"):
            continue
        if not isinstance(value, str | int | float | dt.date | dt.datetime):
            if _expanded_length(value) > _FM_FIELD_MAX_LENGTH:
                problem(None, f"Front matter field {key!r} is too large to render", "myst.topmatter")
                continue
            try:
                value = json.dumps(value, default=_fm_json_default)
            except (TypeError, ValueError, RecursionError):
                problem(None, f"Front matter field {key!r} could not be serialized", "myst.topmatter")
                continue
        fields[str(key)] = str(value)
    return fields


def read_post(project: Project, path: Path) -> Post:
    relative = path.relative_to(project.root).as_posix()
    docname = project.docname(path)
    problems: list[Problem] = []

    def problem(line: int | None, message: str, kind: str = FRONTMATTER) -> None:
        problems.append(Problem(relative, line, message, kind))

    text = path.read_text(encoding="utf-8", errors="replace")
    registry, _ = tag_registry.load(project.root, project.config.tags_file)
    lines = front_matter_lines(text)
    text, toml_problem = toml_to_yaml(text)
    if toml_problem:
        problem(1, toml_problem)
    block, _ = front_matter_block(text)
    front = None
    if block is None:
        problem(1, "no front matter: the title is the first heading or the file name, and the post is undated; "
                   "add title, date and tags between '---' lines")
    else:
        try:
            data = yaml.load(block, Loader=_LOADER)
        except (yaml.YAMLError, ValueError, RecursionError):
            problem(1, "Malformed YAML", "myst.topmatter")
            parsed = False
        else:
            parsed = True
        if parsed and not isinstance(data, dict):
            problem(1, f"YAML is not a dict: {type(data)}", "myst.topmatter")
        elif parsed:
            fields = as_myst_fields(data, problem)
            front = read_front_matter(fields, project.marker_keys)
            if fields:
                for p in front.problems:
                    problem(lines.get(p.field, 1), p.message)
            tags, unknown = registry.apply(front.tags)
            front = replace(front, tags=tags)
            for message in unknown:
                problem(lines.get("tags", 1), message, TAG)
        for key in IGNORED_KEYS:
            if key in lines:
                problem(lines[key], f"'{key}' is ignored: a post cannot change how the handbook is built")
    for line, message in foreign_syntax(text):
        problem(line, message, SYNTAX)

    warned: set[str] = set()
    _, body_starts = front_matter_block(text)
    for number, line in enumerate(text.split("\n"), start=1):
        if number <= body_starts:
            continue
        for uri in _IMAGE.findall(line):
            why = problem_with_image(project.root, docname, uri)
            if why and uri not in warned:
                warned.add(uri)
                problem(number, why, IMAGE)
    if front is not None and front.image is not None and front.image not in warned:
        why = problem_with_image(project.root, docname, front.image, front_matter=True)
        if why:
            problem(lines.get("image"), why, IMAGE)

    title = front.title if front is not None and front.title else fallback_title(docname)
    summary = PostSummary(docname, title, front.date if front else None,
                          tuple(tag_key(t) for t in front.tags) if front else (), front.draft if front else False)
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
        slug = docname.rsplit("/", 1)[-1]
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
