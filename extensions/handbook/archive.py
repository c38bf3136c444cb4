"""The archive: every post by year and month, newest first (HTML builders).

``archive.html`` lists the years and their months with counts; ``archive/<year>.html``
lists a year's posts month by month (one page per year keeps pages small at any
size), and ``archive/undated.html`` the posts without a date. The sidebar links to
the archive (navigation.py). Written only when what they show changed (generated.py).
"""

from __future__ import annotations

import datetime as dt
import html

from sphinx.application import Sphinx
from sphinx.locale import _

from . import config as handbook_config
from . import generated
from .listing import by_month
from .render import formatted_date, readable_date

UNDATED_PAGE = "undated"


def archive_page(app: Sphinx) -> str | None:
    """The archive's page name, when this build has one (posts, an HTML builder)."""
    state = app.env.get_domain("handbook").state
    # The website's (not the EPUB's: a book has its contents and index)
    if state is None or app.builder.name not in ("html", "dirhtml") or not _shown_posts(app):
        return None
    name = handbook_config.get(app.config).archive_page
    return None if name in app.env.all_docs else name


def _shown_posts(app: Sphinx) -> list:
    state = app.env.get_domain("handbook").state
    show_drafts = handbook_config.get(app.config).show_drafts
    return [r.summary() for r in state.posts.values() if show_drafts or not r.draft]


def write_archive(app: Sphinx) -> list[tuple[str, dict, str]]:
    """``html-collect-pages``: the archive pages; those no longer made are removed."""
    root = handbook_config.get(app.config).archive_page
    previous = _existing_pages(app, root)
    top = archive_page(app)
    if top is None:
        for pagename in previous:
            generated.remove(app, pagename)
        return []
    years, undated = by_month(_shown_posts(app))
    language = app.config.language or "en"
    out = generated.page(app, top, _("Archive"), _overview(app, top, years, undated, language))
    pages = {top}
    for i, (year, months) in enumerate(years):
        pagename = f"{root}/{year}"
        pages.add(pagename)
        newer = f"{root}/{years[i - 1][0]}" if i > 0 else None
        older = f"{root}/{years[i + 1][0]}" if i + 1 < len(years) else None
        out += generated.page(app, pagename, _("Posts from %d") % year,
                              _year_page(app, pagename, year, months, newer, older, top, language))
    if undated:
        pagename = f"{root}/{UNDATED_PAGE}"
        pages.add(pagename)
        out += generated.page(app, pagename, _("Undated posts"), _undated_page(app, pagename, undated, top))
    for pagename in sorted(set(previous) - pages):
        generated.remove(app, pagename)
    return out


def _existing_pages(app: Sphinx, root: str) -> list[str]:
    from pathlib import Path

    outdir = Path(app.builder.outdir)
    suffix = app.builder.out_suffix
    found = [root] if (outdir / f"{root}{suffix}").is_file() else []
    folder = outdir / root
    if folder.is_dir():
        found += [f"{root}/{p.name[:-len(suffix)]}" for p in sorted(folder.iterdir()) if p.name.endswith(suffix)]
    return found


def _link(app: Sphinx, pagename: str, target: str, text: str, anchor: str = "") -> str:
    uri = app.builder.get_relative_uri(pagename, target) + (f"#{anchor}" if anchor else "")
    return f'<a class="reference internal" href="{html.escape(uri)}">{text}</a>'


def _month_name(year: int, month: int, language: str) -> str:
    return formatted_date(dt.date(year, month, 1), "%B %Y", language)


def _overview(app: Sphinx, pagename: str, years, undated: list[str], language: str) -> str:
    root = handbook_config.get(app.config).archive_page
    total = sum(len(d) for _y, months in years for _m, d in months) + len(undated)
    out = [f'<section id="archive"><h1>{html.escape(_("Archive"))}</h1>\n',
           f'<p class="handbook-archive-summary">{html.escape(_("%d posts by year and month, newest first.") % total)}</p>\n']
    for year, months in years:
        count = sum(len(d) for _m, d in months)
        out.append(f'<h2 id="y{year}">{_link(app, pagename, f"{root}/{year}", str(year))} '
                   f'<span class="handbook-count">{html.escape(_("%d posts") % count if count != 1 else _("1 post"))}</span></h2>\n'
                   '<ul class="handbook-archive-months">\n')
        for month, docnames in months:
            name = html.escape(_month_name(year, month, language))
            out.append(f"<li>{_link(app, pagename, f'{root}/{year}', name, f'm{year}-{month:02d}')} "
                       f'<span class="handbook-count">({len(docnames)})</span></li>\n')
        out.append("</ul>\n")
    if undated:
        out.append(f"<h2>{_link(app, pagename, f'{root}/{UNDATED_PAGE}', html.escape(_('Undated posts')))} "
                   f'<span class="handbook-count">({len(undated)})</span></h2>\n')
    out.append("</section>\n")
    return "".join(out)


def _post_list(app: Sphinx, pagename: str, docnames: list[str]) -> str:
    state = app.env.get_domain("handbook").state
    items = []
    for docname in docnames:
        record = state.posts[docname]
        date = readable_date(app, record.date) if record.date else ""
        when = f'<time datetime="{record.date.isoformat()}">{html.escape(date)}</time> ' if record.date else ""
        items.append(f"<li>{when}{_link(app, pagename, docname, html.escape(record.title))}</li>\n")
    return '<ul class="handbook-archive-posts">\n' + "".join(items) + "</ul>\n"


def _year_page(app: Sphinx, pagename: str, year: int, months, newer: str | None, older: str | None, top: str,
               language: str) -> str:
    out = [f'<section id="archive-{year}"><h1>{html.escape(_("Posts from %d") % year)}</h1>\n',
           f'<p class="handbook-archive-summary">{_link(app, pagename, top, html.escape(_("All years")))}</p>\n']
    for month, docnames in months:
        out.append(f'<h2 id="m{year}-{month:02d}">{html.escape(_month_name(year, month, language))}</h2>\n')
        out.append(_post_list(app, pagename, docnames))
    links = []
    if newer:
        links.append(_link(app, pagename, newer, html.escape(_("Newer: %s") % newer.rsplit("/", 1)[-1])))
    if older:
        links.append(_link(app, pagename, older, html.escape(_("Older: %s") % older.rsplit("/", 1)[-1])))
    if links:
        out.append(f'<nav class="handbook-pages" aria-label="{html.escape(_("Other years"))}">'
                   + " ".join(links) + "</nav>\n")
    out.append("</section>\n")
    return "".join(out)


def _undated_page(app: Sphinx, pagename: str, docnames: list[str], top: str) -> str:
    return (f'<section id="archive-undated"><h1>{html.escape(_("Undated posts"))}</h1>\n'
            f'<p class="handbook-archive-summary">{_link(app, pagename, top, html.escape(_("All years")))}</p>\n'
            + _post_list(app, pagename, docnames) + "</section>\n")


def register(app: Sphinx) -> None:
    app.connect("html-collect-pages", write_archive)
