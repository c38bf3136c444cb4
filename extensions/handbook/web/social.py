"""Social cards: description, OpenGraph and Twitter meta tags on every page of the website.

We write these few tags ourselves instead of using sphinxext-opengraph 0.13: that
extension makes the description from the page's text, so a post's header (date,
reading time, tag chips) and its images' alt text end up in it, and anything better
needs an override in each page. The handbook already knows what describes a post: its
excerpt (the one listings show).

What each page says:

- a post: its title, its excerpt (or written summary), ``og:type`` article, its canonical
  address as ``og:url`` (``canonical.py``: the blog's, when that is the post's own), and an
  image: its hero image, else its share card (``share_cards.py``), with its size and
  alt text, and ``twitter:card`` summary_large_image;
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
from pathlib import Path
from urllib.parse import urljoin

from PIL import Image as PILImage
from sphinx.application import Sphinx

from .. import capabilities
from .. import config as handbook_config
from ..core.bookstate import BookState, TagInfo
from ..core.records import PostRecord
from .addresses import as_uri, page_url, site_address, site_name, tag_of_page
from .canonical import canonical_url
from .images import published_image
from .share_cards import HEIGHT, WIDTH, alt_text, card_url


@dataclass(frozen=True)
class Card:
    """What a social site shows of a page."""

    title: str
    description: str
    site_name: str
    article: bool = False
    url: str | None = None
    image: str | None = None
    image_width: int | None = None
    image_height: int | None = None
    image_alt: str = ""


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
        if card.image_width and card.image_height:
            tags += [("property", "og:image:width", str(card.image_width)),
                     ("property", "og:image:height", str(card.image_height))]
        if card.image_alt:
            tags.append(("property", "og:image:alt", one_line(card.image_alt)))
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
    url = canonical_url(app, pagename)  # (None without html_baseurl)
    name = site_name(app)
    image = share_image(app, pagename, record, state) if base else None
    return Card(title or name, describe(record, tag), name, article=record is not None, url=url,
                image=image.url if image else None, image_width=image.width if image else None,
                image_height=image.height if image else None, image_alt=image.alt if image else "")


@dataclass(frozen=True)
class Image:
    url: str  # absolute
    width: int | None
    height: int | None
    alt: str


def share_image(app: Sphinx, pagename: str, record: PostRecord | None, state: BookState | None) -> Image | None:
    """A published post's image for link previews: its own (hero) image, else its share card."""
    # (not for a draft that this build does not publish: drafts.py removes its page and images)
    if record is None or state is None or (record.draft and not handbook_config.get(app.config).show_drafts):
        return None
    base = site_address(app)
    if record.image:
        relative = published_image(app, pagename, record.image)  # (copied into _images/ if no page did yet)
        if relative is None:
            return None
        width, height = image_size(Path(app.srcdir, record.image))
        return Image(as_uri(urljoin(page_url(app, base, pagename), relative)), width, height, record.title)
    card = card_url(app, record)
    return Image(card, WIDTH, HEIGHT, alt_text(state, record, site_name(app))) if card else None


def image_size(path: Path) -> tuple[int | None, int | None]:
    """An image's size in pixels from its header (Pillow reads no more), or (None, None)."""
    try:
        with PILImage.open(path) as picture:
            return picture.size
    except (OSError, ValueError, PILImage.DecompressionBombError):
        return None, None


def add_meta_tags(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: the page's card, after whatever meta tags it has."""
    if not capabilities.of(app.builder).website:
        return
    tags = meta_tags(card_of_page(app, pagename, context))
    context["metatags"] = f"{context.get('metatags') or ''}\n{tags}\n"


def register(app: Sphinx) -> None:
    app.connect("html-page-context", add_meta_tags)
