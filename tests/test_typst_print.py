"""The training PDF through Typst (tools/typstpdf.py build): everything the LaTeX book had, checked on the PDF.

One module-wide build of the repo's project (its conf.py, landing page, kept diagram)
with more posts: accented Latin, CJK and emoji; a post holding every kind of block;
a Japanese and a Persian (right-to-left) post, their language set on their section as
the reader will once posts carry ``lang``. The assertions read the real PDF:
``pdftotext`` for what a reader sees, pikepdf for metadata, bookmarks and the structure
tree, ``pdffonts`` for the fonts.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from helpers import REPO, SEEDS, WORLD_POST, add_self_checks, copy_project, run_sphinx

pytestmark = pytest.mark.slow  # builds the PDF

TOOL = REPO / "tools" / "typstpdf.py"
EPOCH = "1764547200"  # 1 December 2025: every build of the module the same date

EVERYTHING_POST = """---
title: "Every kind of block"
date: 2025-02-01
authors: [Jane Doe]
tags: [post, structure]
---

**Lead scoring:** points for what a lead does. A footnote[^note], `inline code`, *emphasis*, a
[link to the blog's guide](https://example.org/guide) and a link to {tag}`structure`.

| Channel | Leads | Share |
| --- | --- | --- |
| Email | 12 | 60 % |
| Ads | 8 | 40 % |

- First point
  - Nested point
- Second point

3. Third step
4. Fourth step

```python
def score(lead):
    return lead.visits * 2  # <label> #panic() $x$
```

:::{note}
A note for the trainer.
:::

![A red square on white](/media/red.webp)

![](/media/decoration.png)

![A blue animation](/media/blue.gif)

![A green picture in AVIF](/media/green.avif)

![A broken picture](/media/broken.png)

<div class="callout">Raw <b>HTML</b> keeps its text</div>


> A quotation of a trainer.

[^note]: The footnote's own text.
"""

# reStructuredText's own blocks: a chapter page may hold them (posts may not: {eval-rst} is refused there).
RST_BLOCKS = """
```{eval-rst}
Pipeline
   Every lead on its way to a sale.

:Owner: the sales team

| A line
| and the next line

.. topic:: A topic

   Its text.

.. sidebar:: A sidebar

   Beside the text.

.. math::

   E = mc^2

.. rubric:: A rubric
```
"""

JA_POST = """---
title: "営業の基本"
date: 2025-03-01
tags: [post, 営業]
---

営業とは、見込み客を顧客に変える仕事です。
"""

FA_POST = """---
title: "بازاریابی چیست؟"
date: 2025-03-02
tags: [post, بازاریابی]
---

بازاریابی یعنی پیدا کردن مشتری.
"""

# The posts' language on their section, as the reader will set it from front matter.
LANGUAGE_HOOK = '''

def _post_language(app, doctree):
    from docutils import nodes
    wanted = {"posts/eigyo-no-kihon": ("ja", None), "posts/bazaryabi": ("fa", "rtl")}
    if app.env.docname in wanted:
        section = next(doctree.findall(nodes.section))
        section["lang"], direction = wanted[app.env.docname]
        if direction:
            section["dir"] = direction


def setup(app):
    app.connect("doctree-read", _post_language)
'''


@dataclass
class Built:
    project: Path
    work: Path
    out: Path
    handouts: Path
    result: subprocess.CompletedProcess

    @property
    def pdf(self) -> Path:
        return self.out / "leadgen-handbook.pdf"

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.result.stderr.splitlines() if "WARNING" in line]


def _require() -> None:
    missing = [t for t in ("pdftotext", "pdffonts") if shutil.which(t) is None]
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"missing in CI: {missing} (tools/setup-system.sh test installs poppler-utils)")
        pytest.skip(f"missing: {missing}")


def pictures(media: Path) -> None:
    from PIL import Image

    media.mkdir(exist_ok=True)
    Image.new("RGB", (120, 80), "red").save(media / "red.webp")
    Image.new("RGB", (40, 40), "gray").save(media / "decoration.png")
    frames = [Image.new("RGB", (60, 30), color) for color in ("blue", "navy")]
    frames[0].save(media / "blue.gif", save_all=True, append_images=frames[1:], duration=100, loop=0)
    Image.new("RGB", (50, 50), "green").save(media / "green.avif")
    (media / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)  # a truncated file


def project_with_posts(dest: Path) -> Path:
    project = add_self_checks(copy_project(dest, "repo"))
    chapter = project / "chapters" / "skills.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + RST_BLOCKS, encoding="utf-8")
    for name, text in {"vertrieb-auf-japanisch": WORLD_POST, "every-kind-of-block": EVERYTHING_POST,
                       "eigyo-no-kihon": JA_POST, "bazaryabi": FA_POST}.items():
        (project / "posts" / f"{name}.md").write_text(text, encoding="utf-8")
    pictures(project / "media")
    with (project / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(LANGUAGE_HOOK)
    return project


def build(project: Path, where: Path, *args: str, env: dict | None = None) -> Built:
    work, out, handouts = where / "typst", where / "pdf", where / "handouts"
    pythonpath = os.pathsep.join(filter(None, [str(REPO / "extensions"), os.environ.get("PYTHONPATH")]))
    result = subprocess.run([sys.executable, str(TOOL), "build", "--work", str(work), "--out", str(out),
                             "--handouts", str(handouts), *args], cwd=project, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": pythonpath, "SOURCE_DATE_EPOCH": EPOCH, "NO_COLOR": "1",
                                 **(env or {})},
                            timeout=900)
    return Built(project, work, out, handouts, result)


def text_of(pdf: Path, layout: bool = True) -> str:
    """The PDF's text as laid out, or (``layout=False``) in the order it is written: columns one after the other."""
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-layout" if layout else "-raw", str(pdf), "-"],
                          capture_output=True).stdout.decode("utf-8", errors="replace")


