"""Posts from other blog engines come out the way their own blog shows them.

One handbook holds a post per engine, each written by us following that engine's
documented conventions (Jekyll, Docusaurus, Hugo, Pelican, Eleventy, Astro, Gatsby,
WordPress exports); it is built once, and the tests read the built HTML and the
warnings.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from helpers import Handbook, copy_project

POSTS = {
    # Jekyll: date and slug from the file name; categories and tags as space-separated text.
    "posts/2024-03-05-jekyll-welcome.md": """---
layout: post
title: "Welcome to Jekyll"
categories: jekyll update
tags: seo email
last_modified_at: 2024-04-01 10:00:00 +0100
author: Jane Doe
excerpt: "A short summary from Jekyll."
redirect_from:
  - /old/welcome/
  - ../../etc/evil
---

Intro paragraph of the Jekyll post.

{% highlight ruby %}
def hello; {: .kept } end
{% endhighlight %}

{% raw %}{{ kept as text }}{% endraw %}

A notice paragraph.
{: .notice}

See [the release process](/community/release-process) and [the Pelican post](/posts/pelican-slug/).
And [the Hugo post]({% post_url 2022-11-12-hugo-post %}), linked the Jekyll way.
""",
    # Docusaurus: a dated folder with index.md, authors.yml keys, tag objects, truncate marker, admonitions.
    "posts/2024-06-01-docusaurus-launch/index.md": """---
title: Docusaurus launch
authors: [jane, {name: Joe Bloggs}]
tags: [{label: Launch, permalink: /launch}, docs]
---

Before the fold, **in bold**.

<!-- truncate -->

:::tip Pro tip

Use admonitions.
:::

:::danger
Hot.
:::
""",
    "posts/authors.yml": """jane:
  name: Jane Doe
  title: Head of growth
  url: https://example.com/jane
""",
    # Pelican (Python-Markdown metadata, no ---).
    "posts/pelican-post.md": """Title: Pelican post
Date: 2023-01-02 10:20
Modified: 2023-02-03
Category: Marketing
Tags: seo, lead magnets
Authors: Alice Smith, Bob
Summary: Pelican summary.
Slug: pelican-slug

Body text of the Pelican post.
""",
    # Eleventy: ---js front matter; a computed field is not run (one warning), the rest kept.
    "posts/eleventy-js.md": """---js
{
  // Eleventy runs this; the handbook only reads it
  title: "Eleventy JS",
  date: "2023-05-06",
  tags: ["post", "funnels"],
  eleventyComputed: { permalink: (data) => `/x/${data.page.fileSlug}/` },
}
---

Eleventy body.
""",
    # Hugo: TOML, lastmod, aliases, <!--more-->, a shortcode (shown as text, one warning).
    "posts/hugo-post.md": """+++
title = "Hugo post"
date = 2022-11-12T09:00:00-05:00
lastmod = 2022-12-01
aliases = ["/2022/11/old-hugo-post/"]
categories = ["Growth"]
+++

The Hugo summary is this paragraph.

<!--more-->

{{< youtube abc123 >}}

More text.
""",
    # Astro: pubDate as JavaScript reads it, description, updatedDate.
    "posts/astro-post.md": """---
title: 'Astro post'
description: 'Astro description.'
pubDate: 'Jul 08 2022'
updatedDate: 'Jul 10 2022'
---

Astro body.
""",
    # WordPress export: status draft -> not published.
    "posts/wp-draft.md": """---
title: WordPress draft
date: 2021-01-01
status: draft
---

