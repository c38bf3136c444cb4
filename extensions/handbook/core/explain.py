"""Why a post reads as it does: the conventions it was read by and where each value came from (pure).

``./dev check --explain posts/x.md`` prints this, for a writer wondering why a post copied
from another blog shows the title, date or tags it shows.
"""

from __future__ import annotations

from pathlib import Path

from .post import PreparedPost

_KINDS = {
    "yaml": "YAML between '---' lines", "toml": "TOML between '+++' lines", "js": "a JavaScript object ('---js')",
    "json": "JSON", "hexo": "YAML without its opening '---' (Hexo)", "nikola": "'.. key: value' lines (Nikola)",
    "logseq": "'key:: value' page properties (Logseq)", "pelican": "'Key: value' lines (Pelican, MultiMarkdown)",
    "": "none",
}


def explain(post: PreparedPost, path: str, root: Path | None = None) -> list[str]:
    """The explanation, one line per fact."""
    conventions, front = post.conventions, post.front
    origins = dict(front.origins)
    engine = conventions.engine.name
    lines = [f"{path}:"]
    if engine:
        where = f"the blog's root {conventions.root or '.'}/" if conventions.root else "the post"
        lines.append(f"  read as a {engine} post: {conventions.clue} (in {where})")
    else:
        lines.append("  read by the rules most engines share: no engine's configuration, folder or keys found")
    if conventions.config:
        lines.append(f"  the blog's configuration read: {conventions.root}/{conventions.config} (data only, never run)")
    lines.append(f"  front matter: {_KINDS.get(post.block.kind, post.block.kind)}"
                 + (f", lines 1-{post.block.length}" if post.block.length else ""))

    def fact(name: str, value: object, origin: str | None) -> None:
        shown = value if value not in (None, "", ()) else "none"
        if isinstance(value, tuple):
            shown = ", ".join(str(v) for v in value) if value else "none"
        lines.append(f"  {name}: {shown}" + (f"  <- {origin}" if origin and shown != "none" else ""))

    fact("title", post.title, origins.get("title") if post.title_origin == "front matter" else {
        "navigation": "the navigation file (SUMMARY.md, _sidebar.md)", "heading": "the first heading",
        "file name": "the file name"}.get(post.title_origin))
    fact("date", front.date.isoformat() if front.date else None, origins.get("date"))
    fact("updated", front.updated.isoformat() if front.updated else None, None)
    fact("tags", front.tags, origins.get("tags") or origins.get("categories"))
    fact("authors", tuple(a.name for a in front.authors), origins.get("authors"))
    fact("summary", (front.summary or "")[:80] or None, origins.get("summary"))
    fact("slug", front.slug, None)
    fact("draft", "yes" if front.draft else "no", origins.get("draft"))
    fact("language", f"{post.lang or 'the handbook' + chr(39) + 's'}, {post.direction}", post.lang_origin or None)
    for side in post.depends:
        shown = side.relative_to(root).as_posix() if root is not None and side.is_relative_to(root) else side
        lines.append(f"  also read: {shown}")
    return lines
