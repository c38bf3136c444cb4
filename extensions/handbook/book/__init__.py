"""The book in Sphinx: the posts' records on the environment, the book made after reading, placeholders filled."""

from __future__ import annotations

from sphinx.application import Sphinx

from . import (
    after_reading,
    cleanup,
    courses,
    cta,
    directives,
    drafts,
    language,
    nodes,
    quizzes,
    render,
    resume,
    sources,
)
from .domain import HandbookDomain


def setup(app: Sphinx) -> None:
    app.add_domain(HandbookDomain)
    nodes.register(app)
    directives.register(app)
    courses.register(app)
    quizzes.register(app)
    app.connect("env-updated", after_reading.on_env_updated)
    render.register(app)
    language.register(app)
    resume.register(app)
    cleanup.register(app)
    drafts.register(app)
    sources.register(app)
    cta.register(app)
