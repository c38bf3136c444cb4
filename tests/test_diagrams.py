"""Diagrams never break: the kept drawing, else mermaid-cli, else the steps as text."""

from __future__ import annotations

import os
import re
import shutil

import pytest
from bs4 import BeautifulSoup
from handbook.reading.diagrams import clean_svg, drawing_key, steps
from helpers import REPO, copy_project, run_sphinx, strip_ansi

FUNNEL_STEPS = ["1 · Identify — who could buy", "2 · Attract — their attention", "3 · Qualify — budget, need, timing",
                "4 · Nurture — with useful content", "5 · Convert — hand over to sales"]
MMDC = REPO / "node_modules" / ".bin" / "mmdc"


def test_steps_are_the_node_labels_in_order_as_text():
    code = (REPO / "index.md").read_text(encoding="utf-8").split("```{mermaid}", 1)[1].split("```", 1)[0]
    assert steps(code) == FUNNEL_STEPS
    assert steps("graph TD\n  a(Start) --> b{Is it?}\n  b -->|yes| c[\"Done\"]\n  %% c[not a label]") == [
        "Start", "Is it?", "Done"]
    assert steps("sequenceDiagram\n  Alice->>Bob: hi") == []


def test_clean_svg_drops_sizeless_rects_and_sets_a_valid_role():
    svg = ('<svg id="x" role="graphics-document document" viewBox="0 0 1 1"><rect/><rect class="background" '
           'style="stroke: none"/><rect x="0" y="0" width="2" height="3"/></svg>')
    assert clean_svg(svg) == '<svg id="x" role="img" viewBox="0 0 1 1"><rect x="0" y="0" width="2" height="3"/></svg>'
    assert clean_svg(clean_svg(svg)) == clean_svg(svg)


def test_the_key_depends_on_the_source_and_the_mermaid_settings_not_on_where_they_are(tmp_path):
    config = tmp_path / "mermaid-config.json"
    config.write_text('{"htmlLabels": false}', encoding="utf-8")
    key = drawing_key("graph LR\n a --> b", {}, ["--configFile", str(config)])
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    shutil.copy(config, moved / "mermaid-config.json")
    assert drawing_key("graph LR\n a --> b", {}, ["--configFile", str(moved / "mermaid-config.json")]) == key
    assert drawing_key("graph LR\n a --> c", {}, ["--configFile", str(config)]) != key
    config.write_text('{"htmlLabels": true}', encoding="utf-8")
    assert drawing_key("graph LR\n a --> b", {}, ["--configFile", str(config)]) != key


@pytest.fixture(scope="module")
def without_mermaid_cli(tmp_path_factory):
    """The repo's handbook built the plain Sphinx way on a machine without mermaid-cli."""
    project = copy_project(tmp_path_factory.mktemp("plain") / "project", "repo")
    (project / "node_modules").unlink()  # conf.py then asks for "mmdc" on PATH
    env = {"PATH": os.pathsep.join(p for p in os.environ["PATH"].split(os.pathsep) if not (p and (
        __import__("pathlib").Path(p) / "mmdc").exists()))}
    built = {b: run_sphinx(project, project / "_build" / b, b, env=env, doctrees=project / "_build" / "doctrees")
             for b in ("html", "epub", "latex")}
    return project, built


@pytest.mark.slow
def test_a_plain_build_without_mermaid_cli_shows_the_kept_drawing(without_mermaid_cli):
    project, built = without_mermaid_cli
    for result in built.values():
        assert result.returncode == 0, result.stderr
        warnings = [line for line in strip_ansi(result.stderr).splitlines() if "WARNING" in line]
        assert all("[handbook.image]" in line for line in warnings), warnings
    page = BeautifulSoup((project / "_build" / "html" / "index.html").read_text(encoding="utf-8"), "html.parser")
    # The funnel drawn left to right, and top to bottom for phones: both kept, both shown.
    wide, narrow = page.select("article img.mermaid")
    assert wide["class"] == ["mermaid", "handbook-diagram-wide"] and narrow["class"] == ["mermaid", "handbook-diagram-narrow"]
    for image in (wide, narrow):
        assert re.fullmatch(r"_images/mermaid-[0-9a-f]+\.svg", image["src"])
        svg = (project / "_build" / "html" / image["src"]).read_text(encoding="utf-8")
        # SVG text: one <tspan> a word
        words = ("Identify", "Attract", "Qualify", "Nurture", "Convert")
        assert all(f">{word}<" in svg.replace("> ", ">") for word in words)
        assert "foreignObject" not in svg
    image = wide
    tex = (project / "_build" / "latex" / "leadgen-handbook.tex").read_text(encoding="utf-8")
    [drawn] = re.findall(r"\\sphinxincludegraphics(?:\[[^]]*\])?\{\{?(mermaid-[0-9a-f]+)\}?\.pdf\}", tex)
    assert (project / "_build" / "latex" / f"{drawn}.pdf").read_bytes().startswith(b"%PDF")
    epub = (project / "_build" / "epub" / "index.xhtml").read_text()
    assert "None" not in str(image) and 'src="None"' not in epub
    assert epub.count("<img") == 1 and "handbook-diagram" not in epub  # the EPUB keeps one drawing


