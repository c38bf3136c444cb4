"""The archive: every post by year and month, newest first, linked from the sidebar."""

from __future__ import annotations

import datetime as dt

from handbook.core.listing import PostSummary, by_month
from helpers import post


def summary(name: str, date: str | None) -> PostSummary:
    return PostSummary(f"posts/{name}", name.upper(), dt.date.fromisoformat(date) if date else None, ())


def test_by_month_is_newest_first_with_undated_apart():
    years, undated = by_month([summary("a", "2024-05-02"), summary("b", "2025-01-09"), summary("c", "2024-05-20"),
                               summary("d", None), summary("e", "2024-11-01")])
    assert years == [(2025, [(1, ["posts/b"])]), (2024, [(11, ["posts/e"]), (5, ["posts/c", "posts/a"])])]
    assert undated == ["posts/d"]


def texts(soup, selector: str) -> list[str]:
    return [" ".join(e.get_text(" ").split()) for e in soup.select(selector)]


def write_posts(hb) -> None:
    hb.write("posts/a.md", post("Alpha", date="2024-05-02"))
    hb.write("posts/b.md", post("Beta", date="2025-01-09"))
    hb.write("posts/c.md", post("Gamma <i>x</i>", date="2024-05-20"))
    hb.write("posts/d.md", post("Delta", date=None))
    hb.write("posts/e.md", post("Epsilon", date="2023-11-01"))
    hb.write("posts/f.md", post("Draft one", date="2024-06-01", draft=True))


def test_the_archive_lists_years_months_and_posts(handbook):
    hb = handbook()
    write_posts(hb)
    hb.build()
    top = hb.html("archive")
    assert texts(top, "article h2") == ["2025 1 post", "2024 2 posts", "2023 1 post", "Undated posts (1)"]
    assert texts(top, "article ul.handbook-archive-months li") == ["January 2025 (1)", "May 2024 (2)",
                                                                    "November 2023 (1)"]
    assert top.select_one("article h2 a")["href"] == "archive/2025.html"
    year = hb.html("archive/2024")
    assert texts(year, "article h2") == ["May 2024"]
    assert year.select_one("article h2")["id"] == "m2024-05"
    assert texts(year, "article ul.handbook-archive-posts li") == ["20 May 2024 Gamma <i>x</i>", "2 May 2024 Alpha"]
    assert year.select_one("article i") is None  # a title is text
    assert [a.get_text() for a in year.select("nav.handbook-pages a")] == ["Newer: 2025", "Older: 2023"]
    assert texts(hb.html("archive/undated"), "article li") == ["Delta"]
    assert "Draft one" not in (hb.outdir / "archive" / "2024.html").read_text(encoding="utf-8")


def test_the_sidebar_links_to_the_archive(handbook):
    hb = handbook()
    write_posts(hb)
    hb.build()
    link = hb.html("posts/a").select_one(".sidebar-tree p.handbook-browse + ul a")
    assert (link.get_text(), link["href"]) == ("Archive", "../archive.html")
    assert hb.html("archive").select_one(".sidebar-tree li.current-page a").get_text() == "Archive"


def test_a_year_without_posts_goes(handbook):
    hb = handbook()
    write_posts(hb)
    hb.build()
    assert (hb.outdir / "archive" / "2023.html").is_file()
    hb.remove("posts/e.md")
    hb.remove("posts/d.md")
    hb.build()
    assert not (hb.outdir / "archive" / "2023.html").exists()
    assert not (hb.outdir / "archive" / "undated.html").exists()
    assert [a.get_text() for a in hb.html("archive/2024").select("nav.handbook-pages a")] == ["Newer: 2025"]


def test_no_posts_no_archive(handbook):
    hb = handbook()
    hb.build()
    assert not (hb.outdir / "archive.html").exists()
    assert hb.html("index").select_one(".handbook-browse") is None
