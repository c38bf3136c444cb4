"""Directives and the ``{tag}`` role that pages use to show the handbook's structure."""

from __future__ import annotations

import re

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.util.nodes import split_explicit_title

from .. import runs
from ..core.bookstate import NEWEST_LIMIT
from ..core.listing import ChapterRule
from ..core.tags import clean_spelling, tag_key
from .nodes import offline_download, post_list, tag_overview


def _split(text: str | None, separators: str) -> list[str]:
    return [part.strip() for part in re.split(separators, text or "") if part.strip()]


class ChapterPosts(SphinxDirective):
    """Make this page a chapter: which posts it holds, in which order.

    ``:posts:`` names posts (file names without ``.md``) in reading order;
    ``:tags:`` (comma-separated) takes every other post with one of these tags;
    ``:rest:`` takes the posts no chapter took; ``:order:`` sorts the tag-matched
    posts: ``date`` (oldest first, the default), ``-date`` or ``title``.
    """

    option_spec = {
        "posts": directives.unchanged,
        "tags": directives.unchanged,
        "rest": directives.flag,
        "order": lambda arg: directives.choice(arg, ("date", "-date", "title")),
    }

    def run(self) -> list[nodes.Node]:
        rule = ChapterRule(
            posts=tuple(_split(self.options.get("posts"), r"[\s,]+")),
            tag_keys=tuple(tag_key(t) for t in _split(self.options.get("tags"), r",")),
            rest="rest" in self.options,
            order=self.options.get("order", "date"),
        )
        # Empty when the page is read in the ordinary way: which posts it holds is
        # known only after reading, when after_reading.py reads it again with them.
        entries = runs.of(self.env).chapter_entries.get(self.env.docname, ())
        self.env.get_domain("handbook").note_chapter(self.env.docname, rule, entries)

        toctree = addnodes.toctree()
        toctree["parent"] = self.env.docname
        toctree["entries"] = [(None, docname) for docname in entries]
        toctree["includefiles"] = list(entries)
        toctree["maxdepth"] = -1
        toctree["caption"] = None
        toctree["glob"] = False
        toctree["hidden"] = True  # the cards below show the posts on the page itself
        toctree["includehidden"] = False
        toctree["numbered"] = 0
        toctree["titlesonly"] = True
        self.set_source_info(toctree)
        wrapper = nodes.compound(classes=["toctree-wrapper"])
        wrapper += toctree
        listing = post_list(kind="chapter", limit=0, docname=self.env.docname)
        return [wrapper, listing]


class NewestPosts(SphinxDirective):
    """Cards for the newest posts (``:limit:``, default 6)."""

    option_spec = {"limit": directives.positive_int}

    def run(self) -> list[nodes.Node]:
        self.env.get_domain("handbook").note_listing(self.env.docname, "newest")
        return [post_list(kind="newest", limit=min(self.options.get("limit", 6), NEWEST_LIMIT))]


class TagOverview(SphinxDirective):
    """Every tag with its number of posts (in print: with the posts and their pages)."""

    def run(self) -> list[nodes.Node]:
        self.env.get_domain("handbook").note_listing(self.env.docname, "overview")
        return [tag_overview()]


class OfflineDownload(SphinxDirective):
    """The link to the website as one zip, where the build publishes one (Read the Docs)."""

    def run(self) -> list[nodes.Node]:
        return [offline_download()]


class TagRole(SphinxRole):
    """``{tag}`Conversion rate``` or ``{tag}`these posts <conversion rate>```."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        has_label, label, target = split_explicit_title(self.text)
        spelling = clean_spelling(target)
        key = tag_key(spelling)
        self.env.get_domain("handbook").note_tag_ref(self.env.docname, key, self.lineno)
        xref = addnodes.pending_xref(
            self.rawtext, refdomain="handbook", reftype="tag", reftarget=key,
            refexplicit=has_label, refwarn=True, refdoc=self.env.docname,
        )
        xref += nodes.inline("", clean_spelling(label) if has_label else spelling, classes=["handbook-chip"])
        self.set_source_info(xref)
        return [xref], []


def register(app: Sphinx) -> None:
    app.add_directive("chapter-posts", ChapterPosts)
    app.add_directive("newest-posts", NewestPosts)
    app.add_directive("tag-overview", TagOverview)
    app.add_directive("offline-download", OfflineDownload)
    app.add_role("tag", TagRole())
