"""A PDF that fits: a very large handbook prints each chapter's newest posts and lists the others.

A 10,000-post handbook would make a PDF of about 14,000 pages, which nobody prints, and
LuaLaTeX's passes over it take longer than Read the Docs gives a whole build. The PDF
holds at most ``handbook_print_max_posts`` posts (2,000): in a handbook with more, each
chapter prints the same number of its newest posts (at least one; chapters with fewer
print all theirs), and after them lists the others by title, with their address on the
website (``html_baseurl``), so a trainer still sees everything the chapter holds. The
website, the EPUB and the chapter handouts keep every post.

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
from sphinx.util import logging

from .. import config as handbook_config
from .. import runs
from ..core.listing import left_out_of_print, print_quota

logger = logging.getLogger(__name__)

def left_out(state, max_posts: int) -> dict[str, tuple[str, ...]]:
    """Each chapter's left-out posts, in chapter order (chapters leaving none out are absent)."""
    members = {chapter: state.chapters.get(chapter, ()) for chapter in state.chapter_order}
    keep = print_quota((len(posts) for posts in members.values()), max_posts)
    dates = {docname: record.date for docname, record in state.posts.items()}
    found = {chapter: left_out_of_print(posts, dates, keep) for chapter, posts in members.items()}
    return {chapter: posts for chapter, posts in found.items() if posts}


class PrintLimit(SphinxPostTransform):
    builders = ("latex",)
    default_priority = 5  # before ReferencesResolver (10): links to left-out posts find no page

    def run(self, **kwargs) -> None:
        max_posts = handbook_config.get(self.config).print_max_posts
        state = self.env.get_domain("handbook").state
        run = runs.of(self.env)
        if not max_posts or state is None or run.builder is None or run.handouts:
            return
        chapters = left_out(state, max_posts)
        gone = {docname for posts in chapters.values() for docname in posts}
        files = {node["docname"]: node for node in self.document.findall(addnodes.start_of_file)}
        if not gone & files.keys():
            return
        for docname in gone & files.keys():
            files[docname].parent.remove(files[docname])
            run.builder.docnames.discard(docname)
        for chapter, posts in chapters.items():
            if chapter in files:
                files[chapter] += self.listing(state, posts)
        printed = sum(len(members) for members in state.chapters.values()) - len(gone)
        logger.info("handbook: the PDF prints %d of the posts (handbook_print_max_posts = %d); "
                    "each chapter lists the %d others with their web address", printed, max_posts, len(gone))

    def listing(self, state, posts: tuple[str, ...]) -> list[nodes.Node]:
        base = (self.config.html_baseurl or "").strip().rstrip("/")
        # A rubric (an unnumbered heading): the list is the chapter's, not its last post's.
        intro = nodes.rubric("", _("More posts in this chapter, on the website (%d)") % len(posts),
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
