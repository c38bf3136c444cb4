"""How many real posts from other blog engines come out right, measured on the built HTML.

    python benchmarks/engine_corpus.py CORPUS/ssg CORPUS/platforms CORPUS/seven
    python benchmarks/engine_corpus.py CORPUS/seven --show jekyll        # each wrong post, expected vs. got
    python benchmarks/engine_corpus.py CORPUS/ssg --json _build/corpus.json --keep /tmp/corpus-build
    python benchmarks/engine_corpus.py CORPUS/ssg --reuse /tmp/corpus-build   # measure a kept build again

A corpus folder holds posts copied from public repositories, ``<engine>/<owner>__<repo>/<path in repo>``
(folder-level files such as ``authors.yml`` or ``_config.yml`` beside them), and ``expected.jsonl``: one JSON
object per post with its ``path`` under the folder, its ``engine`` and ``expect``, what the engine's own site
shows (title, date, tags, categories, authors, summary, draft, dir, lang, ...). The corpus is never committed.

The posts are built as a new user would build them: a copy of the repo's project (conf.py, landing page,
chapters, templates, the extension; not the repo's own posts) with each engine folder of the corpus copied to
``posts/<engine>/<owner>__<repo>/...`` as it is (page bundles, dated folders and side files kept), then
``python -m sphinx -b html -j auto``. Every expected post is then looked up in the output, and only there,
so the measure does not depend on how the extension reads posts:

- title: the text of the page's ``article h1`` (without the "¶" link);
- date: the day in the post header's byline (``.handbook-byline .handbook-date``), or "undated";
- tags: the chips of the post header, each linked to its tag page, against the expected tags plus categories
  (the handbook reads categories as tags), case, spacing and Unicode variants ignored;
- authors: the names of the "By ..." line (none expected: no such line);
- summary (when the site shows an explicit one): the post's card excerpt on a chapter page, or the page's
  meta description, starts with it (the handbook may cut it short with "…");
- no metadata as text: the first block of the article does not look like front matter (``title: x``,
  ``+++``, ``.. title: x``, ``Title: x``, ``---``...);
- rtl (right-to-left posts only): the title and first block are inside an element with ``dir="rtl"`` and the
  post's language (``lang``);
- drafts: a draft has no page, or a page that no chapter page, landing page or search index lists;
- missing: a post that is not a draft and has no page (a file the handbook does not read, e.g. ``.markdown``);
  counted apart with whether a build warning names its file.

A post is right when every field that applies to it is right. The table gives, per engine, the posts, those
right overall and, per field, right of those where the field applies (posts with a page; ``-``: none).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

REPO = Path(__file__).resolve().parent.parent
# The repo's project as tests/conftest.py copies it (REPO_PROJECT), without the repo's own posts:
# a new user's handbook before their posts go in (tests/test_engine_corpus.py keeps the two in step).
SKELETON = ("conf.py", "index.md", "tags.md", "chapters", "_static", "_templates", "extensions", "tools", "diagrams")
POSTS_DIR = "posts"
ELLIPSIS = "…"

# Totals over several corpus folders, printed when every folder named was measured.
TOTALS = {
    "ssg+platforms (engines not named before)": ("ssg", "platforms"),
    "seven (the README's engines)": ("seven",),
}

# The per-field columns, in table order: key in the results, column heading.
FIELDS = [("title", "title"), ("date", "date"), ("tags", "tags"), ("authors", "authors"), ("summary", "summary"),
          ("no_metadata_text", "no-fm-text"), ("rtl", "rtl"), ("draft", "drafts")]


# ---- the corpus ---------------------------------------------------------------------------
@dataclass
class ExpectedPost:
    folder: str  # the corpus folder's name: ssg, platforms, seven
    path: str  # under that folder: <engine folder>/<owner>__<repo>/<path in repo>
    engine: str
    expect: dict

    @property
    def source(self) -> str:
        """The post's file in the built project, from the project's root."""
        return f"{POSTS_DIR}/{self.path}"

    @property
    def page(self) -> str:
        """Where its page is in the HTML output: Sphinx's docname (the path without its suffix) + .html."""
        stem, _ = posixpath.splitext(self.source)
        return stem + ".html"