def test_every_diagram_of_the_handbook_has_its_drawing_kept():
    # The funnel: SVG and PDF, and its phone drawing (SVG: the website only).
    kept = sorted(p.name for p in (REPO / "diagrams").iterdir())
    assert len(kept) == 3 and sorted(p.rsplit(".", 1)[1] for p in kept) == ["pdf", "svg", "svg"]


DIAGRAM_POST = """# Process

```{mermaid}
:alt: How a lead moves

flowchart TD
    lead["New lead"] --> first["First call"]
    first --> deal{"Deal?"}
```
"""


@pytest.mark.slow
def test_without_drawing_or_mermaid_cli_the_steps_are_text_with_one_warning(tmp_path):
    project = copy_project(tmp_path / "project", "basic")
    (project / "process.md").write_text(DIAGRAM_POST, encoding="utf-8")
    (project / "index.md").write_text((project / "index.md").read_text() + "\n```{toctree}\nprocess\n```\n")
    for builder in ("html", "latex"):
        result = run_sphinx(project, tmp_path / builder, builder, "-D", "mermaid_cmd=/nowhere/mmdc",
                            doctrees=tmp_path / "doctrees")
        warnings = [line for line in strip_ansi(result.stderr).splitlines() if "WARNING" in line]
        assert len(warnings) == 1, warnings
        assert re.search(r"process\.md:\d+: WARNING: diagram shown as text \(mermaid-cli \('/nowhere/mmdc'\) cannot "
                         r"be run here\); run './dev diagrams' .* \[handbook\.diagram\]", warnings[0])
    page = BeautifulSoup((tmp_path / "html" / "process.html").read_text(encoding="utf-8"), "html.parser")
    block = page.select_one("article .mermaid-as-text")
    assert block.select_one(".mermaid-alt").get_text() == "How a lead moves"
    assert [li.get_text() for li in block.select("ol li")] == ["New lead", "First call", "Deal?"]
    assert page.select("article img") == []
    tex = next((tmp_path / "latex").glob("*.tex")).read_text(encoding="utf-8")
    assert "\\item New lead" in tex and "\\item Deal?" in tex


@pytest.mark.skipif(not MMDC.exists() and not os.environ.get("CI"), reason="needs mermaid-cli (npm ci)")
@pytest.mark.slow
def test_dev_diagrams_keeps_what_mermaid_cli_draws(tmp_path):
    project = copy_project(tmp_path / "project", "basic")
    (project / "process.md").write_text(DIAGRAM_POST, encoding="utf-8")
    (project / "index.md").write_text((project / "index.md").read_text() + "\n```{toctree}\nprocess\n```\n")
    params = f"--puppeteerConfigFile,{REPO / 'tools' / 'puppeteer-config.json'}," \
             f"--configFile,{REPO / 'tools' / 'mermaid-config.json'}"
    result = run_sphinx(project, tmp_path / "html", "html", "-D", f"mermaid_cmd={MMDC}",
                        "-D", f"mermaid_params={params}", "-D", "handbook_keep_diagrams=1",
                        env={"PUPPETEER_EXECUTABLE_PATH": "/usr/bin/chromium"}, doctrees=tmp_path / "doctrees")
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr
    kept = sorted(p.suffix for p in (project / "diagrams").iterdir())
    assert kept == [".pdf", ".svg"]
    svg = next((project / "diagrams").glob("*.svg")).read_text(encoding="utf-8")
    assert ">First<" in svg and ">call<" in svg.replace("> ", ">") and clean_svg(svg) == svg