def flat(text: str) -> str:
    return " ".join(text.split())


def pages_of(text: str) -> list[str]:
    return text.split("\f")[:-1]


# ---- the structure tree ----------------------------------------------------------------------
@dataclass
class Element:
    type: str
    attrs: dict
    parent: str
    depth: int


def structure(pdf_path: Path) -> list[Element]:
    """Every structure element of the PDF's tagged structure, in reading order."""
    found: list[Element] = []
    with pikepdf.open(pdf_path) as pdf:
        def walk(node, parent: str, depth: int) -> None:
            if isinstance(node, pikepdf.Array):
                for child in node:
                    walk(child, parent, depth)
                return
            if not isinstance(node, pikepdf.Dictionary) or "/S" not in node:
                return
            kind = str(node.S)
            attrs = {key: str(node[key]) for key in ("/Alt", "/Lang", "/ActualText") if key in node}
            found.append(Element(kind, attrs, parent, depth))
            if "/K" in node:
                walk(node.K, kind, depth + 1)

        walk(pdf.Root.StructTreeRoot.K, "", 0)
    return found


# ---- the build ------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def book(tmp_path_factory) -> Built:
    _require()
    where = tmp_path_factory.mktemp("typst-book")
    built = build(project_with_posts(where / "project"), where)
    assert built.result.returncode == 0, built.result.stderr
    return built


@pytest.fixture(scope="session")
def book_text(book) -> str:
    return text_of(book.pdf)


def test_the_command_says_each_pdf_is_whole_and_leaves_exactly_one_book(book):
    assert re.search(r"^leadgen-handbook\.pdf: \d+ pages", book.result.stdout, re.MULTILINE), book.result.stdout
    assert sorted(p.name for p in book.out.iterdir()) == ["leadgen-handbook.pdf"]


def test_the_build_warns_only_about_missing_seed_images_and_the_broken_picture(book):
    other = [w for w in book.warnings if "[handbook.image]" not in w]
    assert len(other) == 1 and "broken.png" in other[0] and "[handbook.print]" in other[0], book.warnings


def test_every_post_title_is_printed_with_its_date_reading_time_and_tags(book_text):
    text = flat(book_text)
    for title, date in SEEDS.values():
        assert re.search(re.escape(title) + r" " + re.escape(date) + r" · \d+ min read Tags: \w", text), title


def test_the_cover_has_title_subtitle_company_and_the_edition_in_the_books_date_style(book_text):
    cover = flat(pages_of(book_text)[0])
    assert cover.startswith("Lead Generation Handbook From the first idea to the daily work")
    assert cover.endswith("LeadCraftr Edition of 1 December 2025"), cover  # SOURCE_DATE_EPOCH, today_fmt
    assert "Release" not in book_text


