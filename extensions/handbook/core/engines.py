"""Which engine's conventions a post follows, found from its own clues (pure: reads files, no Sphinx).

A post copied with its blog keeps the files its engine reads beside it: a
configuration (``_config.yml``, ``config.toml``, ``mkdocs.yml``, ``quartz.config.ts``...),
the folder it lives in (``_posts/``, ``source/_posts/``, ``.vuepress/``), and keys only one
engine writes (Zenn's ``emoji`` and ``topics``). The nearest folder above the post, up to
the posts folder, that holds such a file is the blog's root; the engine it names decides
where two engines disagree (how a text of tags is split, where a missing title comes
from, whether the file name's date counts). A post with no clue follows the rules most
engines share.

Site-wide values the engine prints on a post that gives none (the configured author, the
site's language) are read from the configuration when it is data (YAML, TOML, JSON) or,
for Python configurations (Nikola's ``conf.py``, Pelican's ``pelicanconf.py``), from
simple ``NAME = "text"`` assignments parsed with :mod:`ast` — never run.
"""

from __future__ import annotations

import ast
import functools
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path

from .files import readable, refusal
from .jsobject import find_values
from .metadata import read_yaml


@dataclass(frozen=True)
class Engine:
    """One engine's conventions where engines disagree (README: "Posts from other blog engines")."""

    name: str
    list_split: str = ""  # how a text of tags is a list: "space" (Jekyll), "comma", "" (one tag, or commas: warned)
    title_from_heading: bool = True  # no title key: the first heading titles the post (else the file name)
    file_title: str = "handbook"  # the file-name title: "as written", "titleized" (Jekyll), the handbook's
    file_dates: bool = True  # a date in the file or folder name dates the post
    inline_tags: bool = False  # ``#tags`` in the text are tags (Obsidian, Quartz)
    category_path: bool = False  # a list of categories is one path (Hexo: [Docs, EN] = Docs/EN)
    folder_category: str = ""  # "posts-parent" (Jekyll: folders above _posts), "content" (Pelican: its folder)
    dated_names_only: bool = False  # only YYYY-MM-DD-slug files in _posts are posts (Jekyll)
    summary_keys: tuple[str, ...] = ()  # where the listing's summary is, when not the usual keys (Jigsaw)
    tag_spaces: str = ""  # what the site shows for a space in a tag (Next.js starter: "-")
    status_drafts: bool = True  # ``status: draft`` keeps it unpublished (WordPress, Pelican, Nikola; not Contentlayer)
    private_published: bool = False  # ``status: private`` is built, only left out of lists (Nikola)
    default_author_key: str = ""  # the authors-file key of a post naming none (Next.js starter: "default")
    drop_properties: bool = False  # ``key:: value`` block properties in the text are not shown (Logseq)


GENERIC = Engine("")
ENGINES = {e.name: e for e in (
    Engine("jekyll", list_split="space", file_title="titleized", folder_category="posts-parent",
           dated_names_only=True),
    Engine("octopress", list_split="space", file_title="titleized", dated_names_only=True),
    Engine("bridgetown", list_split="space", file_title="titleized"),
    Engine("hexo", category_path=True),
    Engine("hugo"),
    Engine("zola"),
    Engine("pelican", list_split="comma", folder_category="content"),
    Engine("nikola", list_split="comma", private_published=True),
    Engine("middleman", list_split="comma"),
    Engine("mkdocs"),
    Engine("docusaurus", file_title="as written"),
    Engine("eleventy"),
    Engine("astro"),
    Engine("gatsby"),
    Engine("vuepress"),
    Engine("vitepress"),
    Engine("quartz", list_split="comma", title_from_heading=False, inline_tags=True, file_title="as written"),
    Engine("obsidian", list_split="comma", title_from_heading=False, inline_tags=True, file_title="as written"),
    Engine("logseq", list_split="comma", title_from_heading=False, drop_properties=True, file_title="as written"),
    Engine("mdbook", file_title="as written"),
    Engine("dendron"),
    Engine("gitbook"),
    Engine("docsify"),
    Engine("myst"),
    Engine("devto", list_split="comma"),
    Engine("hashnode", list_split="comma"),
    Engine("zenn", file_dates=False),
    Engine("qiita"),
    Engine("nextjs", status_drafts=False, default_author_key="default", tag_spaces="-"),
    Engine("nuxt"),
    Engine("jigsaw", summary_keys=("excerpt", "summary")),  # its description is for <meta> only
    Engine("gridsome"),
    Engine("metalsmith"),
    Engine("wintersmith"),
)}


