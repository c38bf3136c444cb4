"""Tags: identity, spelling and page names; tag pages, the {tag} role and chips in the PDF."""

import re

import pytest
from handbook.core.tags import choose_spelling, clean_spelling, tag_key, tag_slug
from helpers import post

pytestmark = pytest.mark.speedups


def test_case_and_spacing_variants_are_one_tag():
    assert tag_key("Conversion Rate") == tag_key("  conversion   rate ") == tag_key("CONVERSION RATE")
    assert tag_key("Conversion Rate") != tag_key("conversion-rate")


def test_fullwidth_and_composed_forms_are_one_tag():
    assert tag_key("ＳＥＯ") == tag_key("seo")
    assert tag_key("Cafe\u0301") == tag_key("Café")


def test_clean_spelling_drops_control_characters_and_extra_space():
    assert clean_spelling(" lead\u200b gen\n\tnow ") == "lead gen now"
    assert clean_spelling("a\x00b") == "a b"


def test_readable_slugs():
    assert tag_slug(tag_key("Conversion Rate")) == "conversion-rate"
    assert tag_slug(tag_key("営業")) == "営業"
    assert tag_slug(tag_key("Café crème")) == "café-crème"


def test_punctuation_never_makes_two_tags_share_a_page():
    keys = [tag_key(t) for t in ["C", "C++", "C#", "c-", "lead gen", "lead-gen", "lead_gen", "Lead  Gen"]]
    slugs = {tag_slug(k) for k in set(keys)}
    assert len(slugs) == len(set(keys)) == 7
    assert tag_slug(tag_key("C")) == "c"
    assert tag_slug(tag_key("C++")).startswith("c-")


def test_slugs_are_safe_file_names():
    for raw in ["../etc/passwd", "/etc/passwd", "..", ".", "a\\b", "<script>", "](javascript:alert(1))", "🚀", "CON",
                "x" * 500, "{raw}`html`", "https://evil.example/x?y=1"]:
        slug = tag_slug(tag_key(raw))
        assert slug and "/" not in slug and "\\" not in slug and "." not in slug and ":" not in slug
        assert not slug.startswith("-") and len(slug) <= 80
        assert slug.lower() not in ("con", "nul", "index")


def test_slug_is_stable_whatever_other_tags_exist():
    assert tag_slug(tag_key("C++")) == tag_slug(tag_key("C++"))
    assert tag_slug("c++") == "c-" + __import__("hashlib").sha256(b"c++").hexdigest()[:10]


def test_spelling_shown_is_the_most_used_then_alphabetical():
    assert choose_spelling(["SEO", "seo", "SEO"]) == "SEO"
    assert choose_spelling(["b Tag", "B tag"]) == "B tag"


# ---- in a build ---------------------------------------------------------------------
def test_tag_spellings_are_one_tag_shown_one_way(handbook):
    hb = handbook()
    hb.write("posts/a.md", post("A", tags=["post", "Conversion Rate"]))
    hb.write("posts/b.md", post("B", tags=["post", " conversion  rate "]))
    hb.write("posts/c.md", post("C", tags=["post", "Conversion Rate"]))
    hb.build()
    assert [p.name for p in (hb.outdir / "tags").iterdir()] == ["conversion-rate.html"]
    assert [a.get_text() for a in hb.html("tags").select("article .handbook-tag-cloud a")] == ["Conversion Rate (3)"]
    for name in "abc":
        assert [a.get_text() for a in hb.html(f"posts/{name}").select(".handbook-chips a")] == ["Conversion Rate"]


def test_tags_differing_in_punctuation_get_their_own_pages(handbook):
    hb = handbook()
    for name, tag in {"a": "C", "b": "C++", "c": "C#"}.items():
        hb.write(f"posts/{name}.md", post(name.upper(), tags=[tag]))
    hb.build()
    pages = sorted(p.name for p in (hb.outdir / "tags").iterdir())
    assert len(pages) == 3 and "c.html" in pages
    for page in pages:
        heading = hb.html(f"tags/{page[:-5]}").select_one("article h1").get_text().rstrip("¶")
        assert heading in ("Posts tagged “C”", "Posts tagged “C++”", "Posts tagged “C#”")


