"""Mermaid diagrams that never break: drawn, kept, or shown as text.

sphinxcontrib-mermaid draws a diagram at build time with mermaid-cli (``mmdc``,
which needs Node.js and a browser). Many machines that build Sphinx have neither,
and then it writes ``<img src="None">`` in HTML and drops the diagram from the PDF.
Here a diagram is, in this order:

1. the drawing kept in the repository (``handbook_diagrams_dir``, one SVG for HTML and
   EPUB and one PDF for LaTeX per diagram, named by a hash of the diagram's source
   and of the mermaid settings), so only a changed diagram needs mermaid-cli;
2. drawn by mermaid-cli when it runs here (``./dev diagrams`` then keeps the drawing:
   ``handbook_keep_diagrams``);
3. else shown as readable text: the alt text and the diagram's steps as a numbered
   list, with one ``handbook.diagram`` warning that says how to draw it.

In HTML the drawing is an ``<img>`` whose alt text is escaped (sphinxcontrib-mermaid
embeds it with ``<object>`` and puts ``:alt:`` in the page unescaped).
"""

from __future__ import annotations

import filecmp
import hashlib
import os
import re
import shlex
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import search_image_for_language
from sphinxcontrib.mermaid import Mermaid, MermaidError, mermaid, render_mm, render_mm_latex

from .. import capabilities, compat
from .. import config as handbook_config
from ..core import files, rules
from ..ledger import write_file
from ..warnings import HandbookWarning, warn, warn_problem
from . import markup

HOW_TO_DRAW = ("run './dev diagrams' on a machine with Node.js and chromium to draw it and keep the "
               "drawing in {folder}/ (commit it), so that every build shows it")


# ---- pure: names and text -----------------------------------------------------------
def drawing_key(code: str, options: dict, settings: list[str]) -> str:
    """The name of a diagram's kept drawing: its source and the settings that shape it.

    ``settings`` are mermaid_params: flags and values count as written, a file (the
    mermaid config) by its contents, so the key is the same on every machine.
    """
    digest = hashlib.sha256()
    for part in (code, repr(sorted(options.items()))):
        digest.update(part.encode("utf-8") + b"\0")
    for param in settings:
        path = Path(param)
        if param.endswith(".json") and path.is_file():
            if "puppeteer" not in path.name:  # how the browser starts, not what it draws
                digest.update(path.read_bytes() + b"\0")
        elif not path.is_absolute():  # --pdfFit, --backgroundColor transparent, ...
            digest.update(param.encode("utf-8") + b"\0")
    return digest.hexdigest()[:24]


_DIRECTIVE_LINE = re.compile(r"^\s*(flowchart|graph|%%|classDef|class |style|linkStyle|click|subgraph|end\b|direction)")
_LABELLED_NODE = re.compile(r"([A-Za-z_][\w-]*)\s*[\[({>]+\s*\"?(.*?)\"?\s*[\])}]+")
_BREAK = re.compile(r"\s*<br\s*/?>\s*", re.IGNORECASE)


def steps(code: str) -> list[str]:
    """The labels of a flowchart's nodes in the order they first appear, as plain text."""
    seen: dict[str, str] = {}
    for line in code.splitlines():
        if _DIRECTIVE_LINE.match(line):
            continue
        for node_id, label in _LABELLED_NODE.findall(line):
            if node_id not in seen and label.strip():
                seen[node_id] = _BREAK.sub(" — ", label).strip()
    return list(seen.values())


_SIDEWAYS = re.compile(r"^(\s*(?:%%.*\n\s*)*(?:flowchart|graph)\s+)(LR|RL)\b", re.IGNORECASE)


def narrow_code(code: str) -> str | None:
    """A left-to-right flowchart drawn top to bottom, for phones (None: not a sideways flowchart).

    A five-step funnel drawn across a 390-pixel screen shrinks its text to about 5 px.
    """
    turned = _SIDEWAYS.sub(lambda m: m.group(1) + "TB", code, count=1)
    return turned if turned != code else None


_RECT = re.compile(r"<rect\b[^>]*/>")
_SVG_ROLE = re.compile(r'(<svg\b[^>]*?)\srole="[^"]*"')


