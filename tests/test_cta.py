"""Calls to action: the registry, the {cta} block, the defaults, UTM tags, every output, the report."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from handbook.commands import check as check_command
from handbook.commands.check import check
from handbook.commands.project import open_project
from handbook.core import rules
from handbook.core.ctas import CallToAction, read_registry, tagged
from handbook.core.options import HandbookConfig
from handbook.core.post import prepare
from helpers import Handbook, copy_project, post, strip_ansi

CHECKLIST = {"heading": "Get the lead qualification checklist", "text": "One page to take into your next call.",
             "button": "Download the checklist", "url": "https://leadcraftr.com/checklist"}
DEMO = {"heading": "Book a demo", "button": "Book it", "url": "https://leadcraftr.com/demo?ref=x#form"}
CTAS = {"checklist": CHECKLIST, "demo": DEMO}


# ---- pure ---------------------------------------------------------------------------------
def test_utm_parameters_are_added_unless_the_address_has_its_own():
    assert tagged("https://x.example/c", "post", "basics") == \
        "https://x.example/c?utm_source=handbook&utm_medium=post&utm_campaign=basics"
    assert tagged("https://x.example/c?ref=1#form", "chapter", None) == \
        "https://x.example/c?ref=1&utm_source=handbook&utm_medium=chapter#form"
    assert tagged("https://x.example/c?UTM_Source=news&a=1", "post", "b") == "https://x.example/c?UTM_Source=news&a=1"
    assert dict(parse_qsl(urlsplit(tagged("https://x.example/", "post", "a b&c")).query))["utm_campaign"] == "a b&c"


def test_the_registry_keeps_good_entries_and_says_why_the_others_are_skipped():
    entries, why = read_registry({**CTAS, "bad": {"heading": "x", "button": "y", "url": "leadcraftr.com"},
                                  "no button": CHECKLIST, "typo": {**CHECKLIST, "titel": "x"}, "list": ["x"]})
    assert [e.name for e in entries] == ["checklist", "demo"]
    assert entries[1] == CallToAction("demo", "Book a demo", "", "Book it", "https://leadcraftr.com/demo?ref=x#form")
    assert "entry 'bad' needs a 'url' that is an absolute http(s) address" in why
    assert "entry 'no button' has no usable name" in why and "'typo' has unknown keys 'titel'" in why
    assert "'list' must be a dict" in why and why.endswith("(skipped)")
    assert read_registry({"x": {**CHECKLIST, "url": 'https://x.example/"><script>'}})[0] == ()
    assert read_registry("checklist") == (None, read_registry("checklist")[1])


def test_the_rule_book_finds_cta_blocks_and_unknown_names():
    text = post("A", body="Text.\n\n```{cta} checklist\n```\n\n:::{cta} nope\n:::\n\n~~~{cta}\n~~~\n")
    prepared = prepare(text, "posts/a", HandbookConfig(), Path("."))
    refs = rules.cta_references(prepared)
    assert [name for _, name in refs] == ["checklist", "nope", ""]
    entries, _ = read_registry(CTAS)
    problems = rules.cta_problems("posts/a", refs, entries)
    assert [(p.line, p.type) for p in problems] == [(refs[1][0], "handbook.cta"), (refs[2][0], "handbook.cta")]
    assert "unknown call to action 'nope' (handbook_ctas has checklist, demo)" in problems[0].message
    conf = HandbookConfig(ctas=entries, cta_after_post="gone", cta_after_chapter="demo")
    [option] = rules.cta_option_problems(conf, "x = 1\nhandbook_cta_after_post = 'gone'\n")
    assert (option.path, option.line) == ("conf.py", 2) and "handbook_cta_after_post names 'gone'" in option.message


# ---- in a build ---------------------------------------------------------------------------
def write_project(hb: Handbook) -> None:
    (hb.srcdir / "chapters" / "seo.md").write_text("# SEO\n\n```{chapter-posts}\n:tags: seo\n```\n")
    (hb.srcdir / "index.md").write_text("# Test handbook\n\n```{cta} demo\n```\n\n```{toctree}\n:hidden:\n\n"
                                        "chapters/seo\nchapters/all\ntags\n```\n")
    hb.write("posts/own.md", post("Own", "2025-01-01", ["post", "seo"], "Text.\n\n```{cta} demo\n```\n\nMore."))
    hb.write("posts/plain.md", post("Plain", "2025-01-02", ["post", "seo"], "Text."))
    hb.write("posts/other.md", post("Other", "2025-01-03", ["post", "ads"], "Text.\n\n```{cta} nope\n```\n"))


def cta_sections(soup) -> list:
    return soup.select("section.handbook-cta")


def test_a_cta_block_is_a_heading_and_a_utm_tagged_link_and_defaults_fill_the_rest(handbook):
    hb = handbook()
    write_project(hb)
    hb.build(handbook_ctas=CTAS, handbook_cta_after_post="checklist", handbook_cta_after_chapter="checklist")
    [own] = cta_sections(hb.html("posts/own"))  # its own, and no default
    heading = own.find("h2")
    assert heading.get_text() == "Book a demo" and own["aria-labelledby"] == heading["id"]
    link = own.select_one("a.handbook-cta-button")
    assert link.get_text() == "Book it"
    assert link["href"] == "https://leadcraftr.com/demo?ref=x&utm_source=handbook&utm_medium=post&utm_campaign=seo#form"
    assert own.find("script") is None and own.find("img") is None
    page = hb.html("posts/plain")
    [plain] = cta_sections(page)  # the default, at the end of its text, before related posts
    assert plain.h2.get_text() == CHECKLIST["heading"]
    assert plain.select_one(".handbook-cta-text").get_text() == CHECKLIST["text"]
    assert plain.a["href"] == CHECKLIST["url"] + "?utm_source=handbook&utm_medium=post&utm_campaign=seo"
    related = page.select_one(".handbook-related")
    assert related is not None and plain.find_next(class_="handbook-related") is related
    assert cta_sections(hb.html("posts/other")) == []  # an unknown name: nothing, and no default either
    [chapter] = cta_sections(hb.html("chapters/seo"))  # at the chapter page's end, after its posts
    assert chapter.find_previous(class_="handbook-chapter-posts") is not None
    assert chapter.a["href"].endswith("utm_medium=chapter&utm_campaign=seo")
    [landing] = cta_sections(hb.html("index"))
    assert landing.a["href"].endswith("utm_medium=page#form")
    [catch_all] = cta_sections(hb.html("chapters/all"))
    assert catch_all.a["href"].endswith("utm_campaign=all")


def test_no_cta_without_a_registry_or_defaults(handbook):
    hb = handbook()
    write_project(hb)
    hb.build(handbook_ctas=CTAS)
    assert cta_sections(hb.html("posts/plain")) == [] and cta_sections(hb.html("chapters/seo")) == []
    assert len(cta_sections(hb.html("posts/own"))) == 1


def test_unknown_names_warn_with_their_line_in_the_build_and_in_the_check(make_app, tmp_path, capsys):
    project = copy_project(tmp_path / "project", "basic")
    hb = Handbook(make_app, project)
    write_project(hb)
    (project / "conf.py").write_text((project / "conf.py").read_text()
                                     + f"handbook_ctas = {CTAS!r}\nhandbook_cta_after_post = 'gone'\n")
    hb.build()
    lines = [line for line in hb.warning_lines() if "[handbook.cta]" in line]
    other = project / "posts" / "other.md"
    line_of_block = other.read_text().splitlines().index("```{cta} nope") + 1
    assert lines == [
        (f"{other}:{line_of_block}: WARNING: unknown call to action 'nope' (handbook_ctas has checklist, demo); "
         "not shown [handbook.cta]"),
        (f"{project / 'conf.py'}:{len((project / 'conf.py').read_text().splitlines())}: WARNING: "
         "handbook_cta_after_post names 'gone', but handbook_ctas has checklist, demo; no call to action is placed "
         "by default [handbook.cta]")]
    report = check(open_project(project))
    said = {f"{report.where(p)}:{p.line}: {p.message}" for p in report.problems if p.type == "handbook.cta"}
    assert said == {f"{Path(line.split(': WARNING: ')[0]).relative_to(project)}: "
                    + line.split(": WARNING: ")[1].removesuffix(" [handbook.cta]") for line in lines}
    assert check_command.main(project) == 1
    assert "[handbook.cta]" in capsys.readouterr().out
    data = json.loads((hb.outdir / "report.json").read_text())
    assert {(p["path"], p["type"]) for p in data["problems"]} >= {("posts/other.md", "handbook.cta"),
                                                                  ("conf.py", "handbook.cta")}


def test_an_unknown_name_in_a_chapter_page_is_said_by_the_check_too(make_app, tmp_path, capsys):
    project = copy_project(tmp_path / "project", "basic")
    hb = Handbook(make_app, project)
    chapter = project / "chapters" / "all.md"
    chapter.write_text(chapter.read_text() + "\n```{cta} nope\n```\n")
    (project / "conf.py").write_text((project / "conf.py").read_text() + f"handbook_ctas = {CTAS!r}\n")
    hb.build()
    [line] = [line for line in hb.warning_lines() if "[handbook.cta]" in line]
    assert line.startswith(f"{chapter}:7: WARNING: unknown call to action 'nope'")
    hb.app.cleanup()
    assert check_command.main(project) == 1
    assert line in strip_ansi(capsys.readouterr().out).splitlines()


def test_the_report_lists_which_chapters_and_posts_carry_one(handbook):
    hb = handbook()
    write_project(hb)
    (hb.srcdir / "chapters" / "empty.md").write_text("# Empty\n\n```{chapter-posts}\n:tags: nothing\n```\n")
    index = hb.srcdir / "index.md"
    index.write_text(index.read_text().replace("chapters/all", "chapters/all\nchapters/empty"))
    hb.build(handbook_ctas=CTAS, handbook_cta_after_chapter="")
    data = json.loads((hb.outdir / "report.json").read_text())["calls_to_action"]
    assert data["pages"] == {"index.md": ["demo"], "posts/own.md": ["demo"]}
    chapters = {c["chapter"]: c for c in data["chapters"]}
    assert chapters["chapters/seo.md"] == {"chapter": "chapters/seo.md", "title": "SEO", "page": [], "posts": 2,
                                           "posts_with": 1}
    assert data["chapters_without"] == ["chapters/all.md", "chapters/empty.md"]
    page = hb.html("report")
    assert "Chapters with no call to action" in page.get_text()
    assert [li.get_text() for li in page.select("#calls-to-action ~ ul")[1].find_all("li")] == \
        ["chapters/all.md", "chapters/empty.md"]
    hb.build(handbook_ctas=CTAS, handbook_cta_after_chapter="checklist", handbook_cta_after_post="checklist")
    data = json.loads((hb.outdir / "report.json").read_text())["calls_to_action"]
    assert data["chapters_without"] == []
    assert data["pages"]["posts/plain.md"] == ["checklist"] and data["pages"]["posts/own.md"] == ["demo"]
    assert data["pages"]["chapters/empty.md"] == ["checklist"]


def test_in_print_and_in_the_epub_the_address_is_printed_in_full(handbook):
    hb = handbook()
    write_project(hb)
    hb.build("latex", handbook_ctas=CTAS, handbook_cta_after_chapter="checklist")
    tex = next(hb.outdir.glob("*.tex")).read_text()
    box = tex[tex.index(r"\sphinxstyletopictitle{Get the lead qualification checklist}"):]
    box = box[:box.index(r"\end{sphinxtopic}")]
    assert r"Download the checklist: \sphinxurl{https://leadcraftr.com/checklist?utm\_source=handbook" in box
    hb.build("epub", handbook_ctas=CTAS, handbook_cta_after_chapter="checklist")
    page = (hb.outdir / "chapters" / "seo.xhtml").read_text()
    expected = CHECKLIST["url"] + "?utm_source=handbook&amp;utm_medium=chapter&amp;utm_campaign=seo"
    assert re.search(r'Download the checklist: <a [^>]*href="' + re.escape(expected) + '">' + re.escape(expected), page)


@pytest.mark.parametrize("hostile", ['<script>alert(1)</script>', '"><img src=x onerror=alert(2)>', "{{ 7*7 }}"])
def test_a_hostile_registry_entry_stays_text(handbook, hostile):
    hb = handbook()
    write_project(hb)
    bad = {"x": {"heading": hostile, "text": hostile, "button": hostile, "url": "https://x.example/?q=1&r=2"}}
    hb.build(handbook_ctas=bad, handbook_cta_after_post="x")
    [block] = cta_sections(hb.html("posts/plain"))
    assert block.h2.get_text() == hostile and block.a.get_text() == hostile
    assert block.find("script") is None and block.find("img") is None
    assert block.a["href"].startswith("https://x.example/?q=1&r=2&utm_source=handbook")
