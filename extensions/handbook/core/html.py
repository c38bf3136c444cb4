"""The HTML a post may put on a page: an allow-list, applied by nh3 (pure).

Posts come from many writers and from other blogs' exports, and pull requests are
previewed: a post's raw HTML must not run script on the handbook's pages (a trainee's
stored progress, any page). What writers need is kept: tables, ``<details>``,
``<figure>``, images with their sizes, ``<sup>``/``<sub>``/``<kbd>``/``<abbr>``, videos
from the embed hosts (``handbook_embed_hosts``); forms, ``<iframe>`` and ``<script src>``
only from the company's own marketing platform (``handbook_trusted_html_hosts``).
Everything else is removed, and :func:`clean` says what, so that each removal is warned.

The sanitising itself is nh3's (Ammonia, the maintained sanitiser on PyPI). MyST hands a
post's HTML over in pieces, one block or one inline tag at a time (``<details>`` in one
block, the Markdown inside it, ``</details>`` in another; ``<sup>``, text, ``</sup>``), and
a sanitiser closes every element a fragment leaves open. So a fragment is cut where it
closes an element opened in an earlier fragment, each part is cleaned by nh3, the end tags
nh3 added for elements the writer left open are taken off again, and an end tag of an
allowed element that closes an earlier fragment's element is kept as ``</name>``. Every
byte of the result is either nh3's output or such an end tag (or a trusted ``<script
src>`` written here from its checked address).

The tokenizer below is linear in the input (Python's ``html.parser`` takes minutes on a
few hundred KB of ``<a<a<a...``): it follows the HTML standard's tokenizer closely enough
to find tags, attributes, comments and raw text; where it would differ from html5ever,
only a warning's wording or a layout can differ, never the safety (nh3 decides that).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import nh3

DEFAULT_EMBED_HOSTS = ("www.youtube-nocookie.com", "www.youtube.com", "player.vimeo.com")
MAX_DEPTH = 100  # elements open inside each other in one fragment; nh3's time grows with depth x size

# ---- the allow-list ------------------------------------------------------------------------
PHRASING = frozenset(["a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"])
BLOCKS = frozenset(["address", "article", "aside", "blockquote", "caption", "col", "colgroup", "dd", "details", "div", "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "li", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"])
MEDIA = frozenset(["img", "picture", "source", "video", "audio", "track", "iframe"])
FORMS = frozenset(["form", "input", "button", "select", "option", "optgroup", "textarea", "label", "fieldset", "legend"])
GLOBAL_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir", "style", "role"})
GLOBAL_PREFIXES = frozenset({"aria-", "data-"})  # inert without a script that reads them
TAG_ATTRIBUTES: dict[str, frozenset[str]] = {name: frozenset(attrs.split()) for name, attrs in {
    "a": "href hreflang", "blockquote": "cite", "q": "cite", "del": "cite datetime", "ins": "cite datetime",
    "time": "datetime", "data": "value", "ol": "start reversed type", "li": "value", "details": "open",
    "td": "colspan rowspan headers align valign", "th": "colspan rowspan headers scope abbr align valign",
    "col": "span width", "colgroup": "span", "table": "width border cellpadding cellspacing",
    "img": "src alt width height loading decoding srcset sizes", "source": "src srcset sizes media type",
    "video": "src controls width height poster preload muted loop playsinline",
    "audio": "src controls preload muted loop", "track": "src kind srclang label default",
    "iframe": "src width height",
    "form": "action method enctype accept-charset novalidate",
    "input": "type name value placeholder required checked disabled readonly min max step pattern maxlength "
             "minlength size autocomplete multiple",
    "button": "type name value disabled", "select": "name required multiple disabled size",
    "option": "value selected disabled label", "optgroup": "label disabled",
    "textarea": "name rows cols placeholder required maxlength disabled readonly", "label": "for",
    "fieldset": "disabled",
}.items()}
TARGETS = frozenset({"_blank", "_self"})
# What the handbook sets on every embedded frame (the writer's own values are replaced, silently):
# the player runs (scripts, its own origin for its cookies and storage), may open its site in a
# new tab and go full screen; it cannot reach the page; it loads when scrolled to.
IFRAME_SET = {"sandbox": "allow-scripts allow-same-origin allow-popups allow-presentation allow-forms",
              "referrerpolicy": "strict-origin-when-cross-origin", "loading": "lazy",
              "allow": "autoplay; encrypted-media; fullscreen; picture-in-picture", "allowfullscreen": ""}
REPLACED = {"iframe": frozenset({*IFRAME_SET, "frameborder", "scrolling", "marginwidth", "marginheight",
                                 "webkitallowfullscreen", "mozallowfullscreen"}),
            "a": frozenset({"rel"})}  # nh3 sets rel="noopener noreferrer"
STYLE_PROPERTIES = frozenset(
    ["text-align", "vertical-align", "width", "height", "max-width", "max-height", "min-width", "min-height", "color", "background-color", "font-weight", "font-style", "font-size", "text-decoration", "text-transform", "white-space", "list-style-type", "border", "border-top", "border-right", "border-bottom", "border-left", "border-color", "border-style", "border-width", "border-collapse", "border-spacing", "border-radius", "padding", "padding-top", "padding-right", "padding-bottom", "padding-left", "margin", "margin-top", "margin-right", "margin-bottom", "margin-left", "float", "clear"])
URL_ATTRIBUTES = frozenset({"href", "src", "cite", "action", "poster"})
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel", "data"})  # data: for images only (below)
RAW_TEXT = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title"})
VOID = frozenset(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"])
# Elements whose end tag is never taken off: left open, they would swallow the page after them.
NEVER_LEFT_OPEN = RAW_TEXT | frozenset({"select", "form", "video", "audio", "picture", "table"})
_WHY = {"script": "<script> (no script runs on the handbook's pages)", "style": "<style> (a post cannot restyle "
        "the page)"}


@dataclass(frozen=True)
class Policy:
    """Which hosts a post may embed (videos) and trust (the company's forms and their scripts)."""

    embed_hosts: tuple[str, ...] = DEFAULT_EMBED_HOSTS
    trusted_hosts: tuple[str, ...] = ()

    @property
    def tags(self) -> frozenset[str]:
        return PHRASING | BLOCKS | MEDIA | (FORMS if self.trusted_hosts else frozenset())

    def embeds(self, url: str) -> bool:
        return _on_hosts(url, self.embed_hosts + self.trusted_hosts)

    def trusts(self, url: str) -> bool:
        return _on_hosts(url, self.trusted_hosts)


@dataclass(frozen=True)
class Cleaned:
    html: str
    removed: tuple[str, ...] = ()  # what was taken out, in words, in order, each once


def _on_hosts(url: str, hosts: Iterable[str]) -> bool:
    """An https address (or ``//host/...``) on one of ``hosts`` or below one (``forms.example.com``)."""
    url = _url_text(url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return False
    if parts.scheme not in ("https", "") or not parts.netloc or parts.username or parts.password:
        return False
    host = (parts.hostname or "").rstrip(".")
    return port in (None, 443) and any(host == h or host.endswith("." + h) for h in (h.lower() for h in hosts))


def _url_text(value: str) -> str:
    """An attribute's URL as a browser reads it: entities decoded, tabs and newlines dropped, ends stripped."""
    return re.sub(r"[\t\n\r]", "", html.unescape(value)).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e"
                                                                "\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a"
                                                                "\x1b\x1c\x1d\x1e\x1f ")


def url_scheme(url: str) -> str:
    """The scheme of an address as a browser reads it (lower case), or ``""`` for a relative one."""
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", _url_text(url))
    return match.group(1).lower() if match else ""


def url_problem(url: str, image: bool = False) -> str | None:
    """Why a link (or, ``image``, an image's address) may not be on a page: ``javascript:``, ``data:``, ..."""
    scheme = url_scheme(url)
    if not scheme or scheme in ("http", "https", "mailto", "tel"):
        return None
    if scheme == "data" and image and _url_text(url)[5:].lower().startswith("image/"):
        return None
    return f"{scheme}: {'address' if image else 'link'}"


# ---- a linear tokenizer ---------------------------------------------------------------------
@dataclass
class Token:
    kind: str  # "start", "end", "text" (or "raw": the content of a raw-text element), "comment"
    start: int  # offsets in the fragment
    end: int
    name: str = ""
    attrs: list[tuple[str, str]] = field(default_factory=list)
    self_closing: bool = False


_TAG_NAME = re.compile(r"[^\t\n\f\r />]*")
_ATTR_GAP = re.compile(r"[\t\n\f\r /]*")
_ATTR_NAME = re.compile(r"[^\t\n\f\r />][^\t\n\f\r />=]*")
_ATTR_VALUE = re.compile(r"""[\t\n\f\r ]*=[\t\n\f\r ]*("[^"]*(?:"|\Z)|'[^']*(?:'|\Z)|[^\t\n\f\r >]*)""")


@functools.lru_cache(maxsize=32)
def _raw_text_end(name: str) -> re.Pattern[str]:
    return re.compile(rf"</{re.escape(name)}(?=[\t\n\f\r />]|\Z)", re.IGNORECASE)


def tokenize(text: str) -> list[Token]:
    """Tags, comments and text of an HTML fragment, each with its place; linear time."""
    tokens: list[Token] = []
    n, pos = len(text), 0
    while pos < n:
        lt = text.find("<", pos)
        if lt < 0:
            _text(tokens, pos, n)
            break
        _text(tokens, pos, lt)
        pos = lt
        after = text[pos + 1:pos + 2]
        after_slash = text[pos + 2:pos + 3]
        if text.startswith("<!--", pos):
            end = _comment_end(text, pos + 4)
        elif after in ("!", "?") or (after == "/" and after_slash and not after_slash.isalpha()
                                     and after_slash != ">"):
            close = text.find(">", pos)  # a bogus comment, as the standard says
            end = n if close < 0 else close + 1
        elif after == "/" and after_slash == ">":
            pos += 3  # "</>": nothing
            continue
        elif after == "/" and after_slash.isalpha():
            close = text.find(">", pos)
            if close < 0:
                break  # end of input inside a tag: the tag is dropped, as the standard says
            tokens.append(Token("end", pos, close + 1, _TAG_NAME.match(text, pos + 2).group().lower()))
            pos = close + 1
            continue
        elif after.isalpha():
            token = _start_tag(text, pos)
            if token is None:
                break
            tokens.append(token)
            pos = token.end
            if token.name in RAW_TEXT and not token.self_closing:
                match = _raw_text_end(token.name).search(text, pos)
                stop = match.start() if match else n
                if stop > pos:
                    tokens.append(Token("raw", pos, stop))
                pos = stop
            elif token.name == "plaintext":
                tokens.append(Token("raw", pos, n))
                pos = n
            continue
        else:  # a "<" that opens nothing: text, up to the next "<"
            lt = text.find("<", pos + 1)
            stop = n if lt < 0 else lt
            _text(tokens, pos, stop)
            pos = stop
            continue
        tokens.append(Token("comment", pos, end))
        pos = end
    return tokens


def _text(tokens: list[Token], start: int, end: int) -> None:
    if end <= start:
        return
    if tokens and tokens[-1].kind == "text" and tokens[-1].end == start:
        tokens[-1].end = end  # one token for a run of text, however many stray "<" it holds
    else:
        tokens.append(Token("text", start, end))


def _comment_end(text: str, pos: int) -> int:
    for abrupt in (">", "->"):  # "<!-->" and "<!--->" end at once
        if text.startswith(abrupt, pos):
            return pos + len(abrupt)
    ends = [i for i in (text.find("-->", pos), text.find("--!>", pos)) if i >= 0]
    if not ends:
        return len(text)
    first = min(ends)
    return first + (3 if text.startswith("-->", first) else 4)


def _start_tag(text: str, pos: int) -> Token | None:
    name_match = _TAG_NAME.match(text, pos + 1)
    token = Token("start", pos, pos, name_match.group().lower())
    at = name_match.end()
    seen: set[str] = set()
    while True:
        at = _ATTR_GAP.match(text, at).end()
        if at >= len(text):
            return None
        if text[at] == ">":
            token.end = at + 1
            token.self_closing = text[at - 1] == "/"
            return token
        name_match = _ATTR_NAME.match(text, at)
        name, at = name_match.group().lower(), name_match.end()
        value_match = _ATTR_VALUE.match(text, at)
        value = ""
        if value_match:
            raw, at = value_match.group(1), value_match.end()
            if raw[:1] in ("'", '"'):
                if len(raw) < 2 or raw[-1] != raw[0]:
                    return None  # an unterminated quote runs to the end of input
                raw = raw[1:-1]
            value = html.unescape(raw)
        if name not in seen:  # the first of a repeated attribute counts
            seen.add(name)
            token.attrs.append((name, value))


# ---- cleaning ---------------------------------------------------------------------------------
# A start tag of one of these closes an open element of the same name on top (html5ever does
# more; this keeps "<p>a<p>b" from counting as nesting).
_SELF_ENDING = frozenset({"p", "li", "dt", "dd", "tr", "td", "th", "option"})


def clean(fragment: str, policy: Policy) -> Cleaned:
    """The fragment with everything the allow-list does not keep removed, and what that was."""
    tokens = tokenize(fragment)
    removed: list[str] = []
    stack: list[tuple[str, int]] = []  # open elements: (name, the piece they were opened in)
    pieces: list[list[str]] = [[]]  # source text, cleaned by nh3 piece by piece
    after: list[str] = [""]  # safe text that follows each piece
    left_open: list[list[str]] = []
    skip: list = [None, 0]  # an element removed with its content: its name, how deep inside

    def note(what: str) -> None:
        if what not in removed:
            removed.append(what)

    def cut(literal: str) -> None:
        left_open.append([name for name, piece in stack if piece == len(pieces) - 1])
        after[-1] += literal
        pieces.append([])
        after.append("")

    for index, token in enumerate(tokens):
        source = fragment[token.start:token.end]
        if skip[0] is not None:
            if token.kind == "start" and token.name == skip[0] and token.name not in VOID:
                skip[1] += 1
            elif token.kind == "end" and token.name == skip[0]:
                skip[1] -= 1
                if skip[1] == 0:
                    skip[0] = None
            continue
        if token.kind == "start":
            verdict = _start_verdict(token, tokens, index, policy)
            if verdict.remove_element or verdict.literal is not None:
                if verdict.remove_element:
                    note(verdict.remove_element)
                else:
                    cut(verdict.literal)
                if token.name not in VOID and not token.self_closing:
                    skip[:] = [token.name, 1]
                continue
            for what in verdict.removed:
                note(what)
            if stack and stack[-1][0] == token.name and token.name in _SELF_ENDING or stack and stack[-1][0] == "p" and token.name in BLOCKS:
                stack.pop()
            pieces[-1].append(source)
            if token.name not in VOID and not token.self_closing:
                stack.append((token.name, len(pieces) - 1))
                if len(stack) > MAX_DEPTH:
                    return Cleaned("", (f"HTML nested more than {MAX_DEPTH} elements deep (all of this block)",))
        elif token.kind == "end":
            opened = next((i for i in range(len(stack) - 1, -1, -1) if stack[i][0] == token.name), None)
            if opened is not None and stack[opened][1] == len(pieces) - 1:
                del stack[opened:]
                pieces[-1].append(source)
                continue
            # it closes what an earlier fragment (or piece) opened: kept as it is, between pieces
            keep = token.name in policy.tags and token.name not in VOID | NEVER_LEFT_OPEN
            cut(f"</{token.name}>" if keep else "")
            if opened is not None:
                del stack[opened:]
        elif token.kind == "text" or (token.kind == "raw" and not (index and tokens[index - 1].name == "iframe")):
            pieces[-1].append(source)  # (an embed's fallback text goes: a browser never shows it)
        # comments are dropped (nh3 drops them too): a reader never sees them
    left_open.append([name for name, piece in stack if piece == len(pieces) - 1])
    cleaner = _cleaner(policy)
    out = []
    for piece, following, still_open in zip(pieces, after, left_open, strict=True):
        text = "".join(piece)
        out.append(_leave_open(_no_rel_without_href(cleaner.clean(text)), still_open) if text else "")
        out.append(following)
    return Cleaned("".join(out), tuple(removed))


# A start tag of <a> as nh3 writes it: every value in double quotes (a quote inside is &quot;).
_NH3_A = re.compile(r'<a((?:\s+[^\s="/>]+(?:="[^"]*")?)*)\s*>')


def _no_rel_without_href(cleaned: str) -> str:
    """nh3 gives every <a> its rel, also one whose href it took off; HTML allows rel only with href."""
    def fix(match: re.Match[str]) -> str:
        attrs = match.group(1)
        if re.search(r'\shref="', attrs):
            return match.group(0)
        return "<a" + attrs.replace(' rel="noopener noreferrer"', "") + ">"
    return _NH3_A.sub(fix, cleaned)


_NH3_VOID = re.compile(r'<(area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr)'
                       r'((?:\s+[^\s="/>]+(?:="[^"]*")?)*)\s*>')


def as_xhtml(cleaned: str) -> str:
    """What :func:`clean` made, as XHTML (the EPUB's pages are XML): void elements closed
    (``<br/>``), and ``&nbsp;``, the one entity nh3 writes that XML does not define, as a number."""
    return _NH3_VOID.sub(r"<\1\2/>", cleaned).replace("&nbsp;", "&#160;")


_NH3_ATTR = re.compile(r'\s([^\s="/>]+)(?:="([^"]*)")?')
_NH3_REMOTE = re.compile(r'<(img|iframe|video|audio)((?:\s+[^\s="/>]+(?:="[^"]*")?)*)\s*/?>'
                         r'(?:(.*?)</\1>)?', re.DOTALL)  # (nh3 writes no </img>)


def remote_as_links(cleaned: str) -> str:
    """What :func:`clean` made, without what an e-book may not load from elsewhere: a picture from
    another site becomes its alt text, an embedded video (or audio) a link to it with its title."""
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        attrs = {key: html.unescape(value or "") for key, value in _NH3_ATTR.findall(match.group(2))}
        src = attrs.get("src", "")
        source = re.search(r'<source\b[^>]*\ssrc="([^"]*)"', match.group(3) or "")
        if not src and source and name in ("video", "audio"):
            src = html.unescape(source.group(1))
        if url_scheme(src) not in ("http", "https") and not src.startswith("//"):
            return match.group(0)
        if name == "img":
            alt = attrs.get("alt", "")
            return f'<span class="handbook-remote-picture">{html.escape(alt)}</span>' if alt else ""
        words = attrs.get("title") or f"{'Video' if name != 'audio' else 'Audio'} at {_host(src)}"
        return f'<a href="{html.escape(src, quote=True)}">{html.escape(words)}</a>'
    return _NH3_REMOTE.sub(replace, cleaned)


def _leave_open(cleaned: str, left_open: list[str]) -> str:
    """nh3's output without the end tags it added for elements the writer left open (outermost last)."""
    for name in left_open:  # outermost first: its end tag is the last
        if name in NEVER_LEFT_OPEN or not cleaned.endswith(f"</{name}>"):
            break
        cleaned = cleaned[:-len(f"</{name}>")]
    return cleaned


@dataclass
class _Verdict:
    removed: list[str] = field(default_factory=list)  # attributes (etc.) nh3 will take off
    remove_element: str = ""  # the element goes, with its content: why
    literal: str | None = None  # the element is replaced by this (a trusted script)


def _start_verdict(token: Token, tokens: list[Token], index: int, policy: Policy) -> _Verdict:
    name, attrs = token.name, dict(token.attrs)
    verdict = _Verdict()
    if name in ("script", "style"):
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        content = following if following is not None and following.kind == "raw" else None
        src = attrs.get("src", "")
        if name == "script" and src and content is None and policy.trusts(src):
            verdict.literal = (f'<script src="{html.escape(_url_text(src), quote=True)}"'
                               + "".join(f' {flag}=""' for flag in ("async", "defer") if flag in attrs) + "></script>")
            return verdict
        verdict.remove_element = _WHY[name] if not src else f"<script src> from {_host(src)} (not a trusted host)"
        return verdict
    if name == "iframe" and not policy.embeds(attrs.get("src", "")):
        verdict.remove_element = f"<iframe> from {_host(attrs.get('src', ''))} (not in handbook_embed_hosts)"
        return verdict
    if name == "form" and not (policy.trusted_hosts and policy.trusts(attrs.get("action", ""))):
        verdict.remove_element = f"<form> posting to {_host(attrs.get('action', ''))} (not a trusted host)"
        return verdict
    if name in ("object", "embed", "applet", "frame", "frameset", "template", "noembed", "noframes", "xmp", "title",
                "svg", "math", "link", "meta", "base"):
        verdict.remove_element = f"<{name}>"
        return verdict
    if name not in policy.tags:
        verdict.removed.append(f"<{name}> (its text is kept)")
        return verdict
    allowed = TAG_ATTRIBUTES.get(name, frozenset()) | GLOBAL_ATTRIBUTES | (
        {"target"} if name in ("a", "form") else set())
    for attr, value in token.attrs:
        if attr in REPLACED.get(name, ()):
            continue
        if attr.startswith("on") or attr not in allowed and not attr.startswith(tuple(GLOBAL_PREFIXES)):
            verdict.removed.append(f"{attr}= on <{name}>")
        elif attr == "target" and value.strip().lower() not in TARGETS:
            verdict.removed.append(f"target={value!r} on <{name}>")
        elif attr in URL_ATTRIBUTES and (why := url_problem(value, image=(name, attr) in _IMAGE_URLS)):
            verdict.removed.append(f"{why} on <{name}>")
        elif attr == "style":
            for prop in _style_properties(value):
                if prop not in STYLE_PROPERTIES:
                    verdict.removed.append(f"style {prop!r} on <{name}>")
    return verdict


_IMAGE_URLS = {("img", "src"), ("source", "src"), ("video", "poster")}


def _style_properties(value: str) -> list[str]:
    return [part.split(":", 1)[0].strip().lower() for part in value.split(";") if part.strip()]


def _host(url: str) -> str:
    try:
        host = urlsplit(_url_text(url)).hostname
    except ValueError:
        host = None
    return host or (repr(url[:60]) if url else "nowhere")


@functools.lru_cache(maxsize=8)
def _cleaner(policy: Policy) -> nh3.Cleaner:
    tags = set(policy.tags)
    attributes = {"*": set(GLOBAL_ATTRIBUTES)}
    for name in tags:
        attributes[name] = set(TAG_ATTRIBUTES.get(name, ())) - {"target"}
    values = {"a": {"target": set(TARGETS)}}
    if "form" in tags:
        values["form"] = {"target": set(TARGETS)}
    return nh3.Cleaner(
        tags=tags, clean_content_tags={"script", "style"}, attributes=attributes,
        attribute_filter=functools.partial(_attribute_filter, policy), strip_comments=True,
        generic_attribute_prefixes=set(GLOBAL_PREFIXES), tag_attribute_values=values,
        set_tag_attribute_values={"iframe": dict(IFRAME_SET)}, url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
    )


def _attribute_filter(policy: Policy, element: str, attribute: str, value: str) -> str | None:
    """nh3's last word on each kept attribute: data: only for images, frames and forms only to their hosts."""
    if attribute in URL_ATTRIBUTES and url_problem(value, image=(element, attribute) in _IMAGE_URLS):
        return None
    if element == "iframe" and attribute == "src" and not policy.embeds(value):
        return None
    if element == "form" and attribute == "action" and not policy.trusts(value):
        return None
    return value
