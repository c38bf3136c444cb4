"""What the handbook knows of a post once it is read: its record (pure).

The record is all that later steps know of a post: the build's domain keeps one per
post (``book/domain.py``), and the book state is made from them (``bookstate.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .listing import PostSummary
from .tags import tag_key


@dataclass(frozen=True)
class PostRecord:
    docname: str
    title: str
    date: dt.date | None
    tags: tuple[str, ...]  # spellings as this post wrote them (marker tags removed)
    image: str | None  # path of an existing image, relative to the source folder
    excerpt: str
    minutes: int
    draft: bool
    anchor: str  # id of the title section, for links into the PDF
    updated: dt.date | None = None
    summary_text: str = ""  # the writer's (front matter or text before <!--more-->); "" if none
    authors: tuple[tuple[str, str], ...] = ()  # (key, name shown)
    aliases: tuple[str, ...] = ()  # old addresses' pages in the HTML output (old/path/index.html)
    slug: str = ""  # its name in the blog's address (handbook_post_path)
    canonical: str = ""  # its own canonical address (front matter canonical_url / canonical), absolute
    owner: tuple[str, str] | None = None  # (key, name shown) of who keeps it current
    reviewed: dt.date | None = None  # when its owner last checked it
    reviewed_line: int | None = None  # the line of 'reviewed' in its front matter
    fingerprint: str = ""  # of its text as written: a change after a trainee read it is shown
    quizzes: tuple[tuple[str, str], ...] = ()  # its self-checks: (anchor, question)
    lang: str = ""  # its language when known ("fa", "he-IL"); "" the handbook's
    direction: str = ""  # "rtl" for a right-to-left post; "" left to right

    @property
    def description(self) -> str:
        """What listings, feeds and social cards say of the post: the writer's summary, else the excerpt."""
        return self.summary_text or self.excerpt

    @property
    def tag_keys(self) -> tuple[str, ...]:
        return tuple(tag_key(t) for t in self.tags)

    def summary(self) -> PostSummary:
        return PostSummary(self.docname, self.title, self.date, self.tag_keys, self.draft)
