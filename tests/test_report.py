"""The content report: every open problem of every post, current after every build, incremental too."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup
from helpers import post


def report(hb) -> dict:
    return json.loads((hb.outdir / "report.json").read_text(encoding="utf-8"))


def test_problems_stay_in_the_report_after_an_incremental_build_that_did_not_repeat_them(handbook):
    hb = handbook()
    hb.write("posts/a.md", post("A", date="someday", tags=["seo"]))
    hb.write("posts/b.md", post("B", tags=["qualification"], image="/media/gone.webp"))
    hb.build()
    first = report(hb)
    assert first["posts"] == 2 and first["posts_with_problems"] == 2
    assert {(p["path"], p["line"], p["type"]) for p in first["problems"]} == {
        ("posts/a.md", 3, "handbook.frontmatter"), ("posts/b.md", 5, "handbook.image")}
    hb.write("posts/c.md", post("C", tags=["seo"]))  # an unrelated edit
    hb.build()
    assert "someday" not in hb.warnings  # Sphinx did not say it again...
    assert report(hb)["problems"] == first["problems"]  # ...the report still does
    hb.write("posts/a.md", post("A", date="2025-01-01", tags=["seo"]))  # fixed
    hb.build()
    assert [p["path"] for p in report(hb)["problems"]] == ["posts/b.md"]


def test_the_report_page_shows_each_problem_and_the_catch_all_posts_as_text(handbook):
    hb = handbook()
    hb.write("posts/x.md", post("<script>alert(1)</script>", date="<b>soon</b>", tags=["nowhere"]))
    hb.build()
    page = BeautifulSoup((hb.outdir / "report.html").read_text(encoding="utf-8"), "html.parser")
    article = page.select_one("article")
    assert article.select_one("h1").get_text() == "Content report"
    assert "line 3: 'date' is not a date" in article.get_text()
    assert article.select("script") == [] and "<b>soon</b>" in article.get_text()
    assert "posts/x.md" in [li.get_text() for li in article.select("ul li")]  # the catch-all chapter took it
    assert report(hb)["catch_all"] == {"chapter": "chapters/all", "title": "All posts", "posts": ["posts/x.md"]}


def test_the_build_ends_with_a_summary_saying_where_to_look(handbook):
    hb = handbook()
    hb.write("posts/a.md", post("A", date="someday", tags=["seo"]))
    hb.build()
    status = hb.app.status.getvalue()
    assert "handbook: 1 posts; 1 with problems (1 in all): see " in status and "report.html" in status


def test_no_report_when_switched_off(handbook):
    hb = handbook()
    hb.write("posts/a.md", post("A", tags=["seo"]))
    hb.build(handbook_report=False)
    assert not (hb.outdir / "report.json").exists() and not (hb.outdir / "report.html").exists()
