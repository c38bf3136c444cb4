"""The sidebar, drawn in time proportional to the current chapter, not the handbook.

furo draws its sidebar from ``toctree(collapse=False, ...)`` on every page: every
page then carries every post, and a build grows with the square of the number of
posts. The sidebar here shows what a collapsed toctree shows (every chapter, and the
posts of the current chapter) in furo's own markup, with its checkboxes, so furo's
look and its keyboard and mobile navigation stay as they are.

It is built from a tree of titles and links computed once per build from Sphinx's
toctree data, instead of resolving and re-parsing Sphinx's toctree on each page.
``tests/test_sidebar.py`` checks that every page gets exactly the markup furo makes
from Sphinx's own collapsed toctree, but for :data:`ACCESSIBILITY_FIXES`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.nodes import clean_astext


@dataclass
class Entry:
    docname: str | None  # None: an external link
    title_html: str
    title_text: str
    url: str | None = None
    children: list[Entry] = field(default_factory=list)


@dataclass
class Group:
    caption: str | None
    entries: list[Entry]


# Where this sidebar's markup differs from furo's, and why (the Nu HTML checker and
# axe-core flag furo's): (furo's markup, ours).
ACCESSIBILITY_FIXES = (
    # A heading role needs a level (axe: aria-required-attr, critical).
    ('<p class="caption" role="heading">', '<p class="caption" role="heading" aria-level="2">'),
    # role="switch" needs aria-checked, which would go stale when the box is ticked
    # without JavaScript; a plain checkbox already tells its state (Nu: missing aria-checked).
    (' role="switch" type="checkbox"/>', ' type="checkbox"/>'),
)


def _text(value: str) -> str:
    """Text as furo's BeautifulSoup writes it (its "minimal" formatter)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(name: str, value: str) -> str:
    value = _text(value)
    if '"' in value:
        if "'" in value:
            return f'{name}="{value.replace(chr(34), "&quot;")}"'
        return f"{name}='{value}'"
    return f'{name}="{value}"'


