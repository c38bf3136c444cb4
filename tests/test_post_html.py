"""A post's HTML through the allow-list (core/html.py): what writers need kept, what runs removed, each removal said."""

from __future__ import annotations

import time

import pytest
from bs4 import BeautifulSoup
from handbook.core.html import Policy, as_xhtml, clean, remote_as_links, tokenize, url_problem
from helpers import copy_project, post, run_sphinx

DEFAULT = Policy()
TRUSTED = Policy(trusted_hosts=("hsforms.net", "list-manage.com"))
YOUTUBE = "https://www.youtube.com/embed/xyz"

KEPT = [  # (fragment, what nh3's output is) : nothing removed
    ("<details>\n<summary>More</summary>\n", "<details>\n<summary>More</summary>\n"),  # left open: Markdown follows
    ("</details>\n", "</details>\n"),  # closes an earlier fragment's element
    ("<sup>", "<sup>"), ("</sup>", "</sup>"), ("<br />\n", "<br>\n"),
    ('<abbr title="Search engine optimisation">SEO</abbr>', '<abbr title="Search engine optimisation">SEO</abbr>'),
    ('<img src="data:image/png;base64,AA" width=10 height="20">',
     '<img src="data:image/png;base64,AA" width="10" height="20">'),
    ("<table><tr><td colspan=2>a</td></tr></table>", '<table><tbody><tr><td colspan="2">a</td></tr></tbody></table>'),
    ('<div style="color: red; text-align:center">x</div>', '<div style="color:red;text-align:center">x</div>'),
    ("<!-- wp:paragraph --><p>x</p><!-- /wp:paragraph -->", "<p>x</p>"),  # comments: never shown anyway
]

REMOVED = [  # (fragment, words of what was removed, what must not be in the output)
    ("<script>alert(1)</script>", "<script>", "alert"),
    ('<img src=x onerror="alert(1)">', "onerror= on <img>", "onerror"),
    ('<a href="java&#115;cript:alert(1)">x</a>', "javascript: link on <a>", "javascript"),
    ('<a href="  JAVA\tscript:alert(1)">x</a>', "javascript: link on <a>", "script:"),
    ('<a href="data:text/html,<script>x</script>">x</a>', "data: link on <a>", "data:"),
    ('<a href="vbscript:msgbox(1)">x</a>', "vbscript: link on <a>", "vbscript"),
    ("<style>body{display:none}</style>", "<style>", "display"),
    ('<div style="position: fixed; top: 0">x</div>', "style 'position' on <div>", "fixed"),
    ('<form action="https://evil.example/x"><input name=p></form>after', "<form> posting to evil.example", "input"),
    ('<iframe src="https://evil.example/"></iframe>', "<iframe> from evil.example", "iframe"),
    ('<iframe src="http://www.youtube.com/embed/x"></iframe>', "<iframe> from www.youtube.com", "iframe"),
    ('<iframe src="https://www.youtube.com.evil.example/embed/x"></iframe>', "<iframe> from", "iframe"),
    ('<svg onload="alert(1)"><text>x</text></svg>', "<svg>", "svg"),
    ('<meta http-equiv="refresh" content="0; url=https://evil.example/">', "<meta>", "meta"),
    ('<base href="https://evil.example/">', "<base>", "base"),
    ('<object data="x.swf"><embed src="x"></object>', "<object>", "object"),
    ('<script src="https://js.hsforms.net/x.js"></script>', "<script src> from js.hsforms.net", "script"),
    ("<font color=red>x</font>", "<font> (its text is kept)", "font"),
    ("<div>" * 150 + "deep", "nested more than 100", "div"),
]


@pytest.mark.parametrize(("fragment", "expected"), KEPT)
def test_what_writers_need_is_kept_as_written(fragment, expected):
    assert clean(fragment, DEFAULT).html == expected
    assert clean(fragment, DEFAULT).removed == ()


@pytest.mark.parametrize(("fragment", "words", "gone"), REMOVED)
def test_what_could_run_or_restyle_is_removed_and_said(fragment, words, gone):
    cleaned = clean(fragment, DEFAULT)
    assert any(words in what for what in cleaned.removed), cleaned.removed
    assert gone not in cleaned.html.lower()


def test_an_embedded_video_gets_a_sandbox_and_keeps_playing():
    frame = BeautifulSoup(clean(f'<iframe width="560" height="315" src="{YOUTUBE}" frameborder="0" '
                                'allow="camera; microphone" onload="x()" allowfullscreen></iframe>', DEFAULT).html,
                          "html.parser").iframe
    assert frame["src"] == YOUTUBE and (frame["width"], frame["height"]) == ("560", "315")
    assert " ".join(frame["sandbox"]) == "allow-scripts allow-same-origin allow-popups allow-presentation allow-forms"
    assert frame["referrerpolicy"] == "strict-origin-when-cross-origin" and frame["loading"] == "lazy"
    assert frame["allow"] == "autoplay; encrypted-media; fullscreen; picture-in-picture"  # not the camera
    assert not frame.has_attr("onload") and not frame.has_attr("frameborder")


