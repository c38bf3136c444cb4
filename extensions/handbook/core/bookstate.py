"""The book-wide view: chapters, tags, related posts, newest posts (the model; pure).

``BookState`` is derived from what :class:`Inputs` holds (the posts' records, the
chapter pages' rules and places, the tag registry), so it is the same whatever order
(or how many processes) the posts were read in. The build makes it once, after
reading (``book/after_reading.py``), and compares it with the last build's to pick
the pages to write again; ``./dev check`` makes it from the sources, without building.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from . import courses as course_plans
from .courses import Course, CoursePlan
from .listing import (
    ChapterRule,
    PostSummary,
    assign_chapters,
    newest,
    newest_first_key,
    page_name,
    paged,
    related_posts,
    tag_index,
)
from .options import HandbookConfig
from .records import PostRecord
from .registry import Registry
from .reviews import due_posts
from .tags import choose_spelling, tag_key, tag_slug

NEWEST_LIMIT = 12  # the most any newest-posts listing may ask for


@dataclass(frozen=True)
class TagInfo:
    key: str
    spelling: str
    slug: str
    docnames: tuple[str, ...]  # published posts, newest first
    description: str = ""  # from the tag registry


@dataclass(frozen=True)
class AuthorInfo:
    key: str
    name: str
    slug: str  # page name under authors/
    docnames: tuple[str, ...]  # published posts, newest first


@dataclass(frozen=True)
class BookState:
    posts: dict[str, PostRecord]  # all posts, drafts included
    chapter_order: list[str]
    chapter_titles: dict[str, str]
    chapters: dict[str, list[str]]  # chapter -> its posts in reading order
    chapter_of: dict[str, str]
    unplaced: list[str]
    placement_problems: list[tuple[str, str, str]]
    tags: dict[str, TagInfo]  # key -> info, tags with at least one published post
    related: dict[str, list[str]]
    newest: list[str]
    slug_clashes: list[tuple[str, str]] = field(default_factory=list)
    shared_slugs: list[tuple[str, str]] = field(default_factory=list)  # (post, first post with its name)
    # old tag page name -> the page of the tag it is an alias of (tag registry)
    redirects: dict[str, str] = field(default_factory=dict)
    # (plain dicts, not MappingProxyType: the state is pickled with the environment)
    tag_page_prints: dict[str, str] = field(default_factory=dict)  # tag page name -> what it shows
    # parent, previous, next of each page: known once the chapters' tables of contents are
    # filled in (after_reading.py adds them to the finished state)
    relations: dict[str, list] = field(default_factory=dict)
    # The HTML settings of conf.py (Sphinx's config hash): pages made by the handbook
    # (tag pages) show them too (html_title, html_baseurl in feed links, ...)
    settings: str = ""
    authors: dict[str, AuthorInfo] = field(default_factory=dict)  # key -> info, with a published post
    post_by_slug: dict[str, str] = field(default_factory=dict)  # blog slug -> its post (the first)
    related_limit: int = 0  # handbook_related_limit the related posts were found with
    courses: dict[str, CoursePlan] = field(default_factory=dict)  # course page -> its sessions' posts
    due: dict[str, dt.date] = field(default_factory=dict)  # post due for review -> since when (the build's date)

    def summaries(self) -> dict[str, PostSummary]:
        """The published posts as listings see them (what related posts are found from)."""
        return {d: replace(self.posts[d].summary(), draft=False) for d in self.related}  # one per published post

    def visible_tags(self, record: PostRecord) -> list[TagInfo]:
        return [self.tags[k] for k in record.tag_keys if k in self.tags]

    def card(self, docname: str) -> tuple:
        """What a listing (card) shows of a post; a change means listings must be rewritten."""
        r = self.posts[docname]
        return (r.title, r.date, r.updated, r.description, r.image, r.minutes, r.draft, r.fingerprint)

    def course_view(self, docname: str) -> tuple:
        """What a course page shows: its sessions, their posts (as cards show them) and self-checks."""
        plan = self.courses[docname]
        return (plan.title, tuple((s.title, tuple((d, self.card(d), self.posts[d].quizzes) for d in s.docnames))
                                  for s in plan.sessions))

    def reading_order(self) -> list[str]:
        """The published posts in the book's order: chapter by chapter, then those in no chapter."""
        placed = [d for c in self.chapter_order for d in self.chapters.get(c, [])]
        return placed + sorted(set(self.related) - set(placed))

    def tag_page_fingerprint(self, info: TagInfo, site: str, number: int, pages: list[tuple[str, ...]]) -> str:
        """What page ``number`` of a tag shows: its posts, and where it sits among the tag's pages."""
        parts = [site, info.spelling, info.slug, info.description, f"{number}/{len(pages)}/{len(info.docnames)}",
                 *(repr((d, self.card(d))) for d in pages[number - 1])]
        return hashlib.sha256("\x00".join(parts).encode()).hexdigest()

    def site_fingerprint(self, conf: HandbookConfig) -> str:
        """What every page shows around its content: the chapters, in order."""
        parts = [repr(conf), self.settings, *(f"{c}\x01{self.chapter_titles.get(c, '')}" for c in self.chapter_order)]
        parts += [f"{d}\x02{plan.title}" for d, plan in sorted(self.courses.items())]  # the sidebar's courses
        return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


