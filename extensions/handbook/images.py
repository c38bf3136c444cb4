"""Every rule about a post's images, in one place.

- While a post is read: images that are missing, outside the project or on another
  site are removed (one ``handbook.image`` warning per path), so no page shows a
  broken image, the handbook works offline, and Sphinx's LaTeX and EPUB image
  steps never meet a file that is not there (they stop the build with a
  ``KeyError``). The front matter's ``image`` (the hero image shown on cards) is
  checked the same way and noted in Sphinx's images table.
- Tag pages, written outside Sphinx's documents, publish the images their cards show.
- WebP: browsers and EPUB 3.3 readers show it, LaTeX does not. HTML builders declare
  it supported, so ``sphinx.ext.imgconverter`` converts it for the PDF only.

(With the speed-ups on, Sphinx's images table also gets an index by document:
``speedups/images_index.py``.)
"""

from __future__ import annotations

import functools
import os
import posixpath
import shutil
from pathlib import Path
from urllib.parse import unquote

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .warnings import HandbookWarning, warn

WEBP = "image/webp"


def check_images(env: BuildEnvironment, document: nodes.document, front_image: str | None,
                 front_line: int | None) -> str | None:
    """Drop images that would break the page or leave the project; return the hero image.

    One warning per missing path, so a post whose front matter and body name the
    same missing file gets one message. The hero image is returned relative to
    the source folder, or None.
    """
    docname = env.docname
    warned: set[str] = set()
    for image in list(document.findall(nodes.image)):
        uri = image.get("original_uri", image["uri"])
        problem = image_problem(env, uri)
        if problem:
            if uri not in warned:
                warned.add(uri)
                warn(HandbookWarning.IMAGE, problem, location=(docname, image.line or front_line))
            remove_image(image)
    if front_image is None:
        return None
    problem = image_problem(env, front_image, front_matter=True)
    if problem:
        if front_image not in warned:
            warn(HandbookWarning.IMAGE, problem, location=(docname, front_line))
        return None
    relative, _ = env.relfn2path(front_image, docname)
    env.images.add_file(docname, relative)
    env.note_dependency(relative)
    return relative


def image_problem(env: BuildEnvironment, uri: str, front_matter: bool = False) -> str | None:
    """Why this image of the document being read cannot be shown, or None."""
    return problem_with_image(Path(env.srcdir), env.docname, uri, front_matter)


def problem_with_image(srcdir: Path, docname: str, uri: str, front_matter: bool = False) -> str | None:
    """Why an image a document names cannot be shown, or None (also used by ``./dev check``).

    Paths resolve as Sphinx resolves them (``BuildEnvironment.relfn2path``): from the
    source folder when they start with ``/``, else from the document's folder.
    """
    if uri.startswith("data:"):
        return "an image in front matter must be a file in the project" if front_matter else None
    if "://" in uri or uri.startswith("//"):
        return f"image {uri!r} is on another site; not shown, so that the handbook works offline"
    path = unquote(uri)
    relative = path[1:] if path.startswith("/") else posixpath.join(posixpath.dirname(docname), path)
    relative = posixpath.normpath(relative)
    source_root = _resolved(str(srcdir))
    resolved = (source_root / relative).resolve()
    if not resolved.is_relative_to(source_root):
        return f"image {uri!r} is outside the project; not shown"
    if "*" not in uri and not resolved.is_file():
        return f"image file not found: {uri!r} (looked for {relative}); the page is built without it"
    return None


@functools.lru_cache(maxsize=16)
def _resolved(folder: str) -> Path:
    return Path(folder).resolve()


def remove_image(image: nodes.image) -> None:
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


def published_image(app: Sphinx, pagename: str, image: str | None) -> str | None:
    """Where a post's image is in the HTML output, as seen from ``pagename``.

    Copies it there when no document page did yet (a tag page may be the only page
    showing a draft's neighbour's image).
    """
    if image is None or image not in app.env.images:
        return None
    builder = app.builder
    name = app.env.images[image][1]
    destination = Path(builder.outdir, builder.imagedir, name)
    if not destination.exists():
        destination.parent.mkdir(parents=True, exist_ok=True)
        # Tag pages may be written by several processes at once: copy, then rename
        # into place, so that no page ever links to a half-copied image.
        partial = destination.with_name(f".{destination.name}.{os.getpid()}")
        shutil.copyfile(os.path.join(app.srcdir, image), partial)
        os.replace(partial, destination)
    from sphinx.util.osutil import relative_uri

    return relative_uri(builder.get_target_uri(pagename), f"{builder.imagedir}/{name}")


def show_webp_as_is(app: Sphinx) -> None:
    """HTML and EPUB show WebP: say so, so that image converters leave it alone.

    Sphinx's HTML builders do not list ``image/webp`` (Sphinx 9.0), and its image
    converters decide from the builder class's list (``ImageConverter.match``), so
    ``sphinx.ext.imgconverter`` would run ImageMagick on every post's WebP for HTML
    (80 ms each) although only the PDF needs PNG.
    """
    builder_class = type(app.builder)
    if app.builder.format == "html" and WEBP not in builder_class.supported_image_types:
        builder_class.supported_image_types = [*builder_class.supported_image_types, WEBP]


def register(app: Sphinx) -> None:
    app.connect("builder-inited", show_webp_as_is)
