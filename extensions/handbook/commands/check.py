"""``./dev check``: every post checked by the build's rule book, without building.

The rules are the build's (``core/rules.py``), applied to each post's text as the
build reads it (``core/post.py``), and the book is made as the build makes it
(``core/bookstate.py``): each problem is printed as the build reports it,
``path:line: WARNING: message [type]``. Exit status 1 when there is any problem, so
it serves as a pre-commit hook. It also says which posts the catch-all chapter took.

``./dev check --due`` lists only the posts due for review on the build's date
(``SOURCE_DATE_EPOCH`` when set, else today), and exits 1 when any is: a scheduled CI
job. They are listed even where ``suppress_warnings`` silences ``handbook.review``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sphinx.util.logging import is_suppressed_warning

from ..core import html, rules
from ..core import registry as tag_registry
from ..core.bookstate import BookState, Inputs, compute_state
from ..core.explain import explain
from ..core.post import fallback_title, prepare, without_jsx_tags
from ..core.problems import Problem
from ..core.records import PostRecord
from ..core.reviews import build_date
from ..core.tags import tag_key
from . import markup
from .project import Chapter, Project, open_project


@dataclass(frozen=True)
class CheckedPost:
    docname: str
    record: PostRecord
    problems: list[Problem]
    tag_refs: list[tuple[int, str]]  # (line, tag key) of each {tag} role


@dataclass
class Report:
    project: Project
    posts: list[CheckedPost] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    state: BookState | None = None
    catch_all: Chapter | None = None

    def posts_with_problems(self) -> int:
        return len({self.where(p) for p in self.problems})

    def where(self, problem: Problem) -> str:
        return self.project.relative(self.project.path(problem.docname)) if problem.docname else problem.path

    def line(self, problem: Problem) -> str:
        where = self.where(problem)
        where = f"{where}:{problem.line}" if problem.line else where
        return f"{where}: WARNING: {problem.message} [{problem.type}]"


def read_post(project: Project, docname: str, registry: tag_registry.Registry) -> CheckedPost:
    path = project.path(docname)
    post = prepare(path.read_text(encoding="utf-8", errors="replace"), docname, project.config, project.root,
                   path.suffix)
    tags, problems = rules.post_problems(docname, post, registry)
    problems += markup.post_problems(project.root, docname, path, without_jsx_tags(post.text), project.myst_config,
                                     html.Policy(project.config.embed_hosts, project.config.trusted_html_hosts))
    front = post.front
    image_problems, _bad, hero_shown = rules.image_problems(project.root, docname, rules.image_references(post),
                                                            front.image, post.block.lines.get("image"))
    problems += image_problems
    found_quizzes = rules.text_quizzes(post.text)
    problems += rules.quiz_problems(docname, [p for quiz in found_quizzes for p in quiz.problems])
    record = PostRecord(
        docname=docname, title=post.title or fallback_title(docname), date=front.date, tags=tags,
        image=front.image if hero_shown else None, excerpt="", minutes=1, draft=front.draft, anchor="",
        updated=front.updated, summary_text=front.summary or "", authors=tuple((a.key, a.name) for a in front.authors),
        aliases=front.aliases, slug=front.slug or docname.rsplit("/", 1)[-1], canonical=front.canonical,
        owner=(front.owner.key, front.owner.name) if front.owner else None, reviewed=front.reviewed,
        reviewed_line=post.block.lines.get("reviewed"), fingerprint=post.fingerprint)
    problems += rules.cta_problems(docname, rules.cta_references(post), project.config.ctas)
    refs = [(line, tag_key(name)) for line, name in rules.tag_references(post.text)]
    return CheckedPost(docname, record, problems, refs)


def check(project: Project) -> Report:
    """Every post checked, and the book made from them as the build makes it."""
    report = Report(project)
    registry, registry_file = tag_registry.load(project.root, project.config.tags_file)
    for docname in project.posts:
        post = read_post(project, docname, registry)
        report.posts.append(post)
        report.problems.extend(post.problems)
    state = report.state = compute_state(Inputs(
        records={p.docname: p.record for p in report.posts},
        rules={c.docname: c.rule for c in project.chapters},
        order=project.order,
        titles={c.docname: c.title for c in project.chapters},
        registry=registry,
        courses=project.courses,
        course_titles={d: project.titles.get(d, d) for d in project.courses},
        today=build_date(os.environ),
    ), project.config)
    report.problems += rules.book_problems(state)
    report.problems += rules.file_problems(project.scan)
    conf_py = project.root / "conf.py"
    report.problems += rules.cta_option_problems(
        project.config, conf_py.read_text(encoding="utf-8", errors="replace") if conf_py.is_file() else "")
    report.problems += project.page_problems
    report.problems += rules.unread_posts(project.root, project.config.posts_dir, project.source_suffixes)
    if registry_file is not None:
        report.problems += rules.registry_problems(registry, project.relative(registry_file))
    refs = {p.docname: p.tag_refs for p in report.posts}
    refs.update({d: [(line, key) for key, line in found.items()] for d, found in project.tag_refs.items()})
    for docname in sorted(refs):
        report.problems += rules.unknown_tag_problems(docname, refs[docname], state.tags)
    report.problems = sorted((p for p in report.problems
                              if not is_suppressed_warning(*p.warning_type, project.suppress_warnings)),
                             key=lambda p: (report.where(p), p.line or 0))
    report.catch_all = next((c for c in project.chapters if c.rule.rest), None)
    return report


def sphinx_warnings(project: Project) -> str:
    """What Sphinx said while reading the pages that are not posts, but the rule book's problems in them
    (the self-checks'): those are the report's, printed with the others."""
    kinds = {f"[{p.type}]" for p in project.page_problems}
    return "\n".join(line for line in project.warnings.rstrip().splitlines()
                     if not any(line.endswith(kind) for kind in kinds))


def list_due(report: Report) -> int:
    """``--due``: only the posts due for review; exit status 1 when there is one."""
    due = rules.review_problems(report.state)
    for problem in sorted(due, key=lambda p: report.where(p)):
        print(report.line(problem))
    count = len(report.posts)
    if due:
        print(f"check --due: {len(due)} of {count} posts due for review "
              f"(handbook_review_every = {report.project.config.review_every} days)")
        return 1
    print(f"check --due: none of {count} posts is due for review")
    return 0


def caught_by_catch_all(report: Report) -> list[str]:
    """Posts the ``:rest:`` chapter took because no chapter takes their tags."""
    chapter = report.catch_all
    if chapter is None or report.state is None:
        return []
    return rules.caught_by_catch_all(report.state, chapter.docname, chapter.rule.posts, chapter.rule.tag_keys)


def explain_posts(project: Project, paths: list[Path]) -> int:
    """``./dev check --explain posts/x.md``: how each post was read, and where each value came from."""
    status = 0
    for path in paths:
        path = path if path.is_absolute() else Path.cwd() / path
        docname = project.docname(path)
        if docname not in project.posts:
            print(f"{path}: not a post of this handbook (posts are the documents in {project.config.posts_dir}/)")
            status = 1
            continue
        file = project.path(docname)
        post = prepare(file.read_text(encoding="utf-8", errors="replace"), docname, project.config, project.root,
                       file.suffix)
        print("\n".join(explain(post, project.relative(file), project.root)))
    return status


def main(root: Path, explain: list[Path] | None = None, due: bool = False) -> int:
    project = open_project(root)
    if explain:
        return explain_posts(project, explain)
    report = check(project)
    if due:
        return list_due(report)
    if sphinx_warnings(project):
        print(sphinx_warnings(project))  # Sphinx's own, while reading the pages that are not posts
    for problem in report.problems:
        print(report.line(problem))
    for docname in caught_by_catch_all(report):
        record = report.state.posts[docname]
        tags = ", ".join(record.tags) if record.tags else "no tags"
        print(f"{project.relative(project.path(docname))}: in the catch-all chapter {report.catch_all.title!r} "
              f"({report.catch_all.docname}): no chapter takes its tags ({tags})")
    count = len(report.posts)
    if report.problems or sphinx_warnings(project):
        print(f"check: {len(report.problems)} problem(s) in {report.posts_with_problems()} of {count} posts")
        return 1
    print(f"check: {count} posts, no problems")
    return 0