@dataclass(frozen=True)
class Inputs:
    """What the book is made of: the records read and the chapter pages' rules, nothing else."""

    records: Mapping[str, PostRecord]  # every post found, drafts too
    rules: Mapping[str, ChapterRule]  # chapter page -> its rule
    order: Mapping[str, int]  # document -> its place in the book (tables of contents, depth first)
    titles: Mapping[str, str]  # chapter page -> its title
    registry: Registry
    settings: str = ""  # Sphinx's config hash of the HTML build (pages made by the handbook show it)
    courses: Mapping[str, Course] = field(default_factory=dict)  # course page -> its course as written
    course_titles: Mapping[str, str] = field(default_factory=dict)
    today: dt.date | None = None  # the build's date (reviews.build_date); None: no post is due


def compute_state(inputs: Inputs, conf: HandbookConfig, previous: BookState | None = None) -> BookState:
    """The book as the records read so far make it (without ``relations``).

    ``previous``: the last build's book; its related posts are kept when no post's title,
    date, tags or draft flag changed (finding them again costs 1.6 s at 10,000 posts, on
    every save in the live preview).
    """
    records = dict(inputs.records)
    published = {d: r for d, r in records.items() if conf.show_drafts or not r.draft}
    # Listings take what is published here as published (show_drafts lists drafts too).
    summaries = {d: replace(r.summary(), draft=False) for d, r in published.items()}

    rules = inputs.rules
    chapter_order = sorted(rules, key=lambda d: (inputs.order.get(d, len(inputs.order)), d))
    slug_of = {d: d.rsplit("/", 1)[-1] for d in summaries}
    first_with_slug: dict[str, str] = {}
    shared_slugs = []
    for docname in sorted(records):  # one slug, one address on the blog: the first keeps it
        slug = records[docname].slug or docname.rsplit("/", 1)[-1]
        if slug in first_with_slug:
            shared_slugs.append((docname, first_with_slug[slug]))
        else:
            first_with_slug[slug] = docname
    chapters, unplaced, problems = assign_chapters([(c, rules[c]) for c in chapter_order], summaries, slug_of)
    chapter_of = {d: c for c, members in chapters.items() for d in members}
    titles = {c: inputs.titles.get(c, c) for c in chapter_order}

    index = tag_index(summaries.values())
    spellings: dict[str, list[str]] = {}
    for record in published.values():
        for spelling in record.tags:
            spellings.setdefault(tag_key(spelling), []).append(spelling)
    tags = {}
    slug_owner: dict[str, str] = {}
    clashes = []
    for key in sorted(index):
        slug = tag_slug(key)
        if slug in slug_owner:  # only on a digest collision: keep pages apart anyway
            clashes.append((slug_owner[slug], key))
            slug = f"{slug}-{hashlib.sha256(key.encode()).hexdigest()[:16]}"
        slug_owner[slug] = key
        known = inputs.registry.known(key)
        tags[key] = TagInfo(key, choose_spelling(spellings[key]), slug, tuple(index[key]),
                            known.description if known else "")
    redirects = {}
    for alias_key, key in sorted(inputs.registry.alias_of.items()):
        alias_slug = tag_slug(alias_key)
        if key in tags and alias_slug not in slug_owner:
            redirects[f"{conf.tags_dir}/{alias_slug}"] = f"{conf.tags_dir}/{tags[key].slug}"

    state = BookState(
        posts=records,
        chapter_order=chapter_order,
        chapter_titles=titles,
        chapters=chapters,
        chapter_of=chapter_of,
        unplaced=unplaced,
        placement_problems=problems,
        tags=tags,
        related=_related(summaries, index, conf.related_limit, previous),
        newest=newest(summaries.values(), NEWEST_LIMIT),
        slug_clashes=clashes,
        shared_slugs=shared_slugs,
        redirects=redirects,
        settings=inputs.settings,
        authors=author_index(published, summaries),
        post_by_slug=first_with_slug,
        related_limit=conf.related_limit,
    )
    state = replace(state, courses=plan_courses(state, inputs),
                    due=due_posts(published, conf.review_every, inputs.today))
    return replace(state, tag_page_prints=tag_pages(state, conf))  # (their sidebar shows the courses)


