"""Links: a link to one of the blog's own post addresses leads inside the handbook."""

from __future__ import annotations

from helpers import post


def test_canonical_links_become_internal_when_the_post_is_here(handbook):
    hb = handbook()
    hb.write("posts/target.md", post("Target"))
    hb.write("posts/a.md", post("A", body="[here](https://blog.example.com/posts/target/) and "
                                          "[there](https://blog.example.com/posts/elsewhere/) and "
                                          "[anchor](https://blog.example.com/posts/target/#part)"))
    hb.build()
    links = {a.get_text(): a for a in hb.html("posts/a").select("article p:not(.handbook-chips) a")}
    assert links["here"]["href"] == "target.html" and "internal" in links["here"]["class"]
    assert links["there"]["href"] == "https://blog.example.com/posts/elsewhere/"
    assert links["anchor"]["href"] == "target.html"
    assert "WARNING" not in hb.warnings
