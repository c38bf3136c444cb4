"""After reading: compute the book, read chapter pages again, pick pages to rewrite.

A chapter's table of contents depends on every post's front matter, which is
only all known once reading is done (in parallel builds, in other processes).
So chapter pages are read a second time here, in the main process, whenever
the posts they hold changed; everything else about them stays Sphinx's usual
toctree machinery (sidebar, previous/next, the PDF's chapters).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from . import config as handbook_config
from .book import chapter_entries, compute_state, pages_to_rewrite, tag_pages

logger = logging.getLogger(__name__)


def on_env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    conf = handbook_config.get(app.config)
    domain = env.get_domain("handbook")
    old = domain.data["state"]
    new = compute_state(env, conf)
    new.tag_page_prints = dict(tag_pages(new, conf))

    stale_chapters = [
        c for c in new.chapter_order if chapter_entries(new, c, env.found_docs) != domain.chapters[c][1]
    ]
    domain.data["state"] = new  # the chapter directive reads its entries from here
    for docname in stale_chapters:
        app.events.emit("env-purge-doc", env, docname)
        env.clear_doc(docname)
        app.builder.read_doc(docname)

    new.relations = env.collect_relations()  # with the chapters' new tables of contents
    _remove_pages_of_deleted_posts(app, old, new)
    domain.data["previous_tag_pages"] = old.tag_page_prints if old is not None else {}
    _report(new)
    rewrite = pages_to_rewrite(old, new, domain, conf, set(env.found_docs))
    return sorted(rewrite.union(stale_chapters))


def _remove_pages_of_deleted_posts(app: Sphinx, old, new) -> None:
    """A deleted post's page goes too, as a clean build would not have it."""
    if old is None or not hasattr(app.builder, "get_outfilename"):
        return
    for docname in sorted(old.posts.keys() - new.posts.keys()):
        Path(app.builder.get_outfilename(docname)).unlink(missing_ok=True)


def _report(state) -> None:
    for docname in state.unplaced:
        logger.warning("this post is in no chapter: give a chapter its tags, or add one with ':rest:'",
                       location=(docname, 1), type="handbook", subtype="chapter")
    for slug, chapter, first in state.placement_problems:
        if first:
            logger.warning("post %r is already in chapter %r; listed once only", slug, first,
                           location=chapter, type="handbook", subtype="chapter")
        else:
            logger.warning("no post named %r", slug, location=chapter, type="handbook", subtype="chapter")
    for docname, first in state.shared_slugs:
        logger.warning("another post has the same file name (%s): chapters and links to the blog's address "
                       "of that name mean the other one", first, location=(docname, 1), type="handbook", subtype="slug")
    for first, second in state.slug_clashes:
        logger.warning("tags %r and %r would share a page name; the second gets a longer one", first, second,
                       type="handbook", subtype="tag")
