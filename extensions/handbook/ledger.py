"""Everything the handbook writes into the output itself, in one ledger.

Sphinx writes the documents' pages; the handbook writes the rest itself: tag, author,
archive, contents and report pages, old addresses' redirects, feeds, the sitemap, the
search pieces. For each such file the ledger knows what it shows (a fingerprint), so a
build writes only what changed, writes it in one step (a reader, or the next build after
a killed one, never finds half a file), and removes what a build no longer makes: an
incremental build leaves the same files as a clean one.

The ledger of an output folder is kept in it, as ``.handbook-outputs.json`` (path ->
[kind, fingerprint], sorted: two clean builds write the same file). Before a file that
the kept ledger does not list is written, the ledger is saved with it, so that a build
killed half-way leaves no file the next build does not know of.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from sphinx.application import Sphinx

from . import capabilities, runs

MANIFEST = ".handbook-outputs.json"


class Ledger:
    def __init__(self, outdir: Path, templates_changed_at: float = 0.0) -> None:
        self.outdir = outdir
        self.templates_changed_at = templates_changed_at  # a page older than its templates is written again
        self.kept = _load(outdir / MANIFEST)  # as the last build left it
        self.made: dict[str, list[str]] = {}  # what this build makes: path -> [kind, fingerprint]
        self.saved = set(self.kept)  # what the ledger on disk lists

    def wants(self, kind: str, path: str, fingerprint: str) -> bool:
        """This build makes ``path`` (relative to the output folder); whether it must be written."""
        self.made[path] = [kind, fingerprint]
        kept = self.kept.get(path)
        target = self.outdir / path
        return (kept is None or kept[1] != fingerprint or not target.is_file()
                or target.stat().st_mtime < self.templates_changed_at)

    def write(self, kind: str, path: str, data: bytes) -> bool:
        """Write ``data`` at ``path`` unless it holds exactly that already; True when written."""
        if not self.wants(kind, path, hashlib.sha256(data).hexdigest()):
            return False
        self.promise()
        write_file(self.outdir / path, data)
        return True

    def promise(self) -> None:
        """Before writing: the ledger on disk lists every file this build has said it makes."""
        if self.made.keys() <= self.saved:
            return
        self._save({**self.kept, **self.made})

    def finish(self) -> None:
        """The build is done: what it no longer makes is removed, and the ledger kept."""
        for path in sorted(set(self.kept) - set(self.made)):
            remove_file(self.outdir, path)
        self._save(self.made)

    def _save(self, entries: dict[str, list[str]]) -> None:
        text = json.dumps(dict(sorted(entries.items())), indent=0, ensure_ascii=False) + "\n"
        write_file(self.outdir / MANIFEST, text.encode("utf-8"))
        self.saved = set(entries)


def _load(path: Path) -> dict[str, list[str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(p): list(v) for p, v in data.items() if isinstance(v, list) and len(v) == 2}


def write_file(path: Path, data: bytes) -> None:
    """``data`` into place in one step (a temporary file beside it, then renamed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_bytes(data)
    os.replace(partial, path)


def remove_file(outdir: Path, path: str) -> None:
    """A file no longer made, and the folders it leaves empty (never outside the output folder)."""
    target = (outdir / path).resolve()
    root = outdir.resolve()
    if not target.is_relative_to(root) or target == root:
        return
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def of(app: Sphinx) -> Ledger:
    """This build's ledger of its output folder."""
    run = runs.of(app.env)
    if run.ledger is None:
        templates = getattr(app.builder, "templates", None)
        run.ledger = Ledger(Path(app.builder.outdir), templates.newest_template_mtime() if templates else 0.0)
    return run.ledger


def finish(app: Sphinx, exception: BaseException | None) -> None:
    """``build-finished`` (after every other handler): remove what is no longer made, keep the ledger.

    Every HTML build finishes its ledger, also one that made nothing itself this time:
    what an earlier build made is then removed.
    """
    if exception is None and capabilities.of(app.builder).html:
        of(app).finish()


def register(app: Sphinx) -> None:
    app.connect("build-finished", finish, priority=900)
