"""The writer's commands: ``./dev check`` says what the build says, ``./dev new`` writes a good post."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from catalogue import CASES, MYST, write_case, write_files
from handbook.commands import check as check_command
from handbook.commands import new as new_command
from handbook.commands.check import check
from handbook.commands.project import open_project
from helpers import Handbook, copy_project, post

_RECORD = re.compile(r"^(?P<path>\S.*?):(?:(?P<line>\d+):)? WARNING: (?P<msg>.*) \[(?P<type>[\w.]+)\]$")
# What check reports: the handbook's own warnings, MyST's about front matter, unknown tags.
CHECKED = ("handbook.", "myst.topmatter", "ref.tag")


def build_warnings(hb: Handbook, **confoverrides) -> set[tuple]:
    """What the build (in this process: a fast test) warns, as (path, line, message, type)."""
    hb.build(**confoverrides)
    found = set()
    for line in hb.warnings.splitlines():
        match = _RECORD.match(line)
        if match and match["type"].startswith(CHECKED):
            path = str(Path(match["path"]).relative_to(hb.srcdir))
            found.add((path, int(match["line"]) if match["line"] else None, match["msg"], match["type"]))
    return found


def check_warnings(project: Path) -> set[tuple]:
    report = check(open_project(project))
    return {(report.where(p), p.line, p.message, p.type) for p in report.problems}


@pytest.mark.slow  # several builds (twice, or -j 2 against -j 1): ./dev test, not the fast tier
def test_check_says_exactly_what_the_build_says_about_the_hostile_catalogue(make_app, tmp_path):
    project = copy_project(tmp_path / "project", "basic")
    for case in CASES:
        write_case(project, case)
    write_files(project)
    (tmp_path / "secret.txt").write_text("secret\n")  # what the download and diagram cases name, outside
    conf = project / "conf.py"
    conf.write_text(conf.read_text() + "".join(f"\n{k} = {v!r}" for k, v in MYST.items()) + "\n")
    build = build_warnings(Handbook(make_app, project))
    assert len(build) > 30
    assert check_warnings(project) == build


def test_check_says_exactly_what_the_build_says_about_chapters_images_and_tags(make_app, tmp_path):
    project = copy_project(tmp_path / "project", "seeds")
    (project / "posts" / "extra.md").write_text(post("Extra", tags=["post", "digital marketing"],
                                                     body="See {tag}`no such tag` and ![x](../media/gone.png)."))
    (project / "posts" / "old").mkdir()
    (project / "posts" / "old" / "extra.md").write_text(post("Same name", tags=["post", "nowhere"]))
    chapter = project / "chapters" / "basics.md"
    chapter.write_text(chapter.read_text().replace(":posts: ", ":posts: missing-post, what-is-a-lead-generation-job, "))
    build = build_warnings(Handbook(make_app, project))
    assert {kind for *_, kind in build} >= {"handbook.image", "handbook.chapter", "handbook.slug", "ref.tag"}
    assert check_warnings(project) == build


def test_check_exits_1_on_problems_0_without_and_respects_suppress_warnings(tmp_path, capsys):
    project = copy_project(tmp_path / "project", "seeds")
    assert check_command.main(project) == 1
    out = capsys.readouterr().out.splitlines()
    assert len([line for line in out if "[handbook.image]" in line]) == 5
    assert out[-1] == "check: 5 problem(s) in 5 of 5 posts"
    conf = project / "conf.py"
    conf.write_text(conf.read_text() + '\nsuppress_warnings = ["handbook.image"]\n')
    assert check_command.main(project) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "check: 5 posts, no problems"


def test_check_says_which_posts_the_catch_all_chapter_took(tmp_path, capsys):
    project = copy_project(tmp_path / "project", "seeds")
    conf = project / "conf.py"
    conf.write_text(conf.read_text() + '\nsuppress_warnings = ["handbook.image"]\n')
    (project / "posts" / "bant.md").write_text(post("BANT", tags=["post", "qualification"]))
    assert check_command.main(project) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "posts/bant.md: in the catch-all chapter 'Lead generation as a job' (chapters/careers): no chapter takes " \
           "its tags (qualification)" in lines
    assert not any("what-is-a-lead-generation-job" in line for line in lines)  # named in the chapter: not caught


def test_new_writes_a_post_the_build_reads_without_a_warning(make_app, tmp_path, capsys):
    project = copy_project(tmp_path / "project", "seeds")
    assert new_command.main(project, "How To Qualify A Lead With BANT", "qualification, Conversion Rate", None,
                            dt.date(2026, 3, 4)) == 0
    path = project / "posts" / "how-to-qualify-a-lead-with-bant.md"
    assert path.read_text().startswith('---\ntitle: "How To Qualify A Lead With BANT"\ndate: 2026-03-04\ntags:\n'
                                       '  - "post"\n  - "qualification"\n  - "Conversion Rate"\n---\n')
    assert "image:" not in path.read_text()
    out = capsys.readouterr().out
    assert "it lands in chapter 'Skills that bring in leads' (chapters/skills.md), by its tags" in out
    assert not [w for w in build_warnings(Handbook(make_app, project)) if "how-to-qualify" in w[0]]


def test_new_never_writes_over_a_post_and_only_names_an_image_that_exists(tmp_path, capsys):
    project = copy_project(tmp_path / "project", "seeds")
    existing = project / "posts" / "is-lead-generation-a-skill.md"
    before = existing.read_bytes()
    assert new_command.main(project, "Is Lead Generation A Skill?", "", None, dt.date(2026, 1, 1)) == 1
    assert existing.read_bytes() == before
    assert "exists already" in capsys.readouterr().out
    (project / "media").mkdir()
    (project / "media" / "bant.webp").write_bytes(b"RIFF")
    assert new_command.main(project, "With a picture", "x", "media/bant.webp", dt.date(2026, 1, 1)) == 0
    assert 'image: "/media/bant.webp"' in (project / "posts" / "with-a-picture.md").read_text()
    assert new_command.main(project, "Without a picture", "x", "media/none.webp", dt.date(2026, 1, 1)) == 0
    assert "image:" not in (project / "posts" / "without-a-picture.md").read_text()
    assert "not a file in the project" in capsys.readouterr().out


@pytest.mark.parametrize(("title", "slug"), [("How To Qualify A Lead With BANT", "how-to-qualify-a-lead-with-bant"),
                                             ("  Café: 10 tips & tricks! ", "café-10-tips-tricks"),
                                             ("営業の基本", "営業の基本")])
def test_the_slug_is_the_title_as_an_address(title, slug):
    assert new_command.slug_of(title) == slug