@dataclass(frozen=True)
class Conventions:
    """What a post is read by: its engine, the blog's root and what told, and the site's defaults."""

    engine: Engine = GENERIC
    root: str = ""  # the blog's root folder, relative to the source folder ("": none found)
    clue: str = ""  # what told the engine ("_config.yml with new_post_name", "keys emoji, topics")
    author: str | None = None  # the site's author, shown on posts that name none
    lang: str | None = None  # the site's language
    config: str = ""  # the configuration file read, relative to the source folder


# ---- clues ------------------------------------------------------------------------------------
# A file (or folder) in a folder that makes it a blog's root, and the engine it names, in the order tried.
_ROOT_FILES = (
    ("bridgetown.config.yml", "bridgetown"), ("mkdocs.yml", "mkdocs"), ("quartz.config.ts", "quartz"),
    ("dendron.yml", "dendron"), ("book.toml", "mdbook"), ("book.json", "gitbook"), ("myst.yml", "myst"),
    ("pelicanconf.py", "pelican"), ("pelican.conf.py", "pelican"), ("docusaurus.config.js", "docusaurus"),
    ("docusaurus.config.ts", "docusaurus"), ("astro.config.mjs", "astro"), ("astro.config.ts", "astro"),
    ("astro.config.js", "astro"), ("gatsby-config.js", "gatsby"), ("gatsby-config.ts", "gatsby"),
    (".eleventy.js", "eleventy"), ("eleventy.config.js", "eleventy"), ("eleventy.config.mjs", "eleventy"),
    ("gridsome.config.js", "gridsome"), ("metalsmith.js", "metalsmith"), ("metalsmith.json", "metalsmith"),
    ("contentlayer.config.ts", "nextjs"), ("contentlayer.config.js", "nextjs"), ("nuxt.config.ts", "nuxt"),
    ("content.config.ts", "nuxt"), ("hugo.toml", "hugo"), ("hugo.yaml", "hugo"), ("hugo.json", "hugo"),
    ("config/_default/hugo.yaml", "hugo"), ("config/_default/hugo.toml", "hugo"), ("config.rb", "middleman"),
    ("config.php", "jigsaw"), ("logseq/config.edn", "logseq"), (".obsidian", "obsidian"), (".vuepress", "vuepress"),
    ("src/.vuepress", "vuepress"), (".vitepress", "vitepress"), ("dev-to-git.json", "devto"), ("_sidebar.md", "docsify"),
)
_CONFIG_FILES = ("_config.yml", "config.toml", "conf.py")  # shared names: their content tells
_HEXO_CONFIG = re.compile(r"^(new_post_name|source_dir|post_asset_folder|default_layout)\s*:", re.MULTILINE)
_ZOLA_CONFIG = re.compile(r"^(base_url|compile_sass|build_search_index)\s*=", re.MULTILINE)
_HUGO_CONFIG = re.compile(r"^(baseURL|baseurl|languageCode|theme)\s*=", re.MULTILINE)
_NIKOLA_CONFIG = re.compile(r"^(BLOG_AUTHOR|BLOG_TITLE|POSTS)\s*=", re.MULTILINE)


def _root_engine(folder: Path, srcdir: Path) -> tuple[str, str] | None:
    """(engine, clue) when ``folder`` is a blog's root (asked once per folder while it and its files stay)."""
    config_times = tuple(mtime(folder / name) for name in _CONFIG_FILES)
    return _root_engine_of(str(folder), str(srcdir), mtime(folder), config_times)


@functools.lru_cache(maxsize=4096)
def _root_engine_of(folder_name: str, srcdir: str, _folder_time: int,
                    _config_times: tuple[int, ...]) -> tuple[str, str] | None:
    folder = Path(folder_name)
    for name, engine in _ROOT_FILES:
        if (folder / name).exists() and refusal(srcdir, folder / name) is None:
            return engine, name
    for name in _CONFIG_FILES:
        path = folder / name
        if not readable(srcdir, path):  # a link leaving the project, a FIFO: never read (core/files.py)
            continue
        text = _text(str(path), mtime(path))
        if name == "_config.yml":
            if _HEXO_CONFIG.search(text):
                return "hexo", "_config.yml (Hexo's keys)"
            if (folder / "source" / "_posts").is_dir() and (folder / "plugins").is_dir() or "octopress" in text.lower():
                return "octopress", "_config.yml (Octopress)"
            return "jekyll", "_config.yml"
        if name == "config.toml":
            if _ZOLA_CONFIG.search(text):
                return "zola", "config.toml (Zola's keys)"
            if _HUGO_CONFIG.search(text):
                return "hugo", "config.toml (Hugo's keys)"
        if name == "conf.py" and _NIKOLA_CONFIG.search(text):
            return "nikola", "conf.py (Nikola's settings)"
    return None


