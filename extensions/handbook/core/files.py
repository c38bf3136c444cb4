"""Which files of the project may be read: nothing outside it, no special files; clashing names (pure).

A post (or an image, ``authors.yml``, ``tags.yml``, a kept diagram) may be a symbolic
link. Sphinx follows links, so a post linking to ``/etc/passwd`` or ``/proc/self/environ``
would be published, and a FIFO or ``/dev/zero`` would hang the build. :func:`refusal`
says why a path may not be read (a link resolving outside the project folder, a special
file, a folder link that loops); :func:`scan` walks the project as Sphinx will (its
``exclude_patterns`` given as ``excluded``) and finds every such entry before Sphinx does,
so that the build can keep them out of its discovery, and the documents whose names
differ only by case or Unicode normalisation (``Café.md`` as NFC and as NFD: Sphinx keeps
one of them, silently; ``Same-Name.md`` and ``same-name.md``: one checkout on macOS or
Windows loses one).
"""

from __future__ import annotations

import os
import stat
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

_KINDS = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device"}


def refusal(root: str | Path, path: str | Path) -> str | None:
    """Why ``path`` (absolute, or relative to ``root``) may not be read, or None (also None when it does not exist).

    The project is ``root`` with its links resolved; every link on the way is followed.
    """
    full = Path(os.path.normpath(Path(root, path)))
    if not full.is_relative_to(os.path.normpath(root)):
        return "outside the project"
    try:
        real = Path(os.path.realpath(full))
    except (OSError, ValueError):
        return "a link that cannot be followed"
    if not real.is_relative_to(os.path.realpath(root)):
        if os.path.islink(full):
            return f"a link to {os.readlink(full)} (outside the project)"
        return "inside a folder that links outside the project"
    try:
        mode = os.stat(full).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    return _KINDS.get(stat.S_IFMT(mode), "not a regular file")


def readable(root: str | Path, path: str | Path) -> bool:
    """A regular file inside the project (after its links): safe to read."""
    if not os.path.lexists(Path(root, path)):
        return False  # most paths asked about (every engine's side files) are not there: no links to resolve
    return refusal(root, path) is None and Path(root, path).is_file()


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Refused:
    path: str  # relative to the project, as on disk ("/" separated)
    why: str
    folder: bool = False


@dataclass(frozen=True)
class Clash:
    kept: str  # the file the build reads (relative paths)
    other: str
    normalisation: bool  # the names are one once Unicode-normalised: Sphinx reads only ``kept``


@dataclass(frozen=True)
class Scan:
    refused: tuple[Refused, ...] = ()
    clashes: tuple[Clash, ...] = ()
    documents: tuple[str, ...] = field(default=(), repr=False)


def scan(root: str | Path, suffixes: Iterable[str], excluded: Callable[[str], bool],
         also: Iterable[str] = ()) -> Scan:
    """Every entry of the project that may not be read, and the documents whose names clash.

    Walks ``root`` as Sphinx's ``get_matching_files`` does (links followed, sorted, a path
    ``excluded`` is left out with everything below it; paths matched in NFC), but never
    through a refused link. ``also``: more files or folders the handbook reads, relative to
    ``root``, checked (and walked) even when excluded (static files, kept diagrams, ``tags.yml``).
    """
    root = Path(root)
    base = Path(os.path.realpath(root))
    suffixes = tuple(suffixes)
    refused: dict[str, Refused] = {}
    documents: list[str] = []

    def walk(folder: Path, relative: str, seen: frozenset[Path], check_excluded: bool) -> None:
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return
        for name in names:
            rel = f"{relative}/{name}" if relative else name
            if check_excluded and excluded(nfc(rel)):
                continue
            visit(folder / name, rel, seen, check_excluded)

    def visit(path: Path, rel: str, seen: frozenset[Path], check_excluded: bool) -> None:
        why = refusal(root, path)
        is_dir = path.is_dir() if why is None else os.path.isdir(path)
        if why is not None:
            refused.setdefault(rel, Refused(rel, why, folder=is_dir))
            return
        if is_dir:
            real = Path(os.path.realpath(path))
            if real in seen:
                refused.setdefault(rel, Refused(rel, "a folder link that leads back into itself (a loop)", True))
                return
            walk(path, rel, seen | {real}, check_excluded)
        elif check_excluded and rel.endswith(suffixes):
            documents.append(rel)

    walk(root, "", frozenset({base}), True)
    for extra in also:
        path = root / extra
        if os.path.lexists(path) and extra not in refused:
            visit(path, extra, frozenset({base}), False)
    return Scan(tuple(sorted(refused.values(), key=lambda r: r.path)), clashes(documents), tuple(documents))


def clashes(documents: Iterable[str]) -> tuple[Clash, ...]:
    """Documents whose paths are one once Unicode-normalised or once case is ignored.

    Sphinx names a document by its path in NFC and reads the file of that name (Sphinx 9.0:
    ``Project.discover``): of two names one once normalised, the NFC one is built; a name in
    another form with no NFC twin is not read at all (``kept`` is then ``""``).
    """
    documents = list(documents)
    present = set(documents)
    found = []
    groups: dict[str, list[str]] = {}
    for path in documents:
        if nfc(path) != path:
            found.append(Clash(nfc(path) if nfc(path) in present else "", path, True))
        else:
            groups.setdefault(path.casefold(), []).append(path)
    for paths in groups.values():
        first, *others = sorted(paths)
        found += [Clash(first, other, False) for other in others]
    return tuple(sorted(found, key=lambda c: (c.kept, c.other)))


def glob_escaped(path: str) -> str:
    """A path as an ``exclude_patterns`` entry that matches it (Sphinx's glob syntax).

    ``*`` and ``?`` are written as one-character sets; ``[`` as ``?`` (a set holding ``[``
    makes Python warn of a nested set), which may also match a sibling differing there only.
    """
    return "".join("?" if c == "[" else f"[{c}]" if c in "*?" else c for c in nfc(path))
