"""Save to page with ``./dev serve``: how long from saving a post to its page holding the edit.

    python benchmarks/serve_latency.py SRC OUTDIR DOCTREES [--edits 3]

Starts the live preview (``python -m handbook.commands serve``, as ``./dev serve`` runs
it) on a project that was built before into OUTDIR/DOCTREES, waits for its first build,
then appends a sentence to one post at a time and polls the post's HTML page until the
sentence is in it: the time from the write to the page is what a writer waits for
(the file watcher, the build, the page written). An open page's websocket also records
when the preview tells the browser to reload. Prints one JSON object: the start-up time,
each edit's time to its page and to the reload, in seconds. The post files are put back
as they were.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, seconds: float, step: float = 0.01) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return False


def measure(src: Path, outdir: Path, doctrees: Path, edits: int = 3, timeout: float = 1800) -> dict:
    log_path = outdir.parent / "serve-latency.log"
    log = open(log_path, "w+")  # noqa: SIM115 - read while the server runs
    port = free_port()
    command = [sys.executable, "-m", "handbook.commands", "serve", "--port", str(port),
               "--outdir", str(outdir), "--doctrees", str(doctrees)]
    started = time.monotonic()
    server = subprocess.Popen(command, cwd=src, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                              env={**os.environ, "PYTHONPATH": str(REPO / "extensions"), "PYTHONUNBUFFERED": "1"})
    posts = sorted((src / "posts").glob("*.md"))[:edits]
    originals = {p: p.read_text(encoding="utf-8") for p in posts}
    result: dict = {"edits": [], "reloads": []}
    try:
        def said(words: str, times: int = 1) -> bool:
            if server.poll() is not None:  # it stopped: say why now, not after the timeout
                log.seek(0)
                last = "\n".join(log.read().splitlines()[-20:])
                raise RuntimeError(f"the preview stopped (exit status {server.returncode}); its last lines:\n{last}")
            log.seek(0)
            return log.read().count(words) >= times

        if not wait_for(lambda: said("the preview is on"), timeout, step=0.2):
            raise RuntimeError(f"the preview did not start; see {log_path}")
        result["startup"] = time.monotonic() - started
        time.sleep(1.0)  # the watcher is up
        from websockets.sync.client import connect

        with connect(f"ws://127.0.0.1:{port}/websocket-reload", open_timeout=30) as tab:  # an open page
            for i, post in enumerate(posts):
                page = outdir / "posts" / (post.stem + ".html")
                sentence = f"A sentence saved at edit {i} for the benchmark."
                builds = i + 2  # the first build, and one per edit
                saved = time.monotonic()
                post.write_text(originals[post] + f"\n\n{sentence}\n", encoding="utf-8")
                if not wait_for(lambda page=page, sentence=sentence: page.is_file()
                                and sentence in page.read_text(encoding="utf-8"), 600):
                    raise RuntimeError(f"the edit of {post.name} did not reach its page; see {log_path}")
                result["edits"].append(time.monotonic() - saved)
                if tab.recv(timeout=600) == "refresh":
                    result["reloads"].append(time.monotonic() - saved)
                wait_for(lambda builds=builds: said("serve: built in", builds), 600, step=0.05)  # the build finishes
                time.sleep(0.5)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        log.close()
        for post, text in originals.items():
            post.write_text(text, encoding="utf-8")
    result["median"] = statistics.median(result["edits"]) if result["edits"] else None
    result["reload_median"] = statistics.median(result["reloads"]) if result["reloads"] else None
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("src", type=Path)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("doctrees", type=Path)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.src.resolve(), args.outdir.resolve(), args.doctrees.resolve(), args.edits)))


if __name__ == "__main__":
    main()
