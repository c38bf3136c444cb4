"""What crawlers may do: ``robots.txt``, and ``noindex`` on every page under ``handbook_noindex``.

``robots.txt`` (the Robots Exclusion Protocol, RFC 9309) lets every crawler in and names
the sitemap (``Sitemap:`` with its absolute address), so search engines find every page.
Crawlers read it at the root of a host only: on Read the Docs the default version's
``robots.txt`` is served there; a handbook in a sub-folder of another site needs that
site's own to name the sitemap.

``handbook_noindex`` keeps the handbook out of search: every page carries ``<meta
name="robots" content="noindex">``, and there is no sitemap to name. ``robots.txt`` then
still lets crawlers in: a page that ``robots.txt`` forbids is never fetched, so its noindex
is never read, and search engines may list its address anyway from links to it (Google,
"Block Search indexing with noindex": the page must not be blocked by robots.txt).

Written through the ledger at ``build-finished``, only for the website's builders and only
with ``html_baseurl`` set (a sitemap needs an absolute address); the noindex tag is on every
page of the website either way.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from .. import capabilities, ledger
from .. import config as handbook_config
from .addresses import absolute, site_address
from .sitemap import FILENAME as SITEMAP

FILENAME = "robots.txt"
NOINDEX = '<meta name="robots" content="noindex">'


def robots_txt(sitemap: str | None) -> bytes:
    """Every crawler welcome; the sitemap's absolute address, when there is one."""
    lines = ["User-agent: *", "Allow: /"]
    if sitemap:
        lines += ["", f"Sitemap: {sitemap}"]
    else:  # handbook_noindex: crawlers must fetch the pages to read their noindex
        lines.insert(0, "# Every page says noindex (handbook_noindex): crawlers may fetch them to read it.")
    return ("\n".join(lines) + "\n").encode("utf-8")


def write_robots(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: robots.txt (the ledger removes one an earlier build made, without ``html_baseurl``)."""
    if exception is not None or not capabilities.of(app.builder).website:
        return
    base = site_address(app)
    if base is None:
        return
    sitemap = None if handbook_config.get(app.config).noindex else absolute(base, SITEMAP)  # (none then: sitemap.py)
    ledger.of(app).write("robots", FILENAME, robots_txt(sitemap))


def add_noindex(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: ``noindex`` on every page of the website under ``handbook_noindex``."""
    if templatename == "search.html":
        return  # (Sphinx's and furo's search page says noindex itself, whatever the option)
    if capabilities.of(app.builder).website and handbook_config.get(app.config).noindex:
        context["metatags"] = f"{context.get('metatags') or ''}\n{NOINDEX}\n"


def register(app: Sphinx) -> None:
    app.connect("html-page-context", add_noindex)
    app.connect("build-finished", write_robots)
