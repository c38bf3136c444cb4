"""Output that other people's software accepts: Nu HTML Checker, axe-core, epubcheck, pdffonts.

Run by ``tox -e validate`` (CI runs it; ``./dev test`` leaves it out). The seeds'
handbook is built the README's way; ``HANDBOOK_RTD_OUTPUT`` (set by ``.ci/run``) names
the output of ``../shared/rtd/rtd_build.sh``, checked the same way.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from browser import DESKTOP, PHONE, axe_violations, browser, require, serve
from checkers import epubcheck_errors, fonts_not_embedded, nu_html_errors
from helpers import REPO, copy_project, require_that, run_sphinx, strip_ansi

sys.path.insert(0, str(REPO / "tools"))
import latexpdf

pytestmark = pytest.mark.validation

# Every kind of page a reader meets: landing, chapter, post, tag page, tag overview,
# search (empty, and with results drawn by handbook-search.js), index, archive.
PAGES = ["index.html", "chapters/basics.html", "posts/what-is-a-lead-generation-job.html",
         "tags/conversion-rate.html", "tags.html", "search.html", "search.html?q=lead+generation", "genindex.html",
         "archive.html", "archive/2025.html", "courses/week-1.html", "posts/is-lead-generation-a-skill.html"]


@pytest.fixture(scope="module")
def readme_way(tmp_path_factory) -> dict[str, Path]:
    """The handbook built with README's plain commands: HTML, EPUB, the Typst PDF, and LaTeX then latexmk."""
    work = tmp_path_factory.mktemp("validation")
    project = copy_project(work / "project", "repo")
    out = {}
    for builder, options in (("html", ("-j", "auto")), ("epub", ()), ("typst", ()), ("latex", ())):
        result = run_sphinx(project, project / "_build" / builder, builder, *options)
        assert result.returncode == 0, result.stderr
        out[builder] = project / "_build" / builder
        out[f"{builder}-warnings"] = [line for line in strip_ansi(result.stderr).splitlines() if "WARNING" in line]
    latexmk = subprocess.run(latexpdf.latexmk_command("leadgen-handbook"), cwd=out["latex"], capture_output=True,
                             text=True, timeout=900)
    assert (out["latex"] / "leadgen-handbook.pdf").is_file(), latexmk.stdout[-3000:]
    # The plain way has no check of its own: the log is read here.
    assert latexpdf.log_problems((out["latex"] / "leadgen-handbook.log").read_text(errors="replace")) == []
    return out


@pytest.mark.parametrize("builder", ["html", "epub", "typst", "latex"])
def test_the_readme_commands_warn_only_about_the_seeds_missing_images(readme_way, builder):
    warnings = readme_way[f"{builder}-warnings"]
    assert len(warnings) == 5 and all("[handbook.image]" in line for line in warnings), warnings


@pytest.mark.parametrize("builder", ["typst", "latex"])
def test_every_font_of_the_pdf_is_embedded(readme_way, builder):
    assert fonts_not_embedded(readme_way[builder] / "leadgen-handbook.pdf") == []


def rtd_output() -> Path | None:
    value = os.environ.get("HANDBOOK_RTD_OUTPUT")
    require_that(bool(value), "HANDBOOK_RTD_OUTPUT names the output of ../shared/rtd/rtd_build.sh . OUT (.ci/run sets it)")
    return Path(value)


def test_nu_html_checker_finds_no_error_on_any_page(readme_way):
    assert nu_html_errors(readme_way["html"]) == []


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """The handbook built from tests/catalogue.py's hostile posts: HTML and EPUB."""
    from catalogue import CASES, MYST, write_case

    tmp_path = tmp_path_factory.mktemp("hostile")
    project = copy_project(tmp_path / "project", "basic")
    for case in CASES:
        write_case(project, case)
    overrides = [f"-Dmyst_enable_extensions={','.join(MYST['myst_enable_extensions'])}",
                 f"-Dmyst_heading_anchors={MYST['myst_heading_anchors']}",
                 "-Dcopyright=2025, Test", "-Dversion=1"]  # (Sphinx writes the EPUB's dc:rights and version from them)
    for builder in ("html", "epub"):
        result = run_sphinx(project, tmp_path / builder, builder, *overrides, timeout=600)
        assert result.returncode == 0, result.stderr[-3000:]
    assert len(list((tmp_path / "html" / "posts").glob("*.html"))) >= len(CASES) - 2
    return tmp_path


def test_nu_html_checker_finds_no_error_on_the_hostile_catalogue(hostile):
    assert nu_html_errors(hostile / "html") == []


def test_epubcheck_finds_no_error_in_the_hostile_catalogue_epub(hostile):
    [epub] = (hostile / "epub").glob("*.epub")
    errors = epubcheck_errors(epub)
    # The one error left is the input's: posts/Same-Name.md and posts/same-name.md are one name to
    # an EPUB (OCF: unique after case folding); the build warned "rename one" (catalogue.py).
    assert [e for e in errors if not re.search(r'OPF-060.*Duplicate entry.*"posts/same-name\.xhtml"', e)] == []


def test_epubcheck_finds_no_error_in_the_epub(readme_way):
    [epub] = readme_way["epub"].glob("*.epub")
    assert epubcheck_errors(epub) == []


@pytest.fixture(scope="module")
def pages_seen(readme_way):
    """axe's violations and the console errors on every kind of page, at both widths."""
    require()
    seen = {}
    with serve(readme_way["html"]) as base, browser() as chromium:
        for size in (DESKTOP, PHONE):
            context = chromium.new_context(viewport=size)
            for name in PAGES:
                page = context.new_page()
                errors: list[str] = []
                page.on("console", lambda message, errors=errors: errors.append(message.text)
                        if message.type == "error" else None)
                page.on("requestfailed", lambda request, errors=errors: errors.append(f"failed: {request.url}"))
                page.goto(base + name)
                page.wait_for_load_state("networkidle")
                seen[(size["width"], name)] = (axe_violations(page), errors)
                page.close()
            context.close()
    return seen


@pytest.mark.parametrize("width", [DESKTOP["width"], PHONE["width"]])
@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_violation(pages_seen, name, width):
    violations, _ = pages_seen[(width, name)]
    assert violations == []


@pytest.mark.parametrize("name", PAGES)
def test_no_console_error_and_no_failed_request(pages_seen, name):
    for width in (DESKTOP["width"], PHONE["width"]):
        assert pages_seen[(width, name)][1] == []


def test_the_read_the_docs_build_passes_the_same_checkers():
    out = rtd_output()
    assert nu_html_errors(out / "html") == []
    [epub] = (out / "epub").glob("*.epub")
    assert epubcheck_errors(epub) == []
    [pdf] = (out / "pdf").glob("*.pdf")  # exactly one: Read the Docs' download
    assert fonts_not_embedded(pdf) == []
    import pikepdf

    with pikepdf.open(pdf) as document:  # the Typst book: tagged, and says it is PDF/UA-1
        assert "/StructTreeRoot" in document.Root and bool(document.Root.MarkInfo.Marked)
        assert document.open_metadata().get("pdfuaid:part") == "1"
    handouts = sorted(str(p.relative_to(out / "html" / "handouts")) for p in (out / "html" / "handouts").rglob("*.pdf"))
    assert handouts == ["basics.pdf", "careers.pdf", "courses/week-1.pdf", "skills.pdf"]
