"""Incremental builds, by hypothesis: after any sequence of edits, an incremental build equals a clean build.

Hypothesis draws a list of edits to a small handbook (add, delete or rename a post;
add, remove or respell tags; retitle; change a date; make a post a draft; link one
post to another by its blog address; name a tag with ``{tag}``; change the excerpt;
pin posts to a chapter with ``:posts:``; set an author, an old address, a summary). After each edit the handbook is built
incrementally, and every HTML page (posts, chapters with their table of contents and
excerpts, the newest posts, the tag overview, the tag pages, related posts, the
navigation) must be byte for byte the page a clean build of the same sources makes.

The second test does the same with ``-j 2`` for the incremental builds (the clean
build stays serial: the reference).

Examples: ``HANDBOOK_EXAMPLES`` (default 15 for the serial test, a third of it, at
least 5, for ``-j 2``); what was found before runs as tests of its own
(``test_what_hypothesis_found``, serial and ``-j 2``). About a second each. Shrinking a failure is capped at
``HANDBOOK_SHRINK_SECONDS`` (default 90). The number of examples run is printed at
the end (``pytest -s`` shows it). A failure shows the edits (shrunk by Hypothesis to
the fewest that fail), the step at which the pages differed, the page and the first
differing lines, e.g.::

    after the edits [SetTitle('p2', 'Alpha')] (-j 1):
    chapters/all.html differs:
    --- clean build
    +++ incremental build
    -<link rel="next" ...><link rel="prev" title="Alpha" href="../posts/p2.html">
    +<link rel="next" ...><link rel="prev" title="Charlie" href="../posts/p2.html">
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from collections import OrderedDict
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

import pytest
from helpers import copy_project, post
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = [pytest.mark.slow, pytest.mark.speedups]

EXAMPLES = int(os.environ.get("HANDBOOK_EXAMPLES", "15"))

SLUGS = ("p0", "p1", "p2", "p3")
TAGS = ("seo", "SEO", "Email", " email ", "ads", "paid", "café", "営業", "C++")
TITLES = ("Alpha", "Bravo", "Same", "same", "Zulu <b>z</b>", None)  # None: no title, the file name is used
DATES = ("2025-01-01", "2025-02-01", "2024-12-31", "2025-02-01T23:30:00-05:00", "someday")

INDEX = ("# Test handbook\n\n```{newest-posts}\n:limit: 2\n```\n\nSee {tag}`ads` and {tag}`SEO`.\n\n"
         "```{toctree}\n:hidden:\n\nchapters/paid\nchapters/all\ntags\n```\n")
PAID = "# Paid\n\n```{chapter-posts}\n:tags: paid\n:order: -date\n```\n"


# ---- the handbook's sources, as data ---------------------------------------------------------
@dataclass(frozen=True)
class Post:
    title: str | None
    date: str
    tags: tuple[str, ...]
    draft: bool = False
    link_to: str | None = None  # another post's slug, linked by its blog address
    tag_ref: str | None = None  # a tag named with the {tag} role in the body
    excerpt: str = "First paragraph of the post, its excerpt."
    author: str | None = None  # its author page lists it; its header links the page
    alias: str | None = None  # an old address: a redirect page in the output
    summary: str | None = None  # shown on cards instead of the excerpt

    def text(self) -> str:
        body = self.excerpt
        if self.link_to:
            body += f" See [that one](https://blog.example.com/posts/{self.link_to}/)."
        if self.tag_ref:
            body += f"\n\nMore under {{tag}}`{self.tag_ref}`."
        extra = {k: v for k, v in (("draft", self.draft or None), ("author", self.author),
                                    ("aliases", [self.alias] if self.alias else None),
                                    ("description", self.summary)) if v is not None}
        return post(self.title, self.date, ("post", *self.tags), body, **extra)


INITIAL = {
    "p0": Post("Alpha", "2025-01-01", ("seo",), link_to="p3"),
    "p1": Post("Bravo", "2025-02-01", ("seo", "Email")),
    "p2": Post("Charlie", "2025-01-15", ("ads", "paid")),
}


# ---- edits: small, readable, applied to the data and written to disk ---------------------------
@dataclass(frozen=True)
class Edit:
    def apply(self, posts: dict) -> dict | None:
        """The posts after the edit, or None when it does not apply (no such post)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        args = ", ".join(f"{v!r}" for v in self.__dict__.values())
        return f"{type(self).__name__}({args})"


