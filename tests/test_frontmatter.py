"""Front matter: each field read and checked (as plain data, any engine's names), and warned about in a build."""

import datetime as dt
import re

import pytest
from handbook.core.frontmatter import MAX_TAGS, parse_date, read_front_matter
from handbook.core.post import fallback_title, front_matter_lines
from handbook.reading.reader import excerpt
from helpers import post

MARKERS = frozenset({"post"})


def read(**fields):
    return read_front_matter(fields, MARKERS)


def problems(front):
    return [(p.field, p.message) for p in front.problems]


def test_a_seed_reads_cleanly():
    front = read(title="What Is A Lead Generation Job?", date="2025-05-08",
                 image="/media/what-is-a-lead-generation-job.webp", tags=["post", "conversion rate"])
    assert front.title == "What Is A Lead Generation Job?"
    assert front.date == dt.date(2025, 5, 8)
    assert front.tags == ("conversion rate",)
    assert not front.draft and front.problems == ()


@pytest.mark.parametrize("text, expected", [
    ("2025-04-03", dt.date(2025, 4, 3)),
    ("2025-04-03 23:30:00-05:00", dt.date(2025, 4, 3)),
    ("2025-04-03T08:00:00Z", dt.date(2025, 4, 3)),
    ("2025-04-03T08:00", dt.date(2025, 4, 3)),
    ("April 3, 2025", dt.date(2025, 4, 3)),  # as JavaScript reads it (Astro's starter: pubDate: 'Jul 08 2022')
    ("Jul 08 2022", dt.date(2022, 7, 8)),
    ("3 April 2025", dt.date(2025, 4, 3)),
    ("Smarch 3, 2025", None),
    ("April 31, 2025", None),
    ("2025-13-45", None),
    ("", None),
])
def test_dates(text, expected):
    assert parse_date(text) == expected


def test_mkdocs_material_date_mapping():
    assert read(title="t", date={"created": "2023-12-31", "updated": "2024-01-02"}).date == dt.date(2023, 12, 31)


@pytest.mark.parametrize("fields, field", [
    ({"date": "2025-01-01"}, "title"),
    ({"title": "", "date": "2025-01-01"}, "title"),
    ({"title": ["a", "b"], "date": "2025-01-01"}, "title"),
    ({"title": "t", "date": "yesterday"}, "date"),
    ({"title": "t", "date": {"when": 1}}, "date"),
    ({"title": "t"}, "date"),
    ({"title": "t", "date": "2025-01-01", "tags": {"a": 1}}, "tags"),
    ({"title": "t", "date": "2025-01-01", "image": ["x"]}, "image"),
    ({"title": "t", "date": "2025-01-01", "draft": "perhaps"}, "draft"),
])
def test_each_invalid_field_gives_one_problem(fields, field):
    front = read(**fields)
    assert [p.field for p in front.problems] == [field]


def test_title_is_kept_as_text_whatever_it_holds():
    for title in ["<script>alert(1)</script>", "**bold** {raw}`html`", "[2024] Review", "`x`"]:
        assert read(title=title, date="2025-01-01").title == title


def test_very_long_title_is_shortened():
    front = read(title="word " * 200, date="2025-01-01")
    assert len(front.title) <= 300 and front.title.endswith("…")
    assert [p.field for p in front.problems] == ["title"]


def test_tags_variants():
    assert read(title="t", date="2025-01-01", tags="seo").tags == ("seo",)
    front = read(title="t", date="2025-01-01", tags="seo, email, post")
    assert front.tags == ("seo", "email")
    assert [p.field for p in front.problems] == ["tags"]
    front = read(title="t", date="2025-01-01", tags=["SEO", "seo ", " Seo", 2024, None, "", ["x"], {"a": 1}, True])
    assert front.tags == ("SEO", "2024")
    assert [p.field for p in front.problems] == ["tags"]


def test_hundreds_of_tags_are_capped():
    front = read(title="t", date="2025-01-01", tags=[f"tag {i}" for i in range(400)])
    assert len(front.tags) == MAX_TAGS
    assert [p.field for p in front.problems] == ["tags"]


def test_unknown_fields_are_ignored():
    front = read(title="t", date="2025-01-01", authors=["me"], slug="x", categories=["a"])
    assert front.problems == ()