def test_tag_role_links_to_the_tag_page_and_warns_for_unknown_tags(handbook):
    hb = handbook()
    hb.write("posts/a.md", post("A", tags=["SEO"]))
    hb.write("posts/b.md", post("B", tags=["x"], body="See {tag}`seo` and {tag}`all about it <SEO>` and {tag}`nope`."))
    hb.build()
    links = hb.html("posts/b").select("article p:not(.handbook-chips) a")
    assert [(a.get_text(), a["href"]) for a in links] == [("seo", "../tags/seo.html"),
                                                          ("all about it", "../tags/seo.html")]
    assert re.search(r"posts/b\.md:\d+: WARNING: unknown tag 'nope': no post has it", hb.warnings)


def test_latex_build_turns_chips_into_links_to_the_overview(handbook):
    hb = handbook()
    hb.write("posts/a.md", post("A", tags=["seo"], image="/media/missing.webp", body="![x](/media/missing.webp)"))
    hb.build("latex")
    tex = next(hb.outdir.glob("*.tex")).read_text()
    assert r"\hyperref[\detokenize{tags:tag-seo}]" in tex
    assert r"\label{\detokenize{tags:tag-seo}}" in tex
    assert "missing.webp" not in tex


# ---- long tags: pages of handbook_tag_page_size posts ------------------------------
def test_paged_listing():
    from handbook.core.listing import page_name, paged

    assert paged(["a", "b", "c", "d", "e"], 2) == [("a", "b"), ("c", "d"), ("e",)]
    assert paged(["a", "b"], 2) == [("a", "b")] and paged(["a", "b"], 0) == [("a", "b")]
    assert page_name("tags/seo", 1) == "tags/seo" and page_name("tags/seo", 3) == "tags/seo/page-3"


def cards(soup) -> list[str]:
    return [a.get_text() for a in soup.select("article .handbook-card-title a")]


def test_a_long_tag_gets_pages_newest_first_linked_both_ways(handbook):
    hb = handbook()
    for n in range(1, 6):  # P1 oldest ... P5 newest
        hb.write(f"posts/p{n}.md", post(f"P{n}", date=f"2025-01-0{n}", tags=["seo"]))
    hb.build(handbook_tag_page_size=2)
    first, second, third = hb.html("tags/seo"), hb.html("tags/seo/page-2"), hb.html("tags/seo/page-3")
    assert (cards(first), cards(second), cards(third)) == (["P5", "P4"], ["P3", "P2"], ["P1"])
    assert "5 posts, newest first. Page 2 of 3." in second.select_one(".handbook-tag-summary").get_text()
    nav = second.select_one("nav.handbook-pages")
    assert [(a.get_text(), a["href"]) for a in nav.select("a")] == [
        ("Newer posts", "../seo.html"), ("1", "../seo.html"), ("2", "#"), ("3", "page-3.html"),
        ("Older posts", "page-3.html")]
    assert nav.select_one('a[aria-current="page"]').get_text() == "2"
    assert first.select_one("nav.handbook-pages a[rel=next]")["href"] == "seo/page-2.html"
    # The chips and the overview still lead to the first page.
    assert hb.html("posts/p1").select_one(".handbook-chips a")["href"] == "../tags/seo.html"
    # Fewer posts: the pages that are no longer needed go (and their folder).
    for n in (4, 5):
        hb.remove(f"posts/p{n}.md")
    hb.build(handbook_tag_page_size=2)
    assert cards(hb.html("tags/seo")) == ["P3", "P2"] and cards(hb.html("tags/seo/page-2")) == ["P1"]
    assert not (hb.outdir / "tags" / "seo" / "page-3.html").exists()
    hb.remove("posts/p3.md")
    hb.build(handbook_tag_page_size=2)
    assert cards(hb.html("tags/seo")) == ["P2", "P1"]
    assert not (hb.outdir / "tags" / "seo").exists()
    assert hb.html("tags/seo").select_one("nav.handbook-pages") is None
