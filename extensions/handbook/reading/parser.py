"""MyST for posts: posts are untrusted, so they get no say in how they are parsed.

A post's front matter may carry MyST settings (``myst:``, ``html_meta:``,
``substitutions:``). MyST applies them per file: ``html_meta`` writes ``<meta>``
tags (a redirect to another site), and switching on ``substitution`` runs the
post's Jinja templates on the build machine. Posts are parsed here with the
handbook's own settings only, and with docutils' file insertion off, so that an
``include`` or ``literalinclude`` cannot publish a file from the build machine. The
``{raw}`` and ``{eval-rst}`` directives are refused (``markup.py`` removes what they
leave, with a warning): their content would reach the page without the HTML allow-list.

The front-matter title becomes the page heading as MyST's ``myst_title_to_header``
makes it, but escaped first, so that no Markdown, HTML or role in a title is ever
interpreted (the reader later sets the heading to the title's text as well).
"""

from __future__ import annotations

from docutils import nodes
from myst_parser.mdit_to_docutils.base import token_line
from myst_parser.mdit_to_docutils.sphinx_ import SphinxRenderer
from myst_parser.parsers.mdit import create_md_parser
from myst_parser.parsers.sphinx_ import MystParser

from .. import config as handbook_config
from ..core.convert import escape_markdown
from . import markup

# Directives that would put their content on a post's page unchecked ({eval-rst} is also a
# fence MyST handles itself: render_restructuredtext).
REFUSED_DIRECTIVES = ("raw", "eval-rst", "eval-rest")


class PostRenderer(SphinxRenderer):
    """MyST's renderer for posts: ``{raw}`` and ``{eval-rst}`` are refused (``markup.py`` warns)."""

    def render_restructuredtext(self, token) -> None:
        self.current_node.append(markup.refused("eval-rst", token_line(token, 0) or None))

    def run_directive(self, name: str, first_line: str, content: str, position: int, *args, **kwargs) -> list:
        if name in REFUSED_DIRECTIVES:
            return [markup.refused(name, position)]
        return super().run_directive(name, first_line, content, position, *args, **kwargs)


class TitledPostRenderer(PostRenderer):
    def render_front_matter(self, token) -> None:
        super().render_front_matter(token)  # title_to_header is off for posts
        field_lists = [n for n in self.current_node.children if isinstance(n, nodes.field_list)]
        title = next((f[1].astext() for fl in field_lists[-1:] for f in fl if f[0].astext() == "title"), "")
        if title.strip() and title.strip() != "null":
            self.nested_render_text(f"# {escape_markdown(title)}", 0)


class HandbookMystParser(MystParser):
    """MyST's Sphinx parser; for posts without per-file settings, file insertion or unchecked raw content."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        if not handbook_config.is_post(env.config, env.docname):
            return super().parse(inputstring, document)
        document.settings.file_insertion_enabled = False
        config = env.myst_config
        if config.title_to_header:
            config = config.copy(title_to_header=False)
            renderer = TitledPostRenderer
        else:
            renderer = PostRenderer
        parser = create_md_parser(config, renderer)
        parser.options["document"] = document
        parser.render(inputstring)
        return None
