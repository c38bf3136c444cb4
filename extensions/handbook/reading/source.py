"""A post's source text before MyST reads it (``source-read``).

The post is read once (``core/post.py``: front matter into the model, other engines'
syntax into MyST); what MyST gets is the converted text without JSX component tags.
The reader (``reader.py``) takes the post as read from here, through the run.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from .. import config as handbook_config
from .. import runs
from ..core.post import prepare, without_jsx_tags


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    if not handbook_config.is_post(app.config, docname):
        return
    path = app.env.doc2path(docname)
    post = prepare(source[0], docname, handbook_config.get(app.config), app.env.srcdir, path.suffix)
    for side_file in post.depends:  # a changed authors file, .meta.yml, SUMMARY.md... reads the post again
        app.env.note_dependency(str(side_file))
    runs.of(app.env).prepared[docname] = post  # for the reader, in the same process
    if app.config.source_suffix.get(path.suffix, "markdown") == "markdown":  # a .rst post keeps its text
        source[0] = without_jsx_tags(post.text)


def register(app: Sphinx) -> None:
    app.connect("source-read", on_source_read)
