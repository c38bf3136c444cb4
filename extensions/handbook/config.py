"""The extension's options: declared once, registered with one prefix, checked once."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

logger = logging.getLogger(__name__)

PREFIX = "handbook_"


@dataclass(frozen=True)
class HandbookConfig:
    #: Folder (relative to the source folder) whose documents are posts.
    posts_dir: str = "posts"
    #: Tags that only mark a page as a post: never shown as chips, no tag page.
    marker_tags: tuple[str, ...] = ("post",)
    #: The blog's address; links to its post URLs become internal links.
    site_url: str = ""
    #: Where the blog keeps a post, below ``site_url``; ``{slug}`` is the file name.
    post_path: str = "/posts/{slug}/"
    #: Output folder of the tag pages (HTML builders).
    tags_dir: str = "tags"
    #: How many related posts each post lists (0 turns the block off).
    related_limit: int = 3
    #: Length of the excerpt shown in post listings, in characters.
    excerpt_length: int = 200
    #: How dates are shown (strftime-style, localised through Sphinx's ``language``).
    date_format: str = "%-d %B %Y"
    #: Build pages marked ``draft: true`` into listings, chapters and tag pages too.
    show_drafts: bool = False


_TYPES = {f.name: f.type for f in fields(HandbookConfig)}


def register(app: Sphinx) -> None:
    for f in fields(HandbookConfig):
        default = f.default
        kind = (list, tuple) if isinstance(default, tuple) else type(default)
        app.add_config_value(PREFIX + f.name, list(default) if isinstance(default, tuple) else default,
                             "env", types=kind if isinstance(kind, tuple) else (kind,))
    app.connect("config-inited", _check, priority=100)


def _check(app: Sphinx, config: Config) -> None:
    """Warn about an unusable value and fall back to the default."""
    defaults = HandbookConfig()
    if not str(config[PREFIX + "tags_dir"]).strip("/ "):
        logger.warning("handbook_tags_dir must name a folder; using %r", defaults.tags_dir,
                       type="handbook", subtype="config")
        config[PREFIX + "tags_dir"] = defaults.tags_dir
    for name in ("related_limit", "excerpt_length"):
        value = config[PREFIX + name]
        if not isinstance(value, int) or value < 0:
            logger.warning("handbook_%s must be a whole number >= 0; using %r", name,
                           getattr(defaults, name), type="handbook", subtype="config")
            config[PREFIX + name] = getattr(defaults, name)


def get(config: Config) -> HandbookConfig:
    values: dict[str, Any] = {}
    for f in fields(HandbookConfig):
        value = config[PREFIX + f.name]
        values[f.name] = tuple(value) if isinstance(value, list | tuple) else value
    values["posts_dir"] = values["posts_dir"].strip("/")
    values["tags_dir"] = values["tags_dir"].strip("/")
    values["site_url"] = values["site_url"].rstrip("/")
    return HandbookConfig(**values)


def is_post(config: Config, docname: str) -> bool:
    """Posts are the documents in ``handbook_posts_dir``."""
    return docname.startswith(get(config).posts_dir + "/")
