"""A post's old addresses (``aliases``, ``redirect_from``) become redirect pages (HTML builders).

Each is a small page at the old path in the output folder: a relative
``<meta http-equiv="refresh">`` and a link to the post, so it works offline too.
``frontmatter.alias_page`` already refused addresses on other sites and paths
with ``..``; here a page is written only inside the output folder and never over
another page. The list of pages written is kept in the output folder
(``.handbook-aliases``), so that an alias no longer there is removed.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.locale import _

from . import config as handbook_config
from .warnings import HandbookWarning, warn

MANIFEST = ".handbook-aliases"


def redirect_html(title: str, uri: str) -> str:
    """The redirect page: every value escaped, nothing but the refresh and a link."""
    title, uri = html.escape(title), html.escape(uri)
    return ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
            f"<title>{title}</title>\n<meta http-equiv=\"refresh\" content=\"0; url={uri}\">\n"
            f"<link rel=\"canonical\" href=\"{uri}\"><meta name=\"robots\" content=\"noindex\"></head>\n"
            f"<body><p>{html.escape(_('This page has moved to'))} <a href=\"{uri}\">{title}</a>.</p></body></html>\n")


def wanted_pages(app: Sphinx) -> dict[str, str]:
    """Alias page (path in the output) -> the post it leads to; clashes warned about once."""
    state = app.env.get_domain("handbook").state
    show_drafts = handbook_config.get(app.config).show_drafts
    outdir = Path(app.builder.outdir).resolve()
    documents = {app.builder.get_target_uri(d) for d in app.env.found_docs}
    pages: dict[str, str] = {}
    for docname in sorted(state.posts):
        record = state.posts[docname]
        if record.draft and not show_drafts:
            continue
        for page in record.aliases:
            target = (outdir / page).resolve()
            if not target.is_relative_to(outdir) or target == outdir:
                continue  # alias_page allows no such path; kept as a second lock
            if page in documents or page in pages:
                other = pages.get(page, "another page of the handbook")
                warn(HandbookWarning.FRONTMATTER, "old address %r is already %s; no redirect made", page, other,
                     location=docname)
                continue
            pages[page] = docname
    return pages


def write_alias_pages(app: Sphinx) -> list:
    """``html-collect-pages``: each alias page written when changed; old ones removed."""
    # The website only: an EPUB or a single page has no old addresses to keep.
    if app.builder.name not in ("html", "dirhtml") or app.env.get_domain("handbook").state is None:
        return []
    outdir = Path(app.builder.outdir)
    manifest = outdir / MANIFEST
    previous = set(manifest.read_text(encoding="utf-8").split("\n")) - {""} if manifest.is_file() else set()
    pages = wanted_pages(app)
    state = app.env.get_domain("handbook").state
    for page, docname in pages.items():
        path = outdir / page
        uri = os.path.relpath(outdir / app.builder.get_target_uri(docname), path.parent).replace(os.sep, "/")
        text = redirect_html(state.posts[docname].title, uri)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for gone in sorted(previous - pages.keys()):
        path = outdir / gone
        if path.resolve().is_relative_to(outdir.resolve()) and path.is_file():
            path.unlink()
            folder = path.parent
            while folder != outdir and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
    if pages:
        manifest.write_text("".join(f"{p}\n" for p in sorted(pages)), encoding="utf-8")
    else:
        manifest.unlink(missing_ok=True)  # as a clean build without aliases
    return []


def register(app: Sphinx) -> None:
    app.connect("html-collect-pages", write_alias_pages)
