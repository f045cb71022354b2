"""`pilotkit portfolio`: arguments and output."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pilotkit.cli.report import day
from pilotkit.errors import ExitCode

FORMATS = ("text", "md", "json", "html")


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "portfolio",
        help="pool many pilots: effort, cost, bias, delivery and lessons, by engineer, agent, "
        "template version and month",
        description=(
            "The lead's view across pilots: pooled figures with their counts and per-pilot "
            "spread, cut by engineer, agent product, template version and month, and the "
            "course corrections by cause and template version. A SOURCE is a pilot, a folder "
            "to search for pilots (3 levels deep) or a `pilotkit report --format json` file."
        ),
    )
    parser.add_argument("sources", nargs="+", type=Path, metavar="SOURCE")
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="text (default), md, json or html"
    )
    parser.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help="write the portfolio to FILE, not standard output",
    )
    parser.add_argument(
        "--since",
        type=day,
        metavar="YYYY-MM-DD",
        help="only pilots still running on or after this day",
    )
    parser.add_argument(
        "--until", type=day, metavar="YYYY-MM-DD", help="only pilots started on or before this day"
    )
    parser.add_argument(
        "--min-pilots",
        type=int,
        default=3,
        metavar="N",
        help="groups of fewer pilots are marked small and not ranked (default 3)",
    )
    parser.add_argument(
        "--lessons-out",
        type=Path,
        metavar="FILE",
        help="also write the lessons as a Markdown draft naming the template files to edit",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pilotkit.cli import error
    from pilotkit.commands.portfolio import portfolio
    from pilotkit.files import Output, write_all

    found = portfolio(args.sources, since=args.since, until=args.until, min_pilots=args.min_pilots)
    text = _render(found, args.format)
    files = []
    if args.output:
        files.append(Output(args.output, text, "--output"))
    if args.lessons_out:
        from pilotkit.portfolio.markdown import draft

        files.append(Output(args.lessons_out, draft(found), "--lessons-out"))
    write_all(files)  # all of them or none
    if not args.output:
        sys.stdout.write(text)
    for written in files:
        print(f"Wrote {written.path}.")
    for line in found.problems:
        error(line)
    for line in found.notes:  # a duplicate counted once is information, not a problem
        print(f"pilotkit: note: {line}", file=sys.stderr)
    return int(ExitCode.PROBLEMS if found.problems else ExitCode.OK)


def _render(found: Any, fmt: str) -> str:
    if fmt == "json":
        from pilotkit.portfolio.json_doc import render as render_json

        return render_json(found)
    if fmt == "md":
        from pilotkit.portfolio.markdown import render as render_md

        return render_md(found)
    if fmt == "html":
        from pilotkit.portfolio.html import render as render_html

        return render_html(found)
    from pilotkit.portfolio.text import render as render_text

    return render_text(found)
