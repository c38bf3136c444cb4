"""The JSON Schema for editors (schema/post.schema.json) and the build's validation agree."""

from __future__ import annotations

import json

import jsonschema
import pytest
from handbook.core.frontmatter import read_front_matter
from handbook.core.metadata import read_block
from handbook.core.post import IGNORED_KEYS
from helpers import REPO

SCHEMA = json.loads((REPO / "schema" / "post.schema.json").read_text(encoding="utf-8"))
MARKERS = frozenset({"post"})


def front_matter(text: str) -> dict | None:
    """The front matter as an editor's YAML plugin sees it: JSON values (dates as text)."""
    block = read_block(text)
    if block.kind not in ("yaml", "toml", "js") or not block.usable or block.problems:
        return None  # unreadable, or a "billion laughs": an editor's plugin would stop too
    return json.loads(json.dumps(block.fields))


def build_accepts(data: dict) -> list[str]:
    """The build's front-matter problems for these fields (none: it accepts them)."""
    front = read_front_matter(data, MARKERS)
    problems = [p.message for p in front.problems]
    problems += [f"{key} is ignored" for key in IGNORED_KEYS if key in data]
    return problems


def schema_errors(data: dict) -> list[str]:
    return [e.message for e in jsonschema.Draft202012Validator(SCHEMA).iter_errors(data)]


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def hostile_texts() -> list[tuple[str, str]]:
    from catalogue import CASES

    return [(c.name, c.text.decode("utf-8", "replace") if isinstance(c.text, bytes) else c.text) for c in CASES]


# One front matter per rule, each way round (accepted / warned about).
RULES = [
    "title: A\ndate: 2025-01-01", "date: 2025-01-01", "title: A", "title: ''\ndate: 2025-01-01",
    "title: 2024\ndate: 2025-01-01", "title: [a]\ndate: 2025-01-01", "title: A\ndate: 2025-01-01T09:30:00+02:00",
    "title: A\ndate: someday", "title: A\ndate: {created: 2025-01-01}", "title: A\ndate: {updated: 2025-01-01}",
    "title: A\ndate: 2025-01-01\ntags: seo", "title: A\ndate: 2025-01-01\ntags: seo, ads",
    "title: A\ndate: 2025-01-01\ntags: [seo, 3]", "title: A\ndate: 2025-01-01\ntags: [seo, null]",
    "title: A\ndate: 2025-01-01\ntags: [seo, [x]]", "title: A\ndate: 2025-01-01\ntags: {a: 1}",
    "title: A\ndate: 2025-01-01\ntags: [' ']", "title: A\ndate: 2025-01-01\ntags: [true]",
    "title: A\ndate: 2025-01-01\nimage: /media/x.webp", "title: A\ndate: 2025-01-01\nimage: ''",
    "title: A\ndate: 2025-01-01\nimage: [x]", "title: A\ndate: 2025-01-01\ndraft: true",
    "title: A\ndate: 2025-01-01\ndraft: 'yes'", "title: A\ndate: 2025-01-01\ndraft: maybe",
    "title: A\ndate: 2025-01-01\nmyst: {enable_extensions: [substitution]}",
    "title: A\ndate: 2025-01-01\nauthors: [jane]\ncategories: [x]",
    # other engines' names for the same fields, each way round
    "title: A\npubDate: 2025-01-01", "title: A\npubDate: soon", "title: A\npublished: false",
    "title: A\ndate: 2025-02-30", "title: A\ndate: 2025-01-01 10:30:00 -0500",
    "title: A\ndate: 2025-01-01\nlastmod: 2025-02-01", "title: A\ndate: 2025-01-01\nlastmod: later",
    "title: A\ndate: 2025-01-01\ndescription: Short.", "title: A\ndate: 2025-01-01\ndescription: [x]",
    "title: A\ndate: 2025-01-01\nheroImage: ./hero.png", "title: A\ndate: 2025-01-01\nimage: {src: ./a.png}",
    "title: A\ndate: 2025-01-01\ncover_image: [x]", "title: A\ndate: 2025-01-01\nauthors: [{name: Jane}, joe]",
    "title: A\ndate: 2025-01-01\nauthor: [3]", "title: A\ndate: 2025-01-01\naliases: [/old/, /2019/x.html]",
    "title: A\ndate: 2025-01-01\naliases: [../../etc/x]", "title: A\ndate: 2025-01-01\nredirect_from: https://x.example/",
    "title: A\ndate: 2025-01-01\nslug: /custom-url", "title: A\ndate: 2025-01-01\nslug: 'a b'",
    "title: A\ndate: 2025-01-01\ncategories: seo, ads", "title: A\ndate: 2025-01-01\ncategories: {a: 1}",
    "title: A\ndate: 2025-01-01\ntags: [{label: SEO, permalink: /seo}]",
    "title: A\ndate: 2025-01-01\ncanonical_url: https://dev.to/jane/a-post-1a2b",
    "title: A\ndate: 2025-01-01\ncanonical_url: dev.to/jane/a-post", "title: A\ndate: 2025-01-01\ncanonical: [x]",
    "title: A\ndate: 2025-01-01\ncanonical: 'javascript:alert(1)'",
    # owners and review dates (issue 27), each way round
    "title: A\ndate: 2025-01-01\nowner: Jane Doe\nreviewed: 2025-02-01", "title: A\ndate: 2025-01-01\nowner: [a, b]",
    "title: A\ndate: 2025-01-01\nowner: ''", "title: A\ndate: 2025-01-01\nreviewed: last spring",
    "title: A\ndate: 2025-01-01\nreviewed: 2025-02-30", "title: A\ndate: 2025-01-01\nowner: 7\nreviewed: Jul 08 2025",
]


def rule_texts() -> list[tuple[str, str]]:
    return [(f"rule-{i}", f"---\n{yaml_text}\n---\n\nText.\n") for i, yaml_text in enumerate(RULES)]


def seed_texts() -> list[tuple[str, str]]:
    return [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((REPO / "posts").glob("*.md"))]


# Posts with front matter an editor could check (the others MyST reports; see test_hostile_input).
CHECKABLE = [(name, data) for name, text in seed_texts() + rule_texts() + hostile_texts()
             if (data := front_matter(text)) is not None]


@pytest.mark.parametrize(("name", "data"), CHECKABLE, ids=[name for name, _ in CHECKABLE])
def test_schema_and_build_agree(name, data):
    accepted, errors = build_accepts(data), schema_errors(data)
    assert (accepted == []) == (errors == []), (accepted, errors)


def test_the_seeds_are_valid():
    for name, text in seed_texts():
        assert schema_errors(front_matter(text)) == [], name
