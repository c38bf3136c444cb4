"""A post's images, while it is read: those the rule book refuses are taken out of the doctree.

Images that are missing, outside the project or on another site are removed (one
``handbook.image`` problem per path: the rules are ``core/rules.py``'s), so no page
shows a broken image, the handbook works offline, and Sphinx's LaTeX and EPUB image
steps never meet a file that is not there (they stop the build with a ``KeyError``).
The front matter's ``image`` (the hero image shown on cards) is checked the same way
and noted in Sphinx's images table.

(With the speed-ups on, Sphinx's images table also gets an index by document:
``speedups/images_index.py``.)
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.environment import BuildEnvironment

from ..core import rules
from ..core.problems import Problem

WEBP = "image/webp"


def check_images(env: BuildEnvironment, document: nodes.document, front_image: str | None,
                 front_line: int | None) -> tuple[list[Problem], str | None]:
    """Drop images that would break the page or leave the project; the problems, and the hero image.

    The rules are the rule book's (``core/rules.py: image_problems``); here they are
    applied to the images the doctree holds. The hero image is returned relative to the
    source folder, or None.
    """
    docname = env.docname
    images = list(document.findall(nodes.image))
    found = [(image.line, image.get("original_uri", image["uri"])) for image in images]
    problems, bad, hero_shown = rules.image_problems(Path(env.srcdir), docname, found, front_image, front_line)
    for image, (_line, uri) in zip(images, found, strict=True):
        if uri in bad:
            remove_image(image)
    if front_image is None or not hero_shown:
        return problems, None
    relative, _ = env.relfn2path(front_image, docname)
    env.images.add_file(docname, relative)
    env.note_dependency(relative)
    return problems, relative


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
