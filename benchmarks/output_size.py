"""Bytes a reader downloads: one post page, the whole output, the search's first query.

``python benchmarks/output_size.py BUILD/html [--query "lead generation"]`` prints them as
JSON; run.py calls :func:`measure` on every handbook build. Sizes are given raw and
gzipped (what a web server sends).

The first query: the search page, every script and style sheet it loads, and what
``handbook-search.js`` then loads for the query: ``_search/meta.js``, the word pieces of
the query's words and the document pieces of the first page of results (ranked as the
script ranks them, Sphinx's stemmer standing in for the browser's).
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
from pathlib import Path

PAGE = 10  # results on the first page (handbook-search.js)
QUERY = "lead generation"


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def _call_args(text: str) -> list:
    """The JSON arguments of ``HandbookSearch.x(a,b,c);``."""
    return json.loads("[" + text[text.index("(") + 1:text.rindex(")")] + "]")


def first_query(html: Path, query: str = QUERY) -> dict:
    search_page = html / "search.html"
    page = search_page.read_text(encoding="utf-8")
    assets = [html / m for m in re.findall(r'(?:src|href)="([^"?#]+\.(?:js|css))(?:\?[^"]*)?"', page)]
    loaded = [search_page, *[a for a in assets if a.is_file()]]
    pieces = html / "_search"
    if not (pieces / "meta.js").is_file():  # Sphinx's own search: the whole index
        if html / "searchindex.js" not in loaded:
            loaded.append(html / "searchindex.js")
    else:
        import snowballstemmer

        meta = _call_args((pieces / "meta.js").read_text(encoding="utf-8"))[0]
        loaded.append(pieces / "meta.js")
        stem = snowballstemmer.stemmer("english").stemWord
        words = [stem(w) for w in re.findall(r"\w+", query.lower()) if not w.isdigit()]
        keys = set(meta["keys"])
        scores: dict[int, int] = {}
        matching: set[int] | None = None
        for word in words:
            key = next((word[:n] for n in (3, 2, 1) if len(word) >= n and word[:n] in keys), None)
            found: dict[int, int] = {}
            if key is not None:
                path = pieces / "t" / f"{key.encode().hex()}.js"
                if path not in loaded:
                    loaded.append(path)
                _key, body, titles = _call_args(path.read_text(encoding="utf-8"))
                for mapping, exact, partial in ((body, 5, 2), (titles, 15, 7)):
                    for term, docs in mapping.items():
                        score = exact if term == word else partial if len(word) > 2 and term.startswith(word) else 0
                        for doc in docs if isinstance(docs, list) else [docs]:
                            if score:
                                found[doc] = max(found.get(doc, 0), score)
            matching = set(found) if matching is None else matching & set(found)
            for doc, score in found.items():
                scores[doc] = max(scores.get(doc, 0), score)
        ranked = sorted(matching or (), key=lambda d: (-scores[d], d))
        for n in sorted({doc // meta["per"] for doc in ranked[:PAGE]}):
            loaded.append(pieces / "d" / f"{n}.js")
    data = [p.read_bytes() for p in loaded]
    return {"query": query, "files": len(loaded), "bytes": sum(map(len, data)), "gzip": sum(map(gz, data)),
            "index_gzip": sum(gz(d) for p, d in zip(loaded, data) if "_search" in p.parts or p.name == "searchindex.js")}


def measure(html: Path, posts_dir: str = "posts", query: str = QUERY) -> dict:
    posts = sorted((html / posts_dir).glob("*.html"))
    sizes = [p.stat().st_size for p in posts]
    # The post page of median size stands for "one post page".
    median = sorted(posts, key=lambda p: p.stat().st_size)[len(posts) // 2] if posts else None
    total = sum(p.stat().st_size for p in html.rglob("*") if p.is_file())
    return {
        "post_page": median.stat().st_size if median else 0,
        "post_page_gzip": gz(median.read_bytes()) if median else 0,
        "post_page_max": max(sizes, default=0),
        "post_page_mean": round(statistics.fmean(sizes)) if sizes else 0,
        "output": total,
        "first_query": first_query(html, query),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", type=Path, help="a handbook's HTML output folder")
    parser.add_argument("--query", default=QUERY)
    args = parser.parse_args(argv)
    json.dump(measure(args.html, query=args.query), sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
