"""Calls to action: ``{cta} name`` in a page, the default ones after chapters and posts, drawn per output.

The registry is ``handbook_ctas`` in ``conf.py`` (``core/ctas.py`` reads and checks it).
While a page is read, each ``{cta}`` block becomes a placeholder and is noted on the
domain (for the content report and the rule book: a name the registry does not have is
one ``handbook.cta`` warning, and the block shows nothing). Every post gets a placeholder
at the end of its text (before its related posts), every chapter page one at its end
(after its posts): the defaults ``handbook_cta_after_post`` / ``_after_chapter`` fill them,
unless the page places its own.

Drawn once per output document (``doctree-resolved``): on the website a section with a
heading and a real link styled as a button (no script, nothing loaded from elsewhere);
in the PDF, the EPUB and a single page a framed box with the address printed in full,
since a printed button leads nowhere. The address carries UTM parameters naming the
kind of page and its chapter (``core/ctas.py``).
"""

from __future__ import annotations

import html
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective

from .. import capabilities
from .. import config as handbook_config
from ..core import rules
from ..core.bookstate import BookState
from ..core.ctas import CallToAction, find, tagged
from ..core.options import HandbookConfig
from ..warnings import warn_problem
from .domain import HandbookDomain
from .nodes import related_posts

CONF_PY = "conf.py"


class call_to_action(nodes.General, nodes.Element):
    """A call to action: ``name`` (a ``{cta}`` block) or ``default`` ("post"/"chapter": the default's place)."""


class CallToActionDirective(SphinxDirective):
    """``{cta} checklist``: the call to action of that name (``handbook_ctas``) here."""

    optional_arguments = 1
    final_argument_whitespace = True
    has_content = False

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0].strip() if self.arguments else ""
        self.env.get_domain("handbook").note_cta(self.env.docname, name, self.lineno)
        node = call_to_action(name=name, default="", docname=self.env.docname)
        self.set_source_info(node)
        return [node]


class PlaceCallsToAction(SphinxTransform):
    """The rule book on a page's ``{cta}`` blocks; the default's place at the end of a post or chapter page."""

    default_priority = 805  # after the post reader (800) added its related posts and noted its problems

    def apply(self, **kwargs) -> None:
        docname = self.env.docname
        if self.document.get("source") != str(self.env.doc2path(docname)):  # an included file
            return
        domain: HandbookDomain = self.env.get_domain("handbook")
        conf = handbook_config.get(self.config)
        refs = [(line, name) for name, line in domain.ctas().get(docname, ())]
        problems = rules.cta_problems(docname, refs, conf.ctas)
        for problem in problems:
            warn_problem(problem)
        if problems:
            domain.note_problems(docname, [*domain.problems().get(docname, ()), *problems])
        kind = "post" if handbook_config.is_post(self.config, docname) else \
            "chapter" if docname in domain.chapters else ""
        if not kind:
            return
        section = next((n for n in self.document.children if isinstance(n, nodes.section)), self.document)
        slot = call_to_action(name="", default=kind, docname=docname)
        related = next(iter(section.findall(related_posts)), None)
        if related is not None:
            related.parent.insert(related.parent.index(related), slot)
        else:
            section.append(slot)


# ---- which call to action a placeholder shows --------------------------------------------------
def chosen(node: call_to_action, conf: HandbookConfig, explicit: dict) -> CallToAction | None:
    """The entry a placeholder shows, or None (an unknown name; a default where the page places its own)."""
    if node["default"]:
        if explicit.get(node["docname"]):
            return None
        name = conf.cta_after_post if node["default"] == "post" else conf.cta_after_chapter
        return find(conf.ctas, name) if name else None
    return find(conf.ctas, node["name"])


def page_kind(state: BookState | None, docname: str, conf: HandbookConfig) -> str:
    """What ``utm_medium`` says: post, chapter or page."""
    if docname.startswith(conf.posts_dir + "/"):
        return "post"
    return "chapter" if state is not None and docname in state.chapter_order else "page"


def campaign(state: BookState | None, docname: str) -> str | None:
    """What ``utm_campaign`` says: the chapter's name (its file name), for a chapter and its posts."""
    if state is None:
        return None
    chapter = docname if docname in state.chapter_order else state.chapter_of.get(docname)
    return chapter.rsplit("/", 1)[-1] if chapter else None


