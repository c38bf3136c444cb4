"""Lead Generation Handbook: blog posts with front matter as a Sphinx handbook.

``setup()`` only registers each feature's module; ARCHITECTURE.md (repository root)
has the module map and the way data flows through them.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from . import (
    after_reading,
    aliases,
    archive,
    authorpages,
    cleanup,
    config,
    contents,
    diagrams,
    directives,
    drafts,
    epub,
    feeds,
    handouts,
    images,
    index_terms,
    latex_classes,
    links,
    navigation,
    nodes,
    print_images,
    print_limit,
    reader,
    render,
    report,
    resume,
    search_index,
    search_shards,
    sitemap,
    social,
    source,
    speedups,
    tagpages,
)
from .domain import HandbookDomain
from .parser import HandbookMystParser

__version__ = "1.0.0"

_STATIC = Path(__file__).parent / "static"


def _add_html_assets(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.config.html_static_path.append(str(_STATIC))
        app.add_css_file("handbook.css")
    if app.builder.name in ("html", "dirhtml"):  # the website, not the EPUB
        app.add_js_file("handbook-progress.js", defer="defer")
        app.add_js_file("handbook-keyboard.js", defer="defer")


def setup(app: Sphinx) -> dict:
    config.register(app)
    speedups.register(app)
    app.add_domain(HandbookDomain)
    app.add_source_parser(HandbookMystParser, override=True)
    nodes.register(app)
    source.register(app)
    reader.register(app)
    images.register(app)
    print_images.register(app)
    latex_classes.register(app)
    print_limit.register(app)
    index_terms.register(app)
    links.register(app)
    directives.register(app)
    app.connect("env-updated", after_reading.on_env_updated)
    render.register(app)
    resume.register(app)
    cleanup.register(app)
    drafts.register(app)
    tagpages.register(app)
    search_index.register(app)
    search_shards.register(app)
    report.register(app)
    navigation.register(app)
    contents.register(app)
    archive.register(app)
    authorpages.register(app)
    aliases.register(app)
    diagrams.register(app)
    epub.register(app)
    feeds.register(app)
    handouts.register(app)
    sitemap.register(app)
    social.register(app)
    app.connect("builder-inited", _add_html_assets)
    return {
        "version": __version__,
        "env_version": 5,  # posts carry index entries for their title, authors and defined terms
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
