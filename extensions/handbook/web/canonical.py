"""One address per post for search engines: the ``<link rel="canonical">`` of every post page.

The posts are the company blog's: the same text at two addresses makes search engines
split its ranking between them, or pick the handbook over the blog. So each post page
names one address as the post's own (``rel="canonical"``), chosen in this order:

1. the post's own ``canonical_url`` / ``canonical`` (posts brought from dev.to, Hashnode);
2. with ``handbook_canonical = "blog"`` (the default when ``handbook_site_url`` is set), its
   address on the blog (``handbook_site_url`` + ``handbook_post_path``), unless another post
   with the same name holds that address (the first, as links to it do);
3. its address in the handbook.

With ``handbook_noindex`` a page says its own address only: a search engine that follows a
canonical to the blog may take the noindex along (Google asks that the two never point
different ways). The sitemap lists only the pages whose canonical address is their own, and
feeds, ``og:url`` and the structured data give the canonical address (Google's "How to
specify a canonical URL": canonical links, sitemaps and feeds are one signal when they agree).

Sphinx writes the link from the template's ``pageurl`` (``html_baseurl`` + the page, also on
Read the Docs, whose ``READTHEDOCS_CANONICAL_URL`` conf.py makes ``html_baseurl``); the
page's context is the supported place to change it (``html-page-context``). Only with
``html_baseurl`` set and only for the website's builders, like every absolute address.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from .. import capabilities
from .. import config as handbook_config
from ..core.bookstate import BookState
from ..core.options import HandbookConfig
from ..core.records import PostRecord
from .addresses import as_uri, page_url, site_address


# ---- pure -----------------------------------------------------------------------------------
def blog_address(conf: HandbookConfig, slug: str) -> str | None:
    """The post's address on the company blog, or None without ``handbook_site_url``."""
    if not conf.site_url or not slug:
        return None
    return as_uri(conf.site_url + conf.post_path.replace("{slug}", slug))


def choose(record: PostRecord, conf: HandbookConfig, handbook: str, owns_blog_address: bool) -> str:
    """The post's canonical address (``handbook``: its address in the handbook)."""
    if conf.noindex:
        return handbook
    if record.canonical:
        return record.canonical
    if conf.canonical_choice == "blog" and owns_blog_address:
        return blog_address(conf, record.slug) or handbook
    return handbook


# ---- the build --------------------------------------------------------------------------------
def canonical_url(app: Sphinx, pagename: str) -> str | None:
    """The page's canonical address (a post's as chosen above; any other page's own), None without ``html_baseurl``."""
    base = site_address(app)
    if base is None:
        return None
    own = page_url(app, base, pagename)
    state: BookState | None = app.env.get_domain("handbook").state
    record = state.posts.get(pagename) if state is not None else None
    if record is None:
        return own
    owns = state.post_by_slug.get(record.slug or pagename.rsplit("/", 1)[-1]) == pagename
    return choose(record, handbook_config.get(app.config), own, owns)


def is_own_canonical(app: Sphinx, pagename: str) -> bool:
    """Whether the page is the canonical copy of what it shows (what the sitemap lists)."""
    base = site_address(app)
    return base is not None and canonical_url(app, pagename) == page_url(app, base, pagename)


def set_page_url(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: a post's ``rel="canonical"`` (the theme's ``pageurl``) is the chosen address.

    (Other pages keep Sphinx's own: their address.)
    """
    if not capabilities.of(app.builder).website or not context.get("pageurl"):
        return
    state: BookState | None = app.env.get_domain("handbook").state
    if state is not None and pagename in state.posts:
        context["pageurl"] = canonical_url(app, pagename) or context["pageurl"]


def register(app: Sphinx) -> None:
    app.connect("html-page-context", set_page_url)
