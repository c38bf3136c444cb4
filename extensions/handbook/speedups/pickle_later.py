"""The live preview writes the saved environment after the pages, not before.

``Builder.build`` pickles the whole environment between reading and writing
(``sphinx/builders/__init__.py:421-427``), so at 10,000 posts an edit reaches its page
about 2 s later than it could. ``./dev serve`` keeps the environment in memory and
needs the file only for its next start: during its builds Sphinx's ``pickle.dump``
only notes what to write, and the preview writes it when no file changed for a few
seconds and when it stops (:func:`write_now`). If it is killed before that, the file
Sphinx opened is left empty and the next start builds afresh.
"""

from __future__ import annotations

import contextlib
import pickle
from collections.abc import Iterator
from pathlib import Path

import sphinx.builders
from sphinx.application import ENV_PICKLE_FILENAME


class _Later:
    """Stands in for the ``pickle`` module inside ``sphinx.builders`` during a build."""

    def __init__(self) -> None:
        self.pending: tuple[object, Path, int | None] | None = None

    def dump(self, obj, file, protocol=None, **kwargs) -> None:
        if Path(getattr(file, "name", "")).name != ENV_PICKLE_FILENAME:
            pickle.dump(obj, file, protocol, **kwargs)  # a doctree, or anything else: as ever
            return
        self.pending = (obj, Path(file.name), protocol)

    def __getattr__(self, name: str):
        return getattr(pickle, name)


_later = _Later()


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Within it, Sphinx's environment pickle is only noted (for :func:`write_now`)."""
    sphinx.builders.pickle = _later
    try:
        yield
    finally:
        sphinx.builders.pickle = pickle


def write_now() -> None:
    """Write the environment a build noted, if any."""
    if _later.pending is None:
        return
    env, path, protocol = _later.pending
    _later.pending = None
    temporary = path.with_suffix(".writing")
    with open(temporary, "wb") as file:
        pickle.dump(env, file, protocol)
    temporary.replace(path)  # never a half-written environment
