"""The handbook's data on the Sphinx environment: one record per post.

Per-document data (posts, chapter rules, which pages list or link what) is
kept by docname, so Sphinx's ``clear_doc``/``merge_domaindata`` keep it right in
incremental and parallel builds. The book-wide view made from it after
reading (:class:`~.book.BookState`, by ``after_reading.py``) is stored under ``"state"``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.util.nodes import make_refnode

from . import config as handbook_config
from .listing import ChapterRule, PostSummary
from .tags import tag_key

if TYPE_CHECKING:
    from .book import BookState


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

    @property
    def description(self) -> str:
        """What listings, feeds and social cards say of the post: the writer's summary, else the excerpt."""
        return self.summary_text or self.excerpt

    @property
    def tag_keys(self) -> tuple[str, ...]:
        return tuple(tag_key(t) for t in self.tags)

    def summary(self) -> PostSummary:
        return PostSummary(self.docname, self.title, self.date, self.tag_keys, self.draft)


# Per-document tables: name -> {docname: value}
_PER_DOC = ("posts", "chapters", "listings", "tag_refs", "post_links", "diagrams")


class HandbookDomain(Domain):
    name = "handbook"
    label = "Handbook"
    data_version = 3
    initial_data: dict[str, Any] = {
        "posts": {},  # docname -> PostRecord
        "chapters": {},  # docname -> (ChapterRule, entries it was read with)
        "listings": {},  # docname -> set of "newest"/"overview": pages showing other posts
        "tag_refs": {},  # docname -> set of tag keys its {tag} roles name
        "post_links": {},  # docname -> set of post slugs its canonical links name
        "diagrams": {},  # docname -> file names of its drawn diagrams in the HTML output
        "state": None,  # BookState of the last build
        "previous_tag_pages": {},  # tag page name -> fingerprint, as of the build before
    }
    dangling_warnings = {"tag": "unknown tag %(target)r: no post has it"}

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(env)
        # Chapter -> its posts, handed over by after_reading.py while it reads the
        # chapter again; a chapter read in the ordinary way gets none (yet).
        self._filling: Mapping[str, tuple[str, ...]] = {}

    # ---- the book ------------------------------------------------------------------
    @property
    def state(self) -> BookState | None:
        """The book as of the end of the last reading (None before the first)."""
        return self.data["state"]

    def set_state(self, state: BookState) -> None:
        old = self.data["state"]
        self.data["previous_tag_pages"] = old.tag_page_prints if old is not None else {}
        self.data["state"] = state

    @contextmanager
    def filling_chapters(self, entries: Mapping[str, tuple[str, ...]]) -> Iterator[None]:
        self._filling = entries
        try:
            yield
        finally:
            self._filling = {}

    def chapter_entries(self, docname: str) -> tuple[str, ...]:
        """The posts the ``chapter-posts`` directive of this chapter lists while it is read."""
        return self._filling.get(docname, ())

    # ---- per-document data ------------------------------------------------
    @property
    def posts(self) -> dict[str, PostRecord]:
        return self.data["posts"]

    @property
    def chapters(self) -> dict[str, tuple[ChapterRule, tuple[str, ...]]]:
        return self.data["chapters"]

    def note_post(self, record: PostRecord) -> None:
        self.posts[record.docname] = record

    def note_chapter(self, docname: str, rule: ChapterRule, entries: tuple[str, ...]) -> None:
        self.chapters[docname] = (rule, entries)

    def note_listing(self, docname: str, kind: str) -> None:
        self.data["listings"].setdefault(docname, set()).add(kind)

    def note_tag_ref(self, docname: str, key: str) -> None:
        self.data["tag_refs"].setdefault(docname, set()).add(key)

    def note_diagram(self, docname: str, filename: str) -> None:
        self.data["diagrams"].setdefault(docname, set()).add(filename)

    def note_post_link(self, docname: str, slug: str) -> None:
        self.data["post_links"].setdefault(docname, set()).add(slug)

    def pages_listing(self, kind: str) -> set[str]:
        return {d for d, kinds in self.data["listings"].items() if kind in kinds}

    def pages_naming_tags(self, keys: AbstractSet[str]) -> set[str]:
        return {d for d, refs in self.data["tag_refs"].items() if refs & keys}

    def pages_linking_posts(self, slugs: AbstractSet[str]) -> set[str]:
        return {d for d, refs in self.data["post_links"].items() if refs & slugs}

    def clear_doc(self, docname: str) -> None:
        for table in _PER_DOC:
            self.data[table].pop(docname, None)

    def clear_all_documents(self) -> None:
        """A ``-j`` reader's inherited records: the main process merges only its own."""
        for table in _PER_DOC:
            self.data[table].clear()

    def merge_domaindata(self, docnames: AbstractSet[str], otherdata: dict[str, Any]) -> None:
        for table in _PER_DOC:
            theirs = otherdata[table]
            for docname in docnames:
                if docname in theirs:
                    self.data[table][docname] = theirs[docname]

    # ---- references -----------------------------------------------------------
    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        state = self.state
        if typ == "post" and state is not None and target in state.post_by_slug:
            docname = state.post_by_slug[target]
            record = state.posts[docname]
            return make_refnode(builder, fromdocname, docname, None if builder.format == "html" else record.anchor,
                                contnode, record.title)
        if typ != "tag" or state is None or target not in state.tags:
            return None
        # (None where the overview is not in this document: a handout shows the tag as text)
        return tag_reference(env, builder, fromdocname, state.tags[target].slug, contnode) or contnode

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list:
        return []  # tags are only reached with {tag}

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        return []


def has_tag_pages(builder: Builder) -> bool:
    """Tag pages exist as separate pages only for multi-page HTML builders."""
    return builder.format == "html" and builder.name != "singlehtml"


def tag_reference(
    env: BuildEnvironment, builder: Builder, fromdocname: str, slug: str, child: nodes.Node
) -> nodes.reference | None:
    """A link to a tag: its page in HTML, its entry in the tag overview elsewhere (PDF)."""
    if has_tag_pages(builder):
        uri = builder.get_relative_uri(fromdocname, f"{handbook_config.get(env.config).tags_dir}/{slug}")
        ref = nodes.reference("", "", internal=True, refuri=uri, classes=["handbook-tag-link"])
        ref += child
        return ref
    overview = overview_page(env)
    if overview is None:
        return None
    try:
        return make_refnode(builder, fromdocname, overview, f"tag-{slug}", child)
    except NoUri:  # a chapter handout: the overview is not in this PDF
        return None


def overview_page(env: BuildEnvironment) -> str | None:
    """The page tag links lead to where there are no tag pages (the PDF).

    A dedicated overview page wins over the landing page, whose overview is
    usually part of the website's front door only.
    """
    pages = env.get_domain("handbook").pages_listing("overview")
    return min(pages, key=lambda d: (d == env.config.root_doc, d), default=None)