def load_expected(folder: Path) -> list[ExpectedPost]:
    with (folder / "expected.jsonl").open(encoding="utf-8") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return [ExpectedPost(folder.name, row["path"], row["engine"], row["expect"]) for row in rows]


# ---- building ---------------------------------------------------------------------------
def make_project(dest: Path, folders: list[Path]) -> None:
    """The repo's project skeleton at ``dest`` with every engine folder of ``folders`` under posts/."""
    dest.mkdir(parents=True)
    for name in SKELETON:
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, dest / name)
    if (REPO / "node_modules").exists():
        (dest / "node_modules").symlink_to(REPO / "node_modules")
    posts = dest / POSTS_DIR
    posts.mkdir()
    for folder in folders:
        for engine_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
            target = posts / engine_dir.name
            if target.exists():
                raise SystemExit(f"two corpus folders have an engine folder {engine_dir.name!r}: measure them apart")
            shutil.copytree(engine_dir, target, symlinks=True)


def build(project: Path) -> str:
    """Build the HTML into project/_build/html; return the warnings (stderr), also kept in _build/warnings.txt."""
    out = project / "_build"
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-j", "auto", "-q", "-d", str(out / "doctrees"),
               str(project), str(out / "html")]
    pythonpath = os.pathsep.join(filter(None, [str(project / "extensions"), os.environ.get("PYTHONPATH")]))
    proc = subprocess.run(command, capture_output=True, text=True, cwd=project,
                          env={**os.environ, "PYTHONPATH": pythonpath, "NO_COLOR": "1"})
    warnings = re.sub(r"\x1b\[[0-9;]*m", "", proc.stderr)
    (out / "warnings.txt").write_text(warnings, encoding="utf-8")
    if proc.returncode != 0 or not (out / "html" / "index.html").exists():
        sys.stderr.write(proc.stdout[-4000:] + warnings[-4000:])
        raise SystemExit(f"the build failed (exit status {proc.returncode})")
    return warnings


# ---- comparing (pure: tests/test_engine_corpus.py) ------------------------------------------
def normalise_text(text: str) -> str:
    """NFC, whitespace runs as one space, no leading or trailing space."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def clean_title(h1_text: str) -> str:
    """A page heading as a reader reads it: without Sphinx's "¶" permalink."""
    return normalise_text(h1_text.replace("¶", ""))


CODE_SPAN = re.compile(r"`+([^`]+?)`+")


def titles_match(expected: str, shown: str) -> bool:
    """The same text; a title taken from a heading shows a code span without its backticks (expected values
    are written as in the source); a very long title may be cut short with "…"."""
    shown = clean_title(shown)
    for text in {normalise_text(expected), normalise_text(CODE_SPAN.sub(r"\1", expected))}:
        if text == shown:
            return True
        if shown.endswith(ELLIPSIS) and len(shown) > 100 and text.startswith(shown[:-1].rstrip()):
            return True
    return False


def tag_key(tag: str) -> str:
    """One tag however spelled: Unicode variants (NFKC), case and spacing do not matter."""
    return " ".join(unicodedata.normalize("NFKC", str(tag)).split()).casefold()


def tags_match(expected: Iterable[str], shown: Iterable[str]) -> bool:
    return {tag_key(t) for t in expected} == {tag_key(t) for t in shown}


MONTH_FORMATS = ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y-%m-%d")


def parse_shown_date(text: str) -> dt.date | None:
    """The day a byline shows ("5 March 2024"); None for "undated"; ValueError when it is no date."""
    text = normalise_text(text)
    if text.casefold() in ("undated", ""):
        return None
    for fmt in MONTH_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"not a date: {text!r}")


