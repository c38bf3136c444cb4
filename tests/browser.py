"""One browser harness for the tests that look at pages as a reader's browser does.

Debian's chromium driven by Playwright (Playwright's own browser download does not
work here), pages served from 127.0.0.1 by a server started in the test, and axe-core
(from npm, ``package.json``) injected into the page.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

from helpers import require_that

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
# Without these Chromium tries Google's services at start and on a closed network
# fails many requests that are not the page's.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# The search page is done once its summary stops saying so (handbook-search.js lists results first).
SEARCH_DONE = "#search-results .search-summary:not(:text('Searching…'))"


def missing() -> str | None:
    """What the harness lacks on this machine, or None."""
    if not (shutil.which(CHROMIUM) or Path(CHROMIUM).is_file()):
        return f"{CHROMIUM} (Debian package chromium)"
    if not AXE.is_file():
        return "node_modules/axe-core (npm ci)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright (requirements/tests.txt)"
    return None


def require() -> None:
    """Skip a test that needs the harness where it is missing; in CI, fail instead (install it)."""
    lack = missing()
    require_that(lack is None, f"the browser harness needs {lack}")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port); yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


def axe_violations(page) -> list[dict]:
    """axe-core's violations on the page as it is now (every rule axe runs by default), with
    furo's "Back to top" link shown as after scrolling (axe otherwise sees it only by chance)."""
    page.evaluate("() => document.documentElement.classList.add('show-back-to-top')")
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "targets": [" ".join(map(str, n["target"])) for n in v["nodes"]]}
        for v in result["violations"]
    ]
