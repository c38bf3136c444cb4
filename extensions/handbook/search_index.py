"""Sphinx's search index, the same after an incremental build as after a clean one.

In an incremental build Sphinx's HTML builder loads the last ``searchindex.js``, drops
the documents that went, and feeds it the pages it writes (``StandaloneHTMLBuilder.
load_indexer``, ``IndexBuilder.load``/``prune``). Two things then differ from a clean
build (Sphinx 9.0): ``load`` does not read the index entries back, so the ``{index}``
entries of every page not written this time vanish from search (the handbook's tag
entries among them); and ``prune`` leaves words that no page has any more as empty
lists. Before the index is written (``html-collect-pages``), the index entries of every
page are taken again from Sphinx's own index domain, as ``IndexBuilder.feed`` takes
them from a page, and the empty words are dropped.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.util.index_entries import split_index_msg


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


def mend(app: Sphinx) -> tuple:
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


def register(app: Sphinx) -> None:
    app.connect("html-collect-pages", mend)
