"""``./dev new "Title" --tags "a, b"``: a new post with valid front matter, never over another.

It writes ``<posts_dir>/<slug>.md`` (the slug made from the title, as the blog makes its
addresses), dated today, with the marker tag and the given tags, and an ``image`` line
only for a file that exists; then says which chapter the post will land in.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

from ..core.tags import clean_spelling, tag_key
from .check import check
from .project import Project, open_project


def slug_of(title: str) -> str:
    """``How To Qualify A Lead With BANT`` -> ``how-to-qualify-a-lead-with-bant``."""
    text = unicodedata.normalize("NFKC", title).casefold()
    return re.sub(r"[\W_]+", "-", text).strip("-")


def post_text(title: str, date: dt.date, tags: list[str], image: str | None) -> str:
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}", f"date: {date.isoformat()}"]
    if image:
        lines.append(f"image: {json.dumps(image, ensure_ascii=False)}")
    lines.append("tags:")
    lines += [f"  - {json.dumps(tag, ensure_ascii=False)}" for tag in tags]
    lines += ["---", "", "The first paragraph is the summary shown on cards and tag pages.", "",
              "## A first section", "", "Write here.", ""]
    return "\n".join(lines)


def main(root: Path, title: str, tags: str, image: str | None, today: dt.date) -> int:
    project = open_project(root)
    title = " ".join(title.split())
    slug = slug_of(title)
    if not slug:
        print("new: the title has no letters or digits to name the file with")
        return 2
    path = project.root / project.config.posts_dir / f"{slug}.md"
    if path.exists():
        print(f"new: {path.relative_to(project.root)} exists already; choose another title (nothing written)")
        return 1
    wanted = [clean_spelling(t) for t in tags.split(",") if clean_spelling(t)]
    markers = list(project.config.marker_tags[:1])
    all_tags = markers + [t for t in wanted if tag_key(t) not in {tag_key(m) for m in markers}]
    image_line = None
    if image:
        image_path = (project.root / image.lstrip("/")).resolve()
        if not image_path.is_file() or not image_path.is_relative_to(project.root):
            print(f"new: image {image!r} is not a file in the project; the post is written without an image line")
        else:
            image_line = "/" + image_path.relative_to(project.root).as_posix()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(post_text(title, today, all_tags, image_line), encoding="utf-8")
    print(f"new: wrote {path.relative_to(project.root)}")
    print(f"new: {chapter_sentence(open_project(root), path)}")  # opened again: it holds the new post now
    return 0


def chapter_sentence(project: Project, path: Path) -> str:
    report = check(project)
    docname = project.docname(path)
    chapter = report.state.chapter_of.get(docname)
    chapters = {c.docname: c for c in project.chapters}
    if chapter is None:
        return "it lands in no chapter: add one of its tags to a chapter's :tags:, or give a chapter ':rest:'"
    took_by_tag = set(report.state.posts[docname].tag_keys) & set(chapters[chapter].rule.tag_keys)
    why = "by its tags" if took_by_tag else "the catch-all chapter: no chapter takes its tags"
    return f"it lands in chapter {chapters[chapter].title!r} ({chapter}.md), {why}"
