"""The project as the writer's commands see it: options, chapters in book order, posts.

Read without Sphinx, so that a check of every post takes well under a second per
1,000 posts: ``conf.py`` is executed for its ``handbook_*`` values, and the chapter
pages' ``chapter-posts`` and the landing page's ``toctree`` are read from their
Markdown (the directive blocks only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path

from sphinx.config import eval_config_file
from sphinx.util.tags import Tags

from ..config import PREFIX, HandbookConfig, checked
from ..listing import ChapterRule
from ..tags import clean_spelling, tag_key

# A MyST directive block: ```{name} (or more backticks / colons), options, content.
_DIRECTIVE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w-]+)\}[^\n]*\n(?P<body>.*?)^(?P=fence)\s*$",
                        re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Chapter:
    docname: str
    title: str
    rule: ChapterRule


def directives(text: str, name: str) -> list[tuple[dict[str, str], list[str]]]:
    """(options, content lines) of each ``name`` directive block in MyST text."""
    found = []
    for match in _DIRECTIVE.finditer(text):
        if match.group("name") != name:
            continue
        options: dict[str, str] = {}
        content: list[str] = []
        for line in match.group("body").splitlines():
            option = re.match(r"^:([\w-]+):\s*(.*)$", line)
            if option and not content:
                options[option.group(1)] = option.group(2).strip()
            elif line.strip():
                content.append(line.strip())
        found.append((options, content))
    return found


def chapter_rule(options: dict[str, str]) -> ChapterRule:
    """As ``directives.ChapterPosts`` reads its options."""
    posts = tuple(p.strip() for p in re.split(r"[\s,]+", options.get("posts", "")) if p.strip())
    tags = tuple(tag_key(clean_spelling(t)) for t in options.get("tags", "").split(",") if t.strip())
    return ChapterRule(posts=posts, tag_keys=tags, rest="rest" in options,
                       order=options.get("order", "date") if options.get("order") in ("date", "-date", "title") else "date")


class Project:
    def __init__(self, root: Path, config: HandbookConfig | None = None, root_doc: str = "index",
                 suppressed: tuple[str, ...] = ()) -> None:
        """The project in ``root``; its options from ``conf.py`` unless given (a build gives its own)."""
        self.root = root.resolve()
        if config is None:
            # As Sphinx reads it (with its ``tags`` object, which a conf.py may use).
            namespace = eval_config_file(self.root / "conf.py", Tags())
            raw = {f.name: namespace[PREFIX + f.name] for f in fields(HandbookConfig) if PREFIX + f.name in namespace}
            config = checked(raw)
            root_doc = namespace.get("root_doc", "index")
            suppressed = tuple(namespace.get("suppress_warnings", ()))
        self.config = config
        self.root_doc = root_doc
        self.suppressed = suppressed

    def suppresses(self, warning_type: str) -> bool:
        """As Sphinx's ``suppress_warnings``: ``"handbook"`` silences every ``handbook.*``."""
        kind = warning_type.split(".", 1)[0]
        return warning_type in self.suppressed or kind in self.suppressed or f"{kind}.*" in self.suppressed

    @property
    def marker_keys(self) -> frozenset[str]:
        return frozenset(tag_key(t) for t in self.config.marker_tags)

    def posts(self) -> list[Path]:
        folder = self.root / self.config.posts_dir
        return sorted(folder.rglob("*.md")) if folder.is_dir() else []

    def docname(self, path: Path) -> str:
        return path.relative_to(self.root).with_suffix("").as_posix()

    def chapters(self) -> list[Chapter]:
        """The pages with a ``chapter-posts`` directive, in book order (depth first from the root)."""
        order: list[str] = []
        seen: set[str] = set()
        stack = [self.root_doc]
        while stack:
            docname = stack.pop()
            path = self.root / f"{docname}.md"
            if docname in seen or not path.is_file():
                continue
            seen.add(docname)
            order.append(docname)
            text = path.read_text(encoding="utf-8")
            base = docname.rpartition("/")[0]
            entries = [entry for _, content in directives(text, "toctree") for entry in content]
            stack.extend(reversed([_resolve(base, e) for e in entries]))
        chapters = []
        for docname in order:
            text = (self.root / f"{docname}.md").read_text(encoding="utf-8")
            found = directives(text, "chapter-posts")
            if found:
                heading = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
                chapters.append(Chapter(docname, heading.group(1).strip() if heading else docname,
                                        chapter_rule(found[0][0])))
        return chapters


def _resolve(base: str, entry: str) -> str:
    """A toctree entry (``Title <doc>`` or ``doc``) as a docname."""
    target = re.sub(r"^.*<(.+)>$", r"\1", entry).strip().removesuffix(".md")
    if target.startswith("/"):
        return target.lstrip("/")
    return f"{base}/{target}" if base else target