@dataclass(frozen=True, repr=False)
class AddPost(Edit):
    slug: str
    title: str
    date: str
    tags: tuple[str, ...]

    def apply(self, posts):
        return {**posts, self.slug: Post(self.title, self.date, self.tags)}


@dataclass(frozen=True, repr=False)
class DeletePost(Edit):
    slug: str

    def apply(self, posts):
        if self.slug not in posts:
            return None
        return {s: p for s, p in posts.items() if s != self.slug}


@dataclass(frozen=True, repr=False)
class RenamePost(Edit):
    slug: str
    new_slug: str

    def apply(self, posts):
        if self.slug not in posts or self.new_slug in posts:
            return None
        return {(self.new_slug if s == self.slug else s): p for s, p in posts.items()}


def _change(slug: str, posts: dict, **changes) -> dict | None:
    if slug not in posts:
        return None
    from dataclasses import replace

    return {**posts, slug: replace(posts[slug], **changes)}


@dataclass(frozen=True, repr=False)
class AddTag(Edit):
    slug: str
    tag: str

    def apply(self, posts):
        return _change(self.slug, posts, tags=(*posts[self.slug].tags, self.tag)) if self.slug in posts else None


@dataclass(frozen=True, repr=False)
class RemoveTag(Edit):
    slug: str
    index: int

    def apply(self, posts):
        if self.slug not in posts or not posts[self.slug].tags:
            return None
        tags = list(posts[self.slug].tags)
        del tags[self.index % len(tags)]
        return _change(self.slug, posts, tags=tuple(tags))


@dataclass(frozen=True, repr=False)
class SetTags(Edit):
    slug: str
    tags: tuple[str, ...]

    def apply(self, posts):
        return _change(self.slug, posts, tags=self.tags)


@dataclass(frozen=True, repr=False)
class SetTitle(Edit):
    slug: str
    title: str

    def apply(self, posts):
        return _change(self.slug, posts, title=self.title)


@dataclass(frozen=True, repr=False)
class SetDate(Edit):
    slug: str
    date: str

    def apply(self, posts):
        return _change(self.slug, posts, date=self.date)


@dataclass(frozen=True, repr=False)
class SetDraft(Edit):
    slug: str
    draft: bool

    def apply(self, posts):
        return _change(self.slug, posts, draft=self.draft)


@dataclass(frozen=True, repr=False)
class LinkTo(Edit):
    slug: str
    target: str | None

    def apply(self, posts):
        return _change(self.slug, posts, link_to=self.target)


@dataclass(frozen=True, repr=False)
class NameTag(Edit):
    slug: str
    tag: str | None

    def apply(self, posts):
        return _change(self.slug, posts, tag_ref=self.tag)


@dataclass(frozen=True, repr=False)
class SetExcerpt(Edit):
    slug: str
    excerpt: str

    def apply(self, posts):
        return _change(self.slug, posts, excerpt=self.excerpt)


@dataclass(frozen=True, repr=False)
class SetAuthor(Edit):
    slug: str
    author: str | None

    def apply(self, posts):
        return _change(self.slug, posts, author=self.author)


@dataclass(frozen=True, repr=False)
class SetAlias(Edit):
    slug: str
    alias: str | None

    def apply(self, posts):
        return _change(self.slug, posts, alias=self.alias)


@dataclass(frozen=True, repr=False)
class SetSummary(Edit):
    slug: str
    summary: str | None

    def apply(self, posts):
        return _change(self.slug, posts, summary=self.summary)


@dataclass(frozen=True, repr=False)
class PinToPaid(Edit):
    """The ``paid`` chapter names these posts in ``:posts:`` (they come first, in this order)."""

    slugs: tuple[str, ...]

    def apply(self, posts):
        return {**posts, PINNED: self.slugs}


PINNED = "<pinned>"  # key of the paid chapter's :posts: among the posts (not a post)
EXCERPTS = ("First paragraph of the post, its excerpt.", "Another opening.", "Short.")

