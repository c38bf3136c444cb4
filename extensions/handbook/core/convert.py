"""Other engines' Markdown syntax turned into MyST (pure functions, no Sphinx).

Outside code only, and keeping every line where it was (warnings name the editor's
lines):

- Docusaurus admonitions ``:::note Title`` ... ``:::`` -> MyST admonitions;
- Jekyll's ``{% highlight lang %}`` ... ``{% endhighlight %}`` -> a fenced code block;
- Jekyll's ``{% raw %}``/``{% endraw %}`` dropped (what they protect is kept);
- Jekyll's ``{% post_url 2024-01-02-slug %}`` -> the post's blog address (then a link inside the handbook);
- kramdown attribute lists (``{: .notice}``) dropped: they style, the handbook has its own look;
- excerpt markers (``<!--more-->``, ``<!-- truncate -->``, ``{/* truncate */}``) removed;
  the text before one is the post's summary when its front matter gives none.
"""

from __future__ import annotations

import re

_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def escape_markdown(text: str) -> str:
    """Text that CommonMark renders as exactly this text, on one line."""
    return _ASCII_PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ADMONITION_OPEN = re.compile(r"^(\s*)(:{3,})\s*(note|tip|info|caution|danger|warning|important|success|secondary)"
                              r"(?:\[([^\]]*)\]|[ \t]+(.*?))?\s*$")
_HIGHLIGHT_OPEN = re.compile(r"^\s*\{%-?\s*highlight\s+([\w+#.-]+)?[^%]*-?%\}\s*(.*)$")
_HIGHLIGHT_CLOSE = re.compile(r"^(.*?)\{%-?\s*endhighlight\s*-?%\}\s*$")
# Jekyll's links to its own posts: {% post_url 2024-01-02-slug %}, {% link _posts/2024-01-02-slug.md %}
_POST_URL = re.compile(r"\{%-?\s*(?:post_url\s+|link\s+_posts/)(?:[\w.-]+/)*\d{4}-\d{2}-\d{2}-([\w.~%+-]+?)"
                       r"(?:\.(?:md|markdown|html))?\s*-?%\}")
_RAW = re.compile(r"\{%-?\s*(?:raw|endraw)\s*-?%\}")
_IAL = re.compile(r"\{:[^{}\n]{0,500}\}")  # bounded, as the others below: linear on a hostile line
_MARKER = re.compile(r"<!--\s*(?:more|truncate)\s*-->|\{/\*\s*truncate\s*\*/\}")
# Docusaurus's kinds -> docutils' admonitions (``info`` has no own; it reads as a note).
_KINDS = {"note": "note", "tip": "tip", "info": "note", "caution": "caution", "danger": "danger",
          "warning": "warning", "important": "important", "success": "tip", "secondary": "note"}


def convert(lines: list[str], post_path: str = "/posts/{slug}/") -> tuple[list[str], str | None]:
    """The body's lines in MyST (same count), and the text before an excerpt marker, if any.

    ``post_path``: the blog's address of a post (``handbook_post_path``), for Jekyll's
    ``{% post_url %}``, which links.py then makes a link inside the handbook.
    """
    out: list[str] = []
    fence: str | None = None  # the open code fence of the original text
    in_highlight = False
    admonitions: list[str] = []  # open Docusaurus fences (their colons), innermost last
    excerpt: str | None = None
    pending_class: str | None = None  # a titled admonition's class, put on the blank line after it
    for line in lines:
        if pending_class is not None:
            class_line, pending_class = pending_class, None
            if not line.strip():
                out.append(class_line)
                continue
        if fence is not None:
            out.append(line)
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            continue
        if in_highlight:
            close = _HIGHLIGHT_CLOSE.match(line)
            if close:
                in_highlight = False
                out.append(close.group(1) + "```" if close.group(1).strip() else "```")
            else:
                out.append(line)
            continue
        opened = _FENCE.match(line)
        if opened:
            fence = opened.group(1)
            out.append(line)
            continue
        highlight = _HIGHLIGHT_OPEN.match(line)
        if highlight:
            in_highlight = True
            out.append("```" + (highlight.group(1) or ""))
            continue
        admonition = _ADMONITION_OPEN.match(line)
        if admonition:
            indent, colons, kind, bracket, title = admonition.groups()
            ticks = "`" * (len(colons) + 1)  # an outer admonition has more colons, so more backticks
            title = (bracket or title or "").strip()
            admonitions.append(colons)
            if title:  # untrusted, like every title: shown as written, never as markup
                out.append(f"{indent}{ticks}{{admonition}} {escape_markdown(title)}")
                # Its kind goes on the blank line after (lines stay where they were); else it is plain.
                pending_class = f"{indent}:class: {_KINDS[kind]}"
            else:
                out.append(f"{indent}{ticks}{{{_KINDS[kind]}}}")
            continue
        if admonitions and line.strip() == admonitions[-1]:
            out.append(line.replace(admonitions[-1], "`" * (len(admonitions[-1]) + 1), 1))
            admonitions.pop()
            continue
        if excerpt is None and _MARKER.search(line):
            before = _MARKER.split(line, 1)[0]
            excerpt = plain_text([*out, before])
            line = _MARKER.sub("", line)
        line = _RAW.sub("", line)
        if "{%" in line:
            line = _POST_URL.sub(lambda m: post_path.replace("{slug}", m.group(1)), line)
        line = _IAL.sub("", line) if "{:" in line else line
        out.append(line)
    return out, excerpt


_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_IMAGE = re.compile(r"!\[[^\[\]]{0,500}\]\([^()]{0,2000}\)")
_LINK = re.compile(r"\[([^\[\]]{0,500})\]\([^()]{0,2000}\)|\[([^\[\]]{0,500})\]\[[^\[\]]{0,500}\]")
_TAG = re.compile(r"<[^<>]{0,2000}>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")


def plain_text(lines: list[str]) -> str:
    """What a reader sees of these Markdown lines, as one line of text (front matter skipped)."""
    start = 0
    if lines and lines[0].strip() == "---":
        start = next((i + 1 for i, line in enumerate(lines[1:], start=1) if line.strip() == "---"), 0)
    words: list[str] = []
    in_code = False
    for line in lines[start:]:
        if _FENCE.match(line):
            in_code = not in_code
            continue
        if in_code or _HEADING.match(line) or line.lstrip().startswith(("import ", "export ", "{%", ":::")):
            continue
        text = _IMAGE.sub("", line)
        text = _LINK.sub(lambda m: m.group(1) or m.group(2) or "", text)
        text = _TAG.sub("", text)
        text = _EMPHASIS.sub("", text)
        words.extend(text.split())
    return " ".join(words)
