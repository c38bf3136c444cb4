"""The project's files before Sphinx finds them: what may not be read is kept out, clashing names named.

Sphinx follows symbolic links when it looks for documents and reads whatever it finds:
a post that links to ``/proc/self/environ`` would publish the build's environment, a
FIFO would hang the build. At ``config-inited`` (before Sphinx looks: ``find_files``), the
project is walked as Sphinx will walk it (``core/files.py``); every link resolving outside
the project, special file and looping folder link is added to ``exclude_patterns`` (so
Sphinx neither reads nor copies it: documents, and ``html_static_path``/``html_extra_path``
files, which it copies with the same patterns), and the handbook's own readers (images,
downloads, ``authors.yml``, ``tags.yml``, kept diagrams) refuse them too. The rule book
says why (``rules.file_problems``), once per build, and ``./dev check`` the same; names that
clash by case or Unicode normalisation are named the same way.

Adding the patterns at ``config-inited`` keeps the configuration the same from one build
to the next while the files stay the same (an incremental build stays incremental); a
new refused file changes it, and Sphinx reads everything again, as it should.
"""

from __future__ import annotations

import os
import posixpath
import weakref

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.project import EXCLUDE_PATHS
from sphinx.util.matching import Matcher

from .. import compat
from .. import config as handbook_config
from ..core import authors, files, rules
from ..warnings import warn_problem

# What the scan found, per Config, and the exclude_patterns conf.py gave (``./dev serve`` scans again).
_SCANS: weakref.WeakKeyDictionary[Config, files.Scan] = weakref.WeakKeyDictionary()
_OWN_PATTERNS: weakref.WeakKeyDictionary[Config, list[str]] = weakref.WeakKeyDictionary()


def scan_of(config: Config) -> files.Scan:
    return _SCANS.get(config, files.Scan())


def on_config_inited(app: Sphinx, config: Config) -> None:
    _OWN_PATTERNS[config] = list(config.exclude_patterns)
    refresh(app)


def refresh(app: Sphinx) -> files.Scan:
    """Walk the project again and keep out what may not be read (each build of ``./dev serve`` too)."""
    config = app.config
    own = _OWN_PATTERNS.setdefault(config, list(config.exclude_patterns))
    # (folders outside the project, such as the extension's own static files, are configuration, not content)
    static = [os.path.relpath(os.path.join(app.srcdir, p), app.srcdir) for p in
              (*config.html_static_path, *config.html_extra_path)]
    static = [p for p in static if p != ".." and not p.startswith("../")]
    excluded = Matcher([*own, *config.templates_path, *static, *EXCLUDE_PATHS])
    conf = handbook_config.get(config)
    data = [conf.tags_file, f"{conf.posts_dir}/{authors.FILE_NAME}", authors.FILE_NAME, conf.diagrams_dir]
    suffixes = (*config.source_suffix, *app.registry.source_suffix)
    found = files.scan(app.srcdir, suffixes, excluded, also=[*static, *data])
    patterns = []
    for refused in found.refused:
        patterns.append(files.glob_escaped(refused.path))
        for folder in static:  # Sphinx copies these folders' files, matching their paths inside them
            if refused.path.startswith(folder.rstrip("/") + "/"):
                patterns.append(files.glob_escaped(posixpath.relpath(refused.path, folder)))
    config["exclude_patterns"] = [*own, *patterns]
    _SCANS[config] = found
    return found


def warn_refused(app: Sphinx, env: BuildEnvironment, *args: object) -> list[str]:
    """``env-get-outdated``: the files that are not read and the clashing names, once each build."""
    for problem in rules.file_problems(scan_of(app.config)):
        warn_problem(problem, location=compat.file_location(app.srcdir, problem.path))
    return []


def register(app: Sphinx) -> None:
    # after the options are checked (100) and Sphinx's own handlers (800) made source_suffix whole
    app.connect("config-inited", on_config_inited, priority=900)
    app.connect("env-get-outdated", warn_refused)
