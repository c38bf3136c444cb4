"""Who wrote the posts: the authors files engines keep beside their posts, read once per change.

A post names its authors in its front matter (``author``, ``authors``): a name, or a key
that an authors file turns into the name shown. Each engine keeps that file somewhere
else and in another shape; every folder from the post's own up to the posts folder is
looked at (the nearest file wins), then the posts folder and the project root:

- ``authors.yml`` (Docusaurus ``blog/``, Gatsby ``content/``, the handbook's own):
  ``key: {name: ...}``;
- ``.authors.yml`` (MkDocs Material's blog): ``authors: {key: {name: ...}}``;
- ``_data/authors.yml`` (Jekyll, Bridgetown ``src/_data/``): ``key: {name: ...}``;
- ``myst.yml`` or the file it extends (MyST): ``project: {authors|contributors: [{id, name}]}``;
- ``contributors/contributors.yaml`` (Gridsome): ``[{id, name}]``;
- a folder of one file per author, named by its key: ``data/authors/<key>.mdx`` (Next.js
  starter: its front matter's ``name``), ``contents/authors/<key>.json`` (Wintersmith),
  ``_authors/<key>.md`` (Jekyll collections).
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from .engines import mtime, text_of, walk_up
from .files import readable, refusal
from .frontmatter import Author
from .jsobject import find_values
from .metadata import read_block, read_yaml

FILE_NAME = "authors.yml"
# Files holding many authors, looked for in each folder from the post's up.
TABLE_FILES = ("authors.yml", "authors.yaml", "authors.json", ".authors.yml", "_data/authors.yml",
               "_data/authors.yaml", "_data/authors.json", "data/authors.yml", "data/authors.json",
               "src/_data/authors.yml", "contributors/contributors.yaml", "contributors/contributors.yml",
               "myst.yml")
# Folders holding one file per author, named by the key.
KEY_FOLDERS = ("authors", "data/authors", "contents/authors", "content/authors", "_authors", "src/_data/authors")
KEY_SUFFIXES = (".yml", ".yaml", ".json", ".md", ".mdx")
# JavaScript configurations holding an ``authors: {key: {name}}`` table (Astro's starlight-blog), read as data.
SCRIPT_FILES = ("astro.config.mjs", "astro.config.ts", "astro.config.js")


def find(srcdir: str | Path, posts_dir: str) -> Path | None:
    """The authors file, if there is one that may be read (a link leaving the project is not: ``files.py``)."""
    for candidate in (Path(srcdir) / posts_dir / FILE_NAME, Path(srcdir) / FILE_NAME):
        if readable(srcdir, candidate):
            return candidate
    return None


def load(srcdir: str | Path, posts_dir: str, docname: str = "") -> tuple[dict[str, Author], list[Path]]:
    """The known authors by key for the post ``docname``, and the files they came from."""
    srcdir = Path(srcdir)
    top = srcdir / posts_dir
    known: dict[str, Author] = {}
    files: list[Path] = []
    folders = list(walk_up((srcdir / docname).parent, top)) if docname else []
    for folder in [*folders, top, srcdir]:
        for name in TABLE_FILES:
            path = folder / name
            if readable(srcdir, path) and path not in files:  # no link leaving the project, no FIFO
                table = _read(str(path), mtime(path))
                if table:
                    files.append(path)
                    for key, author in table.items():
                        known.setdefault(key, author)
        for name in SCRIPT_FILES:
            path = folder / name
            if readable(srcdir, path) and path not in files:
                table = _read_script(str(path), mtime(path))
                if table:
                    files.append(path)
                    for key, author in table.items():
                        known.setdefault(key, author)
        for name in KEY_FOLDERS:
            path = folder / name
            if path.is_dir() and refusal(srcdir, path) is None and path not in files:
                table = _read_folder(str(path), str(srcdir), mtime(path))
                if table:
                    files.append(path)
                    for key, author in table.items():
                        known.setdefault(key, author)
    return known, files


@functools.lru_cache(maxsize=64)
def _read(path: str, _mtime: int) -> dict[str, Author]:
    text = text_of(Path(path))
    if path.endswith(".json"):
        try:
            data = json.loads(text)
        except ValueError:
            return {}
    else:
        data = read_yaml(text)
    if path.endswith("myst.yml") and isinstance(data, dict):
        table = _table(data)
        extends = data.get("extends")
        for extra in ([extends] if isinstance(extends, str) else extends if isinstance(extends, list) else []):
            if isinstance(extra, str) and "://" not in extra:
                home = Path(path).parent.resolve()
                other = (home / extra).resolve()
                if other.is_file() and other.is_relative_to(home) and other.suffix in (".yml", ".yaml"):
                    table = {**_table(read_yaml(text_of(other))), **table}
        return table
    return _table(data)


@functools.lru_cache(maxsize=16)
def _read_script(path: str, _mtime: int) -> dict[str, Author]:
    tables = [v for v in find_values(text_of(Path(path)), "authors") if isinstance(v, dict)]
    return _table(tables[0]) if tables else {}


def _table(data: object) -> dict[str, Author]:
    """key -> author from any engine's shape of an authors file."""
    if isinstance(data, dict):
        if isinstance(data.get("authors"), dict | list):  # MkDocs: authors: {key: ...}
            return _table(data["authors"])
        project = data.get("project")
        if isinstance(project, dict):  # MyST: project: {authors|contributors: [{id, name}]}
            return {**_table(project.get("contributors") or []), **_table(project.get("authors") or [])}
        items = data.items()
    elif isinstance(data, list):  # [{id, name}]
        items = [(item.get("id") or item.get("key") or item.get("slug"), item) for item in data
                 if isinstance(item, dict)]
    else:
        return {}
    known = {}
    for key, value in items:
        name = _name(value)
        if key is not None and name:
            known[str(key)] = Author(name, name)  # a person is their name: "jane" and "Jane Doe" meet
    return known


def _name(value: object) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("display_name") or value.get("full_name")
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())[:100]
    return None


@functools.lru_cache(maxsize=64)
def _read_folder(path: str, srcdir: str, _mtime: int) -> dict[str, Author]:
    known = {}
    for file in sorted(Path(path).iterdir()):
        if file.suffix not in KEY_SUFFIXES or not readable(srcdir, file):
            continue
        text = text_of(file)
        if file.suffix in (".md", ".mdx"):
            block = read_block(text)
            data: object = block.fields
        elif file.suffix == ".json":
            try:
                data = json.loads(text)
            except ValueError:
                continue
        else:
            data = read_yaml(text)
        name = _name(data)
        if name:
            known[file.stem] = Author(name, name)
    return known


_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")


def plain_name(text: str) -> str:
    """A name written as Markdown (``[Jane](https://...)``): its text."""
    return _MARKDOWN_LINK.sub(r"\1", text)
