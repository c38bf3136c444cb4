"""``sitemap.xml``: every page a reader can reach, at its absolute address (sitemaps.org 0.9).

Written here rather than by sphinx-sitemap 2.9, which lists only the pages the current
build wrote (an incremental build drops the others) and, under ``-j 2``, orders them by
which process finished first. Here the list is made from the environment and the book
at ``build-finished``, in the main process, and sorted: a clean, an incremental and a
``-j 2`` build write the same file. Only for the website's builders (html, dirhtml) and
only when ``html_baseurl`` is set: a sitemap of relative addresses means nothing.

Listed: every document (drafts only with ``handbook_show_drafts``), every tag page and
its further pages. Not listed: Sphinx's index and search pages, the content report
(for writers) and old tag names' redirect pages. One file holds up to 50,000 addresses,
far more than the handbook has.

Only canonical addresses (``canonical.py``): a post whose canonical address is its blog's
(or its own ``canonical_url``) is left out. A sitemap suggests its addresses as canonical
(Google, "How to specify a canonical URL": listing the handbook's copy would contradict
the post's ``rel="canonical"``), and a sitemap may list addresses of its own host only
(sitemaps.org), so the blog's address is not listed either: the blog's sitemap lists it.
Under ``handbook_noindex`` there is no sitemap (its pages are not to be found).

The website's addresses: ``addresses.py``.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping

from sphinx.application import Sphinx

from .. import capabilities, ledger, runs
from .. import config as handbook_config
from ..core.bookstate import TagInfo
from ..core.listing import page_name, paged
from ..core.options import HandbookConfig
from ..core.records import PostRecord
from .addresses import page_url, site_address
from .canonical import is_own_canonical

FILENAME = "sitemap.xml"
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


# ---- what the sitemap lists (pure) ----------------------------------------------------
def reader_pages(docnames: Iterable[str], posts: Mapping[str, PostRecord], tags: Iterable[TagInfo],
                 conf: HandbookConfig) -> list[str]:
    """Page names a reader can reach: documents (drafts only when shown) and tag pages."""
    pages = {d for d in docnames if conf.show_drafts or d not in posts or not posts[d].draft}
    for info in tags:
        first = f"{conf.tags_dir}/{info.slug}"
        count = len(paged(info.docnames, conf.tag_page_size))
        pages.update(page_name(first, number) for number in range(1, count + 1))
    return sorted(pages)


def urlset(urls: Mapping[str, dt.date | None]) -> bytes:
    """The sitemap of these addresses (address -> last change, or None), sorted by address."""
    root = ET.Element("urlset", xmlns=NAMESPACE)
    for loc in sorted(urls):
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = loc
        if urls[loc] is not None:
            ET.SubElement(url, "lastmod").text = urls[loc].isoformat()
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


# ---- the build ------------------------------------------------------------------------
def write_sitemap(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: the sitemap, or none (removed) without ``html_baseurl``."""
    if exception is not None or not capabilities.of(app.builder).website:
        return
    base = site_address(app)
    if base is None or handbook_config.get(app.config).noindex:
        return  # none (the ledger removes one an earlier build made)
    state = app.env.get_domain("handbook").state
    posts = state.posts if state is not None else {}
    tags = state.tags.values() if state is not None else ()
    urls: dict[str, dt.date | None] = {}
    pages = reader_pages(app.env.all_docs, posts, tags, handbook_config.get(app.config))
    for pagename in sorted({*pages, *runs.of(app.env).listed_pages}):  # + the archive, the contents page
        record = posts.get(pagename)
        if record is not None and not is_own_canonical(app, pagename):
            continue  # its canonical address is elsewhere (the blog's)
        # (dirhtml: two page names may share an address; the first in name order is kept)
        urls.setdefault(page_url(app, base, pagename), record.date if record is not None else None)
    ledger.of(app).write("sitemap", FILENAME, urlset(urls))


def register(app: Sphinx) -> None:
    app.connect("build-finished", write_sitemap)
