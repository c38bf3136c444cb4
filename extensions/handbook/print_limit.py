"""A PDF that fits: each chapter prints its newest posts, the others are listed (very large handbooks).

A 10,000-post handbook makes a PDF of about 14,000 pages, and LuaLaTeX's passes over it
take longer than Read the Docs gives a whole build. With ``handbook_print_posts_per_chapter
= N`` the PDF keeps each chapter's N newest posts; after them the chapter lists the others
by title, with their address on the website (``html_baseurl``), so a trainer still sees
everything the chapter holds. The website, the EPUB and the chapter handouts keep every post.

The LaTeX builder has already put every post into the book when post-transforms run;
this one comes first (before references are resolved), takes the left-out posts out,
and tells the builder they are not in this PDF, so links to them print as their title
(as links to posts outside a handout do) instead of a page number that does not exist.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.locale import _
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import config as handbook_config
from .handouts import TAG as HANDOUTS
from .listing import left_out_of_print


def left_out(state, keep: int) -> dict[str, tuple[str, ...]]:
    """Each chapter's left-out posts, in chapter order (chapters leaving none out are absent)."""
    dates = {docname: record.date for docname, record in state.posts.items()}
    found = {chapter: left_out_of_print(state.chapters.get(chapter, ()), dates, keep) for chapter in state.chapter_order}
    return {chapter: posts for chapter, posts in found.items() if posts}


class PrintLimit(SphinxPostTransform):
    builders = ("latex",)
    default_priority = 5  # before ReferencesResolver (10): links to left-out posts find no page

    def run(self, **kwargs) -> None:
        keep = handbook_config.get(self.config).print_posts_per_chapter
        state = self.env.get_domain("handbook").state
        if not keep or state is None or self.app.tags.has(HANDOUTS):
            return
        chapters = left_out(state, keep)
        gone = {docname for posts in chapters.values() for docname in posts}
        files = {node["docname"]: node for node in self.document.findall(addnodes.start_of_file)}
        if not gone & files.keys():
            return
        for docname in gone & files.keys():
            files[docname].parent.remove(files[docname])
            self.app.builder.docnames.discard(docname)
        for chapter, posts in chapters.items():
            if chapter in files:
                files[chapter] += self.listing(state, posts)

    def listing(self, state, posts: tuple[str, ...]) -> list[nodes.Node]:
        base = (self.config.html_baseurl or "").strip().rstrip("/")
        intro = nodes.paragraph("", _("More posts in this chapter, on the website (%d):") % len(posts),
                                classes=["handbook-online-only"])
        items = nodes.bullet_list(classes=["handbook-online-only"])
        for docname in posts:
            record = state.posts[docname]
            text = nodes.Text(record.title)
            line = nodes.paragraph()
            line += nodes.reference("", "", text, refuri=f"{base}/{docname}.html") if base else text
            items += nodes.list_item("", line)
        return [intro, items]


def register(app) -> None:
    app.add_post_transform(PrintLimit)