slugs = st.sampled_from(SLUGS)
tag_lists = st.lists(st.sampled_from(TAGS), max_size=3).map(tuple)
EDITS = st.one_of(
    st.builds(AddPost, slugs, st.sampled_from(TITLES), st.sampled_from(DATES), tag_lists),
    st.builds(DeletePost, slugs),
    st.builds(RenamePost, slugs, slugs),
    st.builds(AddTag, slugs, st.sampled_from(TAGS)),
    st.builds(RemoveTag, slugs, st.integers(0, 2)),
    st.builds(SetTags, slugs, tag_lists),
    st.builds(SetTitle, slugs, st.sampled_from(TITLES)),
    st.builds(SetDate, slugs, st.sampled_from(DATES)),
    st.builds(SetDraft, slugs, st.booleans()),
    st.builds(LinkTo, slugs, st.one_of(st.none(), slugs)),
    st.builds(NameTag, slugs, st.one_of(st.none(), st.sampled_from(TAGS))),
    st.builds(SetExcerpt, slugs, st.sampled_from(EXCERPTS)),
    st.builds(PinToPaid, st.lists(slugs, max_size=2, unique=True).map(tuple)),
    st.builds(SetAuthor, slugs, st.sampled_from((None, "Jane Doe", "Joe"))),
    st.builds(SetAlias, slugs, st.sampled_from((None, "/old/a/", "/2019/b.html"))),
    st.builds(SetSummary, slugs, st.sampled_from((None, "A summary.", "Another summary."))),
)
EDIT_LISTS = st.lists(EDITS, min_size=1, max_size=5)


# ---- building ------------------------------------------------------------------------------------
class Site:
    """A handbook in its own temporary folder, built with SphinxTestApp (one app at a time)."""

    def __init__(self, root: Path | None = None) -> None:
        """A new project in ``root`` (default: a new temporary folder); ``root`` already holding one: that one."""
        self.root = root or Path(tempfile.mkdtemp(prefix="handbook-prop-"))
        self.srcdir = self.root / "src"
        self.posts: dict = {}  # slug -> Post, and PINNED -> the paid chapter's :posts:
        self.app = None
        if not self.srcdir.exists():
            copy_project(self.srcdir, "basic")
            (self.srcdir / "index.md").write_text(INDEX, encoding="utf-8")
            (self.srcdir / "chapters" / "paid.md").write_text(PAID, encoding="utf-8")
            (self.srcdir / "posts").mkdir()

    def write(self, posts: dict) -> None:
        if posts.get(PINNED, ()) != self.posts.get(PINNED, ()):
            pinned = f":posts: {', '.join(posts[PINNED])}\n" if posts.get(PINNED) else ""
            (self.srcdir / "chapters" / "paid.md").write_text(PAID.replace(":tags:", pinned + ":tags:"),
                                                              encoding="utf-8")
        for slug in self.posts.keys() - posts.keys() - {PINNED}:
            (self.srcdir / "posts" / f"{slug}.md").unlink()
        for slug, p in posts.items():
            if slug != PINNED and self.posts.get(slug) != p:
                (self.srcdir / "posts" / f"{slug}.md").write_text(p.text(), encoding="utf-8")
        self.posts = dict(posts)

    def build(self, builddir: str, fresh: bool = False, parallel: int = 0) -> dict[str, bytes]:
        from sphinx.testing.util import SphinxTestApp

        self.cleanup_app()
        if fresh:
            shutil.rmtree(self.root / builddir, ignore_errors=True)
        self.app = SphinxTestApp("html", srcdir=self.srcdir, builddir=self.root / builddir, freshenv=fresh,
                                 parallel=parallel, status=StringIO(), warning=StringIO(),
                                 # small windows and pages, so that edits move posts across them
                                 confoverrides={"handbook_tag_page_size": 2, "handbook_sidebar_window": 2})
        self.app.build()
        if self.app.statuscode:
            raise AssertionError(f"the build failed:\n{self.app.warning.getvalue()}")
        outdir = Path(self.app.outdir)
        # Every file a reader gets: pages, images, sources, the search index.
        return {str(p.relative_to(outdir)): p.read_bytes() for p in sorted(outdir.rglob("*")) if p.is_file()}

    def cleanup_app(self) -> None:
        if self.app is not None:
            self.app.cleanup()  # docutils' node registry is global
            self.app = None

    def remove(self) -> None:
        self.cleanup_app()
        shutil.rmtree(self.root, ignore_errors=True)


