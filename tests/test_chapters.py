"""Chapters, related posts and newest posts: which posts each lists (pure functions, without Sphinx)."""

import datetime as dt

from handbook.core.listing import (
    ChapterRule,
    PostSummary,
    assign_chapters,
    left_out_of_print,
    newest,
    print_quota,
    related_posts,
    tag_index,
)


def summary(name, day, *tags, draft=False):
    return PostSummary(f"posts/{name}", name.title(), dt.date(2025, 1, 1) + dt.timedelta(days=day), tuple(tags),
                       draft)


POSTS = {p.docname: p for p in [
    summary("a", 1, "seo"), summary("b", 2, "seo", "email"), summary("c", 3, "email"),
    summary("d", 4, "ads"), summary("e", 5), summary("f", 6, "seo", draft=True),
]}
SLUGS = {d: d.split("/")[1] for d in POSTS}


def test_every_published_post_lands_in_exactly_one_chapter():
    chapters = [
        ("intro", ChapterRule(posts=("c", "a"))),
        ("search", ChapterRule(tag_keys=("seo",))),
        ("mail", ChapterRule(tag_keys=("email", "seo"))),
        ("more", ChapterRule(rest=True, order="-date")),
    ]
    placed, orphans, problems = assign_chapters(chapters, POSTS, SLUGS)
    assert placed == {
        "intro": ["posts/c", "posts/a"],  # named: in the order given
        "search": ["posts/b"],  # first chapter claiming one of its tags
        "mail": [],
        "more": ["posts/e", "posts/d"],  # newest first, as asked
    }
    assert orphans == [] and problems == []


def test_without_a_rest_chapter_unmatched_posts_are_reported():
    placed, orphans, problems = assign_chapters([("x", ChapterRule(posts=("a", "zzz", "a")))], POSTS, SLUGS)
    assert placed == {"x": ["posts/a"]}
    assert orphans == ["posts/b", "posts/c", "posts/d", "posts/e"]
    assert problems == [("zzz", "x", ""), ("a", "x", "x")]


def test_tag_index_is_newest_first_without_drafts():
    assert tag_index(POSTS.values()) == {"seo": ["posts/b", "posts/a"], "email": ["posts/c", "posts/b"],
                                         "ads": ["posts/d"]}


def test_related_posts_rank_by_shared_tags_then_date():
    index = tag_index(POSTS.values())
    assert related_posts(POSTS["posts/b"], POSTS, index, 5) == ["posts/a", "posts/c"]
    assert related_posts(POSTS["posts/e"], POSTS, index, 5) == []
    assert related_posts(POSTS["posts/b"], POSTS, index, 0) == []


def test_related_posts_look_at_a_bounded_window_of_big_tags():
    many = {f"posts/p{i}": summary(f"p{i}", i, "big") for i in range(1000)}
    index = tag_index(many.values())
    result = related_posts(many["posts/p500"], many, index, 3, window=10)
    assert result == ["posts/p499", "posts/p501", "posts/p498"]


def test_newest():
    assert newest(POSTS.values(), 2) == ["posts/e", "posts/d"]


def test_the_pdf_keeps_each_chapters_newest_posts_and_leaves_out_the_rest_in_chapter_order():
    d = dt.date
    members = ["a", "b", "c", "d", "e"]  # reading order: oldest first, e undated
    dates = {"a": d(2020, 1, 1), "b": d(2021, 1, 1), "c": d(2022, 1, 1), "d": d(2022, 1, 1), "e": None}
    assert left_out_of_print(members, dates, 2) == ("a", "b", "e")  # c and d (same day) are the newest
    assert left_out_of_print(members, dates, 0) == ()  # 0: every post printed
    assert left_out_of_print(members, dates, 5) == ()
    assert left_out_of_print(members, dates, 4) == ("e",)  # undated counts as the oldest


def test_the_print_quota_fills_the_pdf_up_to_its_most_posts():
    assert print_quota([400, 30, 5], 0) == 0  # no limit
    assert print_quota([10, 20], 30) == 0  # everything fits
    assert print_quota([10, 20], 29) == 19  # 10 + 19
    assert print_quota([5] * 400, 2000) == 0
    assert print_quota([25] * 400, 2000) == 5
    assert print_quota([1, 1, 50], 10) == 8  # the small chapters leave room for the big one
    assert print_quota([3, 3, 3], 2) == 1  # at least one post a chapter