Not yet.
""",
}


@pytest.fixture(scope="module")
def book(module_app_factory, tmp_path_factory) -> Handbook:
    hb = Handbook(module_app_factory, copy_project(tmp_path_factory.mktemp("engines") / "src", "basic"))
    for name, text in POSTS.items():
        hb.write(name, text)
    return hb.build()


def text_of(soup: BeautifulSoup, selector: str) -> str:
    node = soup.select_one(selector)
    return " ".join(node.get_text(" ").split()) if node else ""


def chips(soup: BeautifulSoup) -> list[str]:
    return [c.get_text() for c in soup.select("article .handbook-post-header .handbook-chip")]


def warnings_for(book: Handbook, name: str) -> list[str]:
    return [w for w in book.warning_lines() if f"/{name}:" in w or w.split(": WARNING")[0].endswith(name)]


def test_jekyll_date_slug_categories_updated_author_and_summary(book):
    page = book.html("posts/2024-03-05-jekyll-welcome")
    assert text_of(page, "article h1").rstrip("¶ ") == "Welcome to Jekyll"
    byline = text_of(page, ".handbook-byline")
    assert "5 March 2024" in byline and "Updated 1 April 2024" in byline
    assert chips(page) == ["seo", "email", "jekyll", "update"]  # space-separated, as Jekyll reads it
    assert text_of(page, ".handbook-authors") == "By Jane Doe"
    cards = book.html("chapters/all")
    card = next(c for c in cards.select(".handbook-card") if "Welcome to Jekyll" in c.get_text())
    assert text_of(card, ".handbook-card-excerpt") == "A short summary from Jekyll."


def test_jekyll_syntax_is_converted(book):
    page = book.html("posts/2024-03-05-jekyll-welcome")
    body = page.select_one("article").get_text()
    assert page.select_one("article div.highlight-ruby") is not None
    assert "{% highlight" not in body and "endhighlight" not in body and "{% raw" not in body
    assert "{{ kept as text }}" in body
    assert "{: .notice}" not in body and "A notice paragraph." in body
    assert "{: .kept }" in page.select_one("article div.highlight-ruby").get_text()  # code is code


def test_absolute_paths_lead_to_the_blog_or_into_the_handbook(book):
    page = book.html("posts/2024-03-05-jekyll-welcome")
    links = {a.get_text(): a["href"] for a in page.select("article a.reference")}
    assert links["the release process"] == "https://blog.example.com/community/release-process"
    assert links["the Pelican post"] == "pelican-post.html"  # its slug field, not its file name
    assert links["the Hugo post"] == "hugo-post.html"  # {% post_url %}: no Liquid warning for it
    assert not [w for w in book.warning_lines() if "release-process" in w or "pelican-slug" in w]


def test_aliases_become_relative_redirect_pages_and_unsafe_ones_are_refused(book):
    redirect = book.outdir / "old" / "welcome" / "index.html"
    soup = BeautifulSoup(redirect.read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one('meta[http-equiv="refresh"]')["content"] == \
        "0; url=../../posts/2024-03-05-jekyll-welcome.html"
    assert soup.select_one("a")["href"] == "../../posts/2024-03-05-jekyll-welcome.html"
    hugo = book.outdir / "2022" / "11" / "old-hugo-post" / "index.html"
    assert "../../../posts/hugo-post.html" in hugo.read_text(encoding="utf-8")
    refused = warnings_for(book, "posts/2024-03-05-jekyll-welcome.md")
    assert [w for w in refused if "../../etc/evil" in w and ":9: " in w]
    assert not (book.outdir.parent / "etc").exists() and not (book.outdir / "etc").exists()


def test_docusaurus_authors_tags_summary_and_admonitions(book):
    page = book.html("posts/2024-06-01-docusaurus-launch/index")
    assert "1 June 2024" in text_of(page, ".handbook-byline")
    assert text_of(page, ".handbook-authors") == "By Jane Doe , Joe Bloggs"
    assert chips(page) == ["Launch", "docs"]
    assert page.select_one("article .admonition.tip, article .admonition.note") is not None
    tip = page.select_one("article .admonition.tip")
    assert tip is not None and "Pro tip" in tip.get_text() and "Use admonitions." in tip.get_text()
    assert page.select_one("article .admonition.danger") is not None
    body = page.select_one("article").get_text()
    assert ":::" not in body and "truncate" not in body
    card = next(c for c in book.html("chapters/all").select(".handbook-card") if "Docusaurus launch" in c.get_text())
    assert text_of(card, ".handbook-card-excerpt") == "Before the fold, in bold."


def test_author_pages_list_their_posts_newest_first_and_headers_link_them(book):
    page = book.html("posts/2024-06-01-docusaurus-launch/index")
    link = page.select_one(".handbook-authors a")
    assert link.get_text() == "Jane Doe"
    author = BeautifulSoup((book.outdir / "posts" / "2024-06-01-docusaurus-launch" / link["href"]).resolve()
                           .read_text(encoding="utf-8"), "html.parser")
    titles = [a.get_text() for a in author.select(".handbook-author-posts a")]
    assert titles == ["Docusaurus launch", "Welcome to Jekyll"]  # authors.yml's jane is Jane Doe


def test_pelican_metadata_is_the_front_matter_not_text(book):
    page = book.html("posts/pelican-post")
    assert text_of(page, "article h1").rstrip("¶ ") == "Pelican post"
    assert "2 January 2023" in text_of(page, ".handbook-byline")
    assert "Updated 3 February 2023" in text_of(page, ".handbook-byline")
    assert chips(page) == ["seo", "lead magnets", "Marketing"]
    assert text_of(page, ".handbook-authors") == "By Alice Smith , Bob"
    body = page.select_one("article").get_text()
    assert "Title:" not in body and "Tags:" not in body and "Body text of the Pelican post." in body
    assert not warnings_for(book, "posts/pelican-post.md")


def test_eleventy_js_front_matter_is_read_not_run(book):
    page = book.html("posts/eleventy-js")
    assert text_of(page, "article h1").rstrip("¶ ") == "Eleventy JS"
    assert "6 May 2023" in text_of(page, ".handbook-byline")
    assert chips(page) == ["funnels"]
    warned = warnings_for(book, "posts/eleventy-js.md")
    assert len(warned) == 1 and "eleventyComputed" in warned[0] and ":7: " in warned[0], warned


def test_hugo_toml_more_marker_shortcode_and_categories(book):
    page = book.html("posts/hugo-post")
    byline = text_of(page, ".handbook-byline")
    assert "12 November 2022" in byline and "Updated 1 December 2022" in byline
    assert chips(page) == ["Growth"]
    assert "<!--more-->" not in str(page.select_one("article"))
    assert "{{< youtube abc123 >}}" in page.select_one("article").get_text()  # shown as text
    warned = warnings_for(book, "posts/hugo-post.md")
    assert len(warned) == 1 and "shortcode" in warned[0] and ":13: " in warned[0], warned
    card = next(c for c in book.html("chapters/all").select(".handbook-card") if "Hugo post" in c.get_text())
    assert text_of(card, ".handbook-card-excerpt") == "The Hugo summary is this paragraph."


def test_astro_dates_as_javascript_reads_them_and_description(book):
    page = book.html("posts/astro-post")
    byline = text_of(page, ".handbook-byline")
    assert "8 July 2022" in byline and "Updated 10 July 2022" in byline
    card = next(c for c in book.html("chapters/all").select(".handbook-card") if "Astro post" in c.get_text())
    assert text_of(card, ".handbook-card-excerpt") == "Astro description."
    assert not warnings_for(book, "posts/astro-post.md")


def test_wordpress_status_draft_is_not_published(book):
    assert not (book.outdir / "posts" / "wp-draft.html").exists()
    assert "WordPress draft" not in book.html("chapters/all").get_text()


def test_categories_can_be_ignored(module_app_factory, tmp_path_factory):
    hb = Handbook(module_app_factory, copy_project(tmp_path_factory.mktemp("nocat") / "src", "basic"))
    hb.write("posts/hugo-post.md", POSTS["posts/hugo-post.md"])
    hb.build(handbook_categories_as_tags=False)
    assert chips(hb.html("posts/hugo-post")) == []


def test_no_other_warnings(book):
    names = {"posts/2024-03-05-jekyll-welcome.md": 1, "posts/eleventy-js.md": 1, "posts/hugo-post.md": 1}
    for line in book.warning_lines():
        match = re.search(r"(posts/[^:]+):", line)
        assert match and match.group(1) in names, line


def test_in_print_the_index_names_each_author_at_their_posts(book, tmp_path):
    # The PDF has no author pages: its index stands in ("Jane Doe (author)", the pages of her posts).
    book.build("latex", outdir=tmp_path)  # a folder of its own: the HTML the other tests read stays
    tex = next(book.outdir.glob("*.tex")).read_text(encoding="utf-8")
    entries = re.findall(r"\\index\{Jane Doe \(author\)@", tex)
    assert len(entries) == 2  # her two posts (authors.yml's jane is Jane Doe)
    assert len(re.findall(r"\\index\{Joe Bloggs \(author\)@", tex)) == 1


# ---- engines and sources beyond the first seven (issue 25): each blog copied as a folder -------------
OTHERS = {
    # Hexo: front matter without its opening line; the site's author from _config.yml.
    "posts/hexo/_config.yml": "title: A Hexo blog\nauthor: Hexo Owner\nnew_post_name: :year-:month-:day-:title.md\n",
    "posts/hexo/source/_posts/2021-02-03-fenceless.md": "title: Fenceless Hexo\ntags: [seo]\n---\nHexo body.\n",
    # Nikola: metadata inside an HTML comment; BLOG_AUTHOR from conf.py (parsed, never run).
    "posts/nikola/conf.py": 'BLOG_AUTHOR = "Nikola Owner"\nPOSTS = ()\n',
    "posts/nikola/posts/nikola-post.md": ("<!--\n.. title: Nikola post\n.. date: 2016-02-17 18:47:19 UTC\n"
                                          ".. tags: python, release\n.. link:\n-->\n\nNikola body.\n"),
    # Octopress: a .markdown post; MDX: a Docusaurus post in .mdx.
    "posts/octo/source/_posts/2014-06-20-old-post.markdown": "---\ntitle: Old post\ncategories: GPG\n---\nOld.\n",
    "posts/docu/blog/2022-06-21-mdx-post.mdx": "---\ntitle: MDX post\ntags: [release]\n---\nMDX body.\n",
    # A Quarto file: not read, named.
    "posts/notes/analysis.qmd": "---\ntitle: An analysis\n---\n\n# Results\n",
    # Right to left: a Hebrew post with no language declared.
    "posts/rtl-post.md": "---\ntitle: פוסט בעברית\ndate: 2024-01-01\ntags: [seo]\n---\n\nזה פוסט בעברית שנכתב מימין לשמאל.\n",
    # No front matter: the first heading titles it; a Sphinx warning is never its excerpt.
    "posts/plain/handbook-page.md": "## Opening heading\n\n### Deeper\n\nThe first real paragraph.\n",
    # A table of a header row only (its body rows indented: a code block), as in Hugo's example posts.
    "posts/table-post.md": ("---\ntitle: Table post\ndate: 2024-01-02\ntags: [seo]\n---\n\n| a | b |\n|---|---|\n\n"
                            "    | 1 | 2 |\n"),
}


@pytest.fixture(scope="module")
def others(module_app_factory, tmp_path_factory) -> Handbook:
    hb = Handbook(module_app_factory, copy_project(tmp_path_factory.mktemp("others") / "src", "basic"))
    for name, text in OTHERS.items():
        hb.write(name, text)
    return hb.build()


def test_hexo_and_nikola_metadata_and_their_site_authors(others):
    hexo = others.html("posts/hexo/source/_posts/2021-02-03-fenceless")
    assert text_of(hexo, "article h1").rstrip("¶ ") == "Fenceless Hexo"
    assert "3 February 2021" in text_of(hexo, ".handbook-byline") and chips(hexo) == ["seo"]
    assert text_of(hexo, ".handbook-authors") == "By Hexo Owner"
    assert "title:" not in text_of(hexo, "article")
    nikola = others.html("posts/nikola/posts/nikola-post")
    assert text_of(nikola, "article h1").rstrip("¶ ") == "Nikola post" and chips(nikola) == ["python", "release"]
    assert text_of(nikola, ".handbook-authors") == "By Nikola Owner" and ".. title" not in text_of(nikola, "article")


def test_every_markdown_suffix_is_read_and_other_posts_are_named(others):
    assert text_of(others.html("posts/octo/source/_posts/2014-06-20-old-post"), "article h1").rstrip("¶ ") == "Old post"
    assert chips(others.html("posts/docu/blog/2022-06-21-mdx-post")) == ["release"]
    named = [w for w in others.warning_lines() if "analysis.qmd" in w]
    assert len(named) == 1 and "[handbook.unread]" in named[0]


def test_a_right_to_left_post_is_marked_on_its_page_and_card(others):
    page = others.html("posts/rtl-post")
    holder = page.select_one("article h1").find_parent(attrs={"dir": True})
    assert holder is not None and holder["dir"] == "rtl" and holder["lang"] == "he"
    assert holder.select_one(".handbook-post-header .handbook-chip")  # its header and chips read from the right
    card = next(c for c in others.html("chapters/all").select(".handbook-card") if "פוסט" in c.get_text())
    assert card.select_one("[dir=rtl][lang=he] .handbook-card-title")


def test_the_first_heading_titles_a_post_without_front_matter_and_no_warning_is_its_excerpt(others):
    page = others.html("posts/plain/handbook-page")
    assert text_of(page, "article h1").rstrip("¶ ") == "Opening heading"
    assert len(page.select("article h1")) == 1
    description = page.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith("The first real paragraph")


def test_print_survives_a_table_of_a_header_row_only(others, tmp_path):
    others.build("latex", outdir=tmp_path)
    tex = next(others.outdir.glob("*.tex")).read_text(encoding="utf-8")
    assert "Table post" in tex and (r"\begin{tabulary}" in tex or r"\begin{tabular" in tex)
    warned = [w for w in others.warning_lines() if "table-post.md" in w and "header row only" in w]
    assert len(warned) == 1 and re.search(r"table-post\.md:\d+:", warned[0])


def test_the_epub_marks_a_right_to_left_post(others, tmp_path):
    others.build("epub", outdir=tmp_path)
    xhtml = (others.outdir / "posts" / "rtl-post.xhtml").read_text(encoding="utf-8")
    assert 'lang="he" dir="rtl"' in xhtml


@pytest.mark.slow
def test_in_a_browser_a_right_to_left_post_starts_on_the_right(others):
    from browser import DESKTOP, browser, require, serve

    require()
    others.build()  # the HTML again (the print tests above built other outputs with this handbook)
    with serve(others.outdir) as base, browser() as chromium:
        page = chromium.new_page(viewport=DESKTOP)
        page.goto(base + "posts/rtl-post.html")
        box = page.evaluate("""() => {
            const box = e => e.getBoundingClientRect();
            const article = document.querySelector('article'), heading = article.querySelector('h1');
            const text = [...article.querySelectorAll('p')].find(p => p.textContent.includes('מימין'));
            const range = document.createRange(); range.selectNodeContents(text);
            return {right: box(article).right, left: box(article).left, heading: box(heading).right,
                    textRight: range.getBoundingClientRect().right, textLeft: range.getBoundingClientRect().left,
                    chip: box(article.querySelector('.handbook-chip')).right};
        }""")
        page.close()
    width = box["right"] - box["left"]
    for edge in ("heading", "textRight", "chip"):  # flush with the article's right edge
        assert box["right"] - box[edge] < 0.05 * width, (edge, box)
    assert box["textLeft"] - box["left"] > 0.3 * width, box  # a short line: the left is empty