def test_contents_welcome_chapters_in_reading_order_then_tags_and_index(book_text):
    contents = flat(pages_of(book_text)[1])
    assert contents.startswith("Contents")
    chapters = ["Welcome", "1 Lead generation basics", "2 Skills that bring in leads", "3 Lead generation as a job",
                "4 Tags", "Index"]
    positions = [contents.index(c) for c in chapters]
    assert positions == sorted(positions)
    assert "What Is Lead Generation in Sales?" in contents  # the posts under their chapter
    welcome = next(flat(p) for p in pages_of(book_text) if flat(p).startswith("Welcome"))
    assert "Welcome to the LeadCraftr handbook for trainees" in welcome


def test_no_blank_pages_single_sided(book_text):
    assert all(page.strip() for page in pages_of(book_text))


def test_running_heads_name_the_chapter_and_the_book_and_the_foot_the_page(book_text):
    pages = pages_of(book_text)
    first_post = next(i for i, p in enumerate(pages) if "What Is Lead Generation in Sales?" in p and "CHAPTER 1" in p)
    head = next(line for line in pages[first_post + 1].splitlines() if line.strip())
    assert re.fullmatch(r"\s*Lead generation basics\s+Lead Generation Handbook\s*", head), head
    foot = [line for line in pages[first_post + 1].splitlines() if line.strip()][-1]
    assert foot.strip() == str(first_post + 1 - 2 + 1)  # cover and contents are before page 1
    opener = [line for line in pages[first_post].splitlines() if line.strip()]
    assert opener[0].strip() == "CHAPTER 1"  # an opener has no running head


def test_the_tags_chapter_lists_every_tag_with_its_posts_and_their_pages(book_text):
    tags = flat(next(p for p in pages_of(book_text) if re.search(r"CHAPTER 4\s+Tags", p)))
    assert "followed by the pages of its posts" in tags and "Pick one" not in tags
    assert re.search(r"conversion rate \(4\) .*What Is Lead Generation in Sales\? \(page \d+\)", tags)
    assert re.search(r"営業 \(2\)", tags)


def test_cross_references_print_the_page_they_lead_to(book, book_text):
    text = flat(book_text)
    assert re.search(r"Tags: conversion rate \(page \d+\)", text)
    related = re.search(r"Related posts • (.+?) \(page (\d+)\) · \d+ \w+ \d{4}", text)
    assert related
    title, page = related.group(1), int(related.group(2))
    pages = pages_of(book_text)
    printed_on = [i for i, p in enumerate(pages) if re.search(r"^\s*" + re.escape(title) + r"\s*$", p, re.MULTILINE)]
    assert [int(flat(pages[i]).split()[-1]) for i in printed_on if not flat(pages[i]).startswith("Contents")] \
        == [page]  # the foot of the page the title is on says the page the reference says


def test_links_outside_the_book_print_their_address_in_a_footnote(book_text):
    text = flat(book_text)
    number = re.search(r"link to the blog’s guide(\d+)", text).group(1)
    assert re.search(number + r" https://example\.org/guide", text)


def defined_terms() -> set[str]:
    from handbook.reading.index_terms import index_form

    found = set()
    for post in (REPO / "posts").glob("*.md"):
        for term in re.findall(r"^[ \t]*(?:[-*]|\d+\.)?[ \t]*\*\*([^*\n]{1,60}?):\*\*[ \t]*\w",
                               post.read_text(encoding="utf-8"), flags=re.MULTILINE):
            found.add(index_form(" ".join(term.split())))
    return found


def index_of(book_text: str) -> str:
    return flat(book_text[book_text.rindex("\nIndex"):])


def test_the_index_has_terms_titles_tags_and_authors_with_their_pages(book_text):
    index = index_of(book_text)
    terms = defined_terms()
    assert len(terms) >= 25
    assert [t for t in sorted(terms) if not re.search(re.escape(t) + r", \d+", index)] == []
    for title, _date in SEEDS.values():
        assert re.search(re.escape(title) + r", \d+", index), title
    for tag in ("conversion rate", "digital marketing", "営業", "übersicht", "structure"):
        assert re.search(re.escape(tag) + r", \d+", index), tag
    assert re.search(r"Jane Doe \(author\), \d+", index)
    assert re.search(r"Lead scoring, \d+", index)  # a bold lead-in in the new post
    assert not re.search(r"Pipeline, \d+", index)  # a definition-list term of a chapter page: posts' terms only


