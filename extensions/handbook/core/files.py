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
    root_text = str(root)
    base = os.path.realpath(root_text)
    suffixes = tuple(suffixes)
    refused: dict[str, Refused] = {}
    documents: list[str] = []

    def walk(folder: str, real_folder: str, relative: str, seen: frozenset[str], check_excluded: bool) -> None:
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            return
        for entry in entries:
            rel = f"{relative}/{entry.name}" if relative else entry.name
            if check_excluded and excluded(nfc(rel)):
                continue
            visit(entry.path, rel, seen, check_excluded, entry, real_folder)

    def visit(path: str, rel: str, seen: frozenset[str], check_excluded: bool,
              entry: os.DirEntry | None = None, real_folder: str = "") -> None:
        # A file or folder that is no link, in a folder inside the project, is inside it: only
        # links and special files need the full check (10,000 posts: 66,000 entries, 9 s of realpath).
        if entry is not None and not entry.is_symlink() and (entry.is_dir(follow_symlinks=False)
                                                             or entry.is_file(follow_symlinks=False)):
            why, is_dir = None, entry.is_dir(follow_symlinks=False)
            real = os.path.join(real_folder, entry.name)
        else:
            why = refusal(root_text, path)
            is_dir = os.path.isdir(path)
            real = os.path.realpath(path) if why is None and is_dir else ""
        if why is not None:
            refused.setdefault(rel, Refused(rel, why, folder=is_dir))
            return
        if is_dir:
            if real in seen:
                refused.setdefault(rel, Refused(rel, "a folder link that leads back into itself (a loop)", True))
                return
            walk(path, real, rel, seen | {real}, check_excluded)
        elif check_excluded and rel.endswith(suffixes):
            documents.append(rel)

    walk(root_text, base, "", frozenset({base}), True)
    for extra in also:
        path = os.path.join(root_text, extra)
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
