"""The handbook's data on the Sphinx environment: one record per post.

Per-document data (posts, chapter rules, which pages list or link what) is
kept by docname, so Sphinx's ``clear_doc``/``merge_domaindata`` keep it right in
incremental and parallel builds. The book-wide view made from it after
reading (:class:`~.state.BookState`, by ``after_reading.py``) is stored under ``"state"``.
"""

from __future__ import annotations

from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.builders import Builder
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from .. import capabilities
from .. import config as handbook_config
from ..core import rules
from ..core.bookstate import BookState
from ..core.courses import Course
from ..core.listing import ChapterRule
from ..core.problems import Problem
from ..core.records import PostRecord
from . import references

# Per-document tables: name -> {docname: value}
_PER_DOC = ("posts", "chapters", "listings", "tag_refs", "post_links", "diagrams", "problems", "ctas", "courses")


class HandbookDomain(Domain):
    name = "handbook"
    label = "Handbook"
    data_version = 7
    initial_data: dict[str, Any] = {
        "posts": {},  # docname -> PostRecord
        "chapters": {},  # docname -> (ChapterRule, entries it was read with)
        "listings": {},  # docname -> set of "newest"/"overview": pages showing other posts
        "tag_refs": {},  # docname -> {tag key its {tag} roles name: line of the first}
        "post_links": {},  # docname -> set of post slugs its canonical links name
        "diagrams": {},  # docname -> file names of its drawn diagrams in the HTML output
        "problems": {},  # docname -> its problems found while it was read (the rule book's)
        "ctas": {},  # docname -> ((name, line), ...): the {cta} blocks it holds (book/cta.py)
        "courses": {},  # docname -> its course as written (core/courses.py: Course)
        "state": None,  # BookState of the last build
    }
    dangling_warnings = {"tag": rules.UNKNOWN_TAG}

    # ---- the book ------------------------------------------------------------------
    @property
    def state(self) -> BookState | None:
        """The book as of the end of the last reading (None before the first)."""
        return self.data["state"]

    def set_state(self, state: BookState) -> None:
        self.data["state"] = state

    # ---- per-document data ------------------------------------------------
    @property
    def posts(self) -> dict[str, PostRecord]:
        return self.data["posts"]

    @property
    def chapters(self) -> dict[str, tuple[ChapterRule, tuple[str, ...]]]:
        return self.data["chapters"]

    @property
    def courses(self) -> dict[str, Course]:
        return self.data["courses"]

    def note_course(self, docname: str, course: Course) -> None:
        self.courses[docname] = course

    def note_post(self, record: PostRecord) -> None:
        self.posts[record.docname] = record

    def note_chapter(self, docname: str, rule: ChapterRule, entries: tuple[str, ...]) -> None:
        self.chapters[docname] = (rule, entries)

    def note_listing(self, docname: str, kind: str) -> None:
        self.data["listings"].setdefault(docname, set()).add(kind)

    def note_tag_ref(self, docname: str, key: str, line: int | None) -> None:
        self.data["tag_refs"].setdefault(docname, {}).setdefault(key, line)

    def tag_refs(self) -> dict[str, dict[str, int | None]]:
        return self.data["tag_refs"]

    def note_problems(self, docname: str, problems: list[Problem]) -> None:
        if problems:
            self.data["problems"][docname] = tuple(problems)

    def problems(self) -> dict[str, tuple[Problem, ...]]:
        """Each document's problems found while it was read (kept until it is read again)."""
        return self.data["problems"]

    def note_cta(self, docname: str, name: str, line: int | None) -> None:
        self.data["ctas"][docname] = (*self.data["ctas"].get(docname, ()), (name, line))

    def ctas(self) -> dict[str, tuple[tuple[str, int | None], ...]]:
        """Each document's ``{cta}`` blocks: (name, line)."""
        return self.data["ctas"]

    def note_diagram(self, docname: str, filename: str) -> None:
        self.data["diagrams"].setdefault(docname, set()).add(filename)

    def note_post_link(self, docname: str, slug: str) -> None:
        self.data["post_links"].setdefault(docname, set()).add(slug)

    def pages_listing(self, kind: str) -> set[str]:
        return {d for d, kinds in self.data["listings"].items() if kind in kinds}

    def pages_naming_tags(self, keys: AbstractSet[str]) -> set[str]:
        return {d for d, refs in self.data["tag_refs"].items() if refs.keys() & keys}

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
    def overview_page(self) -> str | None:
        """The page tag links lead to where there are no tag pages (the PDF).

        A dedicated overview page wins over the landing page, whose overview is
        usually part of the website's front door only.
        """
        root = self.env.config.root_doc
        return min(self.pages_listing("overview"), key=lambda d: (d == root, d), default=None)

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
            return references.post_reference(builder, fromdocname, docname, record.anchor, contnode, record.title)
        if typ != "tag" or state is None or target not in state.tags:
            return None
        # (None where the overview is not in this document: a handout shows the tag as text)
        return self.tag_reference(builder, fromdocname, state.tags[target].slug, contnode) or contnode

    def tag_reference(self, builder: Builder, fromdocname: str, slug: str, child: nodes.Node) -> nodes.Node | None:
        """A link to a tag: its page where there are tag pages, its entry in the tag overview elsewhere."""
        if capabilities.of(builder).tag_pages:
            tags_dir = handbook_config.get(self.env.config).tags_dir
            return references.page_reference(builder, fromdocname, f"{tags_dir}/{slug}", child, "handbook-tag-link")
        return references.anchor_reference(builder, fromdocname, self.overview_page(), f"tag-{slug}", child)

    def author_reference(self, builder: Builder, fromdocname: str, key: str, child: nodes.Node) -> nodes.Node | None:
        """A link to an author's page, where there are such pages."""
        state = self.state
        if not capabilities.of(builder).tag_pages or state is None or key not in state.authors:
            return None
        page = f"{references.AUTHORS_DIR}/{state.authors[key].slug}"
        return references.page_reference(builder, fromdocname, page, child, "handbook-author-link")

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list:
        return []  # tags are only reached with {tag}

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        return []
