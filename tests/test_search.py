"""Search in pieces (search_shards.py, static/handbook-search.js): what a query loads and finds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser import SEARCH_DONE, browser, require, serve
from handbook.web.search_shards import PER, SPLIT_AT, files, key_file, word_pieces
from helpers import copy_project, post, run_sphinx

# ---- the cutting, without Sphinx -----------------------------------------------

def test_words_go_to_their_two_letter_piece():
    pieces = word_pieces({"lead": [1, 2], "learn": 3, "sale": [2]}, {"lead": 1})
    assert pieces == {"le": ({"lead": [1, 2], "learn": 3}, {"lead": 1}), "sa": ({"sale": [2]}, {})}


def test_a_large_piece_is_cut_by_three_letters_and_keeps_its_short_words():
    many = {f"le{chr(97 + i % 26)}{i}": list(range(40)) for i in range(400)}
    many["le"] = [1]
    pieces = word_pieces(many, {})
    assert "le" in pieces and pieces["le"] == ({"le": [1]}, {})
    assert {k for k in pieces if k != "le"} == {f"le{chr(97 + i)}" for i in range(26)}
    assert sum(len(body) for body, _ in pieces.values()) == len(many)  # no word lost or doubled
    assert len(json.dumps(many)) > SPLIT_AT


def test_file_names_are_safe_for_any_script():
    assert key_file("le") == "6c65"
    assert key_file("../") == "2e2e2f"
    assert re.fullmatch(r"[0-9a-f]+", key_file("销售"))


def test_titles_and_excerpts_stay_data():
    hostile = '</script><img src=x onerror="alert(1)">\u2028&amp;'
    rows = [["posts/a.html", hostile, "", "", hostile]]
    out = files({"terms": {"a": 0}, "titleterms": {}}, rows)
    text = out["d/0.js"]
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text[text.index(",") + 1:text.rindex(")")]) == rows
    assert set(out) == {"meta.js", "d/0.js", "t/61.js"}


def test_documents_are_cut_into_pieces_of_PER():
    rows = [[f"p{i}.html", f"P {i}", "", "", ""] for i in range(PER * 2 + 1)]
    out = files({"terms": {}, "titleterms": {}}, rows)
    assert sorted(k for k in out if k.startswith("d/")) == ["d/0.js", "d/1.js", "d/2.js"]
    assert f'"docs":{len(rows)}' in out["meta.js"]


# ---- in a built handbook, in a real browser ---------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    require()
    src = copy_project(tmp_path_factory.mktemp("search") / "src", "seeds")
    (src / "posts" / "hostile.md").write_text(post(
        title='Nurturing <img src=x onerror="document.title=1"> & co', date="2024-02-03", tags=["nurturing"],
        body="A post on nurturing leads, with a title that tries to be markup."), encoding="utf-8")
    out = src / "_build" / "html"
    result = run_sphinx(src, out)
    assert result.returncode == 0, result.stderr
    return out


def search(page, base: str, query: str) -> list[dict]:
    page.goto(f"{base}search.html?q={query}")
    page.wait_for_selector(SEARCH_DONE)
    return page.eval_on_selector_all("#search-results ul.search li", """items => items.map(li => ({
        title: li.querySelector('a').textContent, href: li.querySelector('a').href,
        about: (li.querySelector('.handbook-search-about') || {}).textContent || '',
        excerpt: (li.querySelector('.context') || {}).textContent || ''}))""")


@pytest.mark.slow
def test_search_finds_posts_with_date_and_chapter_and_loads_only_pieces(built):
    with serve(built) as base, browser() as chromium:
        page = chromium.new_page()
        requested = []
        page.on("request", lambda request: requested.append(request.url[len(base):]))
        results = search(page, base, "qualify leads")
        assert results, "no results"
        titles = [r["title"] for r in results]
        assert "What Is Lead Generation in Sales?" in titles
        first = next(r for r in results if r["about"])
        assert re.search(r"\d{1,2} \w+ \d{4} · \S", first["about"])  # date · chapter
        # Sphinx's whole index is never loaded: the meta, two word pieces, one document piece.
        assert "searchindex.js" not in requested and not any("searchtools" in r for r in requested)
        pieces = sorted(r for r in requested if r.startswith("_search/"))
        assert pieces[0] == "_search/d/0.js" and "_search/meta.js" in pieces
        assert {p for p in pieces if p.startswith("_search/t/")} == {
            f"_search/t/{key_file('qu')}.js", f"_search/t/{key_file('le')}.js"}
        # A result's link opens its page.
        page.goto(results[0]["href"])
        assert page.title().startswith(results[0]["title"].split(" <")[0][:10])


@pytest.mark.slow
def test_a_word_finds_its_longer_forms_and_all_words_must_match(built):
    with serve(built) as base, browser() as chromium:
        page = chromium.new_page()
        assert len(search(page, base, "nurtur")) >= 1
        assert search(page, base, "nurturing zzzqqq") == []
        assert "No pages match" in page.text_content("#search-results")


@pytest.mark.slow
def test_a_hostile_title_is_shown_as_text(built):
    with serve(built) as base, browser() as chromium:
        page = chromium.new_page()
        results = search(page, base, "nurturing")
        assert any(r["title"] == 'Nurturing <img src=x onerror="document.title=1"> & co' for r in results)
        assert page.query_selector("#search-results img") is None
        assert page.title() != "1"


@pytest.mark.slow
def test_search_works_from_disk(built):
    with browser() as chromium:
        page = chromium.new_page()
        results = search(page, Path(built).as_uri() + "/", "specialist")
        assert results and all(r["href"].startswith("file://") for r in results)



@pytest.mark.slow
def test_the_summary_says_done_only_once_the_results_are_listed(built):
    # CI once read an empty list: the summary was set before the document piece had arrived.
    # The browser itself notes how many results are listed when the summary changes.
    with serve(built) as base, browser() as chromium:
        page = chromium.new_page()
        page.add_init_script("""window.listedAtSummary = [];
            new MutationObserver(() => {
              const summary = document.querySelector('#search-results .search-summary');
              if (summary && !summary.textContent.includes('Searching')) window.listedAtSummary.push(
                document.querySelectorAll('#search-results ul.search li').length);
            }).observe(document, {subtree: true, childList: true, characterData: true});""")
        results = search(page, base, "specialist")
        assert results
        assert page.evaluate("window.listedAtSummary")[0] == len(results)
