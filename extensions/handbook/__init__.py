"""Lead Generation Handbook: blog posts with front matter as a Sphinx handbook.

Modules, in the order data flows through them:

- ``frontmatter``, ``tags``, ``listing``: pure functions (validation, tag names,
  chapters and related posts), tested without Sphinx;
- ``parser``: MyST for posts, without per-post settings or file insertion;
- ``reader``: reads each post while it is parsed (title, header, images, links);
- ``domain``: the per-document records on the environment;
- ``directives``: ``chapter-posts``, ``newest-posts``, ``tag-overview``, ``{tag}``;
- ``book``, ``incremental``: the book-wide view after reading, what to rewrite;
- ``render``, ``pages``: placeholders filled per output, tag pages for HTML;
- ``navigation``: furo's sidebar kept to the current chapter;
- ``diagrams``, ``epub``: mermaid as an escaped ``<img>``; EPUB gets HTML's visitors;
- ``scale``: keeps Sphinx linear in the number of posts (garbage collector, images table,
  what ``-j`` readers send back);
- ``parallel``: ``-j N`` writes with N processes (HTML builders), tag pages too.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from . import config, diagrams, directives, epub, navigation, nodes, parallel, scale
from .domain import HandbookDomain
from .incremental import on_env_updated
from .pages import write_tag_pages
from .parser import HandbookMystParser
from .reader import (
    InternaliseCanonicalLinks,
    ReadPost,
    on_source_read,
    restore_external_link,
)
from .render import on_doctree_resolved

__version__ = "1.0.0"

_STATIC = Path(__file__).parent / "static"


def _add_html_assets(app: Sphinx) -> None:
    if app.builder.format == "html":
        app.config.html_static_path.append(str(_STATIC))
        app.add_css_file("handbook.css")


def _convert_images_for_print_only(app: Sphinx, config) -> None:
    """sphinx.ext.imgconverter is there for the PDF (LaTeX cannot show .webp).

    Sphinx's HTML builder does not list WebP among the types it shows, so the
    converter would also run ImageMagick on every post's .webp for HTML (80 ms
    each) although browsers and EPUB 3.3 readers show WebP themselves.
    """
    if "sphinx.ext.imgconverter" not in app.extensions:
        return
    from sphinx.ext.imgconverter import ImagemagickConverter

    class PrintImageConverter(ImagemagickConverter):
        def match(self, node) -> bool:
            # _builder_cls: what Sphinx's own ImageConverter.match reads the builder from
            return self.env._builder_cls.format != "html" and super().match(node)

    transforms = app.registry.post_transforms
    transforms[:] = [PrintImageConverter if t is ImagemagickConverter else t for t in transforms]


def setup(app: Sphinx) -> dict:
    config.register(app)
    nodes.register(app)
    directives.register(app)
    navigation.register(app)
    diagrams.register(app)
    epub.register(app)
    scale.register(app)
    parallel.register(app)
    app.add_domain(HandbookDomain)
    app.add_source_parser(HandbookMystParser, override=True)
    app.add_transform(ReadPost)
    app.add_transform(InternaliseCanonicalLinks)
    app.connect("source-read", on_source_read)
    app.connect("env-updated", on_env_updated)
    app.connect("missing-reference", restore_external_link)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("html-collect-pages", write_tag_pages)
    app.connect("builder-inited", _add_html_assets)
    app.connect("config-inited", _convert_images_for_print_only)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
