"""Self-checks: the ``quiz`` directive, and each quiz drawn for its output.

The directive reads the question, explanation and answers (``core/quizzes.py``: the
same parser ``./dev check`` uses) into a :class:`~.nodes.quiz` placeholder, which is
drawn per output document (``render.py``):

- the website: a form (fieldset and legend, radio buttons for one right answer or
  checkboxes for several, a "Check" button and a live region for the result), scored in
  the browser by ``static/handbook-training.js``; without JavaScript the button stays
  hidden and a collapsed ``<details>`` holds the right answer(s) and the explanation;
- another HTML page (a single page): the question, the answers and that ``<details>``;
- the EPUB: the question and the answers; the answers at the end of the post;
- print: the question and the answers (A, B, C, ...); the right ones and the explanation
  only in a trainer's edition (``-t trainer``), never in the trainee's.

Everything is docutils nodes (``html_element`` for the form's own elements), so each
writer escapes the text itself.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util.docutils import SphinxDirective

from .. import capabilities
from .. import config as handbook_config
from ..core import quizzes
from ..core.problems import Problem
from ..core.rules import quiz_problems
from ..warnings import warn_problem
from .nodes import element, quiz, quiz_answer, quiz_explanation, quiz_question

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class QuizDirective(SphinxDirective):
    """``:question:``, ``:explanation:`` and a task list of answers, ``- [x]`` for each right one."""

    optional_arguments = 1  # the question may also follow {quiz} on its line
    final_argument_whitespace = True
    has_content = True
    option_spec = {"question": directives.unchanged, "explanation": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        first_content_line = self.lineno + self.content_offset + 1  # MyST: the offset is from the directive's line
        lines = [(first_content_line + i, text) for i, text in enumerate(self.content)]
        parsed = quizzes.parse(self.options.get("question") or (self.arguments[0] if self.arguments else None),
                               self.options.get("explanation"), lines, self.lineno)
        document = self.state.document
        anchor = quizzes.quiz_id(parsed.question or f"{self.env.docname}:{self.lineno}", set(document.ids))
        question = self._inline(parsed.question, self.lineno)
        node = quiz(docname=self.env.docname, quiz_id=anchor, right=list(parsed.right), multiple=parsed.multiple,
                    scorable=parsed.scorable, version=parsed.version, problems=[list(p) for p in parsed.problems],
                    question="".join(n.astext() for n in question), ids=[anchor])  # as the page shows it
        document.ids[anchor] = node
        self.set_source_info(node)
        node += quiz_question("", "", *question)
        for answer in parsed.answers:
            node += quiz_answer("", "", *self._inline(answer.text, answer.line), right=answer.right)
        if parsed.explanation:
            node += quiz_explanation("", "", *self._inline(parsed.explanation, self.lineno))
        return [node]

    def _inline(self, text: str, line: int) -> list[nodes.Node]:
        """Inline Markdown (emphasis, code, links); raw HTML is shown as written, never passed on."""
        if not text:
            return []
        parsed, _messages = self.parse_inline(text, lineno=line)
        for raw in [n for part in parsed for n in part.findall(nodes.raw)]:
            raw.replace_self(nodes.Text(raw.astext()))
        return [n for n in parsed if not isinstance(n, nodes.raw)] or [nodes.Text(text)]


def problems_of(doctree: nodes.Node, docname: str) -> list[Problem]:
    """The problems of the self-checks in a document (the rule book's words)."""
    return quiz_problems(docname, [(line, message) for n in doctree.findall(quiz) for line, message in n["problems"]])


def note_page_problems(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: self-checks on pages that are not posts (the reader takes care of posts)."""
    docname = app.env.docname
    if handbook_config.is_post(app.config, docname):
        return
    problems = problems_of(doctree, docname)
    for problem in problems:
        warn_problem(problem)
    if problems:
        domain = app.env.get_domain("handbook")
        domain.note_problems(docname, [*domain.problems().get(docname, ()), *problems])


# ---- drawing -------------------------------------------------------------------------------------
def _parts(node: quiz) -> tuple[list[nodes.Node], list[quiz_answer], list[nodes.Node]]:
    question = next((c for c in node.children if isinstance(c, quiz_question)), None)
    explanation = next((c for c in node.children if isinstance(c, quiz_explanation)), None)
    answers = [c for c in node.children if isinstance(c, quiz_answer)]
    return ([c.deepcopy() for c in question.children] if question else [], answers,
            [c.deepcopy() for c in explanation.children] if explanation else [])


def _copy(answer: quiz_answer) -> list[nodes.Node]:
    return [c.deepcopy() for c in answer.children]


def right_answers(node: quiz, letters: bool = True) -> nodes.paragraph:
    """"Right answer: B, Budget, Authority, Need, Timing." and the explanation after it.

    ``letters``: where the answers are shown lettered (print, the EPUB), not beside a form's buttons.
    """
    _question, answers, explanation = _parts(node)
    right = [(i, a) for i, a in enumerate(answers) if a.get("right")]
    para = nodes.paragraph(classes=["handbook-quiz-solution"])
    para += nodes.strong("", _("Right answers:") if len(right) > 1 else _("Right answer:"))
    para += nodes.Text(" ")
    for number, (i, answer) in enumerate(right):
        if number:
            para += nodes.Text("; ")
        if letters:
            para += nodes.Text(f"{LETTERS[i % 26]}, ")
        para.extend(_copy(answer))
    para += nodes.Text(".")
    if explanation:
        para += nodes.Text(" ")
        para += nodes.inline("", "", *explanation, classes=["handbook-quiz-explanation"])
    return para


def static_quiz(node: quiz, anchor: bool = True) -> nodes.container:
    """The question and its answers, lettered: what print, the EPUB and pages without the form show."""
    question, answers, _explanation = _parts(node)
    box = nodes.container(classes=["handbook-quiz"], ids=[node["quiz_id"]] if anchor else [])
    para = nodes.paragraph(classes=["handbook-quiz-question"])
    para += nodes.strong("", _("Self-check:") + " ")
    para.extend(question)
    if node.get("multiple"):
        para += nodes.Text(" " + _("(Every right answer.)"))
    box += para
    if answers:
        items = nodes.enumerated_list(enumtype="upperalpha", prefix="", suffix=".", classes=["handbook-quiz-answers"])
        for answer in answers:
            items += nodes.list_item("", nodes.paragraph("", "", *_copy(answer)))
        box += items
    return box


def details(node: quiz, letters: bool = True) -> nodes.Node:
    """The right answer(s) and the explanation in a collapsed block (works without JavaScript)."""
    return element("details", element("summary", nodes.Text(_("Show the answer"))), right_answers(node, letters),
                   classes=("handbook-quiz-answer",))


def website_form(node: quiz) -> nodes.Node:
    """A form scored in the browser (``static/handbook-training.js``)."""
    question, answers, _explanation = _parts(node)
    anchor, multiple = node["quiz_id"], node.get("multiple", False)
    legend = element("legend", nodes.inline("", _("Self-check:") + " ", classes=["handbook-quiz-label"]), *question)
    hint = nodes.paragraph("", _("Choose every right answer.") if multiple else _("Choose one answer."),
                           classes=["handbook-quiz-hint"])
    choices = []
    for i, answer in enumerate(answers):
        control = element("input", ids=(f"{anchor}-{i + 1}",), empty=True, type="checkbox" if multiple else "radio",
                          name=anchor, value=str(i))
        label = element("label", *_copy(answer), **{"for": f"{anchor}-{i + 1}"})
        choices.append(element("div", control, label, classes=("handbook-quiz-choice",)))
    check = element("button", nodes.Text(_("Check")), classes=("handbook-quiz-check",), type="submit",
                    hidden="hidden")  # shown by the script: without it there is nothing to check with
    result = element("p", classes=("handbook-quiz-result",), role="status", **{"aria-live": "polite"})
    fieldset = element("fieldset", legend, hint, *choices, check, result)
    return element("form", fieldset, details(node, letters=False), ids=(anchor,), classes=("handbook-quiz",),
                   **{"data-handbook-right": ",".join(str(i) for i in node["right"]),
                      "data-handbook-version": node["version"]})


def render(renderer, node: quiz) -> list[nodes.Node]:
    """The quiz as this output shows it."""
    can = renderer.can
    scorable = node.get("scorable", False)
    if can.website and scorable:
        return [website_form(node)]
    box = static_quiz(node)
    if not scorable:
        return [box]
    if can.epub:
        renderer.epub_answers.append(node)  # listed at the end of the post (answers_at_the_end)
    elif can.html:
        box += details(node)
    elif renderer.app.tags.has(capabilities.TRAINER_TAG):  # print: a trainer's edition only
        box += right_answers(node)
    return [box]


def answers_at_the_end(renderer, doctree: nodes.document) -> None:
    """EPUB: "Answers to the self-checks" at the end of the post, before its related posts."""
    if not renderer.epub_answers:
        return
    section = doctree.next_node(nodes.section)
    if section is None:
        return
    block = nodes.container(classes=["handbook-quiz-answers-end"])
    block += nodes.rubric("", _("Answers to the self-checks"))
    items = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
    for node in renderer.epub_answers:
        question, _answers, _explanation = _parts(node)
        para = nodes.paragraph()
        para += nodes.reference("", "", *question, internal=True, refid=node["quiz_id"])
        items += nodes.list_item("", para, right_answers(node))
    block += items
    related = next((c for c in section.children if "handbook-related" in c.get("classes", [])), None)
    if related is not None:
        section.insert(section.index(related), block)
    else:
        section += block


def register(app: Sphinx) -> None:
    app.add_directive("quiz", QuizDirective)
    app.connect("doctree-read", note_page_problems)
