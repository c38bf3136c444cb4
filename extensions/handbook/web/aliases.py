"""A post's old addresses (``aliases``, ``redirect_from``) become redirect pages (HTML builders).

Each is a small page at the old path in the output folder: a relative
``<meta http-equiv="refresh">`` and a link to the post, so it works offline too.
``frontmatter.alias_page`` already refused addresses on other sites and paths
with ``..``; here a page is written only inside the output folder and never over
another page. The ledger (``ledger.py``) removes an alias page no longer made.
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.locale import _

from .. import capabilities, ledger
from .. import config as handbook_config
from ..warnings import HandbookWarning, warn
from . import pages


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
    """``html-collect-pages``: each alias page written when changed (the ledger removes old ones)."""
    # The website only: an EPUB or a single page has no old addresses to keep.
    if not capabilities.of(app.builder).website or app.env.get_domain("handbook").state is None:
        return []
    outdir = Path(app.builder.outdir)
    state = app.env.get_domain("handbook").state
    book = ledger.of(app)
    for page, docname in wanted_pages(app).items():
        uri = os.path.relpath(outdir / app.builder.get_target_uri(docname), (outdir / page).parent).replace(os.sep, "/")
        text = pages.render(app, "redirect.html", title=state.posts[docname].title, href=uri,
                            words=_("This page has moved to"))
        book.write("alias", page, str(text).encode("utf-8"))
    return []


def register(app: Sphinx) -> None:
    app.connect("html-collect-pages", write_alias_pages)
