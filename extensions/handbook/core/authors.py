"""Who wrote the posts: ``authors.yml`` (Docusaurus's format), read once per change.

A post names its authors in its front matter (``author``, ``authors``): a name, or a
key of ``authors.yml`` beside the posts (``<posts>/authors.yml``) or at the project
root, which gives the name shown::

    jane:
      name: Jane Doe
      title: Head of growth   # read by Docusaurus; the handbook shows the name
"""

from __future__ import annotations

import functools
from pathlib import Path

from .files import readable
from .frontmatter import Author
from .metadata import read_yaml

FILE_NAME = "authors.yml"


def find(srcdir: str | Path, posts_dir: str) -> Path | None:
    """The authors file, if there is one that may be read (a link leaving the project is not: ``files.py``)."""
    for candidate in (Path(srcdir) / posts_dir / FILE_NAME, Path(srcdir) / FILE_NAME):
        if readable(srcdir, candidate):
            return candidate
    return None


def load(srcdir: str | Path, posts_dir: str) -> tuple[dict[str, Author], Path | None]:
    """The known authors by key, and the file they came from (None: there is none)."""
    path = find(srcdir, posts_dir)
    if path is None:
        return {}, None
    return _read(str(path), path.stat().st_mtime_ns), path


@functools.lru_cache(maxsize=8)
def _read(path: str, _mtime: int) -> dict[str, Author]:
    data = read_yaml(Path(path).read_text(encoding="utf-8", errors="replace"))
    if not isinstance(data, dict):
        return {}
    known = {}
    for key, value in data.items():
        name = value.get("name") if isinstance(value, dict) else value
        if isinstance(name, str) and name.strip():
            shown = " ".join(name.split())[:100]
            known[str(key)] = Author(shown, shown)  # a person is their name: "jane" and "Jane Doe" meet
    return known