def dates_match(expected: str | None, shown: str | None) -> bool:
    """``expected`` is YYYY-MM-DD or None (undated); ``shown`` the byline's text, None when there is no byline."""
    if shown is None:
        return False
    try:
        day = parse_shown_date(shown)
    except ValueError:
        return False
    return (day.isoformat() if day else None) == expected


def authors_match(expected: Iterable[str], shown: Iterable[str]) -> bool:
    """The same names, in any order (spacing ignored, case kept)."""
    return sorted(normalise_text(a) for a in expected) == sorted(normalise_text(a) for a in shown)


def summary_matches(expected: str, shown: str | None) -> bool:
    """``shown`` starts with the expected summary, or is its beginning cut short with "…" (code spans as in
    titles_match)."""
    if not shown:
        return False
    shown = normalise_text(shown)
    for text in {normalise_text(expected), normalise_text(CODE_SPAN.sub(r"\1", expected))}:
        if shown.startswith(text):
            return True
        if shown.endswith(ELLIPSIS):
            cut = shown[: -len(ELLIPSIS)].rstrip()
            if len(cut) >= min(len(text), 20) and text.startswith(cut):
                return True
    return False


# Metadata keys of the engines (and a few more): a "key: value" line with one of these is front matter.
METADATA_KEYS = frozenset((
    "title", "date", "tags", "tag", "categories", "category", "author", "authors", "slug", "description", "summary",
    "draft", "published", "publishdate", "pubdate", "layout", "lang", "language", "updated", "lastmod", "modified",
    "created", "id", "excerpt", "permalink", "cover", "cover_image", "image", "heroimage", "status", "type",
    "topics", "emoji", "series", "canonical", "canonical_url", "subtitle", "keywords", "aliases", "alias", "weight",
    "template", "toc", "comments", "sidebar", "hide", "public", "desc", "nav_order", "publish_date",
    "date_published", "datepublished", "cuid", "seotitle", "seodescription", "og_title", "url", "link",
))
FENCE = re.compile(r"^(-{3,}|\+{3,}|;{3,}|~{3,}ruby|-{3}(js|json|yaml|toml|ruby))$")
NIKOLA_LINE = re.compile(r"^\.\.\s+[\w-]+\s*:")
KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*(::?|=)\s*(\S.*)?$")


def looks_like_front_matter(text: str) -> bool:
    """Does this block of shown text look like a post's metadata left in its body?

    A fence line (``---``, ``+++``, ``;;;``), a Nikola ``.. key: value`` line, a Logseq ``key:: value`` line,
    a ``key: value`` / ``key = value`` line whose key is a metadata field, or two or more ``key: value`` lines.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    keyed = 0
    for line in lines:
        if FENCE.match(line) or NIKOLA_LINE.match(line):
            return True
        match = KEY_LINE.match(line)
        if match:
            if match.group(2) == "::" or match.group(1).casefold() in METADATA_KEYS:
                return True
            keyed += 1
    return keyed >= 2


def language_matches(expected: str, shown: str | None) -> bool:
    """``fa`` and ``fa-IR`` are one language (the primary subtag)."""
    def primary(code: str) -> str:
        return code.replace("_", "-").split("-")[0].casefold()

    return bool(shown) and primary(expected) == primary(shown)


# ---- reading the built pages ---------------------------------------------------------------
@dataclass
class ShownPost:
    """What a reader sees of a post on its page."""

    title: str | None
    date: str | None  # the byline's date text; None: no byline
    tags: list[str]
    unlinked_tags: list[str]  # chips not inside a link
    authors: list[str]
    description: str | None  # meta description
    first_block: str  # the article's first block of text after the post header
    direction: str | None  # the dir in effect for the title and first block ("rtl" only when both are)
    language: str | None  # the lang in effect there


BLOCKS = ["p", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "dd", "th", "td"]


def first_block(article: Tag) -> Tag | None:
    """The first block of the post's own text: after the heading and the post header (byline, tags)."""
    for element in article.find_all(BLOCKS):
        if element.find_parent(class_=re.compile(r"^handbook-(post-header|draft-banner)$")):
            continue
        if element.get_text(strip=True):
            return element
    return None


