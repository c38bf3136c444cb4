"""The handbook's options as data: each declared once, with its default and its checker (pure).

Every ``handbook_*`` option of ``conf.py`` is a field of :class:`HandbookConfig` with a
checker in :data:`CHECKS`; :func:`checked` keeps the usable values and falls back to
the default for the others, saying why. ``config.py`` registers them with Sphinx.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from .ctas import CallToAction, read_registry

PREFIX = "handbook_"


def speedups_default() -> bool:
    # HANDBOOK_SPEEDUPS=0 turns them off without editing conf.py (the test suite
    # runs once that way: the handbook is the same with and without them).
    return os.environ.get("HANDBOOK_SPEEDUPS", "1").strip().lower() not in ("0", "false", "no", "off")


@dataclass(frozen=True)
class HandbookConfig:
    #: Folder (relative to the source folder) whose documents are posts.
    posts_dir: str = "posts"
    #: Collection tags (Eleventy's ``post``): removed from a post's tags, never shown.
    marker_tags: tuple[str, ...] = ("post",)
    #: The blog's address; links to its post URLs become internal links.
    site_url: str = ""
    #: Where the blog keeps a post, below ``site_url``; ``{slug}`` is the file name.
    post_path: str = "/posts/{slug}/"
    #: Output folder of the tag pages (HTML builders).
    tags_dir: str = "tags"
    #: The tag registry (known tags, their names, descriptions, aliases), used when the file exists.
    tags_file: str = "tags.yml"
    #: How many related posts each post lists (0 turns the block off).
    related_limit: int = 3
    #: The most entries one list of the sidebar shows (chapters; a chapter's posts); 0: no limit.
    sidebar_window: int = 10
    #: The page listing every chapter, linked from the sidebar when it cannot show them all.
    contents_page: str = "contents"
    #: The archive's page (every post by year and month), linked from the sidebar.
    archive_page: str = "archive"
    #: Posts per tag page; a tag with more gets more pages (``tags/<slug>/page-2``); 0: one page.
    tag_page_size: int = 50
    #: Posts in each Atom feed (the handbook's and each tag's), newest first; 0: no feeds.
    feed_length: int = 20
    #: The most posts the PDF prints: a handbook with more prints the same number of newest
    #: posts from each chapter and lists the others with their web address; 0: every post.
    print_max_posts: int = 2000
    #: Index the terms posts define (a bold lead-in, "**Term:** text"; definition lists).
    index_terms: bool = True
    #: Length of the excerpt shown in post listings, in characters.
    excerpt_length: int = 200
    #: How dates are shown (strftime-style, localised through Sphinx's ``language``).
    date_format: str = "%-d %B %Y"
    #: Read a post's categories (``categories``, ``category``) as tags; False ignores them.
    categories_as_tags: bool = True
    #: Build pages marked ``draft: true`` into listings, chapters and tag pages too.
    show_drafts: bool = False
    #: Where drawn diagrams are kept (relative to the source folder), one file per diagram and format.
    diagrams_dir: str = "diagrams"
    #: Keep what mermaid-cli draws in ``diagrams_dir`` (``./dev diagrams``; writes into the project).
    keep_diagrams: bool = False
    #: Write the content report (report.html, report.json) with every HTML build; off on Read the Docs.
    report: bool = True
    #: The speed-ups that reach into Sphinx (``speedups/``); off gives the same pages, slower.
    speedups: bool = True
    #: Hosts whose players a post may embed (``<iframe src>``), and the hosts below them.
    embed_hosts: tuple[str, ...] = ("www.youtube-nocookie.com", "www.youtube.com", "player.vimeo.com")
    #: The company's own marketing platform: forms posting there, its frames and ``<script src>``.
    trusted_html_hosts: tuple[str, ...] = ()
    #: The most characters of a post that are built; the rest is cut with a note (parsing time grows faster).
    max_post_chars: int = 200_000
    #: The address search engines are told is a post's own (rel="canonical", sitemap, feeds, og:url):
    #: "blog" (its address on site_url), "handbook"; "" is "blog" when site_url is set, else "handbook".
    canonical: str = ""
    #: Keep the handbook out of search engines: every page says noindex, and there is no sitemap.
    noindex: bool = False
    #: Calls to action a page may carry (``{cta} name``): name -> heading, text, button, url.
    ctas: tuple[CallToAction, ...] = ()
    #: The call to action at the end of each chapter page / each post that places none itself ("": none).
    cta_after_chapter: str = ""
    cta_after_post: str = ""
    #: Days after a post's ``reviewed`` date when it is due for review again; 0: never.
    review_every: int = 365

    @property
    def canonical_choice(self) -> str:
        """"blog" or "handbook": the option, or its default."""
        return self.canonical or ("blog" if self.site_url else "handbook")


# ---- checkers: value -> (usable value, None) or (None, why not) ------------------
# (or (the usable part, why the rest is not) for a registry whose bad entries are skipped)
Check = Callable[[Any], tuple[Any, str | None]]


def _folder(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str):
        return None, "must be text naming a folder"
    folder = value.strip().strip("/")
    parts = folder.split("/")
    if not folder or any(p in ("", ".", "..") for p in parts) or "\\" in folder or ":" in folder:
        return None, "must name a folder inside the project, such as 'posts' (no '..', not absolute)"
    return folder, None


def _tag_list(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, list | tuple) or not all(isinstance(t, str) and t.strip() for t in value):
        return None, "must be a list of tag names"
    return tuple(value), None


def _site_url(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str):
        return None, "must be text: the blog's address, or '' for none"
    url = value.strip().rstrip("/")
    if url and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", url):
        return None, "must be an http(s) address such as 'https://example.com', or ''"
    return url, None


def _post_path(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str) or value.count("{slug}") != 1 or not value.startswith("/"):
        return None, "must be a path starting with '/' holding '{slug}' once, such as '/posts/{slug}/'"
    if re.search(r"\{(?!slug\})", value) or re.search(r"\s", value):
        return None, "may hold no braces but '{slug}', and no spaces"
    return value, None


def _count(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None, "must be a whole number >= 0"
    return value, None


def _date_format(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str) or not value.strip():
        return None, "must be a strftime-style format such as '%-d %B %Y'"
    return value, None


def _hosts(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, list | tuple) or not all(
            isinstance(h, str) and re.fullmatch(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+",
                                                h.strip().lower()) for h in value):
        return None, "must be a list of host names such as 'www.youtube.com' (no scheme, no path)"
    return tuple(h.strip().lower() for h in value), None


def _size(value: Any) -> tuple[Any, str | None]:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1000:
        return None, "must be a whole number of characters, at least 1000"
    return value, None


def _flag(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, bool):
        return None, "must be True or False"
    return value, None


def _canonical(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str) or value.strip().lower() not in ("", "blog", "handbook"):
        return None, "must be 'blog' or 'handbook'"
    return value.strip().lower(), None


def _cta_name(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str):
        return None, "must be the name of an entry of handbook_ctas, or ''"
    return value.strip(), None


CHECKS: dict[str, Check] = {
    "posts_dir": _folder,
    "marker_tags": _tag_list,
    "site_url": _site_url,
    "post_path": _post_path,
    "tags_dir": _folder,
    "tags_file": _folder,
    "related_limit": _count,
    "sidebar_window": _count,
    "contents_page": _folder,
    "tag_page_size": _count,
    "archive_page": _folder,
    "print_max_posts": _count,
    "index_terms": _flag,
    "feed_length": _count,
    "excerpt_length": _count,
    "date_format": _date_format,
    "categories_as_tags": _flag,
    "show_drafts": _flag,
    "diagrams_dir": _folder,
    "keep_diagrams": _flag,
    "report": _flag,
    "speedups": _flag,
    "embed_hosts": _hosts,
    "trusted_html_hosts": _hosts,
    "max_post_chars": _size,
    "canonical": _canonical,
    "noindex": _flag,
    "ctas": read_registry,
    "cta_after_chapter": _cta_name,
    "cta_after_post": _cta_name,
    "review_every": _count,
}


def checked(values: dict[str, Any], report: Callable[[str, Any, str, Any], None] | None = None) -> HandbookConfig:
    """A :class:`HandbookConfig` from raw option values; unusable ones fall back to the default.

    ``report(name, value, why, default)`` hears of each value that was not usable (for a
    registry whose bad entries are skipped, ``default`` is what is kept).
    """
    defaults = HandbookConfig()
    kept: dict[str, Any] = {}
    for f in fields(HandbookConfig):
        if f.name not in values:
            continue
        value, problem = CHECKS[f.name](values[f.name])
        if value is not None:
            kept[f.name] = value
        if problem is not None and report is not None:
            report(f.name, values[f.name], problem, getattr(defaults, f.name) if value is None else value)
    return HandbookConfig(**kept)
