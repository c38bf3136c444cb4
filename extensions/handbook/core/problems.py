"""A problem the handbook finds in a post or the project, and every kind of them (pure).

One :class:`Problem` is one warning of the build (``path:line: WARNING: message
[handbook.kind]``), one line of ``./dev check`` and one entry of the content report:
all three print the same problems, made by the same rules (``rules.py``).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

TYPE = "handbook"


class HandbookWarning(enum.StrEnum):
    """The subtypes of ``handbook.*`` warnings; the value is what ``suppress_warnings`` names."""

    FRONTMATTER = "frontmatter"  # a front-matter field is missing or invalid
    IMAGE = "image"  # an image is missing, outside the project or on another site
    CHAPTER = "chapter"  # a post in no chapter; a chapter naming a post twice or one that does not exist
    SYNTAX = "syntax"  # another blog engine's template syntax, shown as text
    SLUG = "slug"  # two posts with the same file name
    TAG = "tag"  # a tag the tag registry does not know; a bad registry; two tags whose page names clash
    CONFIG = "config"  # a handbook_* option with an unusable value
    DIAGRAM = "diagram"  # a mermaid diagram that could not be drawn
    FILE = "file"  # a link leaving the project, or a special file (FIFO, device, socket): not read
    HTML = "html"  # HTML (or another way into a page) a post may not use: removed
    NAME = "name"  # two documents whose names differ only by case or Unicode normalisation
    LIMIT = "limit"  # a post larger than the handbook builds: shown as a note
    CTA = "cta"  # a call to action that handbook_ctas does not have
    CARD = "card"  # a share card that cannot show its text as written (no font has a character, no RTL layout)
    COURSE = "course"  # a course names a post or tag no post has, or a session line that cannot be read
    QUIZ = "quiz"  # a self-check without a question, without a right answer, or with an empty answer
    REVIEW = "review"  # a post is due for review (its reviewed date + handbook_review_every, on the build's date)
    UNREAD = "unread"  # a file in the posts folder that looks like a post but is not read
    PRINT = "print"  # something of a post the Typst PDF cannot print (a character no font has, a picture it cannot read)


@dataclass(frozen=True)
class Problem:
    """One problem, where it is: a document (``docname``) or another file of the project (``path``)."""

    kind: str  # a HandbookWarning value, or another extension's full type ("ref.tag")
    message: str
    docname: str = ""  # the document it is in
    line: int | None = None
    path: str = ""  # a file that is not a document (tags.yml), relative to the project

    @property
    def type(self) -> str:
        """The warning's type as Sphinx prints it: ``handbook.frontmatter``, ``ref.tag``."""
        return self.kind if "." in self.kind else f"{TYPE}.{self.kind}"

    @property
    def warning_type(self) -> tuple[str, str]:
        """(type, subtype), as ``suppress_warnings`` matches them."""
        kind, _, sub = self.type.partition(".")
        return kind, sub
