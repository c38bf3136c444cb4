"""Sphinx's own test fixtures, and the fixtures that build small handbooks (helpers: ``helpers.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ROOTS, Handbook, copy_project

pytest_plugins = ("sphinx.testing.fixtures",)
collect_ignore = ["roots"]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


@pytest.fixture(scope="module")
def module_app_factory():
    """Like sphinx.testing's make_app, for builds shared by a module's tests."""
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    apps = []

    def make(*args, **kwargs):
        kwargs.setdefault("status", StringIO())
        kwargs.setdefault("warning", StringIO())
        app = SphinxTestApp(*args, **kwargs)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.cleanup()


@pytest.fixture
def handbook(make_app, tmp_path):
    """``handbook(root)``: a Handbook on a copy of ``test-<root>`` (copy_project).

    The default ``basic`` root has one catch-all chapter, a tag overview and no posts yet.
    """

    def make(root: str = "basic") -> Handbook:
        return Handbook(make_app, copy_project(tmp_path / f"src-{root}", root))

    return make


# The files that take longest (pytest --durations=0 on two cores), started first: pytest-xdist's
# --dist loadfile hands out files in this order, so that no long file starts last and runs alone.
LONGEST_FIRST = ("test_incremental_properties.py", "test_incremental.py", "test_typst_print.py", "test_reader.py",
                 "test_seo.py", "test_training_browser.py")


def pytest_collection_modifyitems(config, items):
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: the rest keep their order
