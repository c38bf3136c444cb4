"""The extension's options in Sphinx: registered once, checked once, built once per build.

The options themselves (names, defaults, checkers) are declared in ``core/options.py``.
At ``config-inited`` each value is checked; an unusable one gives one
``handbook.config`` warning naming the option and falls back to its default. The
checked values are then kept, as one frozen object per Config, which :func:`get`
hands out (it is asked for on every date shown and every tag link).
"""

from __future__ import annotations

import os
import weakref
from dataclasses import fields
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from .core.options import PREFIX, HandbookConfig, checked, speedups_default
from .warnings import HandbookWarning, warn

# The checked options of each Config (a weak key: nothing is set on Sphinx's object).
_BUILT: weakref.WeakKeyDictionary[Config, HandbookConfig] = weakref.WeakKeyDictionary()


def register(app: Sphinx) -> None:
    for f in fields(HandbookConfig):
        default = {"speedups": speedups_default(), "report": not os.environ.get("READTHEDOCS")}.get(f.name, f.default)
        default = _as_conf_value(f.name, default)
        # The checkers below say what is wrong; Sphinx's own type check would only
        # repeat it in other words, so no ``types`` here.
        app.add_config_value(PREFIX + f.name, default, _REBUILD.get(f.name, "env"))
    # First of config-inited: Sphinx's own checks (priority 800) then see usable values.
    app.connect("config-inited", _check, priority=100)


# What a changed value makes Sphinx redo: "env" re-reads every document, "html" only
# writes the pages again (the sidebar is drawn at writing), "" nothing.
_REBUILD = {"speedups": "", "print_max_posts": "", "sidebar_window": "html", "contents_page": "html",
            "feed_length": "html", "archive_page": "html", "canonical": "html", "noindex": "html",
            "cta_after_chapter": "html", "cta_after_post": "html", "review_every": "html"}


def _check(app: Sphinx, config: Config) -> None:
    def report(name: str, value: Any, why: str, default: Any) -> None:
        if name == "ctas":  # a registry: the bad entries are skipped, the others kept
            kept = ", ".join(repr(entry.name) for entry in default or ()) or "none"
            warn(HandbookWarning.CONFIG, "handbook_ctas: %s; the entries kept: %s", why, kept)
            return
        warn(HandbookWarning.CONFIG, "handbook_%s = %s %s; using %r", name, _shown(value), why, default)

    built = checked({f.name: config[PREFIX + f.name] for f in fields(HandbookConfig)}, report)
    for f in fields(HandbookConfig):  # what other code reading config.handbook_* sees
        value = getattr(built, f.name)
        config[PREFIX + f.name] = _as_conf_value(f.name, value)
    _BUILT[config] = built


def _as_conf_value(name: str, value: Any) -> Any:
    """A checked value as conf.py writes it (lists, and the calls to action as a dict of dicts)."""
    if name == "ctas":
        return {entry.name: {"heading": entry.heading, "text": entry.text, "button": entry.button, "url": entry.url}
                for entry in value}
    return list(value) if isinstance(value, tuple) else value


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def get(config: Config) -> HandbookConfig:
    """The checked options of this build (made at ``config-inited``)."""
    built = _BUILT.get(config)
    if built is None:  # a Config that did not go through config-inited (a bare test Config)
        built = _BUILT[config] = checked({f.name: config[PREFIX + f.name] for f in fields(HandbookConfig)})
    return built


def is_post(config: Config, docname: str) -> bool:
    """Posts are the documents in ``handbook_posts_dir``."""
    return docname.startswith(get(config).posts_dir + "/")
