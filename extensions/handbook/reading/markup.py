"""What a post's body may put on a page: its HTML through the allow-list, nothing that runs, nothing from outside.

A post's raw HTML (MyST's HTML blocks and inline tags) goes through the allow-list of
``core/html.py`` (nh3): scripts, event handlers, ``javascript:`` links, styles, forms
posting elsewhere, frames from other hosts are removed, tables, ``<details>``, figures,
images and videos from the embed hosts kept. The ``{raw}`` and ``{eval-rst}`` directives
are refused in posts (they put their content on the page, or reStructuredText's
``.. raw::``/``.. meta::``, unchecked). Links whose address is ``javascript:``,
``vbscript:`` or ``data:`` (from a directive's option, say) lose their address, and
downloads of files outside the project are not made. Every removal is one
``handbook.html`` (or ``handbook.file``) problem at its line, by the rule book
(``core/rules.py``): the build warns with them, and ``./dev check`` finds the same HTML in
the Markdown as MyST does (``commands/markup.py``).

The doctree is cleaned once, while the post is read, so the website, the EPUB, the PDF
and everything made from the post afterwards (excerpts, feeds, search) see the same.
"""

from __future__ import annotations

import functools
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.config import Config
from sphinx.environment import BuildEnvironment

from .. import config as handbook_config
from ..core import html, rules
from ..core.problems import Problem

REFUSED = "handbook-refused"  # on the empty raw node standing where a refused directive was
NOTED = "handbook-problem"  # on the empty raw node carrying a problem a directive found
LATEX_LINE_BREAK = "\\\\\n"  # MyST's hard line break for LaTeX: the one raw text a post's body makes itself


def refused(name: str, line: int | None) -> nodes.raw:
    """What a refused directive leaves in the doctree: an empty node the reader removes with a warning."""
    node = nodes.raw("", "", format="html")
    node[REFUSED] = refused_phrase(name)
    node.line = line
    return node


def noted(problem: Problem) -> nodes.raw:
    """An empty node carrying a problem a directive found while the post was parsed (the reader warns)."""
    node = nodes.raw("", "", format="html")
    node[NOTED] = problem
    node.line = problem.line
    return node


def refused_phrase(name: str) -> str:
    return f"the {{{name}}} directive (not allowed in posts)"


def policy(config: Config) -> html.Policy:
    conf = handbook_config.get(config)
    return _policy(conf.embed_hosts, conf.trusted_html_hosts)


@functools.lru_cache(maxsize=8)
def _policy(embed_hosts: tuple[str, ...], trusted_hosts: tuple[str, ...]) -> html.Policy:
    return html.Policy(embed_hosts, trusted_hosts)


def clean_post(env: BuildEnvironment, document: nodes.document, allowed: html.Policy) -> list[Problem]:
    """Clean a post's doctree in place; the problems (one per line that lost something)."""
    docname = env.docname
    found: list[tuple[int | None, tuple[str, ...]]] = []
    problems: list[Problem] = []
    for node in list(document.findall(nodes.raw)):
        line = line_of(node)
        if node.get(REFUSED):
            found.append((line, (node[REFUSED],)))
            node.parent.remove(node)
            continue
        if node.get(NOTED):
            problems.append(node[NOTED])
            node.parent.remove(node)
            continue
        formats = node.get("format", "").split()
        if "html" in formats:
            cleaned = html.clean(node.astext(), allowed)
            found.append((line, cleaned.removed))
            if cleaned.html.strip():
                node.replace_self(_raw_html(cleaned.html, node))
            else:
                node.parent.remove(node)
        elif node.astext() != LATEX_LINE_BREAK:
            found.append((line, (f"raw {' '.join(formats) or 'text'}",)))
            node.parent.remove(node)
    for node in list(document.findall(nodes.meta)):
        found.append((line_of(node), ("a <meta> tag",)))
        node.parent.remove(node)
    for node in list(document.findall(nodes.reference)):
        why = html.url_problem(node.get("refuri", ""))
        if why:
            found.append((line_of(node), (why,)))
            node.replace_self(nodes.inline("", "", *node.children))
    for node in list(document.findall(addnodes.pending_xref)):
        # [text](../../file): MyST's link to a file, which would lead nowhere ("#../../file")
        target = node.get("reftarget", "").split("#")[0]
        if node.get("reftype") != "myst" or not target or "://" in target:
            continue
        _relative, path = env.relfn2path(target, docname)
        problem = rules.unreadable_file_problem(Path(env.srcdir), docname, path, node["reftarget"], line_of(node),
                                                "the link to")
        if problem is not None:
            problems.append(problem)
            node.replace_self(nodes.inline("", "", *node.children))
    for node in list(document.findall(addnodes.download_reference)):
        target = node.get("reftarget", "")
        _relative, path = env.relfn2path(target, docname)
        problem = rules.unreadable_file_problem(Path(env.srcdir), docname, path, target, line_of(node), "the download")
        if problem is not None:
            problems.append(problem)
            node.replace_self(nodes.inline("", "", *node.children))
    return rules.markup_problems(docname, found) + problems


def _raw_html(text: str, like: nodes.raw) -> nodes.raw:
    node = nodes.raw("", text, format="html")
    node.source, node.line = like.source, like.line
    return node


def line_of(node: nodes.Node) -> int | None:
    """The node's line, or its nearest ancestor's (MyST gives inline HTML its paragraph's)."""
    while node is not None:
        if node.line:
            return node.line
        node = node.parent
    return None
