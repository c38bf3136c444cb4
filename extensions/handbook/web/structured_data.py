"""Structured data (schema.org in JSON-LD): what search engines read of a post and of the handbook.

Every post page carries a ``BlogPosting`` (headline, description, datePublished,
dateModified, author names, image, url, the handbook as ``isPartOf``) and a
``BreadcrumbList`` (the handbook, the post's chapter, the post), the two Google's article
and breadcrumb results read; the landing page carries a ``WebSite`` with its search page as
``SearchAction`` (``search.html?q=...``, which ``handbook-search.js`` reads).

- ``url`` is the post's canonical address (``canonical.py``), as ``rel="canonical"`` and
  ``og:url`` say; the breadcrumb's addresses are the handbook's own pages.
- A post without authors is by the project's ``author`` (conf.py), an organisation.
- ``image`` is what ``og:image`` shows (its hero image, else its share card).

A title is text, whatever it holds: the JSON is written with every ``<``, ``>`` and ``&``
as ``\\u003c``, ``\\u003e``, ``\\u0026`` and every other character beyond ASCII escaped too (line
and paragraph separators included), so nothing in it can end the ``<script>`` element or
open a comment, and it stays valid JSON. Only for the website's builders, and only with
``html_baseurl`` set (every address in it is absolute).
"""

from __future__ import annotations

import json
from typing import Any

from sphinx.application import Sphinx

from .. import capabilities
from ..core.bookstate import BookState
from ..core.records import PostRecord
from .addresses import absolute, page_url, site_address, site_name
from .canonical import canonical_url
from .social import one_line, share_image

SCHEMA = "https://schema.org"


# ---- pure -----------------------------------------------------------------------------------
def script(data: dict[str, Any]) -> str:
    """A ``<script type="application/ld+json">`` element holding ``data``, safe whatever its text."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def website(name: str, url: str, search: str) -> dict[str, Any]:
    """The handbook, with its search page (``{search_term_string}`` is the query)."""
    return {
        "@context": SCHEMA, "@type": "WebSite", "name": one_line(name), "url": url,
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }


def blog_posting(record: PostRecord, url: str, site: str, site_url: str, image: str | None,
                 organisation: str | None, language: str | None) -> dict[str, Any]:
    data: dict[str, Any] = {"@context": SCHEMA, "@type": "BlogPosting", "headline": one_line(record.title)}
    if record.description:
        data["description"] = one_line(record.description)
    if record.date is not None:
        data["datePublished"] = record.date.isoformat()
        data["dateModified"] = (record.updated or record.date).isoformat()
    if record.authors:
        data["author"] = [{"@type": "Person", "name": one_line(name)} for _key, name in record.authors]
    elif organisation:
        data["author"] = {"@type": "Organization", "name": one_line(organisation)}
    if organisation:
        data["publisher"] = {"@type": "Organization", "name": one_line(organisation)}
    if image:
        data["image"] = [image]
    if record.tags:
        data["keywords"] = [one_line(tag) for tag in record.tags]
    if language:
        data["inLanguage"] = language.replace("_", "-")
    data["url"] = url
    data["isPartOf"] = {"@type": "WebSite", "name": one_line(site), "url": site_url}
    return data


def breadcrumbs(trail: list[tuple[str, str]]) -> dict[str, Any]:
    """(name, address) from the handbook down to the page."""
    return {"@context": SCHEMA, "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": number, "name": one_line(name), "item": url}
        for number, (name, url) in enumerate(trail, start=1)]}


# ---- the build --------------------------------------------------------------------------------
def organisation(app: Sphinx) -> str | None:
    author = app.config.author
    return None if author == app.config.values["author"].default else author  # Sphinx's "Author name not set"


def page_data(app: Sphinx, pagename: str) -> list[dict[str, Any]]:
    """The structured data of a page: a post's or the landing page's; none for the others."""
    base = site_address(app)
    state: BookState | None = app.env.get_domain("handbook").state
    if base is None or state is None:
        return []
    site, home = site_name(app), page_url(app, base, app.config.root_doc)
    if pagename == app.config.root_doc:
        return [website(site, home, absolute(base, app.builder.get_target_uri("search")))]
    record = state.posts.get(pagename)
    if record is None:
        return []
    image = share_image(app, pagename, record, state)
    posting = blog_posting(record, canonical_url(app, pagename), site, home, image.url if image else None,
                           organisation(app), app.config.language)
    trail = [(site, home)]
    chapter = state.chapter_of.get(pagename)
    if chapter is not None:
        trail.append((state.chapter_titles.get(chapter, chapter), page_url(app, base, chapter)))
    trail.append((record.title, page_url(app, base, pagename)))
    return [posting, breadcrumbs(trail)]


def add_structured_data(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``html-page-context``: the page's JSON-LD in its head."""
    if not capabilities.of(app.builder).website:
        return
    data = page_data(app, pagename)
    if data:
        scripts = "\n".join(script(item) for item in data)
        context["metatags"] = f"{context.get('metatags') or ''}\n{scripts}\n"


def register(app: Sphinx) -> None:
    app.connect("html-page-context", add_structured_data)
