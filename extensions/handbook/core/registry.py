"""The tag registry: the tags a handbook knows, how each is shown, and its old names.

Optional: a ``tags.yml`` in the project (``handbook_tags_file``), in Docusaurus's
``tags.yml`` form, each key a tag with its ``label`` (the name shown) and
``description`` (shown on its tag page), plus ``aliases``: old or other names that
mean this tag. With a registry, a post's tag written as an alias becomes the known
tag (its old page redirects to the new one), and a tag the registry does not know
gives one warning naming the closest known tag. Pure functions; the file is read once
per change.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .files import readable
from .tags import clean_spelling, tag_key


@dataclass(frozen=True)
class KnownTag:
    key: str
    label: str
    description: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Registry:
    tags: dict[str, KnownTag] = field(default_factory=dict)  # key -> known tag
    alias_of: dict[str, str] = field(default_factory=dict)  # alias key -> key
    problems: tuple[str, ...] = ()  # what is wrong in the file itself

    def known(self, spelling: str) -> KnownTag | None:
        key = tag_key(spelling)
        key = self.alias_of.get(key, key)
        return self.tags.get(key)

    def closest(self, spelling: str) -> str | None:
        names = {tag_key(t.label): t.label for t in self.tags.values()}
        names.update({key: self.tags[target].label for key, target in self.alias_of.items()})
        found = difflib.get_close_matches(tag_key(spelling), list(names), n=1, cutoff=0.6)
        return names[found[0]] if found else None

    def apply(self, spellings: tuple[str, ...]) -> tuple[tuple[str, ...], list[str]]:
        """The tags as the registry names them, and a message per tag it does not know."""
        if not self.tags:
            return spellings, []
        shown: list[str] = []
        unknown: list[str] = []
        for spelling in spellings:
            tag = self.known(spelling)
            if tag is None:
                hint = self.closest(spelling)
                unknown.append(f"tag {spelling!r} is not in the tag registry" +
                               (f"; did you mean {hint!r}?" if hint else "; add it to the registry or use a known tag"))
                shown.append(spelling)
            elif tag.label not in shown:
                shown.append(tag.label)
        return tuple(shown), unknown


def parse_registry(text: str) -> Registry:
    """A registry from the file's text; what cannot be used is named in ``problems``."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        return Registry(problems=(f"the tag registry is not valid YAML ({error}); it is not used",))
    if data is None:
        return Registry()
    if not isinstance(data, dict):
        return Registry(problems=("the tag registry must map each tag to its label, description and aliases",))
    tags: dict[str, KnownTag] = {}
    alias_of: dict[str, str] = {}
    problems: list[str] = []
    for name, entry in data.items():
        entry = entry if isinstance(entry, dict) else {}
        label = clean_spelling(str(entry.get("label") or name))
        key = tag_key(label)
        if not key or key in tags:
            problems.append(f"tag {name!r} in the tag registry is empty or listed twice; skipped")
            continue
        raw_aliases = entry.get("aliases") or []
        raw_aliases = raw_aliases if isinstance(raw_aliases, list) else [raw_aliases]
        aliases = tuple(clean_spelling(str(a)) for a in raw_aliases if clean_spelling(str(a)))
        if tag_key(str(name)) != key:
            aliases = (clean_spelling(str(name)), *aliases)  # the key a Docusaurus file names it by
        tags[key] = KnownTag(key, label, clean_spelling(str(entry.get("description") or "")), aliases)
    for key, tag in tags.items():
        for alias in tag.aliases:
            alias_key = tag_key(alias)
            if alias_key in tags and alias_key != key:
                problems.append(f"alias {alias!r} of {tag.label!r} is itself a tag in the registry; ignored")
            elif alias_key != key:
                alias_of.setdefault(alias_key, key)
    return Registry(tags, alias_of, tuple(problems))


@functools.lru_cache(maxsize=8)
def _read(path: str, stamp: tuple[int, int]) -> Registry:
    return parse_registry(Path(path).read_text(encoding="utf-8"))


def load(srcdir: str | Path, filename: str) -> tuple[Registry, Path | None]:
    """The project's registry (empty when the file does not exist), and its path."""
    path = Path(srcdir, filename)
    if not readable(srcdir, path):  # missing, or a link leaving the project (files.py: not read)
        return Registry(), None
    stat = path.stat()
    return _read(str(path), (stat.st_mtime_ns, stat.st_size)), path
