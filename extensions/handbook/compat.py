"""Where the handbook changes a behaviour of Sphinx or furo that it cannot change through an API.

Each entry names the version it was written against (Sphinx and furo are pinned in
``requirements/docs.txt``) and why it is needed; ``tests/test_architecture.py`` allows
such reaching-in only here and in ``speedups/`` (which is for speed alone, behind its switch).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from hashlib import sha1

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.util.index_entries import split_index_msg

from . import capabilities

WEBP = "image/webp"


# ---- Sphinx 9.0.4: WebP on HTML pages ---------------------------------------------------------
# Image converters decide from the builder class's supported_image_types
# (post_transforms/images.py: ImageConverter.match reads env._builder_cls), which Sphinx's
# HTML builders give without image/webp; an instance attribute would not be read.
def show_webp_as_is(app: Sphinx) -> None:
    """HTML and EPUB show WebP: say so, so that image converters leave it alone.

    Sphinx's HTML builders do not list ``image/webp`` (Sphinx 9.0), and its image
    converters decide from the builder class's list (``ImageConverter.match``), so
    ``sphinx.ext.imgconverter`` would run ImageMagick on every post's WebP for HTML
    (80 ms each) although only the PDF needs PNG.
    """
    builder_class = type(app.builder)
    if capabilities.of(app.builder).html and WEBP not in builder_class.supported_image_types:
        builder_class.supported_image_types = [*builder_class.supported_image_types, WEBP]




# ---- Sphinx 9.0.4, sphinxcontrib-mermaid 2.1.1: assets of one build in the next (./dev serve) ----
# ./dev serve builds again in one process. A script or style sheet an extension adds for
# one page (in html-page-context, as sphinxcontrib-mermaid 2.1 does for pages without a
# doctree) stays in Sphinx's registry and in the HTML builder's private lists (Sphinx
# 9.0: StandaloneHTMLBuilder._js_files/_css_files, which add_js_file appends to), and the
# next build would put it on every page. Each build starts from the assets the
# application had when it was made.
def assets(app: Sphinx) -> tuple[list, ...]:
    builder = app.builder
    return (list(app.registry.js_files), list(app.registry.css_files),
            list(getattr(builder, "_js_files", [])), list(getattr(builder, "_css_files", [])))


def restore_assets(app: Sphinx, assets: tuple[list, ...]) -> None:
    registry_js, registry_css, builder_js, builder_css = assets
    app.registry.js_files[:], app.registry.css_files[:] = registry_js, registry_css
    if hasattr(app.builder, "_js_files"):
        app.builder._js_files[:], app.builder._css_files[:] = builder_js, builder_css


# ---- furo 2025.12.19: the sidebar ----------------------------------------------------------
# furo draws its sidebar in its own html-page-context handler (furo/__init__.py:
# _html_page_context -> _compute_navigation_tree), from context["toctree"](collapse=False,
# ...): every page carries every post, a build grows with N x N. It gets nothing to resolve,
# and afterwards its furo_navigation_tree is the handbook's (web/navigation.py, same markup).
def furo_gets_no_toctree(app: Sphinx, context: dict) -> None:
    """Before furo's handler: nothing for it to resolve and parse."""
    if "toctree" in context and "furo" in str(app.config.html_theme):
        context["handbook_toctree"] = context["toctree"]
        context["toctree"] = lambda **kwargs: ""


def furo_gets_sidebar(context: dict, sidebar: Callable[[], str]) -> None:
    """After furo's handler: its sidebar is ``sidebar()`` (the same markup, drawn by the handbook)."""
    if "handbook_toctree" not in context:
        return
    context["toctree"] = context.pop("handbook_toctree")
    context["furo_navigation_tree"] = sidebar()