def clean_svg(svg: str) -> str:
    """mermaid-cli's SVG made valid SVG 1.1, which EPUB readers and their checkers expect.

    Mermaid writes ``<rect/>`` without a size (it draws nothing: SVG 2 takes 0) and
    ``role="graphics-document document"``, which SVG 1.1 does not allow; ``role="img"``
    says what it is (the page's ``<img alt>`` says what it shows).
    """
    svg = _RECT.sub(lambda m: m.group(0) if ' width="' in m.group(0) and ' height="' in m.group(0) else "", svg)
    return _SVG_ROLE.sub(r'\1 role="img"', svg, count=1)


# ---- drawing --------------------------------------------------------------------------
def _mmdc_runs(config) -> bool:
    command = config.mermaid_cmd
    first = shlex.split(command)[0] if isinstance(command, str) else next(iter(command))
    return bool(shutil.which(first)) or os.access(first, os.X_OK)


class NoteDiagrams(SphinxTransform):
    """While reading: which drawn files a document's pages show (``cleanup.py`` needs it)."""

    default_priority = 820

    def apply(self, **kwargs) -> None:
        domain = self.env.get_domain("handbook")
        for node in self.document.findall(mermaid):
            for code in (node["code"], narrow_code(node["code"])):
                if code is not None:
                    domain.note_diagram(self.env.docname, compat.mermaid_file_name(self.config, code, node["options"], "svg"))


def kept_drawing(builder, node, fmt: str) -> Path:
    """Where the project keeps this diagram's drawing in this format (it may not exist yet)."""
    folder = handbook_config.get(builder.config).diagrams_dir
    key = drawing_key(node["code"], node["options"], builder.config.mermaid_params)
    return Path(builder.srcdir, folder, f"{key}.{fmt}")


def drawing(translator, node, fmt: str) -> tuple[str | None, str]:
    """The drawing's path for the page (or None) and, when None, why not."""
    builder = translator.builder
    conf = handbook_config.get(builder.config)
    code, options = node["code"], node["options"]
    kept = kept_drawing(builder, node, fmt)
    relfn, outfn = compat.mermaid_output_file(builder, code, options, fmt)
    # A kept drawing that is a link leaving the project is not read (book/sources.py warns).
    have = files.readable(builder.srcdir, kept)
    if have and not (os.path.isfile(outfn) and filecmp.cmp(kept, outfn, shallow=False)):
        os.makedirs(os.path.dirname(outfn), exist_ok=True)
        shutil.copyfile(kept, outfn)  # render_mm then finds it drawn and runs nothing
    elif not have and not _mmdc_runs(builder.config):
        return None, f"mermaid-cli ({builder.config.mermaid_cmd!r}) cannot be run here"
    try:
        relfn, outfn = render_mm(translator, code, options, fmt)
    except MermaidError as error:
        return None, f"mermaid-cli failed: {_first_error(str(error))}"
    if relfn is None:
        return None, "mermaid-cli cannot be run here"
    if fmt == "svg":
        drawn = Path(outfn).read_text(encoding="utf-8")
        if clean_svg(drawn) != drawn:
            Path(outfn).write_text(clean_svg(drawn), encoding="utf-8")
    if conf.keep_diagrams and not os.path.lexists(kept):
        _keep(outfn, kept)
    return relfn, ""


def _first_error(output: str) -> str:
    """The line of mermaid-cli's output that says what went wrong (a parse error, say)."""
    lines = [line.strip() for line in output.splitlines() if line.strip() and not line.startswith("    at ")]
    reason = next((line for line in lines if "Error" in line and not line.startswith("Mermaid exited")),
                  lines[-1] if lines else "no output")
    return reason[:200]


def _keep(drawn: str, kept: Path) -> None:
    write_file(kept, Path(drawn).read_bytes())


def _keep_print_drawing(translator, node) -> None:
    """``./dev diagrams`` runs an HTML build: keep the PDF drawing for print as well."""
    kept = kept_drawing(translator.builder, node, "pdf")
    if kept.is_file():
        return
    try:
        _, outfn = render_mm(translator, node["code"], node["options"], "pdf")
    except MermaidError:
        return
    if outfn:
        _keep(outfn, kept)
        os.unlink(outfn)  # not part of the HTML output


