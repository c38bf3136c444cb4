"""Self-checks: a question, an explanation and the answers as a task list (pure).

    ```{quiz}
    :question: What does BANT stand for?
    :explanation: BANT qualifies a lead by its budget, the buyer's authority, the need and the timing.

    - [ ] Budget, Audience, Need, Tools
    - [x] Budget, Authority, Need, Timing
    ```

The build hands the ``quiz`` directive's options and content lines to :func:`parse`;
``./dev check`` finds the same blocks in a post's Markdown (:func:`find`) and parses
them with the same function, so both report the same problems on the same lines.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

QUESTION_MISSING = "a self-check needs a question: add ':question: ...'"
NO_ANSWERS = "a self-check needs answers: a task list of '- [ ] answer' and '- [x] right answer' lines"
NO_RIGHT_ANSWER = "no answer is marked right: mark each right one '- [x]'"
EMPTY_ANSWER = "answer %d is empty"
NOT_AN_ANSWER = "not an answer: %r; write '- [ ] answer' or '- [x] right answer'"

# A task-list item, as GitHub and MyST's tasklist write it: "- [ ] text", "* [x] text", "+ [X] text".
_ITEM = re.compile(r"^\s*[-*+]\s+\[([ xX])\](.*)$")


@dataclass(frozen=True)
class Answer:
    text: str
    right: bool
    line: int


@dataclass(frozen=True)
class Quiz:
    question: str
    explanation: str
    answers: tuple[Answer, ...]
    line: int  # the directive's first line
    problems: tuple[tuple[int, str], ...] = ()  # (line, message)

    @property
    def right(self) -> tuple[int, ...]:
        """The positions (from 0) of the right answers."""
        return tuple(i for i, a in enumerate(self.answers) if a.right)

    @property
    def multiple(self) -> bool:
        """More than one right answer: checkboxes, else radio buttons."""
        return len(self.right) > 1

    @property
    def scorable(self) -> bool:
        """It can be checked: a question, answers, at least one of them right."""
        return bool(self.question and self.answers and self.right)

    @property
    def version(self) -> str:
        """What a stored result was given for: a changed question or answer makes old results void."""
        parts = [self.question, *(f"{int(a.right)}{a.text}" for a in self.answers)]
        return hashlib.sha256("\x00".join(parts).encode()).hexdigest()[:12]


def parse(question: str | None, explanation: str | None, content: Iterable[tuple[int, str]], line: int) -> Quiz:
    """A quiz from its options and its content lines ((line, text), 1-based lines of the file)."""
    problems: list[tuple[int, str]] = []
    question = " ".join((question or "").split())
    if not question:
        problems.append((line, QUESTION_MISSING))
    found: list[list] = []  # [text, right, line]
    for number, text in content:
        if not text.strip():
            continue
        item = _ITEM.match(text)
        if item:
            found.append([item[2].strip(), item[1] != " ", number])
        elif found and text[:1].isspace():
            found[-1][0] = f"{found[-1][0]} {text.strip()}".strip()  # a long answer, continued
        else:
            problems.append((number, NOT_AN_ANSWER % text.strip()[:40]))
    answers = []
    for position, (text, right, number) in enumerate(found, start=1):
        if not text:
            problems.append((number, EMPTY_ANSWER % position))
            continue
        answers.append(Answer(" ".join(text.split()), right, number))
    if not found:
        problems.append((line, NO_ANSWERS))
    elif not any(right for _text, right, _number in found):
        problems.append((line, NO_RIGHT_ANSWER))
    return Quiz(question, " ".join((explanation or "").split()), tuple(answers), line, tuple(sorted(problems)))


def quiz_id(question: str, taken: Sequence[str] | set[str] = ()) -> str:
    """The quiz's anchor on its page: from its question, so a stored result follows it when quizzes move."""
    base = "quiz-" + hashlib.sha256(" ".join(question.split()).casefold().encode()).hexdigest()[:8]
    name, number = base, 1
    while name in taken:
        number += 1
        name = f"{base}-{number}"
    return name


# ---- finding quizzes in Markdown, for ./dev check ---------------------------------------------
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,}|:{3,})\s*(.*?)\s*$")
_OPTION = re.compile(r"^:([\w-]+):(?:\s+(.*))?$")
_YAML_OPTION = re.compile(r"^([\w-]+):\s*(.*)$")


@dataclass(frozen=True)
class Block:
    """A ``quiz`` directive as written: its first line, argument, options and content lines."""

    line: int
    argument: str
    options: dict[str, str]
    content: tuple[tuple[int, str], ...]

    def quiz(self) -> Quiz:
        return parse(self.options.get("question") or self.argument, self.options.get("explanation"), self.content,
                     self.line)


def find(text: str) -> list[Block]:
    """Every ``{quiz}`` block of a page's Markdown (fenced with backticks, tildes or colons), not inside code."""
    lines = text.split("\n")
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        fence = _FENCE.match(lines[index])
        if not fence or (fence[1][0] == "`" and "`" in fence[2]):  # ```code``` is inline code, no fence
            index += 1
            continue
        marker, info = fence[1], fence[2]
        end = index + 1
        while end < len(lines):
            closing = _FENCE.match(lines[end])
            if closing and closing[1][0] == marker[0] and len(closing[1]) >= len(marker) and not closing[2]:
                break
            end += 1
        if info.startswith("{quiz}"):
            blocks.append(_block(index + 1, info[len("{quiz}"):].strip(), lines[index + 1:end]))
        index = end + 1
    return blocks


def _block(line: int, argument: str, body: list[str]) -> Block:
    """Options first (``:name: value`` lines, or a ``---`` YAML block), as MyST reads them; then the content."""
    options: dict[str, str] = {}
    at = 0
    if body and body[0].strip() == "---":
        at = 1
        while at < len(body) and body[at].strip() != "---":
            option = _YAML_OPTION.match(body[at].strip())
            if option:
                options[option[1]] = option[2].strip().strip("'\"")
            at += 1
        at += 1
    else:
        while at < len(body):
            option = _OPTION.match(body[at].strip())
            if not option:
                break
            options[option[1]] = (option[2] or "").strip()
            at += 1
    content = tuple((line + 1 + i, text) for i, text in enumerate(body) if i >= at)
    return Block(line, argument, options, content)
