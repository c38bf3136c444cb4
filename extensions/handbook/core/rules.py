"""The rule book: every rule about posts and the book, written once (pure).

Each rule gives :class:`~.problems.Problem` s. The build warns with them and keeps
them on the environment (``book/domain.py``), the content report lists what the
environment keeps (``web/report.py``), and ``./dev check`` prints them, made from the
sources without building (``commands/check.py``): the same rules, the same words.

What differs between the build and the check is only where a rule's input comes from:
the images and ``{tag}`` roles a post holds are the doctree's in the build, and are
found in the Markdown by :func:`image_references` and :func:`tag_references` for the check.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote

from . import files, quizzes
from .bookstate import BookState
from .ctas import CallToAction, find
from .options import HandbookConfig
from .post import IGNORED_KEYS, PreparedPost, foreign_syntax
from .problems import HandbookWarning, Problem
from .quizzes import Quiz
from .registry import Registry

NO_FRONT_MATTER = ("no front matter: the title is the first heading or the file name, and the post is undated; "
                   "add title, date and tags between '---' lines")
NOT_IN_A_CHAPTER = "this post is in no chapter: give a chapter its tags, or add one with ':rest:'"
UNKNOWN_TAG = "unknown tag %(target)r: no post has it"  # Sphinx's dangling_warnings form, for {tag} roles
REF_TAG = "ref.tag"


# ---- one post --------------------------------------------------------------------------------
def post_problems(docname: str, post: PreparedPost, registry: Registry) -> tuple[tuple[str, ...], list[Problem]]:
    """The post's tags as the tag registry names them, and the problems of its front matter and text.

    Front matter (missing, unreadable, each invalid field), keys that would change how
    the post is built, tags the registry does not know, other engines' syntax.
    """
    block, front, lines = post.block, post.front, post.block.lines
    problems: list[Problem] = []

    def problem(kind: HandbookWarning, message: str, line: int | None) -> None:
        problems.append(Problem(kind, message, docname, line))

    if not block.kind:
        problem(HandbookWarning.FRONTMATTER, NO_FRONT_MATTER, 1)
    for line, message in block.problems:
        problem(HandbookWarning.FRONTMATTER, message, line)
    if block.usable and block.kind:
        for field_problem in front.problems:
            problem(HandbookWarning.FRONTMATTER, field_problem.message, lines.get(field_problem.field, 1))
    for key in IGNORED_KEYS:
        if key in lines:
            problem(HandbookWarning.FRONTMATTER, f"'{key}' is ignored: a post cannot change how the handbook is built",
                    lines[key])
    tags, unknown = registry.apply(front.tags)
    for message in unknown:
        problem(HandbookWarning.TAG, message, lines.get("tags", 1))
    for line, message in foreign_syntax(post.text):
        problem(HandbookWarning.SYNTAX, message, line)
    if post.too_large:
        problem(HandbookWarning.LIMIT, post.too_large, 1)
    return tags, problems


# ---- images ----------------------------------------------------------------------------------
def problem_with_image(srcdir: Path, docname: str, uri: str, front_matter: bool = False) -> str | None:
    """Why an image a document names cannot be shown, or None.

    Paths resolve as Sphinx resolves them (``BuildEnvironment.relfn2path``): from the
    source folder when they start with ``/``, else from the document's folder.
    """
    if uri.startswith("data:"):
        return "an image in front matter must be a file in the project" if front_matter else None
    if "://" in uri or uri.startswith("//"):
        return f"image {uri!r} is on another site; not shown, so that the handbook works offline"
    path = unquote(uri)
    relative = path[1:] if path.startswith("/") else posixpath.join(posixpath.dirname(docname), path)
    relative = posixpath.normpath(relative)
    source_root = _resolved(str(srcdir))
    resolved = (source_root / relative).resolve()
    if not resolved.is_relative_to(source_root):
        return f"image {uri!r} is outside the project; not shown"
    special = files.refusal(source_root, resolved)
    if special is not None:
        return f"image {uri!r} is {special}; not shown"
    if "*" not in uri and not resolved.is_file():
        return f"image file not found: {uri!r} (looked for {relative}); the page is built without it"
    return None


@functools.lru_cache(maxsize=16)
def _resolved(folder: str) -> Path:
    return Path(folder).resolve()


def image_problems(srcdir: Path, docname: str, images: Iterable[tuple[int | None, str]],
                   hero: str | None, hero_line: int | None) -> tuple[list[Problem], set[str], bool]:
    """The problems of a post's images: (problems, the paths not to show, whether the hero image is shown).

    ``images``: (line, path) of each image in the text; ``hero``: the front matter's image.
    One problem per path, so a post whose front matter and body name the same missing
    file gets one message.
    """
    problems: list[Problem] = []
    bad: set[str] = set()
    for line, uri in images:
        why = problem_with_image(srcdir, docname, uri)
        if why:
            if uri not in bad:
                problems.append(Problem(HandbookWarning.IMAGE, why, docname, line or hero_line))
            bad.add(uri)
    if hero is None:
        return problems, bad, False
    why = problem_with_image(srcdir, docname, hero, front_matter=True)
    if why and hero not in bad:
        problems.append(Problem(HandbookWarning.IMAGE, why, docname, hero_line))
    return problems, bad, why is None


# Bounded (one level of brackets in the alt text): linear on a hostile line of "![".
_IMAGE = re.compile(r"!\[(?:[^\[\]]|\[[^\[\]]{0,200}\]){0,500}\]\(\s{0,20}<?([^)\s>]{1,2000})>?")
_TAG_ROLE = re.compile(r"\{tag\}`([^`]+)`")


def image_references(post: PreparedPost) -> list[tuple[int, str]]:
    """(line, path) of each Markdown image in a post's text, for the check (the build has the doctree's)."""
    return [(number, uri) for number, line in _body(post) for uri in _IMAGE.findall(line)]


def tag_references(text: str) -> list[tuple[int, str]]:
    """(line, tag name) of each ``{tag}`` role in a page's text, for the check (the build resolves its roles)."""
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        for target in _TAG_ROLE.findall(line):
            name = target.rsplit("<", 1)[1].rstrip(">").strip() if target.rstrip().endswith(">") else target
            found.append((number, name))
    return found


