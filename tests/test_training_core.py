"""Courses, self-checks, review dates and fingerprints as data (core/, no Sphinx): issue 27."""

from __future__ import annotations

import datetime as dt

import pytest
from handbook.core import courses, quizzes, reviews, rules
from handbook.core.bookstate import Inputs, compute_state
from handbook.core.frontmatter import Author, Hints, read_front_matter
from handbook.core.listing import ChapterRule
from handbook.core.options import HandbookConfig
from handbook.core.post import prepare
from handbook.core.problems import HandbookWarning
from handbook.core.records import PostRecord
from handbook.core.registry import Registry


# ---- self-checks ------------------------------------------------------------------------------
def lines(*texts: str, first: int = 10) -> list[tuple[int, str]]:
    return [(first + i, text) for i, text in enumerate(texts)]


def test_a_quiz_with_one_right_answer_is_a_radio_quiz():
    quiz = quizzes.parse("What does BANT stand for?", "Budget, authority, need, timing.",
                         lines("- [ ] Budget, Audience, Need, Tools", "- [x] Budget, Authority, Need, Timing"), 7)
    assert quiz.problems == () and quiz.scorable and not quiz.multiple
    assert [a.text for a in quiz.answers] == ["Budget, Audience, Need, Tools", "Budget, Authority, Need, Timing"]
    assert quiz.right == (1,) and [a.line for a in quiz.answers] == [10, 11]


def test_several_right_answers_make_checkboxes_and_long_answers_continue():
    quiz = quizzes.parse("Which?", None, lines("* [X] one", "+ [x] two,", "  continued here", "", "- [ ] three"), 1)
    assert quiz.multiple and quiz.right == (0, 1)
    assert quiz.answers[1].text == "two, continued here"


@pytest.mark.parametrize(("question", "content", "expected"), [
    (None, ["- [x] a", "- [ ] b"], [(5, quizzes.QUESTION_MISSING)]),
    ("  ", ["- [x] a"], [(5, quizzes.QUESTION_MISSING)]),
    ("Q?", [], [(5, quizzes.NO_ANSWERS)]),
    ("Q?", ["- [ ] a", "- [ ] b"], [(5, quizzes.NO_RIGHT_ANSWER)]),
    ("Q?", ["- [x] a", "- [ ]   ", "- [x]"], [(11, quizzes.EMPTY_ANSWER % 2), (12, quizzes.EMPTY_ANSWER % 3)]),
    ("Q?", ["- [x] a", "just text"], [(11, quizzes.NOT_AN_ANSWER % "just text")]),
])
def test_what_a_quiz_gets_wrong_is_said_with_its_line(question, content, expected):
    quiz = quizzes.parse(question, None, lines(*content), 5)
    assert list(quiz.problems) == expected
    assert not quiz.scorable or question and quiz.right


def test_an_answer_left_empty_is_not_shown_but_the_others_are():
    quiz = quizzes.parse("Q?", None, lines("- [x] a", "- [ ]", "- [ ] c"), 1)
    assert [a.text for a in quiz.answers] == ["a", "c"]


def test_the_version_of_a_quiz_changes_with_its_question_or_answers_only():
    one = quizzes.parse("Q?", "why", lines("- [x] a", "- [ ] b"), 1)
    assert one.version == quizzes.parse("Q?", "another explanation", lines("- [x] a", "- [ ] b"), 40).version
    assert one.version != quizzes.parse("Q?", "why", lines("- [ ] a", "- [x] b"), 1).version
    assert one.version != quizzes.parse("Q!", "why", lines("- [x] a", "- [ ] b"), 1).version


def test_quiz_anchors_follow_the_question_and_never_repeat():
    first = quizzes.quiz_id("What does BANT stand for?")
    assert first.startswith("quiz-") and first == quizzes.quiz_id("what does  BANT stand for?")
    assert quizzes.quiz_id("What does BANT stand for?", {first}) == f"{first}-2"
    assert quizzes.quiz_id("Another?") != first


MARKDOWN = """---
title: A
---

Text.

```{quiz}
:question: First?
:explanation: Because.

- [ ] no
- [x] yes
```

````md
```{quiz}
:question: shown as code, not a quiz
```
````

:::{quiz}
---
question: Second?
explanation: "quoted"
---
- [x] one
- [x] two
:::

~~~{quiz} Third, as the argument?
- [ ]
~~~
"""