def first_difference(page: str, got: bytes, want: bytes) -> str:
    got_text, want_text = got.decode("utf-8", "replace"), want.decode("utf-8", "replace")
    if page.endswith(".js"):  # one long line (the search index): a line per JSON item
        got_text, want_text = got_text.replace(",", ",\n"), want_text.replace(",", ",\n")
    diff = difflib.unified_diff(want_text.splitlines(), got_text.splitlines(), "clean build", "incremental build",
                                n=2, lineterm="")
    lines = list(diff)
    return f"{page} differs:\n" + "\n".join(lines[:40]) + ("\n..." if len(lines) > 40 else "")


# A clean build depends on the sources only, and shrinking revisits the same sources
# often: keep the pages of the last clean builds.
_CLEAN_PAGES: OrderedDict[frozenset, dict[str, bytes]] = OrderedDict()


def clean_pages(site: Site) -> dict[str, bytes]:
    key = frozenset(site.posts.items())
    if key in _CLEAN_PAGES:
        _CLEAN_PAGES.move_to_end(key)
    else:
        _CLEAN_PAGES[key] = site.build("clean", fresh=True)
        while len(_CLEAN_PAGES) > 64:
            _CLEAN_PAGES.popitem(last=False)
    return _CLEAN_PAGES[key]


# Every example starts from the same built handbook (INITIAL): built once, then restored from a
# copy into the same folder for each example (the same paths, so Sphinx takes the environment as
# its own; copy2 keeps the files' times, so only the edits are new), which halves the builds.
_FIRST_BUILDS: dict[int, Path] = {}  # -j -> the copy of its folder after the first build
_FOLDER = Path(tempfile.gettempdir()) / f"handbook-prop-{os.getpid()}"


def built_initial_site(parallel: int) -> Site:
    root = _FOLDER / f"j{parallel}"
    shutil.rmtree(root, ignore_errors=True)
    if parallel in _FIRST_BUILDS:
        shutil.copytree(_FIRST_BUILDS[parallel], root, symlinks=True)
        site = Site(root)
        site.posts = dict(INITIAL)
        return site
    site = Site(root)
    site.write(INITIAL)
    site.build("incremental", fresh=True, parallel=parallel)
    site.cleanup_app()
    _FIRST_BUILDS[parallel] = _FOLDER / f"j{parallel}-first-build"
    shutil.rmtree(_FIRST_BUILDS[parallel], ignore_errors=True)
    shutil.copytree(root, _FIRST_BUILDS[parallel], symlinks=True)
    return site


@pytest.fixture(scope="module", autouse=True)
def _remove_first_builds():
    yield
    shutil.rmtree(_FOLDER, ignore_errors=True)
    _FIRST_BUILDS.clear()


def check_edits(edits: list[Edit], parallel: int) -> None:
    site = built_initial_site(parallel)
    try:
        done: list[Edit] = []
        for edit in edits:
            posts = edit.apply(site.posts)
            done.append(edit)
            if posts is None:
                continue
            site.write(posts)
            got = site.build("incremental", parallel=parallel)
            want = clean_pages(site)
            where = f"after the edits {done!r} (-j {parallel or 1}):\n"
            missing, extra = sorted(want.keys() - got.keys()), sorted(got.keys() - want.keys())
            assert not missing and not extra, f"{where}pages only in the clean build: {missing}; only in the " \
                                              f"incremental build: {extra}"
            for page in sorted(want):
                assert got[page] == want[page], where + first_difference(page, got[page], want[page])
    finally:
        site.remove()


SETTINGS = {
    "deadline": None,
    "print_blob": True,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
}


@pytest.fixture(autouse=True)
def bounded_shrinking(monkeypatch):
    """Each example takes about a second: shrink for at most HANDBOOK_SHRINK_SECONDS (default 90)."""
    from hypothesis.internal.conjecture import engine

    monkeypatch.setattr(engine, "MAX_SHRINKING_SECONDS", int(os.environ.get("HANDBOOK_SHRINK_SECONDS", "90")),
                        raising=False)


