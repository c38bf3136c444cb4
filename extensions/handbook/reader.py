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
_YAML_KEY = re.compile(r"^([^\s#:'\"-][^:]*?)\s*:")
_TOML_KEY = re.compile(r"^([A-Za-z0-9_-]+)\s*=")
# What MyST itself adds to env.metadata (not from the front matter).
MYST_OWN_METADATA = frozenset({"wordcount", "myst_slugs"})
# Keys MyST reads as per-file settings; a post may not change how it is built.
IGNORED_KEYS = ("myst", "mystnb", "html_meta", "substitutions")


def front_matter_lines(text: str) -> dict[str, int]:
    """1-based line of each top-level key of a leading ``---`` (or Hugo ``+++``) block.

    Only locates keys, for warnings; MyST parses the YAML itself. The key ``""``
    is the block's first line; an empty dict means the post has no front matter.
    """
    lines = text.lstrip("\ufeff").splitlines()
    fence = lines[0].rstrip() if lines else ""
    if fence not in ("---", "+++"):
        return {}
    key_pattern = _YAML_KEY if fence == "---" else _TOML_KEY
    found: dict[str, int] = {"": 1}
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() in (fence, "..."):
            break
        match = key_pattern.match(line)
        if match:
            found.setdefault(match.group(1).strip(), number)
    return found


def toml_to_yaml(text: str) -> tuple[str, str | None]:
    """Hugo's ``+++`` TOML front matter as the YAML MyST reads, keeping line numbers.

    Returns the new text and a problem, or the text unchanged when it has none.
    """
    lines = text.lstrip("\ufeff").split("\n")
    if not lines or lines[0].rstrip() != "+++":
        return text, None
    end = next((i for i, line in enumerate(lines[1:], start=1) if line.rstrip() == "+++"), None)
    if end is None:
        return text, "the '+++' front matter is not closed; read as text"
    import tomllib

    import yaml

    try:
        data = tomllib.loads("\n".join(line.rstrip("\r") for line in lines[1:end]))
    except tomllib.TOMLDecodeError as error:
        return text, f"the '+++' (TOML) front matter cannot be read ({error}); read as text"
    block = yaml.safe_dump(data, allow_unicode=True, default_flow_style=True, sort_keys=False, width=10**9)
    block_lines = block.rstrip("\n").split("\n")
    block_lines += ["#"] * (end - 1 - len(block_lines))  # same line count: body warnings keep their lines
    converted = "\n".join(["---", *block_lines, "---", *lines[end + 1 :]])
    return converted, "Hugo's '+++' (TOML) front matter was converted; write YAML between '---' lines"


_LIQUID = re.compile(r"\{%-?\s*\w+.*?%\}|\{\{-?\s*(page|site|include|post)\.[^}]*\}\}")
_MDX = re.compile(r"^\s*(import\s+.+\s+from\s+['\"]|export\s+(default|const|function)\b)")
_FENCE = re.compile(r"^\s*(```|~~~)")


def foreign_syntax(text: str) -> list[tuple[int, str]]:
    """Template and component syntax of other blog engines, which MyST shows as text."""
    found: dict[str, tuple[int, str]] = {}
    in_code = False
    lines = text.splitlines()
    body_starts = 0
    if lines and lines[0].lstrip("\ufeff").startswith("---"):  # skip the front matter
        body_starts = next((i + 1 for i, line in enumerate(lines[1:], start=1) if line.rstrip() in ("---", "...")), 0)
    for number, line in enumerate(lines[body_starts:], start=body_starts + 1):
        if _FENCE.match(line):
            in_code = not in_code
            continue
        if in_code:
            continue
        liquid = _LIQUID.search(line)
        if liquid and "liquid" not in found:
            found["liquid"] = (number, f"Jekyll/Liquid template code {liquid.group(0)[:40]!r} is shown as text")
        if _MDX.match(line) and "mdx" not in found:
            found["mdx"] = (number, ("MDX import/export lines (Docusaurus) are shown as text; "
                                     "JSX components are not rendered"))
    return sorted(found.values())


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    if not handbook_config.is_post(app.config, docname):
        return
    lines = front_matter_lines(source[0])
    source[0], problem = toml_to_yaml(source[0])
    if problem:
        logger.warning(problem, location=(docname, 1), type="handbook", subtype="frontmatter")
    app.env.current_document[_FM_LINES_KEY] = lines
    for line, message in foreign_syntax(source[0]):
        logger.warning(message, location=(docname, line), type="handbook", subtype="syntax")


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
        marker_keys = frozenset(tag_key(t) for t in conf.marker_tags)
        metadata = self.env.metadata[docname]
        fields = {k: v for k, v in metadata.items() if k not in MYST_OWN_METADATA}
        front = read_front_matter(fields, marker_keys)
        lines = self.env.current_document._extension_data.get(_FM_LINES_KEY, {})
        if not lines and not fields:
            self._warn("no front matter: the title is the first heading or the file name, and the post is "
                       "undated; add title, date and tags between '---' lines", 1, "frontmatter")
        elif fields:
            for problem in front.problems:
                self._warn(problem.message, lines.get(problem.field, 1), "frontmatter")
        # else: MyST could not read the block and said so; one warning is enough.
        for key in IGNORED_KEYS:
            if key in lines:
                self._warn(f"'{key}' is ignored: a post cannot change how the handbook is built",
                           lines[key], "frontmatter")

        section, title_text = self._title_section(front.title or fallback_title(docname),
                                                  from_front_matter=bool(fields.get("title")),
                                                  keep_own_heading=front.title is None)
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
        problem = self._image_problem(front_image, front_matter=True)
        if problem:
            if front_image not in warned:
                self._warn(problem, front_line, "image")
            return None
        relative, _ = self.env.relfn2path(front_image, self.env.docname)
        self.env.images.add_file(self.env.docname, relative)
        self.env.note_dependency(relative)
        return relative

    def _image_problem(self, uri: str, front_matter: bool = False) -> str | None:
        if uri.startswith("data:"):
            return None if front_matter is False else "an image in front matter must be a file in the project"
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