def plan_courses(state: BookState, inputs: Inputs) -> dict[str, CoursePlan]:
    """Each course with the posts of its sessions (published posts only, in the book's reading order)."""
    if not inputs.courses:
        return {}
    place = {d: i for i, d in enumerate(state.reading_order())}
    by_slug: dict[str, str] = {}
    drafts: dict[str, str] = {}
    for docname in sorted(state.posts):
        slug = docname.rsplit("/", 1)[-1]
        (by_slug if docname in state.related else drafts).setdefault(slug, docname)
    for slug, docname in state.post_by_slug.items():  # the blog's slug, when the front matter gives one
        if docname in state.related:
            by_slug.setdefault(slug, docname)
    spellings = {info.spelling for info in state.tags.values()}

    in_reading_order: dict[str, tuple[str, ...]] = {}  # tag key -> its posts, sorted once for every course

    def tagged(name: str) -> tuple[str, ...] | None:
        key = tag_key(name)
        key = inputs.registry.alias_of.get(key, key)
        if key not in state.tags:
            return None
        if key not in in_reading_order:
            in_reading_order[key] = tuple(sorted(state.tags[key].docnames, key=lambda d: (place.get(d, len(place)), d)))
        return in_reading_order[key]

    return {docname: course_plans.plan(docname, inputs.course_titles.get(docname, docname), course, by_slug, drafts,
                                       tagged, spellings)
            for docname, course in sorted(inputs.courses.items())}


def _related(summaries: dict[str, PostSummary], index: dict, limit: int, previous: BookState | None) -> dict:
    if previous is not None and previous.related_limit == limit and previous.summaries() == summaries:
        return previous.related
    return {d: related_posts(summaries[d], summaries, index, limit) for d in summaries}


def author_index(published: dict[str, PostRecord], summaries: dict) -> dict[str, AuthorInfo]:
    """Each author with their published posts, newest first; page names never shared."""
    names: dict[str, str] = {}
    posts: dict[str, list] = {}
    for docname, record in published.items():
        for key, name in record.authors:
            names.setdefault(key, name)
            posts.setdefault(key, []).append(summaries[docname])
    authors = {}
    taken: set[str] = set()
    for key in sorted(names):
        slug = tag_slug(tag_key(key)) or "author"
        if slug in taken:
            slug = f"{slug}-{hashlib.sha256(key.encode()).hexdigest()[:12]}"
        taken.add(slug)
        docnames = tuple(p.docname for p in sorted(posts[key], key=newest_first_key))
        authors[key] = AuthorInfo(key, names[key], slug, docnames)
    return authors


def tag_pages(state: BookState, conf: HandbookConfig) -> dict[str, str]:
    """Tag page name -> fingerprint of what it shows."""
    site = state.site_fingerprint(conf)
    prints = {}
    for t in state.tags.values():
        pages = paged(t.docnames, conf.tag_page_size)
        for number in range(1, len(pages) + 1):
            prints[page_name(f"{conf.tags_dir}/{t.slug}", number)] = state.tag_page_fingerprint(t, site, number, pages)
    by_page = {f"{conf.tags_dir}/{t.slug}": t for t in state.tags.values()}
    for page, target in state.redirects.items():  # what a redirect page shows: the tag's name and page
        parts = [site, target, by_page[target].spelling]
        prints[page] = hashlib.sha256("\x00".join(parts).encode()).hexdigest()
    return prints
