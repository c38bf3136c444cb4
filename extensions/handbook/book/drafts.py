"""Drafts stay out of the published handbook; a preview shows them with a banner.

A post marked ``draft: true`` is read like any other (so ``./dev serve`` and
``handbook_show_drafts = True`` preview it, labelled and with a banner), but a
production build (``handbook_show_drafts`` off, as on Read the Docs) publishes
nothing of it: it is in no listing (book.py), not in the search index, and its page,
source copy and images (when no published page shows them) are removed from the
output once written; the EPUB leaves it out, and the PDF never had it (drafts are in
no chapter).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from .. import capabilities
from .. import config as handbook_config


def unpublished(app: Sphinx) -> list[str]:
    """The drafts this build must not publish (none when drafts are shown)."""
    state = app.env.get_domain("handbook").state
    if state is None or handbook_config.get(app.config).show_drafts:
        return []
    return sorted(d for d, record in state.posts.items() if record.draft)


def keep_out_of_search(app: Sphinx) -> tuple:
    """``html-collect-pages``: before Sphinx writes its search index."""
    indexer = getattr(app.builder, "indexer", None)
    drafts = set(unpublished(app))
    if indexer is not None and drafts:
        indexer.prune(sorted(set(app.env.all_docs) - drafts))
    return ()


def keep_out_of_epub(app: Sphinx, builder) -> None:
    """``write-started``: the EPUB packages every file of its folder, but these."""
    if capabilities.of(builder).epub:
        pages = [builder.get_target_uri(d) for d in unpublished(app)]
        app.config.epub_exclude_files = [*app.config.epub_exclude_files, *pages]


def remove_pages(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished``: what Sphinx wrote for each draft leaves the website's output."""
    builder = app.builder
    if exception is not None or not capabilities.of(builder).website:
        return
    drafts = set(unpublished(app))
    if not drafts:
        return
    outdir = Path(builder.outdir)
    for docname in sorted(drafts):
        Path(builder.get_outfilename(docname)).unlink(missing_ok=True)
        for source in (outdir / "_sources").glob(f"{docname}.*"):
            source.unlink()
    imagedir = outdir / builder.imagedir
    for docs, unique in app.env.images.values():
        if docs and docs <= drafts:
            (imagedir / unique).unlink(missing_ok=True)


def register(app: Sphinx) -> None:
    app.connect("html-collect-pages", keep_out_of_search)
    app.connect("write-started", keep_out_of_epub)
    app.connect("build-finished", remove_pages)
