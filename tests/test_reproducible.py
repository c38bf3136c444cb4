"""Reproducible builds: two clean builds of the same sources give byte-identical output.

Each build runs in its own process, with its own ``PYTHONHASHSEED`` (so any output
that follows set or dict-of-set iteration order would differ), in its own temporary
folder (so any absolute path in the output would differ), with ``SOURCE_DATE_EPOCH``
set (Sphinx takes "today" from it). The sources are the user's posts and chapters
plus posts with many tags, non-ASCII and look-alike tags, a draft and an undated post:
what makes tag pages, the overview, related posts and listings sort things.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from helpers import copy_project, output_files, post, run_sphinx

pytestmark = [pytest.mark.slow, pytest.mark.speedups]

EXTRA_POSTS = {
    "many-tags": post("Many tags", "2025-03-01", ["post", "seo", "Email", "營業", "café", "C++", "C#", "c", "ads",
                                                  "🚀", "عربي", "a b", "a-b", "a/b"]),
    "look-alikes": post("Look-alikes", "2025-03-01", ["post", "SEO", "email", "Cafe\u0301", "C", "a_b"]),
    "same-day": post("Same day", "2025-03-01", ["post", "seo", "ads"]),
    "undated": post("Undated", "someday", ["post", "c#", "conversion rate"]),
    "a-draft": post("A draft", "2025-03-02", ["post", "seo"], draft=True),
    "scripts": post("ما هو توليد العملاء؟ 営業 🚀", "2025-03-03", ["post", "seo"]),  # a share card in three fonts
}


def make_sources(where: Path) -> Path:
    srcdir = copy_project(where / "src")
    for slug, text in EXTRA_POSTS.items():
        (srcdir / "posts" / f"{slug}.md").write_text(text, encoding="utf-8")
    return srcdir


def build(where: Path, hash_seed: int, jobs: int = 1) -> Path:
    srcdir = make_sources(where)
    outdir = where / "html"
    # SOURCE_DATE_EPOCH comes from the builds fixture (this process's environment)
    # html_baseurl: as Read the Docs builds it (feeds, sitemap, robots.txt, share cards, structured data)
    result = run_sphinx(srcdir, outdir, "html", "-q", "-j", str(jobs), "-D", "html_baseurl=https://example.org/hb/",
                        env={"PYTHONHASHSEED": str(hash_seed)}, doctrees=where / "doctrees", timeout=600)
    assert result.returncode == 0, result.stderr
    return outdir


def first_difference(name: str, one: bytes, two: bytes) -> str:
    lines_one = one.decode("utf-8", "replace").splitlines()
    lines_two = two.decode("utf-8", "replace").splitlines()
    for number, (a, b) in enumerate(zip(lines_one, lines_two), start=1):
        if a != b:
            at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            start = max(0, at - 100)
            return (f"{name} differs at line {number}, column {at + 1}:\n"
                    f"  first:  {a[start:at + 150]!r}\n  second: {b[start:at + 150]!r}")
    return f"{name} differs in length: {len(lines_one)} and {len(lines_two)} lines"


def assert_identical(one: dict[str, bytes], two: dict[str, bytes]) -> None:
    assert sorted(one) == sorted(two), "the two builds wrote different files"
    differences = [first_difference(name, one[name], two[name]) for name in one if one[name] != two[name]]
    if differences:
        print("\n".join(differences))
    assert differences == [], "\n".join(differences[:5])


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """Three clean builds: two serial ones with different hash seeds, one with -j 2."""
    mp = pytest.MonkeyPatch()
    mp.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01
    try:
        yield {
            "first": build(tmp_path_factory.mktemp("first-build"), hash_seed=1),
            "second": build(tmp_path_factory.mktemp("another-folder-for-the-second-build"), hash_seed=2),
            "parallel": build(tmp_path_factory.mktemp("parallel"), hash_seed=3, jobs=2),
        }
    finally:
        mp.undo()


@pytest.mark.parametrize("other", ["second", "parallel"])
def test_every_html_page_is_byte_identical(builds, other):
    first = output_files(builds["first"], ".html")
    assert len(first) > 20  # posts, chapters, tag pages, overview, index
    assert_identical(first, output_files(builds[other], ".html"))


@pytest.mark.parametrize("other", ["second", "parallel"])
def test_every_other_output_file_is_byte_identical_too(builds, other):
    """The search index, objects.inv, static files, images: all of the output folder."""
    assert_identical(output_files(builds["first"]), output_files(builds[other]))


def test_no_absolute_path_of_the_build_is_in_the_output(builds):
    for name, outdir in builds.items():
        where = str(outdir.parent)
        leaked = [path for path, content in output_files(outdir).items() if where.encode() in content
                  or str(Path(where).resolve()).encode() in content]
        assert leaked == [], f"{name}: {leaked}"


def test_the_epub_is_byte_identical_built_twice_serial_and_parallel(tmp_path, monkeypatch):
    """Sphinx zips each file with its modification time: the handbook dates every entry the build's day."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1735689600")  # 2025-01-01
    epubs = []
    for number, jobs in enumerate((1, 2)):
        srcdir = make_sources(tmp_path / f"build-{number}")
        outdir = tmp_path / f"build-{number}" / "epub"
        result = run_sphinx(srcdir, outdir, "epub", "-q", "-j", str(jobs), doctrees=tmp_path / f"doctrees-{number}")
        assert result.returncode == 0, result.stderr
        epubs.extend(outdir.glob("*.epub"))
    assert len(epubs) == 2
    with zipfile.ZipFile(epubs[0]) as book:
        assert {entry.date_time for entry in book.infolist()} == {(2025, 1, 1, 0, 0, 0)}
        assert book.infolist()[0].filename == "mimetype" and book.infolist()[0].compress_type == zipfile.ZIP_STORED
    assert epubs[0].read_bytes() == epubs[1].read_bytes()