def test_the_trusted_marketing_platform_gets_its_form_and_script_nothing_more():
    hubspot = ('<script src="https://js.hsforms.net/forms/embed/1.js" defer></script>'
               '<div class="hs-form-frame" data-region="na1" data-form-id="f"></div>')
    written = hubspot.replace(" defer>", ' defer="">')  # (valid HTML and XHTML alike)
    assert (clean(hubspot, TRUSTED).html, clean(hubspot, TRUSTED).removed) == (written, ())
    mailchimp = ('<form action="https://acme.us1.list-manage.com/subscribe/post?u=1" method="post" target="_blank">'
                 '<input type="email" name="EMAIL"><input type="submit" value="Go" formaction="https://evil.example/">'
                 '</form>')
    cleaned = clean(mailchimp, TRUSTED)
    assert 'action="https://acme.us1.list-manage.com/subscribe/post?u=1"' in cleaned.html
    assert "formaction" not in cleaned.html and cleaned.removed == ("formaction= on <input>",)
    for hostile in ("<script>hbspt.forms.create({})</script>", '<script src="https://evil.example/x.js"></script>',
                    '<form action="https://evil.example/"><input></form>',
                    '<script src="https://js.hsforms.net/x.js">alert(1)</script>'):
        assert clean(hostile, TRUSTED).html == "", hostile
    assert clean(mailchimp, DEFAULT).html == ""  # trusted by nobody by default


def test_a_link_that_lost_its_address_loses_its_rel_too():
    """HTML allows rel only on a link with href (the Nu checker: "a is missing required attribute href")."""
    assert clean('<a href="javascript:x()" class="c">a</a>', DEFAULT).html == '<a class="c">a</a>'
    assert clean('<a title="x>y" href="https://x.example/">b</a>', DEFAULT).html == (
        '<a title="x&gt;y" href="https://x.example/" rel="noopener noreferrer">b</a>')


def test_the_epub_gets_the_cleaned_html_as_xml():
    import xml.etree.ElementTree as ET

    fragment = clean('<p>a<br>b\xa0c <img src="x.png" alt="a>b"><wbr></p><hr><table><col span=2></table>', DEFAULT).html
    xhtml = as_xhtml(fragment)
    assert "<br/>" in xhtml and "&nbsp;" not in xhtml and "&#160;" in xhtml
    ET.fromstring(f"<root>{xhtml}</root>")  # well-formed XML
    assert as_xhtml("<p>no void</p>") == "<p>no void</p>"


def test_the_epub_links_what_it_may_not_load_from_elsewhere():
    """EPUB forbids remote resources: a video becomes a link, another site's picture its alt text."""
    video = clean('<p><iframe src="https://www.youtube.com/embed/xyz" title="Demo &amp; more"></iframe></p>', DEFAULT)
    assert remote_as_links(video.html) == '<p><a href="https://www.youtube.com/embed/xyz">Demo &amp; more</a></p>'
    picture = clean('<img src="https://cdn.example.com/x.png" alt="A chart"><img src="media/y.png" alt="kept">',
                    DEFAULT).html
    assert remote_as_links(picture) == ('<span class="handbook-remote-picture">A chart</span>'
                                        '<img src="media/y.png" alt="kept">')
    sourced = clean('<video controls><source src="https://v.example/a.mp4">fallback</video>', DEFAULT).html
    assert remote_as_links(sourced) == '<a href="https://v.example/a.mp4">Video at v.example</a>'


def test_urls_as_a_browser_reads_them():
    assert url_problem("https://x.example") is None and url_problem("/a/b") is None and url_problem("#x") is None
    assert url_problem("jav&#x61;script:x") == "javascript: link"
    assert url_problem("data:image/png;base64,AA", image=True) is None
    assert url_problem("data:image/png;base64,AA") == "data: link"


@pytest.mark.parametrize("hostile", ["<a" * 100_000, "<!--" * 50_000, "</" * 100_000, "<a " + "b " * 100_000,
                                     '<a b="' * 50_000, "<" * 200_000, "<div>" * 50_000, "<p>" * 50_000])
def test_cleaning_takes_linear_time_on_hostile_html(hostile):
    """Python's html.parser takes minutes on some of these; nh3's time grows with nesting depth."""
    started = time.monotonic()
    tokenize(hostile)
    clean(hostile, DEFAULT)
    assert time.monotonic() - started < 5


@pytest.mark.slow
def test_an_allowed_video_is_on_the_page_in_a_browser_and_a_script_is_not(tmp_path):
    """In chromium (the network is closed: the frame is present with its address, not loaded)."""
    from browser import browser, require, serve

    require()
    project = copy_project(tmp_path / "project", "basic")
    (project / "posts").mkdir()
    (project / "posts" / "video.md").write_text(post("Video", body=(
        f'<iframe width="560" height="315" src="{YOUTUBE}" allowfullscreen></iframe>\n\n'
        '<img src="x.png" onerror="document.title=\'pwned\'">\n\n<script>document.title = "pwned"</script>')))
    result = run_sphinx(project, tmp_path / "html", "html", timeout=300)
    assert result.returncode == 0, result.stderr
    with serve(tmp_path / "html") as base, browser() as chromium:
        page = chromium.new_page()
        page.route("**/*", lambda route: route.abort() if not route.request.url.startswith(base) else route.continue_())
        page.goto(base + "posts/video.html")
        frames = page.eval_on_selector_all("article iframe", "els => els.map(e => [e.src, e.sandbox.value])")
        assert frames == [[YOUTUBE, "allow-scripts allow-same-origin allow-popups allow-presentation allow-forms"]]
        assert page.title() != "pwned" and page.eval_on_selector_all("article script", "els => els.length") == 0
