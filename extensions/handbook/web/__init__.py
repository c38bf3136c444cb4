"""The website: pages the handbook makes (tags, authors, archive, contents, report, old addresses),
the sidebar, search, feeds, sitemap, robots.txt, canonical addresses, social and share cards,
structured data, and the website's own scripts and styles."""

from __future__ import annotations

from sphinx.application import Sphinx

from .. import compat, ledger
from . import (
    aliases,
    archive,
    assets,
    authorpages,
    canonical,
    contents,
    feeds,
    navigation,
    pages,
    report,
    robots,
    search_shards,
    share_cards,
    sitemap,
    social,
    structured_data,
    tagpages,
)


def setup(app: Sphinx) -> None:
    # (registration order is the order of handlers of one event: kept as the pages expect)
    pages.register(app)
    ledger.register(app)
    tagpages.register(app)
    app.connect("html-collect-pages", compat.mend_search_index)  # after drafts left the index (book/drafts.py)
    search_shards.register(app)
    share_cards.register(app)  # (before the report, which lists what the cards cannot show)
    report.register(app)
    navigation.register(app)
    contents.register(app)
    archive.register(app)
    authorpages.register(app)
    aliases.register(app)
    feeds.register(app)
    sitemap.register(app)
    robots.register(app)
    canonical.register(app)
    social.register(app)
    structured_data.register(app)
    assets.register(app)
