"""The first search query as a reader's browser makes it: bytes downloaded and time to results.

``.tox/tests/bin/python benchmarks/search_query.py BUILD/html [--query "lead generation"]``
(Playwright and Debian's chromium, as the browser tests use them). The folder is
served on 127.0.0.1 with gzip, as a web host sends it; the search page is opened with
the query, and every response is counted (compressed bytes on the wire) until the
results are shown. Also from ``file://``, where only the time is measured.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from browser import browser

QUERY = "lead generation"


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files gzipped (as Read the Docs' CDN does) and counts the bytes sent."""

    sent = 0

    def log_message(self, format, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        type(self).sent += len(body)
        import io

        return io.BytesIO(body)


def measure(html: Path, query: str = QUERY) -> dict:
    handler = functools.partial(GzipHandler, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    result = {"query": query}
    try:
        with browser() as chromium:
            for where, root in (("hosted", base), ("file", html.resolve().as_uri() + "/")):
                page = chromium.new_page()
                files = []
                page.on("requestfinished", lambda request, files=files: files.append(request.url))
                GzipHandler.sent = 0
                started = time.perf_counter()
                page.goto(f"{root}search.html?q={query.replace(' ', '+')}")
                page.wait_for_selector("#search-results .search-summary:not(:text('Searching…'))", timeout=120_000)
                seconds = time.perf_counter() - started
                summary = page.inner_text("#search-results .search-summary")
                result[where] = {"seconds": round(seconds, 3), "files": len(files), "summary": summary}
                if where == "hosted":
                    result[where]["gzip_bytes"] = GzipHandler.sent
                    result[where]["index_files"] = sum("/_search/" in u or "searchindex" in u for u in files)
                page.close()
    finally:
        server.shutdown()
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", type=Path)
    parser.add_argument("--query", default=QUERY)
    args = parser.parse_args(argv)
    json.dump(measure(args.html, args.query), sys.stdout, indent=1, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
