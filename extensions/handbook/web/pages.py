"""Pages the handbook makes itself, from Jinja templates a theme or project can override.

A generated page (tag, author, archive, contents, report, an old tag's redirect) is the
theme's ``page.html`` around a body drawn by a template of the handbook's own,
``handbook/<name>.html`` (in ``templates/handbook/``): a project overrides one by putting
a file of that name in its ``_templates/``. The body templates are rendered with Sphinx's
template loader (so overrides and themes apply) in an environment that escapes every
value (text from posts is never markup; HTML made by the handbook comes in as
``Markup``). Whether a page must be written again is the ledger's to say (``ledger.py``).
"""

from __future__ import annotations

import hashlib
import html
from pathlib import Path
from typing import Any

from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup
from sphinx.application import Sphinx

from .. import ledger, runs
from .navigation import sidebar_tree

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _escaped(value: Any) -> Any:
    """Every value a template shows, escaped as html.escape escapes (quotes too), unless it is markup."""
    if value is None or isinstance(value, Markup):
        return value
    return Markup(html.escape(str(value)))


def render(app: Sphinx, template: str, **context: Any) -> Markup:
    """``handbook/<template>`` rendered with ``context``: an HTML fragment."""
    run = runs.of(app.env)
    if run.templates is None:
        run.templates = SandboxedEnvironment(loader=app.builder.templates, autoescape=True, finalize=_escaped,
                                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    return Markup(run.templates.get_template(f"handbook/{template}").render(context))


def link(app: Sphinx, pagename: str, target: str, anchor: str = "") -> str:
    """A page's address as seen from ``pagename`` (``#anchor`` added)."""
    return app.builder.get_relative_uri(pagename, target) + (f"#{anchor}" if anchor else "")


def page(app: Sphinx, kind: str, pagename: str, title: str, template: str, listed: bool = True,
         metatags: str = "", **context: Any) -> list[tuple[str, dict, str]]:
    """``[(pagename, context, "page.html")]`` for ``html-collect-pages``, or ``[]`` when the page is current.

    ``listed``: a page for readers (in the sitemap), not one for writers (the report).
    """
    builder = app.builder
    if listed:
        runs.of(app.env).listed_pages.add(pagename)  # the sitemap lists it
    body = render(app, template, **context)
    tree = sidebar_tree(app)
    sidebar = tree.html(pagename) if tree is not None else ""
    # Everything around the body: the sidebar, and conf.py (html_context, theme options, ...).
    fingerprint = hashlib.sha256(repr((title, str(body), metatags, sidebar, builder.build_info.config_hash))
                                 .encode()).hexdigest()
    path = Path(builder.get_outfilename(pagename)).relative_to(builder.outdir).as_posix()
    book = ledger.of(app)
    if not book.wants(kind, path, fingerprint):
        return []
    book.promise()
    return [(pagename, {"title": html.escape(title), "body": str(body), "parents": [], "display_toc": False,
                        "toc": "", "meta": {}, "metatags": metatags, "sourcename": "", "rellinks": []}, "page.html")]


def use_templates(app: Sphinx, config) -> None:
    """``config-inited``: the handbook's templates, after the project's (which may override them)."""
    if str(TEMPLATES) not in config.templates_path:
        # A new list: the default one is shared by every Config of the process.
        config.templates_path = [*config.templates_path, str(TEMPLATES)]


def register(app: Sphinx) -> None:
    app.connect("config-inited", use_templates)