def test_the_index_is_sorted_by_letter_accents_with_their_letter(book):
    raw = text_of(book.pdf, layout=False)  # the order it is written: one column after the other
    start = [m.end() for m in re.finditer(r"^\f?Index$", raw, re.MULTILINE)][-1]  # its heading, not a contents line
    lines = [line.strip() for line in raw[start:].splitlines() if line.strip() and "Lead Generation Handbook" not in line]
    letters = [line for line in lines if re.fullmatch(r"[A-Z]", line)]
    assert len(letters) >= 10 and letters == sorted(set(letters)), letters
    terms = [line.rsplit(",", 1)[0] for line in lines if re.search(r", \d+$", line)]
    assert terms.index("structure") < terms.index("übersicht")  # ü sorts as u
    assert lines.index("S") < lines.index("U") < lines.index(next(line for line in lines if line.startswith("übersicht")))
    latin = [t for t in terms if t[:1].isascii() or t[:1] in "üÜéÉ"]
    assert latin == sorted(latin, key=lambda t: unicodedata.normalize("NFKD", t.casefold()))


def test_page_numbers_in_the_index_are_where_the_term_is(book_text):
    index = index_of(book_text)
    page = int(re.search(r"Is Lead Generation A Skill\?, (\d+)", index).group(1))
    pages = pages_of(book_text)
    body = next(flat(p) for p in pages if flat(p).split() and flat(p).split()[-1] == str(page)
                and "Is Lead Generation A Skill?" in p and not flat(p).startswith("Contents"))
    assert "min read" in body


def test_accents_cjk_and_emoji_are_printed(book, book_text):
    # (-layout places the colour emoji, a bitmap font, apart from its line; the written order keeps it)
    assert "Vertrieb auf Japanisch: 営業 für Anfänger 🚀" in text_of(book.pdf, layout=False)
    assert "ä ö ü ß" in book_text and "営業とは、見込み客を顧客に変える仕事です。" in book_text
    assert "بازاریابی" in book_text


def test_every_font_is_embedded_and_the_book_uses_the_debian_fonts(book):
    fonts = subprocess.run(["pdffonts", str(book.pdf)], capture_output=True, text=True).stdout.splitlines()[2:]
    assert fonts
    assert all(line.split()[-5] == "yes" for line in fonts), fonts  # emb
    names = " ".join(fonts)
    for family in ("FreeSerif", "FreeSans", "NotoSerifCJK", "FreeMono"):
        assert family in names, names


def test_the_diagram_is_a_vector_figure_with_its_alt_text_not_its_source(book, book_text):
    assert "flowchart" not in book_text and "-->" not in book_text
    assert "1 · Identify" in book_text  # the drawing's labels are text
    figures = [e for e in structure(book.pdf) if e.type == "/Figure"]
    assert any(e.attrs.get("/Alt", "").startswith("The lead generation funnel") for e in figures)


def test_every_kind_of_block_is_printed(book_text):
    text = flat(book_text)
    for expected in ("Channel Leads Share", "Email 12 60 %", "Nested point", "3. Third step", "4. Fourth step",
                     "def score(lead):", "<label> #panic() $x$", "Note A note for the trainer.",
                     "Raw HTML keeps its text", "Pipeline Every lead on its way to a sale.", "Owner the sales team",
                     "A line", "and the next line", "A topic Its text.", "A sidebar Beside the text.", "E = mc^2",
                     "A rubric", "A quotation of a trainer.", "The footnote’s own text.", "A broken picture"):
        assert expected in text, expected
    assert "alert(1)" not in text  # a script's text is not content


def test_pdf_metadata_title_author_subject_keywords_and_bookmarks(book):
    with pikepdf.open(book.pdf) as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]) == "Lead Generation Handbook"
        assert str(info["/Author"]) == "LeadCraftr"
        assert str(info["/Subject"]) == "Lead generation training handbook"
        assert str(info["/Keywords"]) == "lead generation, sales, marketing, training"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle  # the title, not the file name, in the window
        with pdf.open_outline() as outline:
            top = [item.title for item in outline.root]
            posts = [child.title for child in outline.root[1].children]
    assert top == ["Welcome", "1 Lead generation basics", "2 Skills that bring in leads",
                   "3 Lead generation as a job", "4 Tags", "Index"]
    assert posts[:2] == ["What Is Lead Generation in Sales?", "Is Lead Generation A Skill?"]


