"""The tag registry (tags.yml): known tags, their names and descriptions, aliases with redirects."""

from __future__ import annotations

import re

from handbook.commands.check import check
from handbook.commands.project import open_project
from handbook.core.registry import parse_registry
from helpers import post

REGISTRY = """\
conversion rate:
  label: Conversion rate
  description: How many visitors become leads.
  aliases: [CVR, conversions]
seo:
  label: SEO
"""


def test_parse_names_labels_descriptions_and_aliases():
    registry = parse_registry(REGISTRY)
    assert registry.known("cvr").label == "Conversion rate"
    assert registry.known(" Conversion  RATE ").description == "How many visitors become leads."
    assert registry.known("ads") is None and registry.closest("convrsion rate") == "Conversion rate"
    assert registry.apply(("cvr", "Seo", "convrsion rate")) == (
        ("Conversion rate", "SEO", "convrsion rate"),
        ["tag 'convrsion rate' is not in the tag registry; did you mean 'Conversion rate'?"])
    assert parse_registry("").apply(("anything",)) == (("anything",), [])  # no registry: every tag is fine


def test_a_broken_registry_is_named_and_not_used():
    assert "not valid YAML" in parse_registry("a: [unclosed").problems[0]
    assert parse_registry("seo:\n  aliases: [ads]\nads: {}\n").problems == (
        "alias 'ads' of 'seo' is itself a tag in the registry; ignored",)


def test_a_handbook_with_a_registry(handbook):
    hb = handbook()
    hb.write("tags.yml", REGISTRY)
    hb.write("posts/a.md", post("A", "2025-01-02", tags=["post", "CVR"]))
    hb.write("posts/b.md", post("B", "2025-01-01", tags=["post", "conversion rate"]))
    hb.write("posts/c.md", post("C", "2025-01-03", tags=["post", "sEO", "convrsion rate"]))
    hb.build()
    # aliases and spellings become the known tag, shown with its label and description
    page = hb.html("tags/conversion-rate")
    assert [a.get_text() for a in page.select(".handbook-card-title a")] == ["A", "B"]
    assert page.select_one(".handbook-tag-description").get_text() == "How many visitors become leads."
    assert [a.get_text() for a in hb.html("posts/a").select(".handbook-chips a")] == ["Conversion rate"]
    assert [a.get_text() for a in hb.html("posts/c").select(".handbook-chips a")] == ["SEO", "convrsion rate"]
    # an old name's page leads to the tag's page, relatively (works offline)
    moved = hb.html("tags/cvr")
    assert moved.select_one('meta[http-equiv="refresh"]')["content"] == "0; url=conversion-rate.html"
    assert moved.select_one("article a")["href"] == "conversion-rate.html"
    # an unknown tag: one warning on the tags line, naming the closest known tag
    lines = [w for w in hb.warning_lines() if "registry" in w]
    assert len(lines) == 1 and re.search(r"posts/c\.md:4: WARNING: tag 'convrsion rate' is not in the tag "
                                         r"registry; did you mean 'Conversion rate'\? \[handbook\.tag\]", lines[0])
    # ./dev check says the same
    report = check(open_project(hb.srcdir))
    problems = [report.line(p) for p in report.problems if p.type == "handbook.tag"]
    assert problems == [("posts/c.md:4: WARNING: tag 'convrsion rate' is not in the tag registry; did you mean "
                         "'Conversion rate'? [handbook.tag]")]


def test_editing_the_registry_updates_every_page_it_touches(handbook):
    hb = handbook()
    hb.write("tags.yml", REGISTRY)
    hb.write("posts/a.md", post("A", tags=["post", "CVR"]))
    hb.build()
    hb.write("tags.yml", REGISTRY.replace("Conversion rate", "Conversion Rate").replace("[CVR, conversions]",
                                                                                        "[conversions]"))
    hb.build()
    incremental = {p.name: p.read_bytes() for p in (hb.outdir / "tags").iterdir()}
    chips = [a.get_text() for a in hb.html("posts/a").select(".handbook-chips a")]
    assert chips == ["CVR"] and "cvr.html" in incremental  # no longer an alias: a tag of its own again
    assert "conversion-rate.html" not in incremental  # its page went with its last post


def test_a_relabelled_tag_rewrites_its_old_names_pages_incrementally_as_a_clean_build_would(handbook, tmp_path):
    hb = handbook()
    hb.write("tags.yml", REGISTRY)
    hb.write("posts/a.md", post("A", tags=["post", "CVR"]))
    hb.build(outdir=tmp_path / "incremental")
    hb.write("tags.yml", REGISTRY.replace("label: Conversion rate", "label: CONVERSION Rate"))  # same tag, new name
    hb.build(outdir=tmp_path / "incremental")
    incremental = (tmp_path / "incremental" / "html" / "tags" / "cvr.html").read_bytes()
    hb.build(outdir=tmp_path / "clean", fresh=True)
    assert (tmp_path / "clean" / "html" / "tags" / "cvr.html").read_bytes() == incremental
    assert "CONVERSION Rate" in incremental.decode()
