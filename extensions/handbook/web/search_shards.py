"""Search in small pieces: a query loads only the words it asks for.

Sphinx's search page loads ``searchindex.js`` whole before the first query: 1 MB at
1,000 posts, 12 MB at 10,000. Here Sphinx's index, once written, is cut into script
files under ``_search/`` (script files, not fetched JSON, so the search also works
from ``file://`` in a training room without internet):

- ``_search/meta.js``: the number of documents, how many per document piece, and the
  key of every word piece;
- ``_search/t/<key>.js``: the words starting with ``<key>`` (two letters, three when
  two make a large piece), each with the documents holding it in their text and title;
- ``_search/d/<n>.js``: documents ``n * PER`` on: address, title, date, chapter, excerpt.

``static/handbook-search.js`` (the search page) loads the meta, the word pieces of the
query and the document pieces of the results it shows. The cutting is a pure function
of Sphinx's index and the posts, so pieces are the same after an incremental build as
after a clean one, and unchanged pieces are not written again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from sphinx.application import Sphinx

from .. import capabilities, ledger
from ..book.dates import readable_date
from . import pages
from .navigation import sidebar_tree

FOLDER = "_search"
PER = 50  # documents per document piece: a page of results touches few, small pieces
SPLIT_AT = 24_000  # characters: a two-letter word piece larger than this is cut by three letters


def _js(value) -> str:
    # ASCII only, and no "<" or "&": the text is data even if some tool reads it as HTML.
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def key_file(key: str) -> str:
    """A piece's file name: the key's UTF-8 bytes in hex (any script, no unsafe names)."""
    return key.encode("utf-8").hex()


def word_pieces(terms: Mapping[str, object], titleterms: Mapping[str, object]) -> dict[str, tuple[dict, dict]]:
    """Words cut by their first two letters, or three where a piece would be large."""
    pieces: dict[str, tuple[dict, dict]] = {}
    for which, mapping in enumerate((terms, titleterms)):
        for word, docs in mapping.items():
            piece = pieces.setdefault(word[:2], ({}, {}))
            piece[which][word] = docs
    for key in sorted(pieces):
        body, titles = pieces[key]
        if len(_js([body, titles])) <= SPLIT_AT:
            continue
        keep = ({w: d for w, d in body.items() if len(w) <= 2}, {w: d for w, d in titles.items() if len(w) <= 2})
        del pieces[key]
        if keep[0] or keep[1]:
            pieces[key] = keep
        for which, mapping in enumerate((body, titles)):
            for word, docs in mapping.items():
                if len(word) > 2:
                    pieces.setdefault(word[:3], ({}, {}))[which][word] = docs
    return pieces


def files(index: Mapping, rows: list[list[str]]) -> dict[str, str]:
    """Every file of ``_search/`` (path inside it -> text), from Sphinx's index and one row per document."""
    pieces = word_pieces(index.get("terms", {}), index.get("titleterms", {}))
    out = {}
    for key, (body, titles) in pieces.items():
        out[f"t/{key_file(key)}.js"] = f"HandbookSearch.words({_js(key)},{_js(body)},{_js(titles)});\n"
    for start in range(0, len(rows), PER):
        out[f"d/{start // PER}.js"] = f"HandbookSearch.docs({start // PER},{_js(rows[start:start + PER])});\n"
    meta = {"docs": len(rows), "per": PER, "keys": sorted(pieces)}
    out["meta.js"] = f"HandbookSearch.meta({_js(meta)});\n"
    return out


def read_sphinx_index(path: Path) -> dict:
    """Sphinx's ``searchindex.js``: ``Search.setIndex({...})`` around JSON."""
    text = path.read_text(encoding="utf-8")
    start, end = text.index("(") + 1, text.rindex(")")
    return json.loads(text[start:end])


def document_rows(app: Sphinx, index: Mapping) -> list[list[str]]:
    """What a result shows of each document of the index, in the index's order."""
    builder = app.builder
    state = app.env.get_domain("handbook").state
    posts = state.posts if state is not None else {}
    tree = sidebar_tree(app)
    titles_of = {docname: title for docname, title in zip(index["docnames"], index["titles"], strict=True)}
    rows = []
    for docname in index["docnames"]:
        parent = tree.parent.get(docname) if tree is not None else None
        chapter = titles_of.get(parent, "") if parent and parent != app.config.root_doc else ""
        record = posts.get(docname)
        rows.append([
            builder.get_target_uri(docname),
            titles_of[docname],
            readable_date(app, record.date) if record is not None and record.date else "",
            chapter,
            record.excerpt if record is not None else "",
        ])
    return rows


def write(app: Sphinx, wanted: Mapping[str, str]) -> None:
    """Writes changed pieces only (the ledger removes pieces that are no longer wanted)."""
    book = ledger.of(app)
    for name, text in sorted(wanted.items()):
        book.write("search", f"{FOLDER}/{name}", text.encode("utf-8"))


def on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    builder = app.builder
    if exception is not None or not capabilities.of(builder).website:
        return
    index_file = Path(builder.outdir) / builder.searchindex_filename
    if not index_file.is_file():
        return
    index = read_sphinx_index(index_file)
    write(app, files(index, document_rows(app, index)))


def use_search_page(app: Sphinx, config) -> None:
    """furo's search page, loading ``handbook-search.js`` (``templates/furo/search.html``).

    Appended: a project's own ``search.html`` would still win.
    """
    furo_templates = str(pages.TEMPLATES / "furo")
    if "furo" in str(config.html_theme) and furo_templates not in config.templates_path:
        # A new list: the default one is shared by every Config of the process.
        config.templates_path = [*config.templates_path, furo_templates]


def register(app: Sphinx) -> None:
    app.connect("config-inited", use_search_page)
    app.connect("build-finished", on_build_finished)
