"""The files engines keep beside a post that give its fields (pure: reads files, no Sphinx).

- folder defaults, merged under the post's own front matter, nearest folder first:
  MkDocs Material's ``.meta.yml`` (meta plugin), Bridgetown's ``_defaults.yml``, Eleventy's
  directory data (``blog/blog.json``, ``blog/blog.11tydata.json``);
- Nikola's two-file posts: ``post.meta`` beside ``post.md`` (``.. key: value`` lines), which
  wins over the post's own metadata;
- navigation titles: mdBook's and GitBook's ``SUMMARY.md``, docsify's ``_sidebar.md``: the
  link text that names a page is its title there.
"""

from __future__ import annotations

import functools
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote

from .engines import mtime, read_config, text_of, walk_up
from .files import readable
from .metadata import read_block

FOLDER_FILES = (".meta.yml", "_defaults.yml")
NAV_FILES = ("SUMMARY.md", "src/SUMMARY.md", "_sidebar.md")


def folder_defaults(srcdir: Path, top: Path, docname: str) -> tuple[dict[str, object], list[Path]]:
    """Fields the post's folders give every post below them, nearest first wins; and their files."""
    merged: dict[str, object] = {}
    used: list[Path] = []
    for folder in walk_up((srcdir / docname).parent, top):
        names = [*FOLDER_FILES, f"{folder.name}.json", f"{folder.name}.11tydata.json"]
        for name in names:
            path = folder / name
            if not readable(srcdir, path):  # a link leaving the project, a FIFO: never read (core/files.py)
                continue
            data = read_config(str(path), mtime(path))
            if data:
                used.append(path)
                for key, value in data.items():
                    if key == "tags" and key in merged:  # Eleventy merges tags down the cascade
                        merged[key] = _as_list(merged[key]) + [t for t in _as_list(value) if t not in
                                                               _as_list(merged[key])]
                    merged.setdefault(key, value)
    return merged, used


def _as_list(value: object) -> list:
    return value if isinstance(value, list) else [value] if value is not None else []


def meta_file(srcdir: Path, docname: str, suffix: str) -> tuple[dict[str, object], Path | None]:
    """Nikola's side file ``<post>.meta``: its fields (its old form: bare lines title, slug, date, tags...)."""
    path = srcdir / (docname + ".meta")
    if not readable(srcdir, path):
        return {}, None
    text = text_of(path)
    block = read_block(text)
    if block.kind and block.fields:
        return dict(block.fields), path
    lines = [line.strip() for line in text.splitlines()]
    names = ("title", "slug", "date", "tags", "link", "description", "type")
    return {k: v for k, v in zip(names, lines, strict=False) if v}, path


_NAV_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])+)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def nav_title(srcdir: Path, top: Path, docname: str, suffix: str) -> tuple[str | None, Path | None]:
    """The link text a navigation file gives the post (mdBook/GitBook ``SUMMARY.md``, docsify ``_sidebar.md``)."""
    target = (srcdir / (docname + suffix)).resolve()
    for folder in walk_up(target.parent, top):
        for name in NAV_FILES:
            path = folder / name
            if readable(srcdir, path):
                titles = _nav_titles(str(path), path.stat().st_mtime_ns)
                title = titles.get(str(target))
                if title is None and target.name.lower() in ("readme.md", "index.md"):
                    title = titles.get(str(target.parent))
                if title is not None:
                    return title, path
    return None, None


@functools.lru_cache(maxsize=32)
def _nav_titles(path: str, _mtime: int) -> dict[str, str]:
    base = Path(path).parent
    if Path(path).parent.name == "src" and Path(path).name == "SUMMARY.md":
        base = Path(path).parent
    titles: dict[str, str] = {}
    for match in _NAV_LINK.finditer(text_of(Path(path))):
        text, link = match.group(1).strip(), unquote(match.group(2).split("#", 1)[0])
        if not text or not link or "://" in link:
            continue
        link = link.lstrip("/") if link.startswith("/") else link
        resolved = (base / posixpath.normpath(link)).resolve()
        if resolved.suffix == "":  # docsify: /guide -> guide.md; a folder -> its README.md
            resolved = resolved.with_suffix(".md") if not link.endswith("/") else resolved
        titles.setdefault(str(resolved), " ".join(text.split()))
    return titles
