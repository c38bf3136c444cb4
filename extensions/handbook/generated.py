"""Pages and files the handbook makes itself (not documents): written only when they changed.

A generated page keeps the fingerprint of what it shows in a ``<meta>`` tag, so an
incremental build can tell, from the page alone, whether to write it again. Used by
the contents page and the archive; tag pages keep their fingerprints in the book state.
"""

from __future__ import annotations

import hashlib
import html
import os
from pathlib import Path

from sphinx.application import Sphinx

from .navigation import sidebar_tree

_LISTED = "_handbook_generated_pages"


def listed_pages(builder) -> set[str]:
    """This build's generated pages a reader finds (the sitemap lists them)."""
    return getattr(builder, _LISTED, set())


def page(app: Sphinx, pagename: str, title: str, body: str, listed: bool = True) -> list[tuple[str, dict, str]]:
    """``[(pagename, context, "page.html")]`` for ``html-collect-pages``, or ``[]`` when the page is current.

    ``listed``: a page for readers (in the sitemap), not one for writers (the report).
    """
    builder = app.builder
    if listed:
        setattr(builder, _LISTED, listed_pages(builder) | {pagename})
    tree = sidebar_tree(builder)
    sidebar = tree.html(pagename) if tree is not None else ""
    # Everything around the body: the sidebar, and conf.py (html_context, theme options, ...).
    fingerprint = hashlib.sha256(
        repr((title, body, sidebar, builder.build_info.config_hash)).encode()).hexdigest()
    mark = f'<meta name="handbook-page" content="{fingerprint}">'
    outfile = Path(builder.get_outfilename(pagename))
    if (outfile.is_file() and outfile.stat().st_mtime >= builder.templates.newest_template_mtime()
            and mark in outfile.read_text(encoding="utf-8", errors="replace")):
        return []
    context = {
        "title": html.escape(title), "body": body, "parents": [], "display_toc": False, "toc": "",
        "meta": {}, "metatags": mark, "sourcename": "", "rellinks": [],
    }
    return [(pagename, context, "page.html")]


def remove(app: Sphinx, pagename: str) -> None:
    """A generated page no longer made: gone from the output, as from a clean build."""
    outfile = Path(app.builder.get_outfilename(pagename))
    outfile.unlink(missing_ok=True)
    folder = outfile.parent
    if folder != Path(app.builder.outdir) and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless the file already holds exactly that; True when written."""
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    # Into place in one step: a reader, or the next build after a killed one, never
    # finds half a file.
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_bytes(data)
    os.replace(partial, path)
    return True