class SidebarTree:
    """The root's tables of contents as titles and links, built once per build."""

    def __init__(self, app: Sphinx) -> None:
        self.app = app
        env = app.env
        self.parent: dict[str, str] = {}
        self._collapsed_cache: dict[tuple[str, int, int], str] = {}
        for parent, children in env.toctree_includes.items():
            for child in children:
                self.parent[child] = parent
        root = env.config.root_doc
        self.groups = [
            Group(toctree.get("caption"), self._entries(toctree, [root]))
            for toctree in env.tocs[root].findall(addnodes.toctree)
        ] if root in env.tocs else []

    def _title(self, docname: str, explicit: str | None) -> tuple[str, str]:
        if explicit:
            return _text(explicit), explicit
        title = self.app.env.titles[docname]
        if all(child.tagname == "#text" for child in title.children):
            text = clean_astext(title)
            return _text(text), text
        # A title with markup (`code`, *emphasis*): as the HTML writer renders it.
        from bs4 import BeautifulSoup

        fragment = self.app.builder.render_partial(title.deepcopy())["title"]
        soup = BeautifulSoup(fragment, "html.parser")
        return str(soup), soup.get_text()

    def _entries(self, toctree, parents: list[str]) -> list[Entry]:
        entries = []
        env = self.app.env
        for explicit_title, ref in toctree["entries"]:
            if "://" in ref:
                entries.append(Entry(None, _text(explicit_title or ref), explicit_title or ref, url=ref))
                continue
            if ref == "self" or ref in parents or ref not in env.titles or ref not in env.tocs:
                continue  # Sphinx leaves these out (with its own warnings)
            html, text = self._title(ref, explicit_title)
            entry = Entry(ref, html, text)
            for sub in env.tocs[ref].findall(addnodes.toctree):
                entry.children.extend(self._entries(sub, [ref, *parents]))
            entries.append(entry)
        return entries

    def ancestors(self, pagename: str) -> set[str]:
        found = {pagename}
        while pagename in self.parent and self.parent[pagename] not in found:
            pagename = self.parent[pagename]
            found.add(pagename)
        return found

    def html(self, pagename: str) -> str:
        current = self.ancestors(pagename)
        out: list[str] = []
        state = {"checkboxes": 0, "deepest": None}
        for group in self.groups:
            if group.caption:
                out.append(f'<p class="caption" role="heading" aria-level="2"><span class="caption-text">'
                           f"{_text(group.caption)}</span></p>\n")
            self._list(group.entries, 1, pagename, current, out, state)
        html = "".join(out)
        deepest = state["deepest"]
        if deepest is not None:  # furo marks the last current item as the page
            marker = f"<@{deepest}@>"
            html = html.replace(marker, " current-page")
        return _strip_markers(html)

    def _list(self, entries: list[Entry], level: int, pagename: str, current: set[str], out: list[str],
              state: dict) -> None:
        is_current = any(e.docname in current for e in entries)
        out.append('<ul class="current">\n' if is_current else "<ul>\n")
        for entry in entries:
            if entry.docname is None:
                out.append(f'<li class="toctree-l{level}"><a class="reference external" {_attr("href", entry.url)}>'
                           f"{entry.title_html}</a></li>\n")
                continue
            here = entry.docname in current
            if not here:
                out.append(self._collapsed(entry, level, pagename))
                continue
            expand = bool(entry.children)
            classes = f"toctree-l{level} current" + (" has-children" if expand else "")
            marker_id = len(out)
            state["deepest"] = marker_id
            # A marker escaped text can never contain; furo's "current-page" goes on the last.
            classes += f"<@{marker_id}@>"
            if entry.docname == pagename:
                link = f'<a class="current reference internal" href="#">{entry.title_html}</a>'
            else:
                href = self.app.builder.get_relative_uri(pagename, entry.docname)
                link = f'<a class="reference internal" {_attr("href", href)}>{entry.title_html}</a>'
            out.append(f'<li class="{classes}">{link}')
            if expand:
                state["checkboxes"] += 1
                name = f"toctree-checkbox-{state['checkboxes']}"
                out.append(f'<input {_attr("aria-label", "Toggle navigation of " + entry.title_text)} checked="" '
                           f'class="toctree-checkbox" id="{name}" name="{name}" type="checkbox"/>'
                           f'<label for="{name}"><span class="icon"><svg><use href="#svg-arrow-right"></use>'
                           f"</svg></span></label>")
                self._list(entry.children, level + 1, pagename, current, out, state)
            out.append("</li>\n")
        out.append("</ul>\n")

    def _collapsed(self, entry: Entry, level: int, pagename: str) -> str:
        """An entry off the current path: the same on every page of one folder.

        Most of a page's sidebar is these (every other chapter), so they are drawn
        once per output folder: a page then costs the length of its own chapter.
        """
        target = self.app.builder.get_target_uri(pagename)
        key = (target.rpartition("/")[0], level, id(entry))
        html = self._collapsed_cache.get(key)
        if html is None:
            href = self.app.builder.get_relative_uri(pagename, entry.docname)
            html = (f'<li class="toctree-l{level}"><a class="reference internal" {_attr("href", href)}>'
                    f"{entry.title_html}</a></li>\n")
            self._collapsed_cache[key] = html
        return html


def _strip_markers(html: str) -> str:
    import re

    return re.sub(r"<@\d+@>", "", html)


_CACHE_KEY = "_handbook_sidebar"


def build_sidebar(app: Sphinx, builder) -> None:
    """Once per build, in the main process, before pages are written (in parallel too)."""
    setattr(builder, _CACHE_KEY, SidebarTree(app) if builder.format == "html" else None)


def hand_furo_an_empty_toctree(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Before furo's handler: nothing for it to resolve and parse (we draw it after)."""
    if "toctree" in context and "furo" in str(app.config.html_theme):
        context["handbook_toctree"] = context["toctree"]
        context["toctree"] = lambda **kwargs: ""


def draw_sidebar(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """After furo's handler: the collapsed sidebar in furo's markup."""
    if "handbook_toctree" not in context:
        return
    context["toctree"] = context.pop("handbook_toctree")
    tree = getattr(app.builder, _CACHE_KEY, None) or SidebarTree(app)
    context["furo_navigation_tree"] = tree.html(pagename)


def register(app: Sphinx) -> None:
    # furo's own handler runs at the default priority, 500.
    app.connect("html-page-context", hand_furo_an_empty_toctree, priority=400)
    app.connect("html-page-context", draw_sidebar, priority=600)
    app.connect("write-started", build_sidebar)
