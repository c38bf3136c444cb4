"""A document that is gone leaves nothing behind in the output.

Sphinx's incremental build forgets a deleted document but keeps what it wrote for it:
its page, the copy of its source (``_sources/``), its images and drawn diagrams. A post
removed for legal reasons would stay online with the next upload. The outputs of each
removed document are listed before Sphinx forgets it (``env-get-outdated``) and
removed once reading is done (an image another page still shows stays).

After a change to conf.py, Sphinx also keeps the old build information next to the new
(``.buildinfo.bak``): a clean build has no such file, so it goes too.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .. import capabilities, runs


def note_removed(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """``env-get-outdated``: what each removed document left in the output."""
    builder = app.builder
    if not removed or not hasattr(builder, "get_outfilename"):
        return []
    files: set[Path] = set()
    images: set[str] = set()
    for docname in sorted(removed):
        files.add(Path(builder.get_outfilename(docname)))
        # Its source copy: the document is gone, so which suffix it had is not known any more.
        link_suffix = app.config.html_sourcelink_suffix
        for source_suffix in app.config.source_suffix:
            name = docname + source_suffix + ("" if source_suffix == link_suffix else link_suffix)
            files.add(Path(builder.outdir, "_sources", name))
        images |= set(env.get_domain("handbook").data["diagrams"].get(docname, ()))
    for docs, unique in env.images.values():
        if docs and docs <= set(removed):
            images.add(unique)
    run = runs.of(env)
    run.gone_files, run.gone_images = files, images
    return []


def remove_outputs(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: remove them; images only when no page read since shows them."""
    run = runs.of(env)
    files, images = run.gone_files, run.gone_images
    still_shown = {unique for _docs, unique in env.images.values()}
    still_shown |= {name for names in env.get_domain("handbook").data["diagrams"].values() for name in names}
    imagedir = Path(app.builder.outdir, getattr(app.builder, "imagedir", "_images"))
    for path in sorted(files) + [imagedir / name for name in sorted(images - still_shown)]:
        path.unlink(missing_ok=True)
    if capabilities.of(app.builder).html:
        Path(app.builder.outdir, ".buildinfo.bak").unlink(missing_ok=True)


def register(app: Sphinx) -> None:
    app.connect("env-get-outdated", note_removed)
    app.connect("env-updated", remove_outputs)
