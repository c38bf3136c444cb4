"""Sphinx configuration of the Lead Generation Handbook."""

import os
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent.resolve()
sys.path.insert(0, str(HERE / "extensions"))

project = "Lead Generation Handbook"
author = "LeadCraftr"
copyright = "2025, LeadCraftr"
# The cover's edition line: the build date (SOURCE_DATE_EPOCH when set), and the Read the
# Docs version only when it names a release ("v1.2", "2025.1"; not "latest" or a branch).
_rtd_version = os.environ.get("READTHEDOCS_VERSION_NAME", "")
release = _rtd_version if re.fullmatch(r"v?\d[0-9A-Za-z.-]*", _rtd_version) else ""
version = release or "0"  # the EPUB needs one
today_fmt = "%-d %B %Y"  # the dates of the posts (handbook_date_format), on the cover too
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.mermaid",
    "sphinx.ext.imgconverter",  # .webp (and other web formats) to PNG for the PDF
    "handbook",
]

root_doc = "index"
exclude_patterns = [
    "_build", "_readthedocs", ".*", "node_modules",
    "README.md", "ARCHITECTURE.md", "diagrams", "extensions", "tests", "tools", "requirements", "benchmarks",
]

# ---- MyST -------------------------------------------------------------------
# Posts carry their title in front matter and have no H1. MyST renders it as the
# page heading; the handbook extension then makes sure it is shown as plain text.
myst_title_to_header = True
myst_enable_extensions = ["colon_fence", "attrs_inline"]
myst_heading_anchors = 3

# ---- the handbook extension (README: "Configuration") -----------------------
handbook_posts_dir = "posts"
handbook_marker_tags = ["post"]
handbook_site_url = "https://leadcraftr.com"
handbook_post_path = "/posts/{slug}/"
handbook_related_limit = 3

# ---- HTML (furo) ------------------------------------------------------------
html_theme = "furo"
html_title = project
html_favicon = "_static/favicon.svg"  # else browsers ask for /favicon.ico and log a 404
html_static_path = ["_static"]
html_css_files = ["handbook-theme.css"]
templates_path = ["_templates"]
# No copies of the posts' Markdown in the output (a deleted post's text would stay
# published) and no "view source" link (trainees read pages, not sources).
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {
    "light_css_variables": {"color-brand-primary": "#1d4ed8", "color-brand-content": "#1d4ed8"},
    "dark_css_variables": {"color-brand-primary": "#93c5fd", "color-brand-content": "#93c5fd"},
}
html_sidebars = {
    "**": [
        "sidebar/brand.html", "sidebar/search.html", "sidebar/scroll-start.html",
        "sidebar/navigation.html", "sidebar/downloads.html", "sidebar/scroll-end.html",
    ]
}
PDF_NAME = "leadgen-handbook.pdf"
html_context = {}
html_extra_path = []
if os.environ.get("READTHEDOCS_CANONICAL_URL"):
    # Read the Docs serves the PDF under /_/downloads/; the chapter handouts are made by the
    # same PDF job (.readthedocs.yaml, tools/typstpdf.py) into the website's handouts/.
    from urllib.parse import urlsplit

    html_baseurl = os.environ["READTHEDOCS_CANONICAL_URL"]
    _site = urlsplit(html_baseurl)
    html_context["handbook_pdf_url"] = (f"{_site.scheme}://{_site.netloc}/_/downloads/"
                                        f"{os.environ.get('READTHEDOCS_LANGUAGE', 'en')}/"
                                        f"{os.environ.get('READTHEDOCS_VERSION', 'latest')}/pdf/")
    html_context["handbook_handouts"] = "handouts"  # unless too many posts: handouts.published
    # The website as one zip, made by the post_build job (tools/offline_zip.py); the landing page links it.
    html_context["handbook_offline_zip"] = "handbook-offline.zip"
else:
    _sources = [HERE / "conf.py", *HERE.glob("*.md"), *HERE.glob("chapters/**/*.md"), *HERE.glob("posts/**/*.md")]
    if (HERE / "_build" / "pdf" / PDF_NAME).exists():
        # A local build offers the PDF that `./dev pdf` made, copied next to the pages, and
        # says so when the posts changed after it was made (never a silently stale PDF).
        _pdf = HERE / "_build" / "pdf" / PDF_NAME
        html_extra_path.append(f"_build/pdf/{PDF_NAME}")
        html_context["handbook_pdf_url"] = PDF_NAME
        html_context["handbook_pdf_stale"] = _pdf.stat().st_mtime < max(p.stat().st_mtime for p in _sources)
    if any((HERE / "_build" / "handouts" / "html" / "handouts").glob("*.pdf")):
        # ... and the chapter handouts `./dev handouts` made (each chapter page links its own).
        html_extra_path.append("_build/handouts/html")
        html_context["handbook_handouts"] = "handouts"