# ---- drawn --------------------------------------------------------------------------------------
def website_block(entry: CallToAction, url: str, number: int) -> nodes.raw:
    """A section with a heading, its text and a real link styled as a button (every value escaped)."""
    ident = f"handbook-cta-{number}"
    text = f'<p class="handbook-cta-text">{html.escape(entry.text)}</p>\n' if entry.text else ""
    markup = (f'<section class="handbook-cta" aria-labelledby="{ident}">\n'
              f'<h2 class="handbook-cta-heading" id="{ident}">{html.escape(entry.heading)}</h2>\n{text}'
              f'<p class="handbook-cta-action"><a class="handbook-cta-button" href="{html.escape(url, quote=True)}">'
              f"{html.escape(entry.button)}</a></p>\n</section>\n")
    return nodes.raw("", markup, format="html")


def printed_block(entry: CallToAction, url: str) -> nodes.topic:
    """A framed box (PDF, EPUB): heading, text, and the button's words with the address in full."""
    box = nodes.topic(classes=["handbook-cta"])
    box += nodes.title("", entry.heading)
    if entry.text:
        box += nodes.paragraph("", entry.text)
    action = nodes.paragraph(classes=["handbook-cta-action"])
    action += nodes.Text(f"{entry.button}: ")
    action += nodes.reference("", url, refuri=url, internal=False)
    box += action
    return box


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    found = list(doctree.findall(call_to_action))
    if not found:
        return
    conf = handbook_config.get(app.config)
    domain: HandbookDomain = app.env.get_domain("handbook")
    website = capabilities.of(app.builder).website
    number = 0
    for node in found:
        entry = chosen(node, conf, domain.ctas())
        if entry is None:
            node.parent.remove(node)
            continue
        url = tagged(entry.url, page_kind(domain.state, node["docname"], conf), campaign(domain.state, node["docname"]))
        number += 1
        node.replace_self(website_block(entry, url, number) if website else printed_block(entry, url))


# ---- what carries one (the content report) ------------------------------------------------------
def carried(env: BuildEnvironment, conf: HandbookConfig) -> dict[str, tuple[str, ...]]:
    """Each published document that shows a call to action -> the names it shows, as its page does."""
    domain: HandbookDomain = env.get_domain("handbook")
    state = domain.state
    explicit = domain.ctas()
    shown: dict[str, tuple[str, ...]] = {}
    for docname, refs in explicit.items():
        record = state.posts.get(docname) if state is not None else None
        if docname not in env.found_docs or (record is not None and record.draft and not conf.show_drafts):
            continue
        names = tuple(name for name, _ in refs if find(conf.ctas, name) is not None)
        if names:
            shown[docname] = names
    if state is None:
        return shown
    defaults = [(conf.cta_after_chapter, state.chapter_order),
                (conf.cta_after_post, [d for d, r in state.posts.items() if not r.draft or conf.show_drafts])]
    for name, docnames in defaults:
        if name and find(conf.ctas, name) is not None:
            shown.update({d: (name,) for d in docnames if d not in explicit and d in env.found_docs})
    return dict(sorted(shown.items()))


def option_problems(app: Sphinx) -> list:
    """Default calls to action that the registry does not have, at their line of conf.py."""
    conf_py = Path(app.confdir or app.srcdir, CONF_PY)
    text = conf_py.read_text(encoding="utf-8", errors="replace") if conf_py.is_file() else ""
    return rules.cta_option_problems(handbook_config.get(app.config), text, CONF_PY)


def warn_option_problems(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: the options' problems, each build (as the check and the content report say them)."""
    conf_py = Path(app.confdir or app.srcdir, CONF_PY)
    for problem in option_problems(app):
        # (Sphinx takes a location without ":" for a document's name)
        warn_problem(problem, location=f"{conf_py}:{problem.line}" if problem.line else None)
    return []


def _skip(self, node):
    raise nodes.SkipNode


def register(app: Sphinx) -> None:
    app.add_node(call_to_action, **{fmt: (_skip, None) for fmt in ("html", "latex", "text", "man", "texinfo")})
    app.add_directive("cta", CallToActionDirective)
    app.add_transform(PlaceCallsToAction)
    app.connect("doctree-resolved", on_doctree_resolved)
    app.connect("env-updated", warn_option_problems)