def _in_effect(element: Tag | None, attribute: str) -> str | None:
    """The value of ``dir`` or ``lang`` that applies to ``element``: its own, else its nearest ancestor's."""
    while element is not None and isinstance(element, Tag):
        if element.has_attr(attribute):
            return element[attribute]
        element = element.parent
    return None


def read_post_page(soup: BeautifulSoup) -> ShownPost:
    article = soup.find("article") or soup
    h1 = article.find("h1")
    header = article.select_one(".handbook-post-header")
    date = header.select_one(".handbook-byline .handbook-date") if header else None
    tags, unlinked = [], []
    for chip in header.select(".handbook-chip") if header else []:
        text = normalise_text(chip.get_text())
        tags.append(text)
        if chip.find_parent("a") is None:
            unlinked.append(text)
    authors_line = header.select_one(".handbook-authors") if header else None
    authors: list[str] = []
    if authors_line is not None:
        names = authors_line.select(".handbook-author")
        if names:
            authors = [normalise_text(n.get_text()) for n in names]
        else:  # "By A, B" as plain text
            authors = [a for a in normalise_text(authors_line.get_text()).removeprefix("By ").split(", ") if a]
    meta = soup.find("meta", attrs={"name": "description"})
    block = first_block(article)
    directions = {_in_effect(e, "dir") for e in (h1, block) if e is not None}
    languages = {_in_effect(e, "lang") for e in (h1, block) if e is not None}
    return ShownPost(
        title=clean_title(h1.get_text()) if h1 else None,
        date=normalise_text(date.get_text()) if date else None,
        tags=tags,
        unlinked_tags=unlinked,
        authors=authors,
        description=normalise_text(meta["content"]) if meta and meta.get("content") else None,
        first_block=block.get_text() if block else "",
        direction=directions.pop() if len(directions) == 1 else "mixed" if directions else None,
        language=languages.pop() if len(languages) == 1 else "mixed" if languages else None,
    )


def _page_of(href: str, from_page: str) -> str:
    """The output path (from the HTML root) a link on ``from_page`` leads to."""
    return unquote(urlsplit(urljoin(from_page, href)).path)


@dataclass
class Listings:
    """What the site lists: the posts' card excerpts on chapter pages and the landing page, and the search index."""

    excerpts: dict[str, list[str]] = field(default_factory=dict)  # page -> excerpts of its cards
    search: str = ""  # the search data (Sphinx's searchindex.js and the handbook's _search/ shards), as text

    @classmethod
    def read(cls, html: Path) -> Listings:
        listings = cls()
        pages = sorted((html / "chapters").glob("*.html")) + [html / "index.html"]
        for page in pages:
            rel = page.relative_to(html).as_posix()
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            for card in soup.select(".handbook-card"):
                link = card.select_one(".handbook-card-title a[href]")
                if link is None:
                    continue
                excerpt = card.select_one(".handbook-card-excerpt")
                listings.excerpts.setdefault(_page_of(link["href"], rel), []).append(
                    normalise_text(excerpt.get_text()) if excerpt else "")
        parts = [html / "searchindex.js", *sorted((html / "_search").rglob("*.js"))]
        listings.search = "\n".join(p.read_text(encoding="utf-8") for p in parts if p.is_file())
        return listings

    def lists(self, page: str) -> bool:
        return page in self.excerpts

    def searchable(self, page: str) -> bool:
        docname = page.removesuffix(".html")
        return any(json.dumps(name, ensure_ascii=ascii) in self.search
                   for name in (page, docname) for ascii in (True, False))