def test_two_clean_builds_are_byte_identical(book, tmp_path):
    """The second compiled in two spawned processes (typst_jobs = 2), the first in the build's own (a small book)."""
    again = build(project_with_posts(tmp_path / "project"), tmp_path, "-D", "typst_jobs=2")
    assert again.result.returncode == 0, again.result.stderr
    assert again.pdf.read_bytes() == book.pdf.read_bytes()
    for handout in book.handouts.glob("*.pdf"):
        assert (again.handouts / handout.name).read_bytes() == handout.read_bytes(), handout.name


def test_an_incremental_build_after_an_edit_equals_a_clean_one(book, tmp_path):
    """Built with a sentence changed, then the sentence put back: the PDF is the clean book's, byte for byte."""
    project = project_with_posts(tmp_path / "project")
    post = project / "posts" / "what-is-lead-generation-in-sales.md"
    original = post.read_text(encoding="utf-8")
    edited = original.replace("Lead generation in sales is", "Lead generation in sales is, put simply,")
    assert edited != original
    post.write_text(edited, encoding="utf-8")
    first = build(project, tmp_path / "first")
    assert first.result.returncode == 0, first.result.stderr
    assert "put simply" in text_of(first.pdf)
    post.write_text(original, encoding="utf-8")  # the edit
    incremental = build(project, tmp_path / "first")  # the same doctrees and output folder
    assert incremental.result.returncode == 0, incremental.result.stderr
    assert "put simply" not in text_of(incremental.pdf)
    assert incremental.pdf.read_bytes() == book.pdf.read_bytes()  # the session's clean build of the same posts


def test_duplex_opens_chapters_on_right_hand_pages_with_blank_backs_and_shows_a_release(tmp_path):
    _require()
    built = build(project_with_posts(tmp_path / "project"), tmp_path, "-t", "duplex",
                  env={"READTHEDOCS_VERSION_NAME": "v1.2"})
    assert built.result.returncode == 0, built.result.stderr
    pages = pages_of(text_of(built.pdf))
    first_lines = [next((line.strip() for line in p.splitlines() if line.strip()), "") for p in pages]
    openers = [i + 1 for i, line in enumerate(first_lines) if re.fullmatch(r"CHAPTER \d+|Welcome|Contents|Index", line)]
    assert len(openers) >= 7 and all(n % 2 == 1 for n in openers), openers
    blanks = [i + 1 for i, p in enumerate(pages) if not p.strip()]
    assert blanks and all(n % 2 == 0 and n + 1 in openers for n in blanks), (blanks, openers)
    assert flat(pages[0]).endswith("Edition of 1 December 2025 • Release v1.2")


def test_the_local_download_link_says_when_the_pdf_is_older_than_the_posts(tmp_path):

    from bs4 import BeautifulSoup

    project = add_self_checks(copy_project(tmp_path / "project", "repo"))
    pdf = project / "_build" / "pdf" / "leadgen-handbook.pdf"  # where ./dev pdf (Typst) leaves it
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.5\n")

    def sidebar(out: str):
        result = run_sphinx(project, tmp_path / out, "html", doctrees=tmp_path / f"{out}-doctrees")
        assert result.returncode == 0, result.stderr
        page = BeautifulSoup((tmp_path / out / "index.html").read_text(encoding="utf-8"), "html.parser")
        return page.select_one(".handbook-downloads")

    sources = [project / "conf.py", *project.glob("*.md"), *project.glob("chapters/*.md"), *project.glob("posts/*.md")]
    newest = max(p.stat().st_mtime for p in sources)
    os.utime(pdf, (newest - 60, newest - 60))  # made before the last edit of a post
    stale = sidebar("stale")
    assert stale.select_one("a[download]")["href"] == "leadgen-handbook.pdf"
    assert "Made before the latest changes" in stale.get_text()
    os.utime(pdf, (newest + 60, newest + 60))  # made after
    fresh = sidebar("fresh")
    assert fresh.select_one("a[download]") is not None and "Made before" not in fresh.get_text()
    assert (tmp_path / "fresh" / "leadgen-handbook.pdf").read_bytes() == b"%PDF-1.5\n"