# ---- Sphinx 9.0.4: the search index of an incremental build ----------------------------------
# StandaloneHTMLBuilder.load_indexer loads the last searchindex.js; IndexBuilder.load does not
# read its index entries back, so the {index} entries of every page not written this time
# vanish from search, and IndexBuilder.prune leaves words no page has as empty lists. Before
# the index is written (html-collect-pages) its private tables are set as a clean build
# sets them (IndexBuilder._index_entries, _mapping, _title_mapping).
def index_entries(entries: list[tuple]) -> list[tuple[str, str, str]]:
    """A page's search index entries from its index domain entries (as ``IndexBuilder.feed``)."""
    found: set[tuple[str, str, str]] = set()
    for entry_type, value, target_id, main, _category_key in entries:
        try:
            result = split_index_msg(entry_type, value)
        except ValueError:
            continue
        target_id = target_id or ""
        if entry_type in {"see", "seealso"}:
            found.add((result[0], target_id, main))
        found |= {(x, target_id, main) for x in result}
    return sorted(found)


def mend_search_index(app: Sphinx) -> tuple:
    indexer = getattr(app.builder, "indexer", None)
    if indexer is None:
        return ()
    domain_entries = app.env.domains.index_domain.entries
    indexer._index_entries = {
        docname: index_entries(domain_entries.get(docname, [])) for docname in sorted(indexer._titles)
        if docname in app.env.all_docs
    }
    for mapping in (indexer._mapping, indexer._title_mapping):
        for word in [word for word, docnames in mapping.items() if not docnames]:
            del mapping[word]
    return ()


# ---- sphinxcontrib-mermaid 2.1.1: where render_mm looks for a drawing ------------------------
# render_mm names a drawing mermaid-<sha1 of code, options and mermaid_sequence_config>.<fmt>
# under the image folder and draws only when no such file exists; a kept drawing
# (diagrams/) is copied there so that no browser is started (reading/diagrams.py).
def mermaid_file_name(config, code: str, options: dict, fmt: str) -> str:
    """The file name sphinxcontrib-mermaid's ``render_mm`` gives this drawing."""
    hashkey = (code + str(options) + str(config.mermaid_sequence_config)).encode("utf-8")
    return f"mermaid-{sha1(hashkey).hexdigest()}.{fmt}"


def mermaid_output_file(builder, code: str, options: dict, fmt: str) -> tuple[str, str]:
    """Where ``render_mm`` looks for (and writes) this drawing: for the page, and on disk."""
    fname = mermaid_file_name(builder.config, code, options, fmt)
    return (f"{builder.imgpath}/{fname}" if builder.imgpath else fname,
            os.path.join(builder.outdir, builder.imagedir, fname))


# ---- Sphinx 9.0.4: a page rendered outside write_doc -------------------------------------
# StandaloneHTMLBuilder.write_doc sets self.fignumbers for the page it writes, and the HTML
# translator reads it; a tag page (nodes rendered with render_partial) has no figures, and
# in a build that writes no document before it there would be no attribute at all.
def no_figure_numbers(builder: Builder) -> None:
    builder.fignumbers = {}


# ---- Sphinx 9.0.4: a warning about a file that is not a document --------------------------------
# SphinxLogRecordTranslator.filter takes a location without ":" for a docname and prints
# env.doc2path(location): "tags.yml" became "tags.yml.rst". A location holding ":" is printed
# as it is; a path's text says it holds one, so the file is named as it is, without a line.
class _FileLocation(str):
    __slots__ = ()

    def __contains__(self, part: object) -> bool:
        return part == ":" or super().__contains__(part)


def file_location(srcdir: str | os.PathLike, path: str, line: int | None = None) -> str:
    """A warning's location naming a file of the project that is not a document (``path`` relative)."""
    full = os.path.join(srcdir, path)
    return f"{full}:{line}" if line else _FileLocation(full)
# ---- Sphinx 9.0.4: posts inlined into a LaTeX document without a toctree ---------------------
# The LaTeX builder resolves links to a document only when it is one of the document's
# (LaTeXBuilder.get_target_uri reads self.docnames, which assemble_doctree fills from the
# toctrees it inlines). A course handout inlines its sessions' posts itself
# (pdf/handouts.py: the posts are in no toctree of the course page, whose posts are in
# chapters), so it names them too: their links then lead to their pages in the handout.
def latex_document_holds(builder: Builder, docnames: list[str]) -> None:
    held = getattr(builder, "docnames", None)
    if isinstance(held, set):
        held.update(docnames)


def register(app: Sphinx) -> None:
    app.connect("builder-inited", show_webp_as_is)