# ---- what Hypothesis found (shrunk by hand to the fewest edits) ---------------------------------
RETITLED_NEIGHBOUR = [SetTitle("p2", "Alpha")]
DRAFT_CHIP_RESPELLED = [SetDraft("p0", True), SetTags("p1", ("SEO",))]
DRAFT_CHIP_GONE = [SetDraft("p0", True), SetTags("p1", ())]
DRAFT_CHIP_APPEARS = [SetDraft("p0", True), SetTags("p0", ("C++",)), AddTag("p1", "C++")]
# What hypothesis found (all fixed in book.pages_to_rewrite); kept as explicit examples.
FOUND = {
    "retitled-neighbour-in-another-chapter": (
        RETITLED_NEIGHBOUR,
        ("p2 (the last post of chapter 'paid') is retitled Charlie -> Alpha; chapters/all.html, the page after "
         "it in another chapter, keeps <link rel=\"prev\" title=\"Charlie\"> and furo's 'Previous: Charlie': "
         "pages_to_rewrite() rewrites pages whose previous/next *docnames* changed and the retitled post's own "
         "chapter, not a page in another chapter whose neighbour's *title* changed"),
    ),
    "draft-chip-respelled": (
        DRAFT_CHIP_RESPELLED,
        ("p0 becomes a draft (tag 'seo'), then p1, the tag's only published post, spells it 'SEO': the clean "
         "build shows the chip 'SEO' on posts/p0.html, the incremental build keeps 'seo': a respelled tag "
         "rewrites TagInfo.docnames (published posts only), never the drafts carrying the tag"),
    ),
    "draft-chip-gone": (
        DRAFT_CHIP_GONE,
        ("p0 becomes a draft (tag 'seo'), then p1 drops 'seo', its last published post: the tag page is "
         "deleted and the clean build shows no chip on posts/p0.html, but the incremental build keeps the chip, "
         "a link to the deleted tags/seo.html: drafts carrying a tag that appears, goes or is respelled are "
         "not rewritten"),
    ),
    "draft-chip-appears": (
        DRAFT_CHIP_APPEARS,
        ("the draft p0 has tag 'C++' (no chip: no published post has it), then p1 adds 'C++': the clean build "
         "shows the chip on posts/p0.html, the incremental build does not (same cause as draft-chip-gone)"),
    ),
}


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "j2"])
@pytest.mark.parametrize("edits", [
    pytest.param(edits, id=name) for name, (edits, _what_was_wrong) in FOUND.items()
])
def test_what_hypothesis_found(edits, parallel):
    check_edits(edits, parallel)


# Authors, old addresses and summaries: pages made from several posts (author pages), and
# files the handbook writes itself (redirect pages), kept equal to a clean build.
ENGINE_FIELDS = {
    "author-alias-summary": [SetAuthor("p0", "Jane Doe"), SetAlias("p1", "/old/a/"), SetSummary("p2", "A summary."),
                             SetTitle("p1", "Bravo renamed"), SetAuthor("p1", "Jane Doe")],
    "author-and-alias-go": [SetAuthor("p0", "Joe"), SetAlias("p0", "/2019/b.html"), DeletePost("p0")],
    "alias-moves-between-posts": [SetAlias("p0", "/old/a/"), SetAlias("p1", "/old/a/"), SetDraft("p0", True),
                                  SetAlias("p1", None)],
}


@pytest.mark.parametrize("parallel", [0, 2], ids=["serial", "j2"])
@pytest.mark.parametrize("edits", [pytest.param(edits, id=name) for name, edits in ENGINE_FIELDS.items()])
def test_authors_aliases_and_summaries(edits, parallel):
    check_edits(edits, parallel)


def _property(parallel: int, max_examples: int):
    ran = []

    @settings(max_examples=max_examples, **SETTINGS)
    @given(EDIT_LISTS)  # what it found before runs on its own: test_what_hypothesis_found
    def run(edits):
        ran.append(edits)
        check_edits(edits, parallel=parallel)

    try:
        run()
    finally:
        print(f"\n{len(ran)} hypothesis examples run (-j {parallel or 1}), "
              f"{sum(map(len, ran))} edits")


def test_incremental_builds_equal_clean_builds_after_any_edits():
    _property(0, EXAMPLES)


def test_parallel_incremental_builds_equal_clean_builds_after_any_edits():
    _property(2, max(5, EXAMPLES // 3))