def test_front_matter_lines_locate_keys():
    text = "---\ntitle: x\ndate: 2025-01-01\ntags:\n  - a\n  - b\nimage: /m.webp\n---\n\nbody: not a key\n"
    assert front_matter_lines(text) == {"": 1, "title": 2, "date": 3, "tags": 4, "image": 7}
    assert front_matter_lines("\ufeff---\r\ntitle: x\r\n---\r\n")["title"] == 2
    assert front_matter_lines("no front matter") == {}


def test_fallback_title_from_file_name():
    assert fallback_title("posts/what-is-a-lead_magnet") == "What is a lead magnet"


def test_excerpt_cuts_at_a_word():
    from docutils import nodes

    section = nodes.section()
    section += nodes.paragraph("", "")
    section += nodes.paragraph("", "one two three four five six")
    assert excerpt(section, 100) == "one two three four five six"
    assert excerpt(section, 12) == "one two…"


def test_hugo_toml_front_matter_is_read_and_myst_gets_only_the_title_on_the_same_lines():
    from handbook.core.metadata import myst_block, read_block

    text = '+++\ntitle = "From Hugo"\ndate = 2025-01-01\ntags = ["seo", "post"]\n+++\n\nBody line 7?\n'
    block = read_block(text)
    assert (block.kind, block.fields, block.length) == (
        "toml", {"title": "From Hugo", "date": "2025-01-01", "tags": ["seo", "post"]}, 5)
    assert block.problems == ()  # converting is the handbook's job, not the writer's: no warning
    assert myst_block(block, "From Hugo") == ["---", 'title: "From Hugo"', "#", "#", "---"]
    assert "cannot be read" in read_block("+++\ntitle = \n+++\n").problems[0][1]


def test_foreign_template_syntax_is_found_outside_code():
    from handbook.core.post import foreign_syntax

    text = ("---\ntitle: '{{ page.title }}'\n---\n\n```\n{% raw %}\nimport x from 'y'\n```\n\n"
            "Hello {{ page.title }}\n\nimport Tabs from '@theme/Tabs';\n")
    assert [line for line, _ in foreign_syntax(text)] == [10, 12]
    assert foreign_syntax("Plain {{ text }} and {% not liquid") == []


def test_jsx_component_tags_go_and_their_content_stays_on_its_line():
    from handbook.core.post import without_jsx_tags

    text = ("---\ntitle: A <B> title\n---\n\n<Tabs>\n  <TabItem value=\"a\" label={\"A\"}>Alpha</TabItem>\n</Tabs>\n"
            "```jsx\n<Tabs/>\n```\n<div class=\"x\">HTML stays</div> <Note/>\nSee {tag}`posts <SEO>` and `<Tabs>`.")
    assert without_jsx_tags(text).split("\n") == [
        "---", "title: A <B> title", "---", "", "", "  Alpha", "", "```jsx", "<Tabs/>", "```",
        '<div class="x">HTML stays</div> ', "See {tag}`posts <SEO>` and `<Tabs>`."]


def test_escape_markdown_leaves_nothing_to_interpret():
    from handbook.core.convert import escape_markdown

    assert escape_markdown("<b>x</b> *y* {raw}`z`\n# h") == r"\<b\>x\<\/b\> \*y\* \{raw\}\`z\` \# h"


# ---- in a build ---------------------------------------------------------------------
def test_bad_front_matter_warns_with_file_and_line_and_keeps_the_post(handbook):
    hb = handbook()
    hb.write("posts/no-title.md", post(None, tags=["seo"]))
    hb.write("posts/bad-date.md", post("Bad date", date="someday", tags=["seo"]))
    hb.write("posts/bad-tags.md", post("Bad tags", tags={"a": 1}))
    hb.build()
    warnings = hb.warning_lines()
    assert len(warnings) == 3, warnings
    assert any(re.search(r"posts/no-title\.md:1: WARNING: missing 'title'.*\[handbook\.frontmatter\]", w) for w in warnings)
    assert any(re.search(r"posts/bad-date\.md:3: WARNING: 'date' is not a date.*\[handbook\.frontmatter\]", w)
               for w in warnings)
    assert any(re.search(r"posts/bad-tags\.md:4: WARNING: 'tags' must be a list", w) for w in warnings)
    assert hb.html("posts/no-title").select_one("article h1").get_text().rstrip("¶") == "No title"
    listed = [a.get_text() for a in hb.html("chapters/all").select(".handbook-card-title a")]
    assert sorted(listed) == ["Bad date", "Bad tags", "No title"]
    assert "undated" in hb.html("posts/bad-date").select_one(".handbook-byline").get_text()