# ---- Mermaid: drawn at build time, so no page loads a script from elsewhere ----
mermaid_output_format = "svg"
# mmdc drives a headless browser: Debian's chromium when there is one (Puppeteer's
# own download does not work offline); on Read the Docs Puppeteer brings its own.
# The one place that chooses it (every way of building reads conf.py).
if Path("/usr/bin/chromium").exists():
    os.environ.setdefault("PUPPETEER_EXECUTABLE_PATH", "/usr/bin/chromium")
_mmdc = HERE / "node_modules" / ".bin" / "mmdc"
mermaid_cmd = str(_mmdc) if _mmdc.exists() else "mmdc"
# mermaid-config.json: labels as SVG text, not HTML inside <foreignObject> (invalid in
# EPUB, lost by many SVG readers). Drawn diagrams are kept in diagrams/ (./dev diagrams).
mermaid_params = ["--puppeteerConfigFile", str(HERE / "tools" / "puppeteer-config.json"),
                  "--configFile", str(HERE / "tools" / "mermaid-config.json"), "--backgroundColor", "transparent",
                  "--pdfFit"]  # the print drawing as large as the diagram, not a letter page

# ---- PDF (LaTeX, as Read the Docs builds it: sphinx-build -b latex, then latexmk) ----
# LuaLaTeX with font fallbacks renders accents, CJK and emoji. The index: xindy is not
# available the Read the Docs way and makeindex breaks UTF-8 letter headings, so
# tools/latexmkrc runs upmendex (latex_use_xindy = False makes Sphinx write makeindex
# input, which upmendex reads).
latex_engine = "lualatex"
latex_use_xindy = False
latex_documents = [(root_doc, PDF_NAME.replace(".pdf", ".tex"), project, author, "manual")]
# latexmkrc: the index sorted by upmendex (Unicode), see the file; handbook-book.sty: the
# book's design (cover, running heads, chapter openers); handbook-fonts.sty: the fonts.
latex_additional_files = ["tools/latexmkrc", "tools/handbook-book.sty", "tools/handbook-fonts.sty"]
latex_show_pagerefs = True  # cross-references say which page they lead to
latex_show_urls = "footnote"  # printed links show where they go
# Single-sided by default (no blank pages before chapters); `./dev pdf -- -t duplex` for
# duplex printing (chapters open on right-hand pages).
_duplex = "duplex" in tags  # noqa: F821 - Sphinx provides `tags` to conf.py
# Handouts (`./dev handouts`, extensions/handbook/pdf/handouts.py): one PDF per chapter and
# per course. A course handout's LaTeX job is named course-<name> (tools/handouts.py).
_subtitle = ("A chapter of the Lead Generation Handbook, for one training session" if "handouts" in tags  # noqa: F821
             else "From the first idea to the daily work: a training handbook for new lead generators")
_course_subtitle = "A course of the Lead Generation Handbook: its sessions and the posts they read"
# The trainer's edition (`./dev pdf -- -t trainer`, `./dev handouts -- -t trainer`) prints the
# self-checks' answers and says so on its cover; the trainee's never has them.
_trainer = "trainer" in tags  # noqa: F821
_edition = r"\par\emph{Trainer's edition, with the answers to the self-checks}" if _trainer else ""
latex_elements = {
    "papersize": "a4paper",
    "extraclassoptions": "openright,twoside" if _duplex else "openany,oneside",
    "fontpkg": r"\usepackage{handbook-fonts}",  # tools/handbook-fonts.sty: fonts, CJK and emoji fallback
    "fncychap": "",  # chapter openers: tools/handbook-book.sty
    "preamble": r"""
\hypersetup{pdfsubject={Lead generation training handbook},
  pdfkeywords={lead generation, sales, marketing, training}}
% Index entries are tags, not code: the text font, not typewriter.
\protected\def\sphinxstyleindexentry#1{#1}
\usepackage{handbook-book}
""" + rf"""\renewcommand{{\handbooksubtitle}}{{{_subtitle}{_edition}}}
\ifnum\directlua{{tex.write(string.sub(tex.jobname, 1, 7) == "course-" and 1 or 0)}}=1
  \renewcommand{{\handbooksubtitle}}{{{_course_subtitle}{_edition}}}\fi
\renewcommand{{\handbookrelease}}{{{release}}}
""",
    "maketitle": r"\handbookcover",
}

# ---- PDF (Typst: ./dev pdf, tools/typstpdf.py build, Read the Docs) ------------------
# The training PDF and the chapter handouts as PDF/UA-1, made by extensions/handbook/pdf/typst/
# (sphinx-build -b typst); no TeX needed. Typst prints every post at any size, so the LaTeX
# route's limit (handbook_print_max_posts) is off.
handbook_print_max_posts = 0
typst_filename = PDF_NAME.removesuffix(".pdf")
typst_subtitle = "From the first idea to the daily work: a training handbook for new lead generators"
typst_handout_subtitle = "A chapter of the Lead Generation Handbook, for one training session"
typst_subject = "Lead generation training handbook"
typst_keywords = ["lead generation", "sales", "marketing", "training"]
