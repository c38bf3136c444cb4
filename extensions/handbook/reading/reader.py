"""Reading a post: its front matter becomes its title, header and record.

Runs as a transform while each post is parsed (after docutils has made the front
matter a ``docinfo``, before Sphinx's collectors store titles, tables of contents
and images), so that everything Sphinx collects already sees the post's real title
and only the images that exist. The record (:class:`~.domain.PostRecord`) is all
that later steps know of a post.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from .. import config as handbook_config
from .. import runs
from ..book.nodes import post_header, quiz, related_posts
from ..book.quizzes import problems_of
from ..core import registry as tag_registry
from ..core import rules
from ..core.post import fallback_title, prepare
from ..core.records import PostRecord
from ..core.tags import clean_spelling
from ..warnings import warn_problem
from . import markup
from .images import check_images


class ReadPost(SphinxTransform):
    """Turn a post's front matter into its title, header and domain record."""

    # After DocInfo (340) made the docinfo; before the domains (850) and the
    # doctree-read collectors (880) read titles, labels and images.
    default_priority = 800

    def apply(self, **kwargs) -> None:
        docname = self.env.docname
        is_this_document = self.document.get("source") == str(self.env.doc2path(docname))  # not an include
        if not handbook_config.is_post(self.config, docname) or not is_this_document:
            return
        conf = handbook_config.get(self.config)
        metadata = self.env.metadata[docname]
        # The post as source-read read it (the same process); else as a post with no text.
        post = runs.of(self.env).prepared.pop(docname, None) or prepare("", docname, conf, self.env.srcdir)
        front, lines = post.front, post.block.lines
        registry, registry_file = tag_registry.load(self.env.srcdir, conf.tags_file)
        if registry_file is not None:
            self.env.note_dependency(registry_file)  # a changed registry reads every post again
        tags, problems = rules.post_problems(docname, post, registry)

        section, title_text = self._title_section(post.title or fallback_title(docname), post.title_origin,
                                                  in_text=post.title_origin != "heading" and post.block.length > 0)
        # Read by the HTML, EPUB and print writers (book/language.py); also on the top sections a body's
        # own H1s make after the post's.
        for top in [section, *(n for n in self.document.children if isinstance(n, nodes.section) and n is not section)]:
            if post.lang:
                top["lang"] = post.lang
            if post.direction == "rtl" or post.lang:
                top["dir"] = post.direction
        image_problems, image = check_images(self.env, self.document, front.image, lines.get("image"))
        problems += image_problems
        problems += markup.clean_post(self.env, self.document, markup.policy(self.config))
        problems += problems_of(self.document, docname)
        for problem in problems:
            warn_problem(problem)
        if front.draft and not conf.show_drafts:
            metadata["orphan"] = True  # drafts are in no chapter: no toctree warning

        # Placeholders name their post: in the PDF all documents are resolved as one.
        header = post_header(docname=docname)
        index = addnodes.index(entries=[
            ("single", clean_spelling(t).lower(), section["ids"][0], "", None) for t in tags
        ])
        title_at = section.index(section[0]) + 1
        section.insert(title_at, header)
        section.insert(title_at, index)
        section.append(related_posts(docname=docname))

        minutes = int(metadata.get("wordcount", {}).get("minutes", 0) or 0)
        record = PostRecord(
            docname=docname,
            title=title_text,
            date=front.date,
            tags=tags,
            image=image,
            excerpt=excerpt(self.document, conf.excerpt_length),  # a body with its own H1s: after the title section
            minutes=max(1, minutes),
            draft=front.draft,
            anchor=section["ids"][0],
            updated=front.updated,
            summary_text=front.summary or "",
            authors=tuple((a.key, a.name) for a in front.authors),
            aliases=front.aliases,
            slug=front.slug or docname.rsplit("/", 1)[-1],
            canonical=front.canonical,
            owner=(front.owner.key, front.owner.name) if front.owner else None,
            reviewed=front.reviewed,
            reviewed_line=lines.get("reviewed"),
            fingerprint=post.fingerprint,
            quizzes=tuple((n["quiz_id"], n["question"]) for n in self.document.findall(quiz) if n["question"]),
            lang=post.lang or "",
            direction="rtl" if post.direction == "rtl" else "",
        )
        domain = self.env.get_domain("handbook")
        domain.note_post(record)
        domain.note_problems(docname, problems)

    def _title_section(self, title_text: str, origin: str, in_text: bool) -> tuple[nodes.section, str]:
        """The post's top section, titled with the post's title as plain text.

        The parser rendered a title given to it (escaped) as the heading; a title is
        untrusted, so the heading is set to the title's text. A post titled by its
        own first heading keeps that heading's section, and what stood around it
        goes into it; any other title gets a section of its own around the post.
        """
        first = self.document.next_node(nodes.section)
        top_sections = [n for n in self.document.children if isinstance(n, nodes.section)]
        if in_text and first is not None:
            section = first
        elif origin == "heading" and top_sections:
            section = top_sections[0]  # the body's own first heading; its text as written (no smart quotes)
            at = self.document.index(section)
            before = [n for n in self.document.children[:at]
                      if not isinstance(n, nodes.PreBibliographic | nodes.docinfo | nodes.decoration)]
            after = list(self.document.children[at + 1:])
            for child in before + after:
                self.document.remove(child)
            for offset, child in enumerate(before, start=1):
                section.insert(offset, child)
            section.extend(after)
        else:
            section = nodes.section()
            movable = [n for n in self.document.children
                       if not isinstance(n, nodes.PreBibliographic | nodes.docinfo | nodes.decoration)]
            for child in movable:
                self.document.remove(child)
            section += nodes.title()
            section.extend(movable)
            self.document.append(section)
        title = section[0]
        title.children = []
        title += nodes.Text(title_text)
        if not section["ids"]:
            section["names"].append(nodes.fully_normalize_name(title_text))
            self.document.note_implicit_target(section, section)
        return section, title_text

def excerpt(section: nodes.Element, length: int) -> str:  # section: the post (or any part of it)
    """The first paragraph's text, cut at a word boundary."""
    for paragraph in section.findall(nodes.paragraph):
        if isinstance(paragraph.parent, nodes.field_body | nodes.docinfo) or _in_message(paragraph):
            continue
        text = " ".join(reader_text(paragraph).split())
        if text:
            if len(text) <= length:
                return text
            return text[:length].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return ""


def reader_text(node: nodes.Node) -> str:
    """The text a reader sees: without the markup of raw HTML (a tag's source is not its text)."""
    return "".join(t.astext() for t in node.findall(nodes.Text) if not isinstance(t.parent, nodes.raw))


def _in_message(node: nodes.Node) -> bool:
    """Inside a parser's warning (a ``system_message`` left in the doctree): not the post's text."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.system_message):
            return True
        parent = parent.parent
    return False


def register(app: Sphinx) -> None:
    app.add_transform(ReadPost)
