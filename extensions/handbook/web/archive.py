"""The archive: every post by year and month, newest first (HTML builders).

``archive.html`` lists the years and their months with counts; ``archive/<year>.html``
lists a year's posts month by month (one page per year keeps pages small at any
size), and ``archive/undated.html`` the posts without a date. The sidebar links to
the archive (navigation.py). Drawn by ``templates/handbook/archive*.html``.
"""

from __future__ import annotations

import datetime as dt

from sphinx.application import Sphinx
from sphinx.locale import _

from .. import capabilities, runs
from .. import config as handbook_config
from ..book.dates import formatted_date, readable_date
from ..core.listing import by_month
from . import pages

UNDATED_PAGE = "undated"
KIND = "archive"


def archive_page(app: Sphinx) -> str | None:
    """The archive's page name, when this build has one (posts, an HTML builder)."""
    state = app.env.get_domain("handbook").state
    # The website's (not the EPUB's: a book has its contents and index)
    if state is None or not capabilities.of(app.builder).website or not _shown_posts(app):
        return None
    name = handbook_config.get(app.config).archive_page
    return None if name in app.env.all_docs else name


def _shown_posts(app: Sphinx) -> list:
    state = app.env.get_domain("handbook").state
    show_drafts = handbook_config.get(app.config).show_drafts
    return [r.summary() for r in state.posts.values() if show_drafts or not r.draft]


def write_archive(app: Sphinx) -> list[tuple[str, dict, str]]:
    """``html-collect-pages``: the archive pages (those no longer made go with the ledger)."""
    root = handbook_config.get(app.config).archive_page
    top = archive_page(app)
    if top is None:
        return []
    years, undated = by_month(_shown_posts(app))
    language = app.config.language or "en"
    total = sum(len(d) for _y, months in years for _m, d in months) + len(undated)
    overview = [
        {"number": year, "href": pages.link(app, top, f"{root}/{year}"),
         "count": _("%d posts") % count if (count := sum(len(d) for _m, d in months)) != 1 else _("1 post"),
         "months": [{"name": _month_name(year, month, language), "posts": len(docnames),
                     "href": pages.link(app, top, f"{root}/{year}", f"m{year}-{month:02d}")}
                    for month, docnames in months]}
        for year, months in years]
    out = pages.page(app, KIND, top, _("Archive"), "archive.html", heading=_("Archive"),
                     summary=_("%d posts by year and month, newest first.") % total, years=overview,
                     undated={"href": pages.link(app, top, f"{root}/{UNDATED_PAGE}"), "words": _("Undated posts"),
                              "posts": len(undated)} if undated else None)
    for i, (year, months) in enumerate(years):
        pagename = f"{root}/{year}"
        newer = f"{root}/{years[i - 1][0]}" if i > 0 else None
        older = f"{root}/{years[i + 1][0]}" if i + 1 < len(years) else None
        others = [(pages.link(app, pagename, other), words % other.rsplit("/", 1)[-1])
                  for other, words in ((newer, _("Newer: %s")), (older, _("Older: %s"))) if other]
        out += pages.page(app, KIND, pagename, _("Posts from %d") % year, "archive-year.html",
                          year=year, heading=_("Posts from %d") % year, all_years=_("All years"),
                          top=pages.link(app, pagename, top), others=others, others_label=_("Other years"),
                          months=[{"id": f"m{year}-{month:02d}", "name": _month_name(year, month, language),
                                   "posts": _post_list(app, pagename, docnames)} for month, docnames in months])
    if undated:
        pagename = f"{root}/{UNDATED_PAGE}"
        out += pages.page(app, KIND, pagename, _("Undated posts"), "archive-undated.html",
                          heading=_("Undated posts"), all_years=_("All years"), top=pages.link(app, pagename, top),
                          posts=_post_list(app, pagename, undated))
    return out


def _month_name(year: int, month: int, language: str) -> str:
    return formatted_date(dt.date(year, month, 1), "%B %Y", language)


def _post_list(app: Sphinx, pagename: str, docnames: list[str]) -> list[dict]:
    state = app.env.get_domain("handbook").state
    items = []
    for docname in docnames:
        record = state.posts[docname]
        items.append({"date": record.date.isoformat() if record.date else "",
                      "shown_date": readable_date(app, record.date) if record.date else "",
                      "href": pages.link(app, pagename, docname), "title": record.title})
    return items


def in_the_sidebar(app: Sphinx, builder) -> None:
    """``write-started``, before the sidebar is drawn: the archive under "Browse"."""
    if (page := archive_page(app)) is not None:
        runs.of(app.env).browse.append((page, _("Archive")))


def register(app: Sphinx) -> None:
    app.connect("write-started", in_the_sidebar, priority=400)  # the sidebar is made at 500
    app.connect("html-collect-pages", write_archive)
