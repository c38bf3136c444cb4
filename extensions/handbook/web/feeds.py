"""Atom feeds: the handbook's newest posts (``feed.xml``) and each tag's (``<tags_dir>/<slug>.xml``).

Written with feedgenerator (the Pelican team's standalone copy of Django's feed
writer) at ``build-finished``, in the main process, from the book state: the newest
``handbook_feed_length`` posts, newest first, never drafts. A feed needs absolute
addresses, so there are feeds only when ``html_baseurl`` is set, and only for the
website's builders (html, dirhtml). Every page then announces the handbook's feed
(``<link rel="alternate">``) and a tag's pages their tag's feed too.

Reproducible: every date comes from the posts, never the clock. An entry's
published/updated time is its post's date at midnight UTC; a feed's ``updated`` is its
newest entry's. Undated posts are left out (Atom requires a date and they have none);
a feed left with no entry (a tag whose posts are all undated) says 1970-01-01, not
"now". So whether a feed exists depends on the options and the tag alone, never on
dates: the feed links a page carries change only with the page (its tag) or the options.

An entry's link (and id) is its post's canonical address (``canonical.py``): the blog's when
search engines are told that is the post's own, so feeds and ``rel="canonical"`` agree.

A feed is written only when its bytes changed; the feeds of tags that went, or all of
them when feeds are turned off, are removed with the ledger (``ledger.py``): an
incremental build leaves the files a clean build leaves.
"""

from __future__ import annotations

import datetime as dt
import heapq
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from feedgenerator import Atom1Feed
from sphinx.application import Sphinx
from sphinx.locale import _

from .. import capabilities, ledger
from .. import config as handbook_config
from ..core.bookstate import BookState, TagInfo
from ..core.listing import newest_first_key
from ..core.records import PostRecord
from .addresses import absolute, page_url, site_address, site_name, tag_of_page
from .canonical import canonical_url

FILENAME = "feed.xml"
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# What XML 1.0 cannot hold at all (control characters, surrogates, U+FFFE/U+FFFF):
# feedgenerator refuses the first and writes the others into a file no parser reads.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


# ---- pure: entries and the feed's bytes ------------------------------------------------
@dataclass(frozen=True)
class Entry:
    title: str
    url: str  # absolute; also the entry's id
    date: dt.date
    summary: str


def feed_posts(records: Iterable[PostRecord], limit: int) -> list[PostRecord]:
    """The ``limit`` newest dated posts, newest first; drafts never."""
    dated = (r for r in records if r.date is not None and not r.draft)
    return heapq.nsmallest(limit, dated, key=lambda r: newest_first_key(r.summary()))


def xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)


def midnight_utc(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


class _Atom(Atom1Feed):
    def latest_post_date(self) -> dt.datetime:
        # feedgenerator falls back to the clock when no entry has a date.
        return max((item["pubdate"] for item in self.items), default=EPOCH)


def atom(title: str, page: str, url: str, entries: Iterable[Entry], subtitle: str = "",
         language: str | None = None, author: str | None = None) -> bytes:
    """An Atom feed (UTF-8): ``page`` is the page it follows, ``url`` its own address (and id)."""
    feed = _Atom(title=xml_text(title), link=page, description=xml_text(subtitle), feed_url=url, feed_guid=url,
                 language=language and xml_text(language), author_name=author and xml_text(author))
    for entry in entries:
        published = midnight_utc(entry.date)
        summary = xml_text(entry.summary)
        feed.add_item(title=xml_text(entry.title), link=entry.url, unique_id=entry.url, pubdate=published,
                      updateddate=published,
                      # feedgenerator marks the summary type="html": escaped, it is shown as the text it is.
                      description=html.escape(summary, quote=False) if summary else None)
    return feed.writeString("utf-8").encode("utf-8")


def link_tag(title: str, href: str) -> str:
    return (f'<link rel="alternate" type="application/atom+xml" title="{html.escape(title, quote=True)}" '
            f'href="{html.escape(href, quote=True)}">')


# ---- this build's feeds -----------------------------------------------------------------
@dataclass(frozen=True)
class Feed:
    path: str  # relative to the output folder
    title: str
    page: str  # the page it follows
    subtitle: str
    tag: TagInfo | None = None  # None: the handbook's feed, of every post


def feeds_base(app: Sphinx) -> str | None:
    """The site's address when this build has feeds, else None."""
    if handbook_config.get(app.config).feed_length <= 0:
        return None
    return site_address(app)


def handbook_feed(app: Sphinx) -> Feed:
    return Feed(FILENAME, site_name(app), app.config.root_doc, "")


def tag_feed(app: Sphinx, info: TagInfo) -> Feed:
    tags_dir = handbook_config.get(app.config).tags_dir
    heading = _("Posts tagged “%s”") % info.spelling
    return Feed(f"{tags_dir}/{info.slug}.xml", f"{site_name(app)}: {heading}", f"{tags_dir}/{info.slug}",
                info.description, info)


def render(app: Sphinx, base: str, state: BookState, feed: Feed) -> bytes:
    limit = handbook_config.get(app.config).feed_length
    candidates = state.posts.values() if feed.tag is None else (state.posts[d] for d in feed.tag.docnames)
    entries = [Entry(r.title, canonical_url(app, r.docname) or page_url(app, base, r.docname), r.date, r.description)
               for r in feed_posts(candidates, limit)]
    author = app.config.author
    if author == app.config.values["author"].default:  # Sphinx's "Author name not set"
        author = None
    return atom(feed.title, page_url(app, base, feed.page), absolute(base, feed.path), entries,
                subtitle=feed.subtitle, language=app.config.language, author=author)


def write_feeds(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: write the feeds that changed (the ledger removes those no longer made)."""
    if exception is not None or not capabilities.of(app.builder).website:
        return
    base = feeds_base(app)
    state = app.env.get_domain("handbook").state
    if base is None or state is None:
        return
    book = ledger.of(app)
    for feed in sorted([handbook_feed(app), *(tag_feed(app, info) for info in state.tags.values())],
                       key=lambda feed: feed.path):
        book.write("feed", feed.path, render(app, base, state, feed))


# ---- announcing them on pages ------------------------------------------------------------
def announce(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: the handbook's feed on every page, a tag's on its pages."""
    base = feeds_base(app)
    state = app.env.get_domain("handbook").state
    if base is None or state is None:
        return
    feeds = [handbook_feed(app)]
    info = tag_of_page(app, state, pagename)
    if info is not None:
        feeds.append(tag_feed(app, info))
    links = "\n".join(link_tag(feed.title, absolute(base, feed.path)) for feed in feeds)
    context["metatags"] = f"{context.get('metatags') or ''}\n{links}\n"


def register(app: Sphinx) -> None:
    app.connect("html-page-context", announce)
    app.connect("build-finished", write_feeds)
