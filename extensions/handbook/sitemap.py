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

This module is also where the website's pages and addresses are known (a page's
absolute address, which tag a tag page shows, the site's name) and where a generated
file is written only when its bytes changed: feeds.py and social.py use them.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from sphinx.application import Sphinx

from . import config as handbook_config
from . import generated
from .config import HandbookConfig
from .domain import PostRecord
from .listing import page_name, paged

if TYPE_CHECKING:
    from .book import BookState, TagInfo

WEB_BUILDERS = frozenset({"html", "dirhtml"})  # the website; not epub, not singlehtml
FILENAME = "sitemap.xml"
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
# RFC 3986 reserved characters and "%" stay as they are (an address already encoded is
# not encoded twice); spaces and non-ASCII are percent-encoded.
_URI_SAFE = "/#%[]=:;$&()+,!?*@'~"
_BY_SLUG = "_handbook_tags_by_slug"  # on the builder: the book's tags by slug


# ---- addresses ------------------------------------------------------------------------
def site_address(app: Sphinx) -> str | None:
    """``html_baseurl`` when it is set and this build makes the website, else None."""
    if app.builder.name not in WEB_BUILDERS:
        return None
    return app.config.html_baseurl.strip() or None


def as_uri(address: str) -> str:
    return quote(address, safe=_URI_SAFE)


def absolute(base: str, path: str) -> str:
    """``path`` (relative to the output folder) below ``base``, as a URI."""
    # posixpath.join, as Sphinx makes its canonical link: with or without a final "/".
    return as_uri(posixpath.join(base, path))


def page_url(app: Sphinx, base: str, pagename: str) -> str:
    return absolute(base, app.builder.get_target_uri(pagename))


def site_name(app: Sphinx) -> str:
    # (Sphinx's default html_title, "<project> <release> documentation", has two spaces
    # when the release is empty)
    return " ".join((app.config.html_title or app.config.project).split())


def tag_of_page(app: Sphinx, state: BookState, pagename: str) -> TagInfo | None:
    """The tag whose page (first or further) ``pagename`` is; None for any other page."""
    if pagename not in state.tag_page_prints or pagename in state.redirects:
        return None
    tags_dir = handbook_config.get(app.config).tags_dir
    slug = pagename[len(tags_dir) + 1:].split("/", 1)[0]
    cached = getattr(app.builder, _BY_SLUG, None)
    if cached is None or cached[0] is not state:  # once per build (and -j process)
        cached = (state, {info.slug: info for info in state.tags.values()})
        setattr(app.builder, _BY_SLUG, cached)
    return cached[1].get(slug)


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
    if exception is not None or app.builder.name not in WEB_BUILDERS:
        return
    target = Path(app.builder.outdir, FILENAME)
    base = site_address(app)
    if base is None:
        target.unlink(missing_ok=True)  # what a clean build without html_baseurl leaves
        return
    state = app.env.get_domain("handbook").state
    posts = state.posts if state is not None else {}
    tags = state.tags.values() if state is not None else ()
    urls: dict[str, dt.date | None] = {}
    pages = reader_pages(app.env.all_docs, posts, tags, handbook_config.get(app.config))
    for pagename in sorted({*pages, *generated.listed_pages(app.builder)}):  # + the archive, the contents page
        record = posts.get(pagename)
        # (dirhtml: two page names may share an address; the first in name order is kept)
        urls.setdefault(page_url(app, base, pagename), record.date if record is not None else None)
    generated.write_if_changed(target, urlset(urls))


def register(app: Sphinx) -> None:
    app.connect("build-finished", write_sitemap)