# ---- judging one post ---------------------------------------------------------------------
@dataclass
class Check:
    ok: bool
    expected: object
    got: object


@dataclass
class PostResult:
    folder: str
    engine: str
    path: str
    status: str  # "page", "missing" (not a draft, no page) or "draft" (a draft, no page)
    warned: bool = False  # for a missing post: a warning names its file
    checks: dict[str, Check] = field(default_factory=dict)

    @property
    def right(self) -> bool:
        return self.status != "missing" and all(c.ok for c in self.checks.values())


def warning_names(warnings: str, post: ExpectedPost) -> bool:
    """Does a warning or error line name the post's file (by its path in the project)?"""
    wanted = (post.source, post.path)
    return any(("WARNING" in line or "ERROR" in line) and any(w in line for w in wanted)
               for line in warnings.splitlines())


def judge(post: ExpectedPost, html: Path, listings: Listings, warnings: str) -> PostResult:
    expect = post.expect
    result = PostResult(post.folder, post.engine, post.path, "page")
    page = html / post.page
    if expect.get("draft"):
        if not page.exists():
            result.status = "draft"
            result.checks["draft"] = Check(True, "left out", "no page")
        else:
            listed = [where for where, found in (("chapter or landing page", listings.lists(post.page)),
                                                 ("search", listings.searchable(post.page))) if found]
            result.checks["draft"] = Check(not listed, "left out", f"page, listed in {' and '.join(listed)}"
                                           if listed else "page, listed nowhere")
        return result
    if not page.exists():
        result.status = "missing"
        result.warned = warning_names(warnings, post)
        return result

    shown = read_post_page(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser"))
    checks = result.checks
    if expect.get("title") is not None:  # None: the site shows no title of the post's own
        checks["title"] = Check(titles_match(expect["title"], shown.title or ""), expect["title"], shown.title)
    checks["date"] = Check(dates_match(expect["date"], shown.date), expect["date"] or "undated",
                           shown.date if shown.date is not None else "no byline")
    wanted_tags = [*expect.get("tags", []), *expect.get("categories", [])]
    tags_ok = tags_match(wanted_tags, shown.tags) and not shown.unlinked_tags
    got_tags: object = shown.tags if not shown.unlinked_tags else {"tags": shown.tags, "unlinked": shown.unlinked_tags}
    checks["tags"] = Check(tags_ok, wanted_tags, got_tags)
    checks["authors"] = Check(authors_match(expect.get("authors", []), shown.authors), expect.get("authors", []),
                              shown.authors)
    if expect.get("summary") is not None:
        excerpts = listings.excerpts.get(post.page, [])
        candidates = [*excerpts, shown.description]
        ok = any(summary_matches(expect["summary"], c) for c in candidates)
        checks["summary"] = Check(ok, expect["summary"], {"card": excerpts[0] if excerpts else None,
                                                          "meta": shown.description})
    leaked = looks_like_front_matter(shown.first_block)
    checks["no_metadata_text"] = Check(not leaked, "no metadata as text",
                                       normalise_text(shown.first_block)[:160] if leaked else "ok")
    if expect.get("dir") == "rtl":
        ok = shown.direction == "rtl" and language_matches(expect.get("lang") or "", shown.language)
        checks["rtl"] = Check(ok, f"dir=rtl lang={expect.get('lang')}", f"dir={shown.direction} lang={shown.language}")
    return result


def measure(posts: list[ExpectedPost], html: Path, warnings: str) -> list[PostResult]:
    listings = Listings.read(html)
    return [judge(post, html, listings, warnings) for post in posts]


# ---- reporting ---------------------------------------------------------------------------
@dataclass
class Tally:
    posts: int = 0
    right: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: {key: [0, 0] for key, _ in FIELDS})
    missing_warned: int = 0
    missing_silent: int = 0

    def add(self, result: PostResult) -> None:
        self.posts += 1
        self.right += result.right
        for key, check in result.checks.items():
            self.fields[key][0] += check.ok
            self.fields[key][1] += 1
        if result.status == "missing":
            if result.warned:
                self.missing_warned += 1
            else:
                self.missing_silent += 1

    def row(self, label: str) -> list[str]:
        cells = [label, str(self.posts), f"{self.right} ({100 * self.right / self.posts:.0f}%)" if self.posts else "0"]
        cells += [f"{ok}/{n}" if n else "-" for ok, n in self.fields.values()]
        return [*cells, str(self.missing_warned), str(self.missing_silent)]