def _warn_shown_as_text(translator, node, why: str) -> None:
    folder = handbook_config.get(translator.builder.config).diagrams_dir
    warn(HandbookWarning.DIAGRAM, "diagram shown as text (%s); %s", why, HOW_TO_DRAW.format(folder=folder),
         location=node)


# ---- visitors ------------------------------------------------------------------------------
def visit_html(self, node) -> None:
    relfn, why = drawing(self, node, "svg")
    alt = node.get("alt") or "diagram"
    align = f" align-{node['align']}" if node.get("align") else ""
    if relfn is not None:
        if handbook_config.get(self.builder.config).keep_diagrams:
            _keep_print_drawing(self, node)
        narrow = _narrow_drawing(self, node)
        wide = " handbook-diagram-wide" if narrow else ""
        self.body.append(f'<p class="mermaid-diagram{align}"><img src="{self.encode(relfn)}" '
                         f'alt="{self.attval(alt)}" class="mermaid{wide}"/>')
        if narrow:  # only one of the two is shown (handbook.css), so only one is read out
            self.body.append(f'<img src="{self.encode(narrow)}" alt="{self.attval(alt)}" '
                             'class="mermaid handbook-diagram-narrow"/>')
        self.body.append("</p>\n")
        raise nodes.SkipNode
    _warn_shown_as_text(self, node, why)
    items = steps(node["code"])
    self.body.append(f'<div class="mermaid-diagram mermaid-as-text{align}">'
                     f'<p class="mermaid-alt">{self.encode(alt)}</p>')
    if items:
        self.body.append("<ol>" + "".join(f"<li>{self.encode(item)}</li>" for item in items) + "</ol>")
    else:
        self.body.append(f"<pre>{self.encode(node['code'])}</pre>")
    self.body.append("</div>\n")
    raise nodes.SkipNode


def _narrow_drawing(translator, node) -> str | None:
    """The phone drawing of a sideways flowchart, on the website (the EPUB and PDF keep one)."""
    code = narrow_code(node["code"])
    if code is None or not capabilities.of(translator.builder).website:
        return None
    variant = node.deepcopy()
    variant["code"] = code
    relfn, _why = drawing(translator, variant, "svg")
    return relfn  # not drawn: the wide drawing serves every screen, as before


def visit_latex(self, node) -> None:

    relfn, why = drawing(self, node, "pdf")
    if relfn is not None:
        render_mm_latex(self, node, node["code"], node["options"])  # the drawing is in place: no mmdc
        raise nodes.SkipNode
    _warn_shown_as_text(self, node, why)
    alt = node.get("alt") or ""
    items = steps(node["code"])
    if alt:
        self.body.append(f"\n\n{self.encode(alt)}\n")
    if items:
        self.body.append("\n\\begin{enumerate}\n" + "".join(f"\\item {self.encode(item)}\n" for item in items)
                         + "\\end{enumerate}\n")
    raise nodes.SkipNode


class DiagramFromFile(Mermaid):
    """sphinxcontrib-mermaid's directive, but a diagram file outside the project (or a FIFO) is not read."""

    def get_mm_code(self):
        if self.arguments:
            env = self.state.document.settings.env
            target = self.arguments[0]
            _relative, path = env.relfn2path(search_image_for_language(target, env))
            problem = rules.unreadable_file_problem(Path(env.srcdir), env.docname, path, target, self.lineno,
                                                    "the diagram file")
            if problem is not None:
                if handbook_config.is_post(env.config, env.docname):
                    return [markup.noted(problem)]  # the reader warns and keeps it with the post's problems
                warn_problem(problem)
                return []
        return super().get_mm_code()


def register(app: Sphinx) -> None:
    # Loaded here (a no-op when conf.py lists it): whatever the order of extensions,
    # mermaid's own visitors are registered first and replaced below.
    app.setup_extension("sphinxcontrib.mermaid")

    app.add_node(mermaid, override=True, html=(visit_html, None), latex=(visit_latex, None))
    app.add_directive("mermaid", DiagramFromFile, override=True)
    app.add_transform(NoteDiagrams)
