"""The website as one zip, for a training room without internet (``./dev zip``; Read the Docs' post_build).

    python tools/offline_zip.py HTML_DIR ZIP_FILE [--add FILE ...]

Every file of the built website (HTML_DIR) goes under one folder, ``lead-generation-handbook/``,
so that unpacking gives one folder to open (``lead-generation-handbook/index.html``): the website
works opened from disk (search, reading progress, self-checks: no server, nothing loaded
from elsewhere). ``--add`` puts more files next to the pages (Read the Docs' PDF).

Reproducible: the entries sorted, every timestamp the build's date (``SOURCE_DATE_EPOCH``,
else 1 January 1980), the same permissions, the same compression; the same website gives
the same bytes. Left out: the build's working files (names starting with a dot:
``.buildinfo``, ``.handbook-outputs.json``, ``.doctrees``), the content report (for
writers, not trainees) and the zip itself, when it is written inside HTML_DIR. Written to
a temporary file first, then moved into place: a stopped run leaves no half zip.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import zipfile
from collections.abc import Mapping
from pathlib import Path

FOLDER = "lead-generation-handbook"
LEFT_OUT = {"report.html", "report.json"}  # the content report: for writers
DOS_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold


def timestamp(environ: Mapping[str, str] = os.environ) -> tuple[int, ...]:
    """Every entry's time: the build's (SOURCE_DATE_EPOCH, in UTC), never before 1980."""
    try:
        epoch = int(environ.get("SOURCE_DATE_EPOCH", ""))
    except ValueError:
        return DOS_EPOCH
    stamp = tuple(time.gmtime(max(epoch, 315532800))[:6])  # 315532800: 1 January 1980
    return stamp if stamp[0] <= 2107 else DOS_EPOCH  # the last year a zip can hold


def website_files(html_dir: Path, leave_out: Path | None) -> list[tuple[str, Path]]:
    """(name in the zip, file) for every file a reader needs, sorted by name."""
    files = []
    for path in html_dir.rglob("*"):
        relative = path.relative_to(html_dir)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue
        if relative.as_posix() in LEFT_OUT or (leave_out is not None and path.resolve() == leave_out.resolve()):
            continue
        files.append((f"{FOLDER}/{relative.as_posix()}", path))
    return sorted(files)


def write_zip(files: list[tuple[str, Path]], target: Path, stamp: tuple[int, ...]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(partial, "w") as archive:
            for name, path in files:
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.create_system = 3  # Unix, whichever system writes it
                info.external_attr = 0o100644 << 16  # a plain file, rw-r--r--
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes(), compresslevel=9)
        os.replace(partial, target)
    finally:
        Path(partial).unlink(missing_ok=True)


def main(argv: list[str]) -> int:
    if len(argv) < 2 or not Path(argv[0]).is_dir():
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    html_dir, target = Path(argv[0]), Path(argv[1])
    extra = argv[3:] if argv[2:3] == ["--add"] else []
    if not (html_dir / "index.html").is_file():
        print(f"no website in {html_dir} (no index.html): build it first (./dev html)", file=sys.stderr)
        return 1
    files = website_files(html_dir, target)
    names = {name for name, _ in files}
    for item in map(Path, extra):
        if item.is_file() and f"{FOLDER}/{item.name}" not in names:
            files.append((f"{FOLDER}/{item.name}", item))
    write_zip(sorted(files), target, timestamp())
    size = target.stat().st_size
    print(f"{target}: {len(files)} files, {size / 1_000_000:.1f} MB; unpack it and open {FOLDER}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