# Folders whose name is an engine's own (the nearest above the post), when no configuration is there.
_FOLDER_CLUES = (("_posts", "jekyll"), ("_drafts", "jekyll"), ("journals", "logseq"), ("pages", "logseq"),
                 ("data/blog", "nextjs"))
# A file in a folder that makes the folder an engine's blog (Docusaurus keeps blog/authors.yml).
_FOLDER_FILES = (("blog", "authors.yml", "docusaurus"),)
# Keys only one engine writes, when neither its configuration nor its folders came with the post.
_KEY_CLUES = (
    (frozenset(("emoji", "topics")), "zenn"),
    (frozenset(("datePublished", "cuid")), "hashnode"),
    (frozenset(("saveAsDraft",)), "hashnode"),
    (frozenset(("ignorePublish",)), "qiita"),
    (frozenset(("organization_url_name",)), "qiita"),
)


def find(srcdir: str | Path, posts_dir: str, docname: str, keys: frozenset[str] = frozenset()) -> Conventions:
    """The conventions the post ``docname`` (in ``posts_dir``) is read by."""
    srcdir = Path(srcdir)
    top = srcdir / posts_dir
    folder = (srcdir / docname).parent
    found: tuple[str, str] | None = None
    root = folder
    path_parts = Path(docname).parts
    while True:
        found = _root_engine(folder, srcdir)
        if found is not None:
            root = folder
            break
        if folder == top or top not in folder.parents:
            break
        folder = folder.parent
    if found is None:
        for part, engine in _FOLDER_CLUES:
            names = tuple(part.split("/"))
            at = next((i for i in range(len(path_parts) - len(names)) if path_parts[i:i + len(names)] == names), None)
            if at is not None:
                found, root = (engine, f"the folder {part}/"), srcdir.joinpath(*path_parts[:at])
                if part == "_posts" and "source" in path_parts[:at]:
                    found = ("hexo", "the folder source/_posts/")
                break
    if found is None:
        for name, file, engine in _FOLDER_FILES:
            for at in range(len(path_parts) - 1, -1, -1):
                if path_parts[at] == name and readable(srcdir, srcdir.joinpath(*path_parts[:at + 1]) / file):
                    found, root = (engine, f"{name}/{file}"), srcdir.joinpath(*path_parts[:at])
                    break
            if found is not None:
                break
    if found is None:
        for clue_keys, engine in _KEY_CLUES:
            if clue_keys <= keys:
                found = (engine, "front-matter keys " + ", ".join(sorted(clue_keys)))
                break
    if found is None:
        return Conventions()
    engine, clue = found
    author, lang, config = site_defaults(root, engine, srcdir)
    rules = ENGINES.get(engine, GENERIC)
    if engine == "hexo" and config == "_config.yml":
        pattern = read_config(str(root / config), mtime(root / config)).get("new_post_name")
        if isinstance(pattern, str) and ":year" not in pattern:  # Hexo dates by the name only when it holds one
            rules = replace(rules, file_dates=False)
    if author is None or lang is None:
        js_author, js_lang, js_file = script_defaults(root, engine, srcdir)
        author, lang = author or js_author, lang or js_lang
        config = config or js_file
    relative = root.relative_to(srcdir).as_posix() if root != srcdir else ""
    return Conventions(rules, relative, clue, author, lang, config)


# ---- the site's defaults -------------------------------------------------------------------------
def site_defaults(root: Path, engine: str, srcdir: Path) -> tuple[str | None, str | None, str]:
    """(author, language, configuration file) of the blog at ``root``, from its configuration."""
    for name in ("_config.yml", "bridgetown.config.yml", "config.toml", "hugo.toml", "hugo.yaml",
                 "config/_default/hugo.yaml", "mkdocs.yml", "book.toml", "book.json", "conf.py", "pelicanconf.py",
                 "pelican.conf.py", "myst.yml"):
        path = root / name
        if readable(srcdir, path):
            data = read_config(str(path), mtime(path))
            if data:
                return _author(data, engine), _language(data), name
    return None, None, ""


