"""Which posts go where: chapters, related posts, newest first (pure functions).

Nothing here compares every post with every other: related posts are found
through the tag index, looking at a bounded window of each tag's posts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

UNDATED = dt.date.min


@dataclass(frozen=True)
class PostSummary:
    """What other pages show of a post."""

    docname: str
    title: str
    date: dt.date | None
    tag_keys: tuple[str, ...]
    draft: bool = False


@dataclass(frozen=True)
class ChapterRule:
    """How a chapter page chooses its posts (from its ``chapter-posts`` directive)."""

    posts: tuple[str, ...] = ()  # slugs, in reading order
    tag_keys: tuple[str, ...] = ()
    rest: bool = False  # takes every post no other chapter took
    order: str = "date"  # "date" (oldest first), "-date" (newest first) or "title"


def book_order(includes: Mapping[str, Sequence[str]], root: str) -> list[str]:
    """Documents in table-of-contents order, depth first from the root (``includes``: document -> its entries)."""
    order: list[str] = []
    seen: set[str] = set()
    stack = [root]
    while stack:
        docname = stack.pop()
        if docname in seen:
            continue
        seen.add(docname)
        order.append(docname)
        stack.extend(reversed(includes.get(docname, [])))
    return order


def newest_first_key(post: PostSummary) -> tuple:
    return (-(post.date or UNDATED).toordinal(), post.title.casefold(), post.docname)


def _reading_key(order: str):
    if order == "-date":
        return newest_first_key
    if order == "title":
        return lambda p: (p.title.casefold(), p.docname)
    return lambda p: ((p.date or UNDATED).toordinal(), p.title.casefold(), p.docname)


def assign_chapters(
    chapters: Sequence[tuple[str, ChapterRule]],
    posts: Mapping[str, PostSummary],
    slug_of: Mapping[str, str],
) -> tuple[dict[str, list[str]], list[str], list[tuple[str, str, str]]]:
    """Put every published post into exactly one chapter.

    A post named in a chapter's ``posts`` goes there (the first chapter naming
    it wins); otherwise the first chapter sharing one of its tags; otherwise the
    first ``rest`` chapter. Returns (chapter -> docnames in reading order,
    posts no chapter took, (slug, chapter, first chapter) for names listed twice
    or unknown: chapter "" means unknown slug).
    """
    docname_of_slug: dict[str, str] = {}
    for docname in sorted(posts):
        docname_of_slug.setdefault(slug_of[docname], docname)
    home: dict[str, str] = {}
    pinned: dict[str, list[str]] = {name: [] for name, _ in chapters}
    problems: list[tuple[str, str, str]] = []
    for name, rule in chapters:
        for slug in rule.posts:
            docname = docname_of_slug.get(slug)
            if docname is None:
                problems.append((slug, name, ""))
            elif docname in home:
                problems.append((slug, name, home[docname]))
            elif not posts[docname].draft:
                home[docname] = name
                pinned[name].append(docname)
    rest = next((name for name, rule in chapters if rule.rest), None)
    by_tag: dict[str, str] = {}
    for name, rule in chapters:
        for key in rule.tag_keys:
            by_tag.setdefault(key, name)
    matched: dict[str, list[str]] = {name: [] for name, _ in chapters}
    orphans: list[str] = []
    for docname in sorted(posts):
        post = posts[docname]
        if docname in home or post.draft:
            continue
        target = _first_claiming(chapters, post.tag_keys, by_tag) or rest
        if target is None:
            orphans.append(docname)
            continue
        matched[target].append(docname)
    rules = dict(chapters)
    result = {}
    for name, _ in chapters:
        ordered = sorted((posts[d] for d in matched[name]), key=_reading_key(rules[name].order))
        result[name] = pinned[name] + [p.docname for p in ordered]
    return result, orphans, problems


def _first_claiming(chapters, tag_keys, by_tag) -> str | None:
    """The earliest chapter (in book order) that claims one of these tags."""
    claimed = {by_tag[k] for k in tag_keys if k in by_tag}
    return next((name for name, _ in chapters if name in claimed), None)


def tag_index(posts: Iterable[PostSummary]) -> dict[str, list[str]]:
    """Tag key -> docnames of its published posts, newest first."""
    index: dict[str, list[PostSummary]] = {}
    for post in posts:
        if post.draft:
            continue
        for key in post.tag_keys:
            index.setdefault(key, []).append(post)
    return {key: [p.docname for p in sorted(group, key=newest_first_key)] for key, group in index.items()}


def related_posts(
    post: PostSummary,
    posts: Mapping[str, PostSummary],
    index: Mapping[str, Sequence[str]],
    limit: int,
    window: int = 50,
) -> list[str]:
    """Posts sharing the most tags with ``post``, then the closest in date.

    Each tag contributes at most ``window`` candidates (those nearest in date),
    so the cost per post is bounded however large a tag grows.
    """
    if limit <= 0 or post.draft:
        return []
    scores: dict[str, int] = {}
    for key in post.tag_keys:
        group = index.get(key, ())
        for docname in _nearest(group, post, posts, window):
            if docname != post.docname:
                scores[docname] = scores.get(docname, 0) + 1
    day = (post.date or UNDATED).toordinal()

    def rank(docname: str) -> tuple:
        other = posts[docname]
        return (-scores[docname], abs((other.date or UNDATED).toordinal() - day), other.title.casefold(), docname)

    return sorted(scores, key=rank)[:limit]


def _nearest(group: Sequence[str], post: PostSummary, posts: Mapping[str, PostSummary], window: int) -> Sequence[str]:
    """The ``window`` posts of a newest-first group closest to ``post`` in the list."""
    if len(group) <= window:
        return group
    # Groups are sorted newest first; find the post's place by bisection on the sort key.
    lo, hi = 0, len(group)
    key = newest_first_key(post)
    while lo < hi:
        mid = (lo + hi) // 2
        if newest_first_key(posts[group[mid]]) < key:
            lo = mid + 1
        else:
            hi = mid
    start = max(0, min(lo - window // 2, len(group) - window))
    return group[start : start + window]


def newest(posts: Iterable[PostSummary], limit: int) -> list[str]:
    import heapq

    published = (p for p in posts if not p.draft)
    return [p.docname for p in heapq.nsmallest(limit, published, key=newest_first_key)]


def paged(items: Sequence[str], size: int) -> list[tuple[str, ...]]:
    """``items`` in pages of ``size`` (one page when ``size`` is 0; an empty list is one empty page)."""
    if size <= 0 or len(items) <= size:
        return [tuple(items)]
    return [tuple(items[start:start + size]) for start in range(0, len(items), size)]


def page_name(first: str, number: int) -> str:
    """Page ``number`` (from 1) of a listing whose first page is ``first``."""
    return first if number == 1 else f"{first}/page-{number}"


def by_month(posts: Iterable[PostSummary]) -> tuple[list[tuple[int, list[tuple[int, list[str]]]]], list[str]]:
    """The archive: ``[(year, [(month, docnames newest first)])]`` newest first, and the undated posts."""
    years: dict[int, dict[int, list[PostSummary]]] = {}
    undated = []
    for post in posts:
        if post.date is None:
            undated.append(post)
        else:
            years.setdefault(post.date.year, {}).setdefault(post.date.month, []).append(post)
    dated = [
        (year, [(month, [p.docname for p in sorted(months[month], key=newest_first_key)])
                for month in sorted(months, reverse=True)])
        for year, months in sorted(years.items(), reverse=True)
    ]
    return dated, [p.docname for p in sorted(undated, key=lambda p: (p.title.casefold(), p.docname))]


def handouts_made(post_count: int, max_posts: int) -> bool:
    """Whether a handbook makes chapter handouts: while its PDF prints every post (``handbook_print_max_posts``).

    Past that (thousands of posts, hundreds of chapters) the handouts would take as long as
    the whole book, which is already more than Read the Docs gives a build; the PDF's
    chapters are then the pieces to print. A post is a file in the posts folder (drafts
    too), as ``tools/handouts.py --fits`` counts them before Read the Docs' handout job.
    """
    return max_posts == 0 or post_count <= max_posts


def print_quota(chapter_sizes: Iterable[int], max_posts: int) -> int:
    """How many newest posts each chapter prints so that the PDF holds at most ``max_posts``.

    0 when every post fits (or ``max_posts`` is 0); else the largest number k for which the
    chapters' min(size, k) add up to ``max_posts`` or less, and at least 1.
    """
    sizes = [size for size in chapter_sizes if size]
    if max_posts <= 0 or sum(sizes) <= max_posts:
        return 0
    low, high = 1, max(sizes)  # sum(min(size, high)) > max_posts: high never fits
    while high - low > 1:
        middle = (low + high) // 2
        if sum(min(size, middle) for size in sizes) <= max_posts:
            low = middle
        else:
            high = middle
    return low


def left_out_of_print(members: Sequence[str], dates: Mapping[str, dt.date | None], keep: int) -> tuple[str, ...]:
    """A chapter's posts the PDF leaves out: all but its ``keep`` newest, in chapter order (0: none).

    Undated posts count as the oldest; posts of one day keep the newest by file name.
    """
    if keep <= 0 or len(members) <= keep:
        return ()
    newest = set(sorted(members, key=lambda d: (dates.get(d) or UNDATED, d), reverse=True)[:keep])
    return tuple(d for d in members if d not in newest)
