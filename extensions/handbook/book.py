"""The book-wide view, computed once after reading: chapters, tags, related posts.

``BookState`` is derived from the per-document records only, so it is the same
whatever order (or how many processes) the posts were read in. Comparing the
state of this build with the last one tells which pages show something that
changed and must be written again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from sphinx.environment import BuildEnvironment

from .config import HandbookConfig
from .domain import HandbookDomain, PostRecord
from .listing import ChapterRule, assign_chapters, newest, related_posts, tag_index
from .tags import choose_spelling, tag_key, tag_slug

NEWEST_LIMIT = 12  # the most any newest-posts listing may ask for


@dataclass(frozen=True)
class TagInfo:
    key: str
    spelling: str
    slug: str
    docnames: tuple[str, ...]  # published posts, newest first


@dataclass
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
    tag_page_prints: dict[str, str] = field(default_factory=dict)  # set once computed
    relations: dict[str, list] = field(default_factory=dict)  # parent, previous, next: set once computed

    def visible_tags(self, record: PostRecord) -> list[TagInfo]:
        return [self.tags[k] for k in record.tag_keys if k in self.tags]

    def card(self, docname: str) -> tuple:
        """What a listing (card) shows of a post; a change means listings must be rewritten."""
        r = self.posts[docname]
        return (r.title, r.date, r.excerpt, r.image, r.minutes, r.draft)

    def tag_page_fingerprint(self, info: TagInfo, site: str) -> str:
        parts = [site, info.spelling, info.slug, *(repr((d, self.card(d))) for d in info.docnames)]
        return hashlib.sha256("\x00".join(parts).encode()).hexdigest()

    def site_fingerprint(self, conf: HandbookConfig) -> str:
        """What every page shows around its content: the chapters, in order."""
        parts = [repr(conf), *(f"{c}\x01{self.chapter_titles.get(c, '')}" for c in self.chapter_order)]
        return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def book_order(env: BuildEnvironment, root: str) -> list[str]:
    """Documents in table-of-contents order, depth first from the root."""
    order: list[str] = []
    seen: set[str] = set()
    stack = [root]
    while stack:
        docname = stack.pop()
        if docname in seen:
            continue
        seen.add(docname)
        order.append(docname)
        stack.extend(reversed(env.toctree_includes.get(docname, [])))
    return order


def compute_state(env: BuildEnvironment, conf: HandbookConfig) -> BookState:
    domain: HandbookDomain = env.get_domain("handbook")
    records = {d: r for d, r in domain.posts.items() if d in env.found_docs}
    published = {d: r for d, r in records.items() if conf.show_drafts or not r.draft}
    # Listings take what is published here as published (show_drafts lists drafts too).
    summaries = {d: replace(r.summary(), draft=False) for d, r in published.items()}

    rules: dict[str, ChapterRule] = {d: rule for d, (rule, _) in domain.chapters.items() if d in env.found_docs}
    position = {d: i for i, d in enumerate(book_order(env, env.config.root_doc))}
    chapter_order = sorted(rules, key=lambda d: (position.get(d, len(position)), d))
    slug_of = {d: d.rsplit("/", 1)[-1] for d in summaries}
    first_with_slug: dict[str, str] = {}
    shared_slugs = []
    for docname in sorted(records):  # one slug, one address on the blog: the first keeps it
        slug = docname.rsplit("/", 1)[-1]
        if slug in first_with_slug:
            shared_slugs.append((docname, first_with_slug[slug]))
        else:
            first_with_slug[slug] = docname
    chapters, unplaced, problems = assign_chapters([(c, rules[c]) for c in chapter_order], summaries, slug_of)
    chapter_of = {d: c for c, members in chapters.items() for d in members}
    titles = {c: env.titles[c].astext() if c in env.titles else c for c in chapter_order}

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
        tags[key] = TagInfo(key, choose_spelling(spellings[key]), slug, tuple(index[key]))

    related = {d: related_posts(summaries[d], summaries, index, conf.related_limit) for d in summaries}
    return BookState(
        posts=records,
        chapter_order=chapter_order,
        chapter_titles=titles,
        chapters=chapters,
        chapter_of=chapter_of,
        unplaced=unplaced,
        placement_problems=problems,
        tags=tags,
        related=related,
        newest=newest(summaries.values(), NEWEST_LIMIT),
        slug_clashes=clashes,
        shared_slugs=shared_slugs,
    )


def pages_to_rewrite(old: BookState | None, new: BookState, domain: HandbookDomain, conf: HandbookConfig,
                     all_docs: set[str]) -> set[str]:
    """Pages whose output shows something that changed since the last build.

    Pages that were re-read are written anyway; this finds the others: chapter
    neighbours (navigation, previous/next), posts whose related block changed,
    pages listing newest posts or the tag overview, pages linking a tag or a
    post that appeared or went away.
    """
    if old is None:
        return set()
    if old.site_fingerprint(conf) != new.site_fingerprint(conf):
        return set(all_docs)  # every page's navigation shows the chapters
    # previous/next links: a page whose neighbours changed
    rewrite = {d for d, rel in new.relations.items() if old.relations.get(d) != rel}

    def navigation(state: BookState, chapter: str) -> list[tuple[str, str]]:
        return [(d, state.posts[d].title) for d in state.chapters.get(chapter, [])]

    for chapter in new.chapter_order:
        if navigation(old, chapter) != navigation(new, chapter):
            rewrite.add(chapter)
            rewrite.update(old.chapters.get(chapter, []))
            rewrite.update(new.chapters.get(chapter, []))
    changed_cards = {
        d for d in old.posts.keys() | new.posts.keys()
        if d not in old.posts or d not in new.posts or old.card(d) != new.card(d)
    }
    for chapter, members in new.chapters.items():
        if changed_cards.intersection(members):
            rewrite.add(chapter)
    # related blocks show titles and dates only
    retitled = {d for d in changed_cards
                if d not in old.posts or d not in new.posts
                or (old.posts[d].title, old.posts[d].date) != (new.posts[d].title, new.posts[d].date)}
    for docname, related in new.related.items():
        if old.related.get(docname) != related or retitled.intersection(related):
            rewrite.add(docname)
    # previous/next links show the neighbour's title
    rewrite.update(d for d, rel in new.relations.items() if retitled.intersection(x for x in rel if x))
    if old.newest != new.newest or changed_cards.intersection(new.newest):
        rewrite.update(domain.pages_listing("newest"))

    def tag_view(state: BookState) -> dict[str, tuple]:
        return {k: (t.spelling, t.slug, len(t.docnames)) for k, t in state.tags.items()}

    old_tags, new_tags = tag_view(old), tag_view(new)
    if old_tags != new_tags:
        rewrite.update(domain.pages_listing("overview"))  # it shows the counts
        # A chip shows a tag's spelling and links its page: posts carrying a tag
        # that appeared, went or is spelled anew (drafts too) show something new.
        shown_anew = {k for k in old_tags.keys() | new_tags.keys() if old_tags.get(k, ())[:2] != new_tags.get(k, ())[:2]}
        rewrite.update(domain.pages_naming_tags(shown_anew))
        rewrite.update(d for d, r in new.posts.items() if shown_anew.intersection(r.tag_keys))
    appeared_or_gone = {d.rsplit("/", 1)[-1] for d in old.posts.keys() ^ new.posts.keys()}
    if appeared_or_gone:
        rewrite.update(domain.pages_linking_posts(appeared_or_gone))
    return rewrite & all_docs


def chapter_entries(state: BookState | None, docname: str, found_docs: set[str]) -> tuple[str, ...]:
    if state is None:
        return ()
    return tuple(d for d in state.chapters.get(docname, []) if d in found_docs)


def tag_pages(state: BookState, conf: HandbookConfig) -> Mapping[str, str]:
    """Tag page name -> fingerprint of what it shows."""
    site = state.site_fingerprint(conf)
    return {f"{conf.tags_dir}/{t.slug}": state.tag_page_fingerprint(t, site) for t in state.tags.values()}
