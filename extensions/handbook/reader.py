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

from . import config as handbook_config
from . import registry as tag_registry
from .domain import PostRecord
from .frontmatter import read_front_matter
from .images import check_images
from .metadata import NONE
from .nodes import post_header, related_posts
from .source import POST_SOURCE
from .tags import clean_spelling
from .warnings import HandbookWarning, warn

# Keys MyST reads as per-file settings; a post may not change how it is built.
IGNORED_KEYS = ("myst", "mystnb", "html_meta", "substitutions")


def fallback_title(docname: str) -> str:
    words = docname.rsplit("/", 1)[-1].replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else docname


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
        block, front = self.env.current_document.get(POST_SOURCE) or (NONE, read_front_matter({}, frozenset()))
        lines = block.lines
        if not block.kind:
            self._warn("no front matter: the title is the first heading or the file name, and the post is "
                       "undated; add title, date and tags between '---' lines", 1)
        for line, message in block.problems:
            self._warn(message, line)
        if block.usable and block.kind:
            for problem in front.problems:
                self._warn(problem.message, lines.get(problem.field, 1))
        for key in IGNORED_KEYS:
            if key in lines:
                self._warn(f"'{key}' is ignored: a post cannot change how the handbook is built",
                           lines[key])

        registry, registry_file = tag_registry.load(self.env.srcdir, conf.tags_file)
        if registry_file is not None:
            self.env.note_dependency(registry_file)  # a changed registry reads every post again
        tags, unknown = registry.apply(front.tags)
        for message in unknown:
            warn(HandbookWarning.TAG, message, location=(docname, lines.get("tags", 1)))

        section, title_text = self._title_section(front.title or fallback_title(docname),
                                                  from_front_matter=front.title is not None,
                                                  keep_own_heading=front.title is None)
        image = check_images(self.env, self.document, front.image, lines.get("image"))
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
        )
        self.env.get_domain("handbook").note_post(record)

    def _warn(self, message: str, line: int | None) -> None:
        warn(HandbookWarning.FRONTMATTER, message, location=(self.env.docname, line))

    def _title_section(self, title_text: str, from_front_matter: bool,
                       keep_own_heading: bool) -> tuple[nodes.section, str]:
        """The post's top section, titled with the front-matter title as plain text.

        The parser rendered the title (escaped) as the heading; a title is
        untrusted, so the heading is set to the title's text. A post without a
        usable title keeps the H1 its body brings, else gets the file name.
        """
        first = self.document.next_node(nodes.section)
        top_sections = [n for n in self.document.children if isinstance(n, nodes.section)]
        body_before_sections = any(
            isinstance(n, nodes.Body) and not isinstance(n, nodes.section | nodes.PreBibliographic)
            for n in self.document.children
        )
        if from_front_matter and first is not None:
            section = first
        elif len(top_sections) == 1 and not body_before_sections:
            section = top_sections[0]  # the body brought its own H1
            if keep_own_heading:
                title_text = " ".join(section[0].astext().split()) or title_text
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
        if isinstance(paragraph.parent, nodes.field_body | nodes.docinfo):
            continue
        text = " ".join(paragraph.astext().split())
        if text:
            if len(text) <= length:
                return text
            return text[:length].rsplit(" ", 1)[0].rstrip(",;:.") + "…"
    return ""


def register(app: Sphinx) -> None:
    app.add_transform(ReadPost)