# JavaScript/TypeScript configurations: only plain values written in them are read (core/jsobject.py).
SCRIPT_CONFIGS = (".vuepress/config.ts", ".vuepress/config.js", ".vuepress/theme.ts", ".vuepress/theme.js",
                  "src/.vuepress/config.ts", "src/.vuepress/theme.ts", "src/.vuepress/config.js", "quartz.config.ts",
                  "gatsby-config.js", "gatsby-config.ts", "data/siteMetadata.js", "astro.config.mjs",
                  "astro.config.ts", "docusaurus.config.js", "docusaurus.config.ts")


def script_defaults(root: Path, engine: str, srcdir: Path) -> tuple[str | None, str | None, str]:
    """(author, language, file) from the plain values of the site's JavaScript configuration."""
    author = lang = None
    used = ""
    for name in SCRIPT_CONFIGS:
        path = root / name
        if not readable(srcdir, path):
            continue
        text = text_of(path)
        if author is None and engine not in ("quartz", "astro", "docusaurus"):
            found = _author({"author": next(iter(find_values(text, "author")), None)}, engine)
            author, used = (found, used or name) if found else (author, used)
        if lang is None:
            found = _language({"locale": next((v for key in ("locale", "lang", "language")
                                               for v in find_values(text, key) if isinstance(v, str)), None)})
            lang, used = (found, used or name) if found else (lang, used)
    return author, lang, used


def _author(data: dict, engine: str) -> str | None:
    if engine in ("mkdocs", "mdbook", "gitbook", "myst", "docsify", "hugo"):
        return None  # these show no site author on a post (MkDocs' site_author is a meta tag)
    tables = [data, *(data[k] for k in ("extra", "params") if isinstance(data.get(k), dict))]  # Zola, Hugo
    for table, key in ((t, k) for t in tables for k in ("author", "BLOG_AUTHOR", "AUTHOR")):
        value = table.get(key)
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, dict):  # Nikola's translatable {"en": "Name"}
            value = next((v for v in value.values() if isinstance(v, str)), None)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())[:100]
    return None


def _language(data: dict) -> str | None:
    for value in (data.get("lang"), data.get("language"), data.get("locale"), data.get("DEFAULT_LANG"),
                  data.get("default_language"), data.get("languageCode"), data.get("defaultContentLanguage"),
                  (data.get("theme") or {}).get("language") if isinstance(data.get("theme"), dict) else None,
                  (data.get("book") or {}).get("language") if isinstance(data.get("book"), dict) else None):
        if isinstance(value, str) and re.fullmatch(r"[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*", value.strip()):
            return value.strip().replace("_", "-")
    return None


@functools.lru_cache(maxsize=64)
def read_config(path: str, _mtime: int) -> dict:
    """A configuration as data: YAML, TOML, JSON, or a Python file's simple assignments (never run)."""
    text = _text(path, _mtime)
    if path.endswith(".py"):
        return python_assignments(text)
    if path.endswith(".toml"):
        import tomllib

        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            return {}
    if path.endswith(".json"):
        try:
            data = json.loads(text)
        except ValueError:
            return {}
    else:
        data = read_yaml(text)
    return data if isinstance(data, dict) else {}


def python_assignments(text: str) -> dict:
    """``NAME = literal`` at the top level of a Python file, read with ``ast.literal_eval`` (nothing runs)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError):
        return {}
    values = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                values[node.targets[0].id] = ast.literal_eval(node.value)
            except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
                continue
    return values


def mtime(path: Path) -> int:
    """A file's modification time (0 when it is gone): the key side-file caches are kept by."""
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


@functools.lru_cache(maxsize=64)
def _text(path: str, _mtime: int) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read(1_000_000)
    except OSError:
        return ""


def text_of(path: Path) -> str:
    """A side file's text (at most 1 MB), cached until it changes."""
    return _text(str(path), mtime(path))


def under(path: Path, top: Path) -> bool:
    return path == top or top in path.parents


def walk_up(folder: Path, top: Path):
    """``folder`` and each folder above it, up to ``top`` (the posts folder), nearest first."""
    while True:
        yield folder
        if folder == top or not under(folder, top) or folder.parent == folder:
            return
        folder = folder.parent