def test_the_check_finds_quizzes_in_markdown_as_the_build_reads_them():
    found = quizzes.find(MARKDOWN)
    assert [b.line for b in found] == [7, 21, 30]
    first, second, third = (b.quiz() for b in found)
    assert (first.question, first.explanation, first.right, [a.line for a in first.answers]) == \
        ("First?", "Because.", (1,), [11, 12])
    assert (second.question, second.explanation, second.right) == ("Second?", "quoted", (0, 1))
    assert third.question == "Third, as the argument?"
    assert list(third.problems) == [(30, quizzes.NO_RIGHT_ANSWER), (31, quizzes.EMPTY_ANSWER % 1)]
    problems = rules.quiz_problems("posts/a", [p for q in rules.text_quizzes(MARKDOWN) for p in q.problems])
    assert {(p.kind, p.docname, p.line) for p in problems} == {("quiz", "posts/a", 30), ("quiz", "posts/a", 31)}


# ---- courses ----------------------------------------------------------------------------------
def test_a_session_line_is_split_at_its_first_colon_and_space():
    course = courses.parse(lines("Day 1, the basics: what-is-lead-generation-in-sales, is-lead-generation-a-skill",
                                 "Day 2: the skills: tag:conversion rate, TAG: seo",
                                 "", "   ", "Day 3:"), 4)
    day1, day2, day3 = course.sessions
    assert day1.title == "Day 1, the basics" and [i.name for i in day1.items] == [
        "what-is-lead-generation-in-sales", "is-lead-generation-a-skill"]
    assert day2.title == "Day 2" and [(i.name, i.tag) for i in day2.items] == [
        ("the skills: tag:conversion rate", False), ("seo", True)]
    assert day3.items == () and course.problems == ((14, courses.NO_ITEMS % "Day 3"),)


def test_a_line_that_is_no_session_and_a_course_without_sessions_are_problems():
    assert courses.parse(lines("just posts, here", "Day: tag:"), 2).problems == (
        (10, courses.NO_TITLE), (11, courses.EMPTY_TAG), (11, courses.NO_ITEMS % "Day"))
    assert courses.parse([], 3).problems == ((3, courses.NO_SESSIONS),)


def record(docname: str, title: str, date: str, tags=("seo",), draft=False, minutes=3, **extra) -> PostRecord:
    return PostRecord(docname=docname, title=title, date=dt.date.fromisoformat(date), tags=tags, image=None,
                      excerpt="", minutes=minutes, draft=draft, anchor=docname.rsplit("/", 1)[-1], **extra)


def state_with(course_text: list[str], records: list[PostRecord], today=None, conf=None, registry=None):
    return compute_state(Inputs(
        records={r.docname: r for r in records},
        rules={"chapters/first": ChapterRule(tag_keys=("ads",)), "chapters/rest": ChapterRule(rest=True)},
        order={"index": 0, "chapters/first": 1, "chapters/rest": 2},
        titles={"chapters/first": "First", "chapters/rest": "Rest"},
        registry=registry or Registry(),
        courses={"courses/week": courses.parse(lines(*course_text), 8)},
        course_titles={"courses/week": "Week"},
        today=today,
    ), conf or HandbookConfig())


POSTS = [
    record("posts/old-seo", "Old SEO", "2024-01-01"),
    record("posts/new-seo", "New SEO", "2025-01-01", minutes=5),
    record("posts/ad-seo", "Ads and SEO", "2023-01-01", tags=("ads", "seo")),
    record("posts/ads", "Ads", "2025-03-01", tags=("ads",)),
    record("posts/secret", "Draft", "2025-01-01", draft=True),
]


def test_a_tag_item_takes_the_tags_posts_in_reading_order_once():
    state = state_with(["One: ads", "Two: tag:SEO, new-seo"], POSTS)
    plan = state.courses["courses/week"]
    # reading order: chapter "First" (ads: by date), then "Rest"; a post is in a course once
    assert [s.docnames for s in plan.sessions] == [("posts/ads",), ("posts/ad-seo", "posts/old-seo", "posts/new-seo")]
    assert plan.problems == ((11, "post 'new-seo' is already in session 'Two'"),)
    assert plan.title == "Week" and state.course_view("courses/week")[0] == "Week"


def test_unknown_posts_and_tags_drafts_and_empty_sessions_are_problems_with_their_lines():
    state = state_with(["One: old-sep, secret, tag:sea", "Two: tag:ads", "Three: tag:ads"], POSTS)
    messages = rules.course_problems(state)
    assert [(p.kind, p.docname, p.line) for p in messages] == [("course", "courses/week", 10)] * 3 + [
        ("course", "courses/week", 12)]
    texts = [p.message for p in messages]
    assert texts[0] == "no post named 'old-sep' (a post's file name, without .md); did you mean 'old-seo'?"
    assert texts[1] == "post 'secret' is a draft: left out until it is published"
    assert texts[2] == "no post has the tag 'sea'; did you mean 'seo'?"
    assert texts[3] == "session 'Three' has no post: earlier sessions have them"
    assert rules.book_problems(state)[-4:] == messages


