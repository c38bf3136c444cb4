"""Reading a post: front matter -> title, header, record on the domain.

Runs as a transform while each document is parsed (after docutils has made the
front matter a ``docinfo``, before Sphinx's collectors store titles, tables of
contents and images), so that everything Sphinx collects already sees the post's
real title and only the images that exist.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from . import config as handbook_config
from .domain import PostRecord
from .frontmatter import read_front_matter
from .nodes import post_header, related_posts
from .tags import clean_spelling, tag_key

logger = logging.getLogger(__name__)

_FM_LINES_KEY = "handbook_front_matter_lines"
_TOP_LEVEL_KEY = re.compile(r"^([^\s#:'\"-][^:]*?)\s*:")


def front_matter_lines(text: str) -> dict[str, int]:
    """1-based line of each top-level key of a leading ``---`` block, for warnings.

    Only locates keys; MyST has already parsed the YAML itself.
    """
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].rstrip() != "---":
        return {}
    found: dict[str, int] = {"": 1}
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() in ("---", "..."):
            break
        match = _TOP_LEVEL_KEY.match(line)
        if match:
            found.setdefault(match.group(1).strip(), number)
    return found


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    if _is_post(app, docname):
        app.env.current_document[_FM_LINES_KEY] = front_matter_lines(source[0])


def _is_post(app_or_env, docname: str) -> bool:
    posts_dir = handbook_config.get(app_or_env.config).posts_dir
    return docname.startswith(posts_dir + "/")


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
        if not _is_post(self.env, docname) or self.document.get("source") != str(self.env.doc2path(docname)):
            return
        conf = handbook_config.get(self.config)
        marker_keys = frozenset(tag_key(t) for t in conf.marker_tags)
        metadata = self.env.metadata[docname]
        fields = {k: v for k, v in metadata.items() if k != "wordcount"}
        front = read_front_matter(fields, marker_keys)
        lines = self.env.current_document._extension_data.get(_FM_LINES_KEY, {})
        for problem in front.problems:
            self._warn(problem.message, lines.get(problem.field, lines.get("", 1)), "frontmatter")

        title_text = front.title or fallback_title(docname)
        section = self._title_section(title_text, raw_title_rendered=bool(fields.get("title")))
        image = self._check_images(front.image, lines.get("image"))
        if front.draft and not conf.show_drafts:
            metadata["orphan"] = True  # drafts are in no chapter: no toctree warning

        # Placeholders name their post: in the PDF all documents are resolved as one.
        header = post_header(docname=docname)
        index = addnodes.index(entries=[
            ("single", clean_spelling(t).lower(), section["ids"][0], "", None) for t in front.tags
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
            tags=front.tags,
            image=image,
            excerpt=excerpt(section, conf.excerpt_length),
            minutes=max(1, minutes),
            draft=front.draft,
            anchor=section["ids"][0],
        )
        self.env.get_domain("handbook").note_post(record)

    def _warn(self, message: str, line: int | None, subtype: str) -> None:
        logger.warning(message, location=(self.env.docname, line), type="handbook", subtype=subtype)

    def _title_section(self, title_text: str, raw_title_rendered: bool) -> nodes.section:
        """The post's top section, titled with the front-matter title as plain text.

        MyST (``myst_title_to_header``) renders the title as Markdown, raw HTML
        included; a title is untrusted, so its rendering is replaced by the text.
        """
        first = self.document.next_node(nodes.section)
        top_sections = [n for n in self.document.children if isinstance(n, nodes.section)]
        if raw_title_rendered and first is not None:
            section = first
        elif len(top_sections) == 1 and not any(
            isinstance(n, nodes.Structural | nodes.Body) and not isinstance(n, nodes.section)
            for n in self.document.children
        ):
            section = top_sections[0]  # the body brought its own H1
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
        return section

    def _check_images(self, front_image: str | None, front_line: int | None) -> str | None:
        """Drop images that would break the page or leave the project; return the hero image.

        One warning per missing path, so a post whose front matter and body name
        the same missing file gets one message.
        """
        warned: set[str] = set()
        for image in list(self.document.findall(nodes.image)):
            uri = image.get("original_uri", image["uri"])
            problem = self._image_problem(uri)
            if problem:
                if uri not in warned:
                    warned.add(uri)
                    self._warn(problem, image.line or front_line, "image")
                _remove_image(image)
        if front_image is None:
            return None
        problem = self._image_problem(front_image)
        if problem:
            if front_image not in warned:
                self._warn(problem, front_line, "image")
            return None
        relative, _ = self.env.relfn2path(front_image, self.env.docname)
        self.env.images.add_file(self.env.docname, relative)
        self.env.note_dependency(relative)
        return relative

    def _image_problem(self, uri: str) -> str | None:
        if uri.startswith("data:"):
            return None
        if "://" in uri or uri.startswith("//"):
            return f"image {uri!r} is on another site; not shown, so that the handbook works offline"
        relative, absolute = self.env.relfn2path(unquote(uri), self.env.docname)
        source_root = Path(self.env.srcdir).resolve()
        resolved = Path(absolute).resolve()
        if not resolved.is_relative_to(source_root):
            return f"image {uri!r} is outside the project; not shown"
        if "*" not in uri and not resolved.is_file():
            return f"image file not found: {uri!r} (looked for {relative}); the page is built without it"
        return None


def _remove_image(image: nodes.image) -> None:
    """Remove an image and any wrapper (link, paragraph, figure) it leaves empty."""
    node: nodes.Element = image
    while node.parent is not None:
        parent = node.parent
        parent.remove(node)
        if isinstance(parent, nodes.figure):
            node = parent
            continue
        if parent.children and not all(isinstance(c, nodes.Text) and not c.strip() for c in parent.children):
            break
        if isinstance(parent, nodes.reference | nodes.paragraph):
            node = parent
            continue
        break


def excerpt(section: nodes.Element, length: int) -> str:
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


class InternaliseCanonicalLinks(SphinxTransform):
    """Links to the blog's own post URLs become references Sphinx resolves.

    Each becomes a ``doc`` cross-reference to the post; when that post is not in
    the handbook, ``missing-reference`` puts the original external link back.
    """

    default_priority = 810

    def apply(self, **kwargs) -> None:
        conf = handbook_config.get(self.config)
        if not conf.site_url or self.document.get("source") != str(self.env.doc2path(self.env.docname)):
            return
        domain = self.env.get_domain("handbook")
        for slug in _canonical_links(self.document, conf):
            domain.note_post_link(self.env.docname, slug)


def _canonical_links(document: nodes.document, conf) -> list[str]:
    prefix, _, suffix = (conf.site_url + conf.post_path).partition("{slug}")
    pattern = re.compile(re.escape(prefix) + r"([^/?#]+)" + re.escape(suffix.rstrip("/")) + r"/?(#[^\s]*)?$")
    slugs = []
    for ref in list(document.findall(nodes.reference)):
        match = pattern.match(ref.get("refuri", ""))
        if not match:
            continue
        slug = unquote(match.group(1))
        xref = addnodes.pending_xref(
            "", refdomain="std", reftype="doc", reftarget=f"/{conf.posts_dir}/{slug}",
            refexplicit=True, refwarn=False, handbook_external=ref["refuri"],
        )
        xref.source, xref.line = ref.source, ref.line
        xref += nodes.inline("", "", *ref.children)
        ref.replace_self(xref)
        slugs.append(slug)
    return slugs


def restore_external_link(app, env, node, contnode):
    """``missing-reference``: a canonical link to a post the handbook does not have."""
    external = node.get("handbook_external")
    if external:
        ref = nodes.reference("", "", internal=False, refuri=external)
        ref += contnode
        return ref
    return None