def _body(post: PreparedPost) -> Iterable[tuple[int, str]]:
    for number, line in enumerate(post.text.split("\n"), start=1):
        if number > post.block.length:
            yield number, line


# ---- files that are not read -------------------------------------------------------------------
# Suffixes of text that may be a post in another format (reStructuredText is read by Sphinx itself when
# source_suffix has it): a file of these that opens with front matter or has a heading is named.
TEXT_SUFFIXES = frozenset((".txt", ".text", ".qmd", ".rmd", ".rst", ".adoc", ".asciidoc", ".org", ".textile",
                           ".mmd", ".html", ".htm", ".pmd", ".ipynb", ".markdn", ".mdwn", ".mdtxt", ".mdtext"))
_OPENING = re.compile(r"^(---|\+\+\+|;;;)\s*$|^\.\. title:|^(title|Title)\s*:\s*\S", re.MULTILINE)
_HEADING = re.compile(r"^(#{1,6}\s+\S|=+\s*$|\*+ \S|#\+TITLE:|= \S)", re.MULTILINE)


def looks_like_post(name: str, text: str) -> bool:
    """Text that is likely a post: front matter at its top, or (not HTML) a heading."""
    head = text.lstrip("\ufeff")[:4000]
    if _OPENING.match(head):
        return True
    return not name.lower().endswith((".html", ".htm", ".ipynb")) and bool(_HEADING.search(head))


def unread_files(files: Iterable[tuple[str, str]], read_suffixes: Iterable[str]) -> list[Problem]:
    """A warning for each file in the posts folder (``(path, text)``) that looks like a post and is not read."""
    read = tuple(s.lower() for s in read_suffixes)
    problems = []
    for path, text in files:
        name = path.rsplit("/", 1)[-1].lower()
        suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
        if name.endswith(read) or suffix not in TEXT_SUFFIXES or not looks_like_post(name, text):
            continue
        problems.append(Problem(HandbookWarning.UNREAD, f"{path} looks like a post but is not read: the handbook "
                                f"reads posts ending in {', '.join(read)}; rename it to .md to publish it",
                                path=path))
    return problems


def unread_posts(srcdir: str | Path, posts_dir: str, read_suffixes: Iterable[str]) -> list[Problem]:
    """:func:`unread_files` over the posts folder (hidden folders and files left out, as the build leaves them)."""
    top = Path(srcdir) / posts_dir
    read = tuple(s.lower() for s in read_suffixes)
    found = []
    for folder, dirs, names in os.walk(top):  # (links to folders are not followed)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
        for name in sorted(names):
            if name.startswith(".") or name.lower().endswith(read) or \
                    "." + name.rsplit(".", 1)[-1].lower() not in TEXT_SUFFIXES:
                continue  # read as a post already, or no text a post is written in
            path = Path(folder) / name
            if not files.readable(srcdir, path):  # a FIFO would hang the build; a link may leave the project
                continue
            try:
                with path.open(encoding="utf-8", errors="replace") as f:
                    text = f.read(4000)
            except OSError:
                continue
            found.append((path.relative_to(srcdir).as_posix(), text))
    return unread_files(found, read_suffixes)