HEADINGS = ["engine", "posts", "right", *(heading for _, heading in FIELDS), "missing+warn", "missing-silent"]


def tally(results: Iterable[PostResult]) -> Tally:
    total = Tally()
    for result in results:
        total.add(result)
    return total


def format_table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def report(results: list[PostResult]) -> str:
    out = []
    folders = list(dict.fromkeys(r.folder for r in results))
    for folder in folders:
        mine = [r for r in results if r.folder == folder]
        rows = [HEADINGS]
        for engine in sorted({r.engine for r in mine}):
            rows.append(tally(r for r in mine if r.engine == engine).row(engine))
        rows.append(tally(mine).row(f"{folder} total"))
        out += [f"## {folder}", "", format_table(rows), ""]
    rows = [HEADINGS]
    for label, names in TOTALS.items():
        if all(name in folders for name in names):
            rows.append(tally(r for r in results if r.folder in names).row(label))
    rows.append(tally(results).row("all"))
    out += ["## totals", "", format_table(rows), "",
            "Fields: right / posts with a page where the field applies. A post is right when every field that",
            "applies is right; a missing post (no page, not a draft) is never right."]
    return "\n".join(out)


def show_wrong(results: list[PostResult], engine: str) -> str:
    out = []
    for r in results:
        if engine not in (r.engine, r.path.split("/")[0]) or r.right:
            continue
        out.append(f"{r.folder}/{r.path}")
        if r.status == "missing":
            out.append(f"    missing: no page ({'a warning names it' if r.warned else 'no warning names it'})")
        for key, check in r.checks.items():
            if not check.ok:
                expected = json.dumps(check.expected, ensure_ascii=False)
                got = json.dumps(check.got, ensure_ascii=False)
                out.append(f"    {key}: expected {expected}\n    {' ' * len(key)}  got      {got}")
    return "\n".join(out) if out else f"no wrong post for {engine!r}"


# ---- command line -------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="+", type=Path, help="corpus folders, each with an expected.jsonl")
    parser.add_argument("--json", type=Path, help="write every post's result (each field expected vs. got) here")
    parser.add_argument("--show", action="append", default=[], metavar="ENGINE",
                        help="print each wrong post of this engine (engine name or corpus engine folder)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build the project in DIR (must not exist) and keep it")
    parser.add_argument("--reuse", type=Path, metavar="DIR", help="measure the build kept in DIR by --keep again")
    args = parser.parse_args(argv)

    folders = [f.resolve() for f in args.folders]
    posts = [post for folder in folders for post in load_expected(folder)]
    if args.reuse:
        project = args.reuse
        warnings = (project / "_build" / "warnings.txt").read_text(encoding="utf-8")
        results = measure(posts, project / "_build" / "html", warnings)
    else:
        with tempfile.TemporaryDirectory(prefix="engine-corpus-") as tmp:
            project = args.keep.resolve() if args.keep else Path(tmp) / "project"
            make_project(project, folders)
            warnings = build(project)
            results = measure(posts, project / "_build" / "html", warnings)
    print(report(results))
    for engine in args.show:
        print(f"\n## wrong posts: {engine}\n")
        print(show_wrong(results, engine))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([{**asdict(r), "right": r.right} for r in results], ensure_ascii=False,
                                        indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