def test_a_tag_alias_of_the_registry_names_its_tag():
    registry = Registry(tags={}, alias_of={"search": "seo"})
    state = state_with(["One: tag:search"], POSTS, registry=registry)
    assert state.courses["courses/week"].sessions[0].docnames == ("posts/ad-seo", "posts/old-seo", "posts/new-seo")


def test_a_course_shows_in_every_pages_fingerprint_and_its_posts_cards_in_its_view():
    before = state_with(["One: ads"], POSTS)
    renamed = compute_state(Inputs(records={r.docname: r for r in POSTS}, rules={}, order={}, titles={},
                                   registry=Registry(), courses={"courses/week": courses.parse(lines("One: ads"), 8)},
                                   course_titles={"courses/week": "Week 2"}), HandbookConfig())
    assert before.site_fingerprint(HandbookConfig()) != renamed.site_fingerprint(HandbookConfig())
    edited = [r if r.docname != "posts/ads" else record("posts/ads", "Ads", "2025-03-01", tags=("ads",),
                                                         fingerprint="changed") for r in POSTS]
    assert before.course_view("courses/week") != state_with(["One: ads"], edited).course_view("courses/week")


# ---- review dates ---------------------------------------------------------------------------
def test_the_build_date_is_source_date_epoch_when_set():
    assert reviews.build_date({"SOURCE_DATE_EPOCH": "1767225600"}) == dt.date(2026, 1, 1)
    assert reviews.build_date({"SOURCE_DATE_EPOCH": "not a number"}) == dt.date.today()
    assert reviews.build_date({}) == dt.date.today()


def test_a_post_is_due_review_every_days_after_it_was_reviewed():
    reviewed = [record("posts/a", "A", "2024-01-01", reviewed=dt.date(2025, 1, 1), owner=("jane", "Jane Doe"),
                       reviewed_line=6), record("posts/b", "B", "2024-01-01", reviewed=dt.date(2025, 6, 1)),
                record("posts/c", "C", "2024-01-01")]
    on = dt.date(2026, 1, 1)
    assert reviews.due_posts({r.docname: r for r in reviewed}, 365, on) == {"posts/a": dt.date(2026, 1, 1)}
    assert reviews.due_posts({r.docname: r for r in reviewed}, 0, on) == {}
    assert reviews.due_posts({r.docname: r for r in reviewed}, 365, dt.date(2025, 12, 31)) == {}
    state = state_with(["One: ads"], reviewed + POSTS[3:4], today=on)
    assert state.due == {"posts/a": dt.date(2026, 1, 1)}
    (problem,) = rules.review_problems(state)
    assert (problem.kind, problem.docname, problem.line) == (HandbookWarning.REVIEW, "posts/a", 6)
    assert problem.message == ("due for review since 2026-01-01 (reviewed 2025-01-01 by Jane Doe); readers are told "
                               "it may be out of date")
    assert state_with(["One: ads"], reviewed, today=None).due == {}


def test_owner_and_reviewed_in_front_matter():
    jane = Author("jane", "Jane Doe")
    front = read_front_matter({"title": "A", "date": "2025-01-01", "owner": "jane", "reviewed": "2025-06-01"},
                              frozenset(), Hints(known_authors={"jane": jane}))
    assert front.problems == () and front.owner == jane and front.reviewed == dt.date(2025, 6, 1)
    bad = read_front_matter({"title": "A", "date": "2025-01-01", "owner": ["a", "b"], "reviewed": "soon"}, frozenset())
    assert bad.owner is None and bad.reviewed is None
    assert [p.field for p in bad.problems] == ["owner", "reviewed"]


def test_a_posts_fingerprint_is_its_text_not_its_front_matter():
    def fingerprint(front: str, body: str) -> str:
        return prepare(f"---\n{front}\n---\n{body}", "posts/a", HandbookConfig(), ".").fingerprint

    base = fingerprint("title: A\nreviewed: 2025-01-01", "\nSome text.\n")
    assert len(base) == 16
    assert fingerprint("title: A renamed\nreviewed: 2026-01-01\ntags: [x]", "\nSome text.  \r\n") == base
    assert fingerprint("title: A", "\nSome other text.\n") != base