# ---- the book --------------------------------------------------------------------------------
def book_problems(state: BookState) -> list[Problem]:
    """What only the whole book shows: posts in no chapter, chapters naming posts wrongly, shared names."""
    problems = [Problem(HandbookWarning.CHAPTER, NOT_IN_A_CHAPTER, docname, 1) for docname in state.unplaced]
    for slug, chapter, first in state.placement_problems:
        message = f"post {slug!r} is already in chapter {first!r}; listed once only" if first else \
            f"no post named {slug!r}"
        problems.append(Problem(HandbookWarning.CHAPTER, message, chapter))
    for docname, first in state.shared_slugs:
        problems.append(Problem(HandbookWarning.SLUG, f"another post has the same file name ({first}): chapters and "
                                "links to the blog's address of that name mean the other one", docname, 1))
    for first, second in state.slug_clashes:
        problems.append(Problem(HandbookWarning.TAG, f"tags {first!r} and {second!r} would share a page name; the "
                                "second gets a longer one"))
    return problems + course_problems(state)


def course_problems(state: BookState) -> list[Problem]:
    """Courses: lines that are no session, posts and tags that no published post answers to."""
    return [Problem(HandbookWarning.COURSE, message, docname, line)
            for docname, plan in sorted(state.courses.items()) for line, message in plan.problems]


def review_problems(state: BookState) -> list[Problem]:
    """Posts due for review on the build's date: ``./dev check --due`` prints them (the report lists them too).

    Not warnings of the build nor problems of a plain ``./dev check``: they come with the
    calendar, not with a change, and would fail ``-W`` builds and every writer's
    pre-commit check the day a post falls due.
    """
    problems = []
    for docname, since in sorted(state.due.items()):
        record = state.posts[docname]
        by = f" by {record.owner[1]}" if record.owner else ""
        problems.append(Problem(HandbookWarning.REVIEW, f"due for review since {since.isoformat()} (reviewed "
                                f"{record.reviewed.isoformat()}{by}); readers are told it may be out of date",
                                docname, record.reviewed_line))
    return problems


# ---- self-checks -----------------------------------------------------------------------------
def quiz_problems(docname: str, found: Iterable[tuple[int, str]]) -> list[Problem]:
    """A self-check without a question, without a right answer, with an empty answer or a line that is none.

    ``found``: (line, message) of each problem ``quizzes.parse`` found in the page's quizzes.
    """
    return [Problem(HandbookWarning.QUIZ, message, docname, line) for line, message in found]


def text_quizzes(text: str) -> list[Quiz]:
    """The self-checks of a page's Markdown, for the check (the build has the directive's)."""
    return [block.quiz() for block in quizzes.find(text)]


def registry_problems(registry: Registry, path: str) -> list[Problem]:
    """A tag registry (``tags.yml``) that cannot be used as written."""
    return [Problem(HandbookWarning.TAG, message, path=path) for message in registry.problems]


def unknown_tag_problems(docname: str, refs: Iterable[tuple[int | None, str]], known: Iterable[str]) -> list[Problem]:
    """``{tag}`` roles naming a tag no post has (tag keys in ``refs`` and ``known``)."""
    known = set(known)
    return [Problem(REF_TAG, UNKNOWN_TAG % {"target": key}, docname, line) for line, key in refs if key not in known]


def caught_by_catch_all(state: BookState, catch_all: str | None, pinned: Iterable[str],
                        catch_all_tags: Iterable[str]) -> list[str]:
    """Posts the ``:rest:`` chapter took because no chapter takes their tags (not named there, no tag of its)."""
    if catch_all is None:
        return []
    pinned, tags = set(pinned), set(catch_all_tags)
    return sorted(d for d in state.chapters.get(catch_all, []) if d.rsplit("/", 1)[-1] not in pinned
                  and not set(state.posts[d].tag_keys) & tags)


