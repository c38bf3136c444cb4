"""The MyST parse floor: parse every post of a project with MyST's docutils parser.

    python benchmarks/myst_floor.py PROJECT_DIR

No Sphinx: each ``posts/*.md`` goes through ``docutils.core.publish_doctree`` with
``myst_parser.parsers.docutils_.Parser`` and the MyST settings the generated projects
use (front matter, title as header, the same extensions and heading anchors). That is
the least any Sphinx build of these posts has to do; run.py times this script as a
child process, like the builds.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docutils.core import publish_doctree
from myst_parser.parsers.docutils_ import Parser

sys.path.insert(0, str(Path(__file__).parent))
from generate import MYST_EXTENSIONS, MYST_HEADING_ANCHORS

SETTINGS = {
    "myst_title_to_header": True,
    "myst_enable_extensions": set(MYST_EXTENSIONS),
    "myst_heading_anchors": MYST_HEADING_ANCHORS,
    "report_level": 4,  # quiet: only severe problems
    "halt_level": 5,
}


def main() -> None:
    posts = sorted(Path(sys.argv[1], "posts").glob("*.md"))
    parser = Parser()  # one parser for all posts, as Sphinx keeps one per build
    sections = 0
    for path in posts:
        doctree = publish_doctree(path.read_text(encoding="utf-8"), source_path=str(path), parser=parser,
                                  settings_overrides=SETTINGS)
        sections += len(doctree.children)
    print(f"parsed {len(posts)} posts ({sections} top-level nodes)")


if __name__ == "__main__":
    main()
