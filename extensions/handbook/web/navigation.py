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

A list longer than ``handbook_sidebar_window`` shows a window of that many entries
around the current one, with links to the page that lists them all (the chapter page
for its posts, the contents page for the chapters): a page's size then stays the same
however many chapters and posts the handbook has.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util.nodes import clean_astext

from .. import capabilities, compat, runs
from .. import config as handbook_config


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


# (chapters?, before the window?, one?) -> the words of a link to the rest of a list
_MORE = {
    (True, True, True): _("%d earlier chapter"), (True, True, False): _("%d earlier chapters"),
    (True, False, True): _("%d more chapter"), (True, False, False): _("%d more chapters"),
    (False, True, True): _("%d earlier post"), (False, True, False): _("%d earlier posts"),
    (False, False, True): _("%d more post"), (False, False, False): _("%d more posts"),
}


def window(count: int, current: int | None, limit: int) -> tuple[int, int]:
    """The slice ``[start, end)`` of a list of ``count`` entries that the sidebar shows.

    All of it when ``limit`` is 0 or the list fits; else ``limit`` entries with the
    current one in the middle (kept inside the list), or the first ones when none is current.
    """
    if limit <= 0 or count <= limit:
        return 0, count
    if current is None:
        return 0, limit
    start = min(max(current - (limit - 1) // 2, 0), count - limit)
    return start, start + limit


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
        conf = handbook_config.get(app.config)
        self.limit = conf.sidebar_window
        self.contents_page = conf.contents_page
        self.browse: list[tuple[str, str]] = []  # (page, words): generated pages, after the chapters
        self.courses: list[tuple[str, str]] = []  # (course page, its title): a group of their own
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

    @property
    def needs_contents_page(self) -> bool:
        """Whether some chapter is left out of the sidebar's window on some page."""
        return any(window(len(g.entries), None, self.limit) != (0, len(g.entries)) for g in self.groups)

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
            self._list(group.entries, 1, pagename, current, out, state, self.contents_page)
        if self.courses:
            out.append(self._group(pagename, _("Courses"), "handbook-courses", self.courses))
        if self.browse:
            out.append(self._browse(pagename))
        html = "".join(out)
        deepest = state["deepest"]
        if deepest is not None:  # furo marks the last current item as the page
            marker = f"<@{deepest}@>"
            html = html.replace(marker, " current-page")
        return _strip_markers(html)

    def _list(self, entries: list[Entry], level: int, pagename: str, current: set[str], out: list[str],
              state: dict, listed_on: str) -> None:
        here_at = next((i for i, e in enumerate(entries) if e.docname in current), None)
        out.append('<ul class="current">\n' if here_at is not None else "<ul>\n")
        start, end = window(len(entries), here_at, self.limit)
        if start > 0:
            out.append(self._more(level, pagename, listed_on, start, before=True))
        for entry in entries[start:end]:
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
                self._list(entry.children, level + 1, pagename, current, out, state, entry.docname)
            out.append("</li>\n")
        if end < len(entries):
            out.append(self._more(level, pagename, listed_on, len(entries) - end, before=False))
        out.append("</ul>\n")

    def _browse(self, pagename: str) -> str:
        """The handbook's own pages (the archive): a group of their own, in furo's markup."""
        return self._group(pagename, _("Browse"), "handbook-browse", self.browse)

    def _group(self, pagename: str, caption: str, css: str, entries: list[tuple[str, str]]) -> str:
        """Pages outside the chapters (courses, the archive): a group of their own, in furo's markup."""
        items = []
        for target, words in entries:
            if target == pagename:
                items.append(f'<li class="toctree-l1 current current-page"><a class="current reference internal" '
                             f'href="#">{_text(words)}</a></li>\n')
            else:
                href = self.app.builder.get_relative_uri(pagename, target)
                items.append(f'<li class="toctree-l1"><a class="reference internal" {_attr("href", href)}>'
                             f"{_text(words)}</a></li>\n")
        return (f'<p class="caption {css}" role="heading" aria-level="2"><span class="caption-text">'
                f'{_text(caption)}</span></p>\n<ul>\n{"".join(items)}</ul>\n')

    def _more(self, level: int, pagename: str, listed_on: str, count: int, before: bool) -> str:
        """A link to the page listing every entry of a list the window cut."""
        words = _MORE[level == 1, before, count == 1] % count
        href = "#" if listed_on == pagename else self.app.builder.get_relative_uri(pagename, listed_on)
        return (f'<li class="toctree-l{level} handbook-sidebar-more"><a class="reference internal" '
                f'{_attr("href", href)}>{_text(words)}</a></li>\n')

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
    return re.sub(r"<@\d+@>", "", html)


def sidebar_tree(app: Sphinx) -> SidebarTree | None:
    """This build's tree (HTML builders, once ``write-started`` made it)."""
    return runs.of(app.env).sidebar


def build_sidebar(app: Sphinx, builder) -> None:
    """Once per build, in the main process, before pages are written (in parallel too).

    The pages that put themselves under "Browse" (the archive) did so earlier in
    ``write-started`` (``runs.Run.browse``).
    """
    run = runs.of(app.env)
    run.sidebar = SidebarTree(app) if capabilities.of(builder).html else None
    if run.sidebar is not None:
        run.sidebar.browse = list(run.browse)
        state = app.env.get_domain("handbook").state
        if state is not None:  # the course pages, by their file names (week-1, week-2, ...)
            run.sidebar.courses = [(d, plan.title) for d, plan in sorted(state.courses.items())]


def sidebar_html(app: Sphinx, pagename: str) -> str:
    """The sidebar of one page, in furo's markup (``compat.py`` hands it to furo)."""
    tree = runs.of(app.env).sidebar or SidebarTree(app)
    return tree.html(pagename)


def hand_furo_an_empty_toctree(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    compat.furo_gets_no_toctree(app, context)


def draw_sidebar(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    compat.furo_gets_sidebar(context, lambda: sidebar_html(app, pagename))


def register(app: Sphinx) -> None:
    # furo's own handler runs at the default priority, 500.
    app.connect("html-page-context", hand_furo_an_empty_toctree, priority=400)
    app.connect("html-page-context", draw_sidebar, priority=600)
    app.connect("write-started", build_sidebar)
