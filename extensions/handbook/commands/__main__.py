"""``python -m handbook.commands new|check|serve|summary`` (from the project folder; ``./dev new``, ``./dev check``,
``./dev serve``)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from ..core.report import summary_text
from . import check, new
from . import serve as preview


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./dev", description="The writer's commands.")
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("new", help="write a new post with valid front matter")
    make.add_argument("title")
    make.add_argument("--tags", default="", help='comma-separated, e.g. "qualification, conversion rate"')
    make.add_argument("--image", help="an image file in the project, e.g. media/bant.webp")
    checking = commands.add_parser("check", help="check every post without building (exit status 1 on problems)")
    checking.add_argument("--due", action="store_true",
                          help="list only the posts due for review (exit status 1 when any is)")
    checking.add_argument("--explain", type=Path, action="append", default=[], metavar="POST",
                          help="say how this post was read: its engine's conventions, where each value came from")
    serve = commands.add_parser("serve", help="live preview: rebuilt on every save, the page reloads itself")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=None, help="default: $HANDBOOK_PORT, else 8000")
    serve.add_argument("--outdir", type=Path, default=Path("_build/serve"))
    serve.add_argument("--doctrees", type=Path, default=Path("_build/serve-doctrees"))
    serve.add_argument("-D", dest="overrides", action="append", default=[], metavar="NAME=VALUE",
                       help="a conf.py value for the preview, as sphinx-build -D")
    done = commands.add_parser("summary", help="after a quiet build: its summary, from OUTDIR/report.json")
    done.add_argument("outdir", type=Path)
    parser.add_argument("--project", type=Path, default=Path.cwd(), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.command == "new":
        return new.main(args.project, args.title, args.tags, args.image, dt.date.today())
    if args.command == "summary":
        return summary(args.outdir)
    if args.command == "serve":
        overrides = dict(item.split("=", 1) for item in args.overrides if "=" in item)
        return preview.main(args.project, args.host, args.port or preview.port_from_environment(), args.outdir,
                            args.doctrees, overrides)
    return check.main(args.project, args.explain, due=args.due)


def summary(outdir: Path) -> int:
    report = outdir / "report.json"
    if report.is_file():
        print(summary_text(json.loads(report.read_text(encoding="utf-8")), outdir))
    else:
        print(f"Built: {outdir / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
