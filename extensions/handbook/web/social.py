"""Social cards: description, OpenGraph and Twitter meta tags on every page of the website.

We write these few tags ourselves instead of using sphinxext-opengraph 0.13: that
extension makes the description from the page's text, so a post's header (date,
reading time, tag chips) and its images' alt text end up in it, and anything better
needs an override in each page. The handbook already knows what describes a post: its
excerpt (the one listings show).

What each page says:

- a post: its title, its excerpt, ``og:type`` article, and its hero image when it has one
  (``twitter:card`` summary_large_image then). A post's record holds no written summary
  or description from its front matter; if it gets one, ``describe()`` is where it wins;
- a tag page: its heading, and the tag's description from the tag registry, if any;
- any other page: its title and no description. We do not make text up (Sphinx has no
  project description); sites showing the link then show the title alone.

``og:url`` and ``og:image`` need absolute addresses: only with ``html_baseurl`` set.
Every value is escaped; titles are plain text (a title written as markup stays text).
Only for the website's builders (html, dirhtml), like the sitemap and the feeds.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urljoin

from sphinx.application import Sphinx

from .. import capabilities
from .. import config as handbook_config
from ..core.bookstate import BookState, TagInfo
from ..core.records import PostRecord
from .addresses import as_uri, page_url, site_address, site_name, tag_of_page
from .images import published_image


@dataclass(frozen=True)
class Card:
    """What a social site shows of a page."""

    title: str
    description: str
    site_name: str
    article: bool = False
    url: str | None = None
    image: str | None = None


# ---- pure -------------------------------------------------------------------------------
def one_line(text: str) -> str:
    """Text for an attribute: control characters (HTML allows none) and any run of
    whitespace, line and paragraph separators too, as one space."""
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cs") else ch for ch in text)
    return " ".join(text.split())


def describe(record: PostRecord | None, tag: TagInfo | None) -> str:
    """A post's excerpt, a tag page's registry description, else nothing."""
    if record is not None:
        return record.description
    if tag is not None:
        return tag.description
    return ""


def meta_tags(card: Card) -> str:
    """The ``<meta>`` tags of a card, every value escaped."""
    title, description = one_line(card.title), one_line(card.description)
    tags: list[tuple[str, str, str]] = []  # (attribute, key, value)
    if description:
        tags.append(("name", "description", description))
    tags += [("property", "og:title", title), ("property", "og:type", "article" if card.article else "website")]
    if description:
        tags.append(("property", "og:description", description))
    if card.url:
        tags.append(("property", "og:url", card.url))
    tags.append(("property", "og:site_name", one_line(card.site_name)))
    if card.image:
        tags.append(("property", "og:image", card.image))
    tags += [("name", "twitter:card", "summary_large_image" if card.image else "summary"),
             ("name", "twitter:title", title)]
    if description:
        tags.append(("name", "twitter:description", description))
    return "\n".join(f'<meta {attribute}="{key}" content="{html.escape(value, quote=True)}">'
                     for attribute, key, value in tags)


def plain_title(title_html: str) -> str:
    """The text of a title Sphinx hands templates as HTML."""
    return html.unescape(re.sub(r"<[^>]*>", "", title_html))


# ---- the build ---------------------------------------------------------------------------
def card_of_page(app: Sphinx, pagename: str, context: dict) -> Card:
    state: BookState | None = app.env.get_domain("handbook").state
    record = state.posts.get(pagename) if state is not None else None
    tag = tag_of_page(app, state, pagename) if state is not None and record is None else None
    if record is not None:
        title = record.title
    elif pagename in app.env.titles:
        title = app.env.titles[pagename].astext()
    else:  # tag pages, the search page, ...
        title = plain_title(context.get("title") or "")
    base = site_address(app)
    url = page_url(app, base, pagename) if base else None
    image = None
    # (not for a draft that this build does not publish: drafts.py removes its page and images)
    published = record is not None and (not record.draft or handbook_config.get(app.config).show_drafts)
    if url and published and record.image:
        relative = published_image(app, pagename, record.image)  # (copied into _images/ if no page did yet)
        image = as_uri(urljoin(url, relative)) if relative else None
    name = site_name(app)
    return Card(title or name, describe(record, tag), name,
                article=record is not None, url=url, image=image)


def add_meta_tags(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: the page's card, after whatever meta tags it has."""
    if not capabilities.of(app.builder).website:
        return
    tags = meta_tags(card_of_page(app, pagename, context))
    context["metatags"] = f"{context.get('metatags') or ''}\n{tags}\n"


def register(app: Sphinx) -> None:
    app.connect("html-page-context", add_meta_tags)
