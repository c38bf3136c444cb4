"""``./dev serve``: the live preview, with the build kept in memory between saves.

sphinx-autobuild starts a new ``sphinx-build`` for every save, and each one loads the
saved environment from disk again: at 10,000 posts that alone took most of the 11-14 s
from saving a post to seeing it. This keeps one Sphinx application and calls its
``build()`` again with what changed, so a body edit costs the reading of that post and
the writing of the pages it touches.

The rest is sphinx-autobuild's (pinned in requirements/serve.txt): its file filter,
the script it puts in every served page to reload it, and Starlette's static files.
Builds run one at a time, in one thread, and are never stopped half-way: saves that
come during a build are taken by the next one. A build that fails throws the
application away; the next save starts a new one from what is on disk.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, asynccontextmanager
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from .. import compat, speedups
from ..book import sources
from ..core.report import summary_text

# Folders that never hold pages (node_modules alone has 30,000 files); a write under a
# watched folder would make the preview rebuild forever.
IGNORED = r"/(_build|diagrams|node_modules|\.tox|\.venv|\.git|__pycache__)(/|$)"
# A change to these needs a new application (conf.py is read once per application).
RESTART = ("conf.py",)
# The environment is written to disk (for the next start) once no file changed for so
# many seconds, and when the preview stops: at 10,000 posts writing it takes 2 s, which
# a save right after a build would otherwise wait for.
SAVE_WHEN_IDLE = 5.0


class Preview:
    """One Sphinx application, built again on every change."""

    def __init__(self, project: Path, outdir: Path, doctreedir: Path, overrides: dict[str, str]) -> None:
        self.project, self.outdir, self.doctreedir, self.overrides = project, outdir, doctreedir, overrides
        self.app = None
        self.assets: tuple[list, ...] = ()
        self.namespace = ExitStack()
        # Called (from the build's thread) once the pages of the changed posts are written:
        # the browser reloads then, while the tag pages, index and search are finished.
        self.on_pages_written: Callable[[], None] = lambda: None

    def _new_app(self):
        # As sphinx-build does: what the application registers with docutils (directives,
        # roles, nodes) is undone when it is thrown away, so the next one starts clean.
        self.namespace.close()
        self.namespace.enter_context(patch_docutils(self.project))
        self.namespace.enter_context(docutils_namespace())
        app = Sphinx(self.project, self.project, self.outdir, self.doctreedir, "html",
                     confoverrides=dict(self.overrides), status=None, warning=sys.stderr, freshenv=False)
        # html-collect-pages opens the build's last part: the documents' pages are written.
        app.connect("html-collect-pages", self._pages_written, priority=1)
        return app

    def _pages_written(self, app) -> list:
        self.on_pages_written()
        return []

    def build(self, changed: list[Path] = ()) -> bool:
        """Build what changed; True when the build went through."""
        if any(path.parent == self.project and path.name in RESTART for path in changed):
            self.app = None
        started = time.perf_counter()
        try:
            if self.app is None:
                self.app = self._new_app()
                self.assets = compat.assets(self.app)
            compat.restore_assets(self.app, self.assets)
            sources.refresh(self.app)  # a link or FIFO saved since the last build is kept out too
            with speedups.environment_pickled_after(self.app.config):
                self.app.build()
        except Exception:  # noqa: BLE001 - shown, and the next save starts afresh
            traceback.print_exc()
            print("serve: the build failed (above); the next save builds again from the files on disk",
                  file=sys.stderr, flush=True)
            self.app = None
            return False
        finally:
            speedups.after_build_in_memory()
        print(f"serve: built in {time.perf_counter() - started:.1f} s", flush=True)
        _summary(self.outdir)
        return True

    def save(self) -> None:
        """Write the environment the last build kept in memory (for the next start)."""
        speedups.write_environment_now()

    def close(self) -> None:
        """The application thrown away: what it registered with docutils is undone."""
        self.app = None
        self.namespace.close()


def _summary(outdir: Path) -> None:
    report = outdir / "report.json"
    if report.is_file():
        print(summary_text(json.loads(report.read_text(encoding="utf-8")), outdir), flush=True)


class Watcher:
    """Watches the project, builds on change, tells the open pages to reload."""

    def __init__(self, preview: Preview, ignore) -> None:
        self.preview, self.ignore = preview, ignore
        self.announced = False  # this build's reload was sent when its pages were written
        self.builds = ThreadPoolExecutor(max_workers=1)  # Sphinx is not thread-safe: one thread
        self.generation = 0  # builds done: every open page reloads once per build
        self.built = asyncio.Condition()
        self.stop = asyncio.Event()
        self.saving: asyncio.Task | None = None

    @asynccontextmanager
    async def lifespan(self, _app):
        task = asyncio.create_task(self.watch())
        yield
        self.stop.set()
        task.cancel()
        # Stopped (Ctrl+C): the last build's environment is written before the preview ends.
        await asyncio.get_running_loop().run_in_executor(self.builds, self.preview.save)

    async def save_when_idle(self) -> None:
        await asyncio.sleep(SAVE_WHEN_IDLE)
        await asyncio.get_running_loop().run_in_executor(self.builds, self.preview.save)

    async def watch(self) -> None:
        import watchfiles

        loop = asyncio.get_running_loop()

        def pages_written() -> None:  # in the build's thread
            self.announced = True
            asyncio.run_coroutine_threadsafe(self.reload_pages(), loop)

        self.preview.on_pages_written = pages_written
        async for changes in watchfiles.awatch(self.preview.project, stop_event=self.stop,
                                               watch_filter=lambda _, path: not self.ignore(path)):
            if self.saving is not None:
                self.saving.cancel()  # a build comes first; the save waits for the next quiet spell
            changed = sorted({Path(path) for _, path in changes})
            shown = ", ".join(str(p.relative_to(self.preview.project)) for p in changed[:5])
            print(f"serve: changed {shown}", flush=True)
            self.announced = False
            await loop.run_in_executor(self.builds, self.preview.build, changed)
            if not self.announced:  # a build that failed, or wrote no page
                await self.reload_pages()
            self.saving = asyncio.create_task(self.save_when_idle())

    async def reload_pages(self) -> None:
        async with self.built:
            self.generation += 1
            self.built.notify_all()

    async def __call__(self, scope, receive, send) -> None:
        from starlette.websockets import WebSocket

        socket = WebSocket(scope, receive, send)
        await socket.accept()

        async def reload() -> None:
            seen = self.generation
            while True:
                async with self.built:
                    await self.built.wait_for(lambda seen=seen: self.generation > seen)
                    seen = self.generation
                await socket.send_text("refresh")

        async def closed() -> None:
            async for _ in socket.iter_text():
                pass

        tasks = [asyncio.create_task(reload()), asyncio.create_task(closed())]
        _, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()


def main(project: Path, host: str, port: int, outdir: Path, doctreedir: Path, overrides: dict[str, str]) -> int:
    import logging

    import uvicorn
    from sphinx.application import ENV_PICKLE_FILENAME
    from sphinx_autobuild.filter import IgnoreFilter
    from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import Mount, WebSocketRoute
    from starlette.staticfiles import StaticFiles

    logging.getLogger("watchfiles").setLevel(logging.WARNING)  # not "1 change detected" on every save
    project, outdir, doctreedir = project.resolve(), (project / outdir).resolve(), (project / doctreedir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    preview = Preview(project, outdir, doctreedir, overrides)
    saved = doctreedir / ENV_PICKLE_FILENAME
    if not saved.is_file() or saved.stat().st_size == 0:  # none yet, or a preview was killed
        # The very first build reads every post: in a separate sphinx-build on every core
        # (-j auto), which the application below then carries on from.
        print("serve: the first build of the preview reads every post, on every core", flush=True)
        subprocess.run([sys.executable, "-m", "sphinx", "-q", "-j", "auto", "-b", "html", "-d", str(doctreedir),
                        *(f"-D{name}={value}" for name, value in overrides.items()), str(project), str(outdir)],
                       cwd=project)
    print("serve: building the preview", flush=True)
    preview.build()
    preview.save()
    watcher = Watcher(preview, IgnoreFilter([outdir, doctreedir], [IGNORED]))
    app = Starlette(routes=[WebSocketRoute("/websocket-reload", watcher),
                            Mount("/", app=StaticFiles(directory=outdir, html=True))],
                    middleware=[Middleware(JavascriptInjectorMiddleware, ws_url=f"{host}:{port}")],
                    lifespan=watcher.lifespan)
    print(f"serve: the preview is on http://{host}:{port}/ (Ctrl+C stops it)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
    return 0


def port_from_environment() -> int:
    return int(os.environ.get("HANDBOOK_PORT", "8000"))
