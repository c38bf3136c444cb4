"""The website's addresses: a page's absolute address, the site's name, which tag a tag page shows.

Only for the website's builders (html, dirhtml), and only with ``html_baseurl`` set:
absolute addresses are what feeds, the sitemap and social cards need.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote

from sphinx.application import Sphinx

from .. import capabilities, runs
from .. import config as handbook_config
from ..core.bookstate import BookState, TagInfo

# RFC 3986 reserved characters and "%" stay as they are (an address already encoded is
# not encoded twice); spaces and non-ASCII are percent-encoded.
_URI_SAFE = "/#%[]=:;$&()+,!?*@'~"


def site_address(app: Sphinx) -> str | None:
    """``html_baseurl`` when it is set and this build makes the website, else None."""
    if not capabilities.of(app.builder).website:
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
    run = runs.of(app.env)
    if run.tags_by_slug is None or run.tags_by_slug[0] is not state:  # once per build (and -j process)
        run.tags_by_slug = (state, {info.slug: info for info in state.tags.values()})
    return run.tags_by_slug[1].get(slug)
