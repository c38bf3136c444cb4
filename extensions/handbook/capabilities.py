"""What each builder gets: decided here, once, and read by every feature.

The handbook's features depend on what the output is: a website (feeds, sitemap, the
archive, author and alias pages, search pieces, reading progress), HTML at all (the
CSS, cards with images; the EPUB is HTML too), separate tag and author pages, or a
printed book (the print variants of headers and listings, the tags chapter). A new
builder gets a row here, and with it a whole, coherent set of features.
"""

from __future__ import annotations

from dataclasses import dataclass

from sphinx.builders import Builder

HANDOUTS_TAG = "handouts"  # sphinx-build -t handouts: the LaTeX builder writes one book per chapter
TRAINER_TAG = "trainer"  # sphinx-build -t trainer: the trainer's edition, with the self-checks' answers


@dataclass(frozen=True)
class Capabilities:
    #: HTML pages (the website, a single page, the EPUB): CSS, cards, chips as links.
    html: bool = False
    #: The website (html, dirhtml): feeds, sitemap, social cards, search pieces, archive,
    #: contents and author pages, old addresses, the content report, reading progress.
    website: bool = False
    #: Separate tag and author pages to link to (every multi-page HTML output, the EPUB too).
    tag_pages: bool = False
    #: A printed book (LaTeX, Typst): one document of every post, whose tags chapter lists what it holds.
    book: bool = False
    #: The EPUB: an e-book packaging the pages.
    epub: bool = False


_BY_NAME = {
    "html": Capabilities(html=True, website=True, tag_pages=True),
    "dirhtml": Capabilities(html=True, website=True, tag_pages=True),
    "singlehtml": Capabilities(html=True),
    "epub": Capabilities(html=True, tag_pages=True, epub=True),
    "latex": Capabilities(book=True),
    "typst": Capabilities(book=True),  # the training PDF (pdf/typst/)
}


def of(builder: Builder) -> Capabilities:
    """This builder's row; an unknown HTML builder gets what a single page gets, anything else plain text."""
    known = _BY_NAME.get(builder.name)
    if known is not None:
        return known
    return Capabilities(html=True) if builder.format == "html" else Capabilities()
