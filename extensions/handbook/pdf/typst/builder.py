"""``sphinx-build -b typst``: the training PDF and the chapter handouts through Typst.

Like Sphinx's LaTeX builder it inlines every toctree into the root document and
resolves the references (post-transforms, ``doctree-resolved``: the handbook's print
renderings), but a chapter at a time (:mod:`.assemble`), so that neither Sphinx nor
Typst ever holds more than one chapter in memory; it writes the book as Typst in parts
(:mod:`.parts`, one per chapter), each a document importing the book's design
(``handbook-book.typ``).
:mod:`.pipeline` compiles them (two passes, in-process with the ``typst`` package, as
PDF/UA-1, in spawned processes) and puts the book and every handout together;
``report.json`` in the output folder says what each PDF holds or lost
(``tools/typstpdf.py`` reads it and fails when one is not whole).

    typst_outputs = ["book"]           # or ["book", "handouts"]; -t handouts: the handouts only
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.builders import Builder
from sphinx.errors import NoUri
from sphinx.locale import _, __
from sphinx.util import logging
from sphinx.util.display import progress_message
from sphinx.util.i18n import format_date
from sphinx.util.osutil import copyfile

from ... import speedups
from ...capabilities import HANDOUTS_TAG as HANDOUTS
from ...capabilities import TRAINER_TAG
from ...warnings import HandbookWarning, warn
from ..handouts import handout_name, inline_course_posts
from ..images import convert_to_png
from . import escape, fonts, pictures
from .assemble import Assembled, assemble, planned, resolve
from .compile import available_cpus
from .parts import book_parts
from .pipeline import Book, processes_for, run
from .targets import collect
from .translator import Scope, TypstTranslator

logger = logging.getLogger(__name__)
TEMPLATE = Path(__file__).with_name("handbook-book.typ")
REPORT = "report.json"


class TypstBuilder(Builder):
    """The book (and each handout) as PDF/UA-1, from Typst parts."""

    name = "typst"
    format = "typst"  # not "html": the handbook renders its print variants (render.py)
    epilog = __("The PDFs are in %(outdir)s (what each holds or lost: report.json).")
    # What Typst reads itself; other pictures become PNG (pictures.py).
    supported_image_types = ["image/svg+xml", "image/png", "image/jpeg", "image/gif", "image/webp"]
    supported_remote_images = False
    default_translator_class = TypstTranslator

    def init(self) -> None:
        self.docnames: set[str] = set()
        self.imagedir = self.imgpath = "images"  # also where sphinxcontrib-mermaid's render_mm writes drawings
        self.converted: dict[str, str] = {}  # image URI -> its PNG (pictures.py)
        self.checked: set[str] = set()  # image URIs looked at (check_images)
        self.unreadable: set[str] = set()  # image URIs nobody can read
        self.book: Book | None = None
        self.courses: list[Book] = []  # a handout per course: its page, then each session's posts

    def get_outdated_docs(self) -> str:
        return "all documents"  # one book from every document, as the LaTeX builder

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        if docname not in self.docnames:
            raise NoUri(docname, typ)  # not in the book: links to it print as text
        return "%" + docname

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return self.get_target_uri(to, typ)

    def prepare_writing(self, docnames) -> None:
        pass

    def outputs(self) -> set[str]:
        if self.tags.has(HANDOUTS):
            return {"handouts"}
        return {str(o).strip() for o in self.config.typst_outputs} & {"book", "handouts"}

    # ---- writing ------------------------------------------------------------------------
    def write_documents(self, _docnames) -> None:
        root = self.config.root_doc
        state = self.env.get_domain("handbook").state
        coverage = fonts.coverage(fonts.font_files(self.config.typst_font_paths),
                                  Path(self.doctreedir) / "typst-fonts.pickle")
        self.docnames = planned(self.env, root)
        with speedups.collection_paused(self.config):  # each chapter's tree is freed by assemble.dismantle
            with progress_message(__("assembling the book, a chapter at a time")):
                book = assemble(self, root)
            self.docnames = book.docnames
            source_of = {d: os.path.relpath(self.env.doc2path(d), self.srcdir) for d in self.docnames}
            scope = Scope(coverage, book.targets, source_of)
            with progress_message(__("writing the book's parts")):
                parts = book_parts(self, book, root, scope, self.config.typst_intro_title or _("Welcome"),
                                   self.config.typst_part_posts)
        for family in fonts.absent_families(coverage):
            parts[0].problems.insert(0, f"the font {family!r} is not installed ({fonts.package_for(family)}): "
                                        "its text would be lost")
        handouts = [(c, state.chapter_titles.get(c, c)) for c in state.chapter_order if state.chapters.get(c)] \
            if state is not None else []
        self.copy_image_files()
        shutil.copyfile(TEMPLATE, self.outdir / TEMPLATE.name)
        self.book = Book(
            outdir=Path(self.outdir), name=self.book_name(), parts=parts, index=scope.index,
            settings=self.settings(), handouts=handouts, handout_subtitle=self.config.typst_handout_subtitle,
            outputs=self.outputs(),
            job={"font_paths": list(self.config.typst_font_paths), "timestamp": creation_timestamp(),
                 "standards": list(self.config.typst_pdf_standards)},
            words={"page": _("page %s"), "elsewhere": _("in the handbook, not in this handout"),
                   "pages": _("(pages %s–%s of the handbook)"), "continued": _("%s (continued)")},
        )
        self.courses = self.course_books(state, coverage) if "handouts" in self.outputs() and state else []
        self.remove_stale(handouts)

    def course_books(self, state, coverage) -> list[Book]:
        """A course handout is a book of its own: the course page, then each session's posts, in order."""
        books = []
        for course, plan in sorted(state.courses.items()):
            if not plan.docnames:
                continue
            name = handout_name(course)
            self.docnames = {course}
            tree = self.env.get_doctree(course)
            tree["docname"] = course
            self.docnames.update(inline_course_posts(self.env, tree, state))
            resolve(self, tree, course)
            source_of = {d: os.path.relpath(self.env.doc2path(d), self.srcdir) for d in self.docnames}
            scope = Scope(coverage, collect(tree, course), source_of)
            parts = book_parts(self, Assembled.whole(tree, scope.targets), course, scope, _("The course"),
                               self.config.typst_part_posts, folder=f"courses/{name}")
            subtitle = _("A course from the %s, session by session") % self.config.project
            settings = {**self.settings(), "title": plan.title, "subtitle": subtitle}
            books.append(Book(outdir=Path(self.outdir), name=f"handouts/courses/{name}", parts=parts,
                              index=scope.index, settings=settings, handouts=[], handout_subtitle="",
                              outputs={"book"}, job=self.book.job, words=self.book.words))
        self.copy_image_files()
        return books

    def book_name(self) -> str:
        """``typst_filename`` as a file name in the output folder (anything else: "book", with a warning)."""
        name = str(self.config.typst_filename).removesuffix(".pdf")
        if re.fullmatch(r"[\w][\w.-]*", name) and name != TEMPLATE.stem and not name.endswith(".typ"):
            return name
        warn(HandbookWarning.PRINT, "typst_filename %r is not a plain file name: the PDF is book.pdf", name)
        return "book"

    def check_images(self, tree: nodes.document) -> None:
        """Pictures Typst cannot read become PNG; one nobody can read is left out (alt text, a warning).

        Called for each chapter's tree: each picture is looked at once."""
        for src, dest in sorted(self.images.items()):
            if src in self.checked:
                continue
            self.checked.add(src)
            found = pictures.kind(Path(self.srcdir, src))
            if found == "convert":
                png = f"{dest}.png"
                target = self.outdir / self.imagedir / png
                target.parent.mkdir(parents=True, exist_ok=True)
                if convert_to_png(Path(self.srcdir, src), target):
                    self.converted[src] = png
                else:
                    self.unreadable.add(src)
            elif found is None:
                self.unreadable.add(src)
        for node in tree.findall(nodes.image):
            if node.get("uri") in self.unreadable:
                warn(HandbookWarning.PRINT, "the image %s cannot be read: the PDF shows its alt text instead",
                     node["uri"], location=node)
        for src in self.unreadable:
            self.images.pop(src, None)

    def image_name(self, uri: str) -> str | None:
        """The file (below ``imagedir``) Typst draws for an image's URI; None: none it can draw."""
        return self.converted.get(uri) or self.images.get(uri)

    def settings(self) -> dict:
        """The cover and metadata: what the template is given (every text a string)."""
        config = self.config
        date = config.today or format_date(config.today_fmt or _("%b %d, %Y"), language=config.language or "en")
        edition = _("Edition of %s") % date + (f" • {_('Release')} {config.release}" if config.release else "")
        if self.tags.has(TRAINER_TAG):  # the self-checks' answers are printed (book/quizzes.py)
            edition += " • " + _("Trainer's edition, with the answers to the self-checks")
        lang = escape.language(config.language or "en") or ("en", None)
        return {
            "title": config.project, "subtitle": config.typst_subtitle, "author": config.author,
            "edition": edition, "subject": config.typst_subject, "keywords": list(config.typst_keywords),
            "lang": lang[0], "region": lang[1], "duplex": self.tags.has("duplex"),
            "words": {"contents": _("Contents"), "chapter": _("Chapter"), "page": _("page"), "index": _("Index"),
                      "symbols": _("Symbols"), "see": _("see"), "seealso": _("see also")},
        }

    def copy_image_files(self) -> None:
        for src, dest in sorted(self.images.items()):
            if src in self.converted:
                continue  # its PNG is there already
            target = self.outdir / self.imagedir / dest
            target.parent.mkdir(parents=True, exist_ok=True)
            copyfile(self.srcdir / src, target, force=True)

    def remove_stale(self, handouts: list[tuple[str, str]]) -> None:
        """A chapter that went leaves no handout behind; parts of a longer book no source."""
        kept = {f"{chapter.rsplit('/', 1)[-1]}.pdf" for chapter, _title in handouts}
        for old in (self.outdir / "handouts").glob("*.pdf"):
            if old.name not in kept:
                old.unlink()
        courses = {book.name.rsplit("/", 1)[-1] for book in self.courses}
        for old in (self.outdir / "handouts" / "courses").glob("*.pdf"):
            if old.stem not in courses:
                old.unlink()
        for old in (self.outdir / "courses").glob("*"):
            if old.name not in courses:
                shutil.rmtree(old)
        names = {f"{part.name.rsplit('/', 1)[-1]}" for part in self.book.parts}
        for old in (self.outdir / "parts").glob("*"):
            if old.name.split(".", 1)[0] not in names:
                old.unlink()

    # ---- compiling -------------------------------------------------------------------------
    def finish(self) -> None:
        if self.book is None:
            return
        with progress_message(__("compiling %d part(s) with Typst, putting the PDFs together") % len(self.book.parts)):
            report, timings = run(self.book, self.config.typst_jobs or processes_for(self.book, available_cpus()))
        for course in self.courses:
            with progress_message(__("the course handout %s") % course.name):
                made, spent = run(course, self.config.typst_jobs or processes_for(course, available_cpus()))
            report.update(made)
            for step, value in spent.items():
                timings[step] = round(timings.get(step, 0) + value, 2)
        logger.info("typst: %s", ", ".join(f"{step} {value}" for step, value in timings.items()))
        for name, made in report.items():
            for problem in made["problems"]:
                if not problem.startswith("U+"):  # lost characters were warned about where they are
                    warn(HandbookWarning.PRINT, "%s.pdf: %s", name, problem)
        (self.outdir / REPORT).write_text(json.dumps({"pdfs": report, "timings": timings}, indent=1,
                                                     ensure_ascii=False) + "\n", encoding="utf-8")


def creation_timestamp() -> int:
    """The PDF's date: SOURCE_DATE_EPOCH, else the start of today (UTC), so two builds are byte-identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return int(epoch)
    today = dt.datetime.now(dt.UTC).date()
    return int(dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC).timestamp())
