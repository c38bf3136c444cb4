"""Courses: sessions of posts a trainer runs a cohort through (pure).

A course page holds one ``course`` directive, one line per session::

    Day 1, the basics: what-is-lead-generation-in-sales, is-lead-generation-a-skill
    Day 2, the skills: tag:conversion rate

A line is split at its first ``": "`` into the session's title and its items; an item
is a post's file name (its slug, without ``.md``) or ``tag:<tag>``: every published
post of that tag, in reading order (the book's: chapter by chapter). :func:`parse` reads
the lines as written (the directive while the page is read; ``./dev check`` through
Sphinx too); :func:`plan` finds the posts once every post is known (``bookstate.py``).
A post is in a course once, at its first place.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

TAG_PREFIX = "tag:"
NO_TITLE = "a session is 'Title: post, post, tag:name' (split at the first ': '); this line has no ': '"
NO_ITEMS = "session %r names no posts"
NO_SESSIONS = "the course has no sessions: one line each, 'Title: post, post, tag:name'"
EMPTY_TAG = "'tag:' names no tag"
SECOND_COURSE = "a page holds one course; this second 'course' is left out"


@dataclass(frozen=True)
class Item:
    name: str  # a post's file name, or a tag as written
    tag: bool
    line: int


@dataclass(frozen=True)
class Session:
    title: str
    items: tuple[Item, ...]
    line: int


@dataclass(frozen=True)
class Course:
    """A course as written: its sessions, and what is wrong with the lines themselves."""

    sessions: tuple[Session, ...]
    line: int
    problems: tuple[tuple[int, str], ...] = ()


def parse(lines: Iterable[tuple[int, str]], line: int) -> Course:
    """The course of a directive's content lines ((line, text), 1-based lines of the file)."""
    sessions: list[Session] = []
    problems: list[tuple[int, str]] = []
    for number, text in lines:
        text = text.strip()
        if not text:
            continue
        title, separator, rest = text.partition(": ")
        if not separator and text.endswith(":"):
            title, separator, rest = text[:-1], ":", ""
        if not separator:
            problems.append((number, NO_TITLE))
            continue
        title = " ".join(title.split())
        items = []
        for part in rest.split(","):
            part = part.strip()
            if not part:
                continue
            if part.casefold().startswith(TAG_PREFIX):
                name = " ".join(part[len(TAG_PREFIX):].split())
                if not name:
                    problems.append((number, EMPTY_TAG))
                    continue
                items.append(Item(name, True, number))
            else:
                items.append(Item(part, False, number))
        if not items:
            problems.append((number, NO_ITEMS % title))
        sessions.append(Session(title, tuple(items), number))
    if not sessions and not problems:
        problems.append((line, NO_SESSIONS))
    return Course(tuple(sessions), line, tuple(problems))


@dataclass(frozen=True)
class SessionPlan:
    title: str
    docnames: tuple[str, ...]  # its posts, in the order it reads them
    line: int


@dataclass(frozen=True)
class CoursePlan:
    """A course with its posts found: what its page, its handout and the sidebar show."""

    docname: str
    title: str
    sessions: tuple[SessionPlan, ...]
    problems: tuple[tuple[int | None, str], ...] = ()

    @property
    def docnames(self) -> tuple[str, ...]:
        return tuple(d for s in self.sessions for d in s.docnames)


def plan(docname: str, title: str, course: Course, by_slug: Mapping[str, str], drafts: Mapping[str, str],
         tagged: Callable[[str], Sequence[str] | None], tag_names: Iterable[str]) -> CoursePlan:
    """Which posts each session reads.

    ``reading_order``: the published posts in the book's order; ``by_slug``: a published
    post's file name -> the post; ``drafts``: the same for drafts left out;
    ``tagged(name)``: the published posts of a tag in reading order (None: no post has it);
    ``tag_names``: the tags posts have (for a "did you mean").
    """
    problems = list(course.problems)
    placed: dict[str, str] = {}  # post -> the session that has it
    sessions = []
    for session in course.sessions:
        docnames: list[str] = []
        explained = False
        for item in session.items:
            if item.tag:
                found = tagged(item.name)
                if found is None:
                    problems.append((item.line, f"no post has the tag {item.name!r}"
                                     + _did_you_mean(item.name, tag_names, 0.6)))  # tags are short words
                    explained = True
                    continue
                for post in found:
                    if post not in placed:
                        placed[post] = session.title
                        docnames.append(post)
                continue
            post = by_slug.get(item.name)
            if post is None:
                explained = True
                if item.name in drafts:
                    problems.append((item.line, f"post {item.name!r} is a draft: left out until it is published"))
                else:
                    problems.append((item.line, f"no post named {item.name!r} (a post's file name, without .md)"
                                     + _did_you_mean(item.name, by_slug, 0.75)))
            elif post in placed:
                explained = True
                problems.append((item.line, f"post {item.name!r} is already in session {placed[post]!r}"))
            else:
                placed[post] = session.title
                docnames.append(post)
        if not docnames and session.items and not explained:
            problems.append((session.line, f"session {session.title!r} has no post: earlier sessions have them"))
        sessions.append(SessionPlan(session.title, tuple(docnames), session.line))
    return CoursePlan(docname, title, tuple(sessions), tuple(problems))


def _did_you_mean(name: str, known: Iterable[str], cutoff: float) -> str:
    by_folded = {k.casefold(): k for k in sorted(known, reverse=True)}
    close = difflib.get_close_matches(name.casefold(), sorted(by_folded), n=1, cutoff=cutoff)
    return f"; did you mean {by_folded[close[0]]!r}?" if close else ""