# ---- files: nothing outside the project, no special files, names that clash -------------------
def file_problems(scan: files.Scan) -> list[Problem]:
    """What the project holds that is not read (links leaving it, special files), and clashing names."""
    problems = [Problem(HandbookWarning.FILE, f"{r.why}: {'nothing in this folder is' if r.folder else 'not'} "
                        "read; the build goes on without it", path=r.path) for r in scan.refused]
    for clash in scan.clashes:
        if clash.normalisation and clash.kept:
            message = (f"{clash.other!r} ({_form(clash.other)}) and {clash.kept!r} ({_form(clash.kept)}) are one name "
                       f"once Unicode-normalised: only the {_form(clash.kept)} one is built; rename or remove the other")
        elif clash.normalisation:
            message = (f"the name {clash.other!r} is written in {_form(clash.other)} (as macOS writes accents): Sphinx "
                       "looks for it in NFC and does not build it; rename it (type the name again)")
        else:
            message = (f"{clash.other!r} and {clash.kept!r} differ only in case: both are built here, but on macOS "
                       "and Windows one file (and one page) takes the other's place, and an EPUB may not hold both "
                       "(e-readers refuse it); rename one")
        problems.append(Problem(HandbookWarning.NAME, message, path=clash.other))
    return problems


def _form(path: str) -> str:
    return "NFC" if files.nfc(path) == path else "NFD" if unicodedata.normalize("NFD", path) == path else "mixed"


def unreadable_file_problem(root: Path, docname: str, path: str, written: str, line: int | None,
                            what: str) -> Problem | None:
    """A file a document names (a download, a diagram's source) that may not be read: why, or None.

    ``path``: where it resolves (absolute, or relative to ``root``); ``written``: as the document names it.
    """
    why = files.refusal(root, path)
    if why is None:
        return None
    return Problem(HandbookWarning.FILE, f"{what} {written!r} is {why}: not read", docname, line)


# ---- what a post's body may put on a page -------------------------------------------------------
REFUSED_DIRECTIVE = ("the {%s} directive is not allowed in posts (it would put its content on the page "
                     "unchecked): removed")


def markup_problems(docname: str, found: Iterable[tuple[int | None, tuple[str, ...]]]) -> list[Problem]:
    """One problem per line of a post that lost HTML (or another way onto the page): what was removed.

    ``found``: (line, what was removed) for each piece of HTML, refused directive or link.
    """
    by_line: dict[int | None, list[str]] = {}
    for line, removed in found:
        if removed:
            seen = by_line.setdefault(line, [])
            seen += [r for r in removed if r not in seen]
    problems = []
    for line in sorted(by_line, key=lambda n: n or 0):
        removed = by_line[line]
        shown = ", ".join(removed[:6]) + (f" and {len(removed) - 6} more" if len(removed) > 6 else "")
        problems.append(Problem(HandbookWarning.HTML, f"removed from the page: {shown}", docname, line))
    return problems


# ---- calls to action -------------------------------------------------------------------------
_CTA_BLOCK = re.compile(r"^\s*(?:`{3,}|~{3,}|:{3,})\s*\{cta\}(.*)$")


def cta_references(post: PreparedPost) -> list[tuple[int, str]]:
    """(line, name) of each ``{cta}`` block in a post's text, for the check (the build has the directive's)."""
    return [(number, match[1].strip()) for number, line in _body(post) if (match := _CTA_BLOCK.match(line))]


def _known(entries: Iterable[CallToAction]) -> str:
    names = sorted(entry.name for entry in entries)
    return f"handbook_ctas has {', '.join(names)}" if names else "handbook_ctas has none"


def cta_problems(docname: str, refs: Iterable[tuple[int | None, str]],
                 entries: tuple[CallToAction, ...]) -> list[Problem]:
    """``{cta}`` blocks naming no call to action, or one that ``handbook_ctas`` does not have (not shown)."""
    problems = []
    for line, name in refs:
        if not name:
            message = f"a {{cta}} block names no call to action ({_known(entries)}); nothing shown"
        elif find(entries, name) is None:
            message = f"unknown call to action {name!r} ({_known(entries)}); not shown"
        else:
            continue
        problems.append(Problem(HandbookWarning.CTA, message, docname, line))
    return problems


def cta_option_problems(conf: HandbookConfig, conf_text: str = "", path: str = "conf.py") -> list[Problem]:
    """``handbook_cta_after_chapter`` / ``_post`` naming a call to action ``handbook_ctas`` does not have.

    ``conf_text``: conf.py's text, to say on which line the option is set.
    """
    problems = []
    for option in ("cta_after_chapter", "cta_after_post"):
        name = getattr(conf, option)
        if name and find(conf.ctas, name) is None:
            found = re.search(rf"^[ \t]*handbook_{option}\s*=", conf_text, re.MULTILINE)
            line = conf_text.count("\n", 0, found.start()) + 1 if found else None
            problems.append(Problem(HandbookWarning.CTA, f"handbook_{option} names {name!r}, but {_known(conf.ctas)}; "
                                    "no call to action is placed by default", line=line, path=path))
    return problems
