"""After reading (``env-updated``): the book is made, chapters filled, pages picked.

The one step that sees every post at once, in the main process:

1. the book (:class:`~.book.BookState`) is computed from the records read;
2. chapter pages whose posts changed are read again, handed their posts (a chapter's
   table of contents depends on every post's front matter, known only now; read
   again, it is an ordinary Sphinx toctree for the sidebar, previous/next and the
   PDF's chapters);
3. the finished state (with the pages' new neighbours) is stored on the domain;
4. the pages that show something that changed since the last build are returned
   for Sphinx to write again (with those a stopped build still owed: ``resume.py``).
   (What a deleted document left in the output: ``cleanup.py``.)
"""

from __future__ import annotations

import os
from dataclasses import replace

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .. import compat, runs
from .. import config as handbook_config
from ..config import HandbookConfig
from ..core import registry as tag_registry
from ..core import rules
from ..core.bookstate import BookState, Inputs, compute_state
from ..core.listing import book_order
from ..core.reviews import build_date
from ..warnings import warn_problem
from . import resume
from .domain import HandbookDomain


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    conf = handbook_config.get(app.config)
    domain: HandbookDomain = env.get_domain("handbook")
    old = domain.state
    still_owed = resume.owed(app)  # by a build that was stopped before it finished
    plan = compute_state(book_inputs(app, env), conf, old)

    entries = {c: tuple(d for d in plan.chapters.get(c, []) if d in env.found_docs) for c in plan.chapter_order}
    stale_chapters = [c for c in plan.chapter_order if entries[c] != domain.chapters[c][1]]
    run = runs.of(env)
    run.chapter_entries = entries  # what directives.ChapterPosts lists while the chapter is read again
    try:
        for docname in stale_chapters:
            app.events.emit("env-purge-doc", env, docname)
            env.clear_doc(docname)
            app.builder.read_doc(docname)
    finally:
        run.chapter_entries = {}

    # Finished: with the neighbours the chapters' new tables of contents give.
    new = replace(plan, relations=env.collect_relations())
    domain.set_state(new)
    for problem in rules.book_problems(new):
        warn_problem(problem)
    registry, registry_file = tag_registry.load(env.srcdir, conf.tags_file)
    for problem in rules.registry_problems(registry, str(registry_file)):
        warn_problem(problem, location=compat.file_location(env.srcdir, str(registry_file)))
    for problem in rules.unread_posts(env.srcdir, conf.posts_dir, app.config.source_suffix):
        warn_problem(problem)  # a file that looks like a post and is not read: never silently missing
    rewrite = pages_to_rewrite(old, new, domain, conf, set(env.found_docs))
    rewrite |= set(stale_chapters) | (still_owed & set(env.found_docs))
    resume.promise(app, rewrite)
    return sorted(rewrite)


def book_inputs(app: Sphinx, env: BuildEnvironment) -> Inputs:
    """What the book is made of, from the environment: the records read, the chapters' rules and places."""
    conf = handbook_config.get(app.config)
    domain: HandbookDomain = env.get_domain("handbook")
    registry, _ = tag_registry.load(env.srcdir, conf.tags_file)
    build_info = getattr(app.builder, "build_info", None)  # HTML builders: conf.py's HTML settings
    chapters = {d: rule for d, (rule, _) in domain.chapters.items() if d in env.found_docs}
    order = {d: i for i, d in enumerate(book_order(env.toctree_includes, env.config.root_doc))}
    return Inputs(
        records={d: r for d, r in domain.posts.items() if d in env.found_docs},
        rules=chapters,
        order=order,
        titles={c: env.titles[c].astext() for c in chapters if c in env.titles},
        registry=registry,
        settings=build_info.config_hash if build_info is not None else "",
        courses={d: c for d, c in domain.courses.items() if d in env.found_docs},
        course_titles={d: env.titles[d].astext() for d in domain.courses if d in env.titles},
        today=build_date(os.environ),  # an input like the posts: SOURCE_DATE_EPOCH keeps builds reproducible
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
    # A post whose review fell due (or was done) since: its header says so, or no longer does.
    rewrite.update(d for d in old.due.keys() | new.due.keys() if old.due.get(d) != new.due.get(d))
    # Course pages show their posts as cards do, and their self-checks; the landing page lists the courses.
    old_views = {d: old.course_view(d) for d in old.courses}
    new_views = {d: new.course_view(d) for d in new.courses}
    rewrite.update(d for d in new_views if old_views.get(d) != new_views[d])
    if old_views != new_views:
        rewrite.update(domain.pages_listing("courses"))
    old_owners, new_owners = old.post_by_slug, new.post_by_slug
    appeared_or_gone = {s for s in old_owners.keys() | new_owners.keys() if old_owners.get(s) != new_owners.get(s)}
    if appeared_or_gone:
        rewrite.update(domain.pages_linking_posts(appeared_or_gone))
        # a post that came to hold its blog address, or lost it: its canonical address changed (web/canonical.py)
        rewrite.update(d for s in appeared_or_gone for d in (old_owners.get(s), new_owners.get(s)) if d)
    return rewrite & all_docs


