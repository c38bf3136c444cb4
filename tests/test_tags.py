"""Tag identity, spelling and page names."""

from handbook.tags import choose_spelling, clean_spelling, tag_key, tag_slug


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
