"""The website: pages the handbook makes (tags, authors, archive, contents, report, old addresses),
the sidebar, search, feeds, sitemap, social cards, and the website's own scripts and styles."""

from __future__ import annotations

from sphinx.application import Sphinx

from .. import compat, ledger
from . import (
    aliases,
    archive,
    assets,
    authorpages,
    contents,
    feeds,
    navigation,
    pages,
    report,
    search_shards,
    sitemap,
    social,
    tagpages,
)


def setup(app: Sphinx) -> None:
    # (registration order is the order of handlers of one event: kept as the pages expect)
    pages.register(app)
    ledger.register(app)
    tagpages.register(app)
    app.connect("html-collect-pages", compat.mend_search_index)  # after drafts left the index (book/drafts.py)
    search_shards.register(app)
    report.register(app)
    navigation.register(app)
    contents.register(app)
    archive.register(app)
    authorpages.register(app)
    aliases.register(app)
    feeds.register(app)
    sitemap.register(app)
    social.register(app)
    assets.register(app)
