"""Sphinx configuration of the Lead Generation Handbook."""

import os
import sys
from pathlib import Path

HERE = Path(__file__).parent.resolve()
sys.path.insert(0, str(HERE / "extensions"))

project = "Lead Generation Handbook"
author = "LeadCraftr"
copyright = "2025, LeadCraftr"
# Read the Docs names the version it builds; a local build is the working copy.
version = release = os.environ.get("READTHEDOCS_VERSION_NAME", "latest")
language = "en"

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinxcontrib.mermaid",
    "handbook",
]

root_doc = "index"
exclude_patterns = [
    "_build", "_readthedocs", ".*", "node_modules",
    "README.md", "extensions", "tests", "tools", "requirements", "benchmarks",
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
html_static_path = ["_static"]
html_css_files = ["handbook-theme.css"]
templates_path = ["_templates"]
html_theme_options = {
    "light_css_variables": {"color-brand-primary": "#1d4ed8", "color-brand-content": "#1d4ed8"},
    "dark_css_variables": {"color-brand-primary": "#93c5fd", "color-brand-content": "#93c5fd"},
}
html_last_updated_fmt = None
if os.environ.get("READTHEDOCS_CANONICAL_URL"):
    html_baseurl = os.environ["READTHEDOCS_CANONICAL_URL"]

# ---- Mermaid: drawn at build time, so no page loads a script from elsewhere ----
mermaid_output_format = "svg"
# mmdc drives a headless browser: Debian's chromium when there is one (Puppeteer's
# own download does not work offline); on Read the Docs Puppeteer brings its own.
if Path("/usr/bin/chromium").exists() and not os.environ.get("READTHEDOCS"):
    os.environ.setdefault("PUPPETEER_EXECUTABLE_PATH", "/usr/bin/chromium")
_mmdc = HERE / "node_modules" / ".bin" / "mmdc"
mermaid_cmd = str(_mmdc) if _mmdc.exists() else "mmdc"
mermaid_params = ["--puppeteerConfigFile", str(HERE / "tools" / "puppeteer-config.json"), "--backgroundColor", "transparent"]
