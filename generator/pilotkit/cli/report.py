"""`pilotkit report`: arguments and output."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from pilotkit.cli import add_pilot_option


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "report",
        help="estimate vs actual, token cost vs budget, PR throughput, change failure rate",
        description=(
            "Measure the pilot: hand estimate against engineer time and token cost over the "
            "done tasks, with a forecast for the rest; the estimate's bias on control tasks; "
            "token spend against the budget; figures per agent; course corrections by cause; "
            "PR throughput, lead time and change failure rate of the target repository "
            "against a baseline before the pilot; and the ROI. Writes "
            "metrics/REPORT.md (or --output), JSON with --format json, and a self-contained "
            "HTML page with charts with --html FILE."
        ),
    )
    add_pilot_option(parser)
    parser.add_argument(
        "--format",
        choices=("markdown", "json"),
        default="markdown",
        help="markdown (default; written to metrics/REPORT.md) or json (printed)",
    )
    parser.add_argument(
        "--output",
        metavar="FILE",
        help="where the report goes; - for standard output (default: metrics/REPORT.md for "
        "markdown, standard output for json)",
    )
    parser.add_argument(
        "--html", type=Path, metavar="FILE", help="also write an HTML page with charts"
    )
    parser.add_argument(
        "--repo",
        type=Path,
        metavar="DIR",
        help="a clone of the target repository (default: the `repository` answer if local)",
    )
    parser.add_argument(
        "--prs",
        type=Path,
        metavar="FILE",
        help="merged pull requests from `gh pr list --state merged --json "
        "number,title,headRefName,body,createdAt,mergedAt,mergeCommit,commits`, or merge "
        "requests from `glab mr list --merged --output json`",
    )
    parser.add_argument(
        "--main", metavar="BRANCH", help="the main branch (default: main or master)"
    )
    parser.add_argument(
        "--since",
        type=day,
        metavar="YYYY-MM-DD",
        help="first day of the delivery window (default: the estimate's date)",
    )
    parser.add_argument(
        "--until", type=day, metavar="YYYY-MM-DD", help="last day of the window (default: today)"
    )
    parser.add_argument(
        "--window",
        type=int,
        default=14,
        metavar="DAYS",
        help="days after a merge in which a revert or fix counts as a failure (default 14)",
    )
    parser.add_argument(
        "--baseline",
        type=int,
        metavar="DAYS",
        help="days before the window to measure as the baseline (default: as many as the "
        "window has; 0 for none)",
    )
    parser.add_argument(
        "--min-done",
        type=int,
        default=3,
        metavar="N",
        help="done tasks below which the headline says it is too early to conclude (default 3)",
    )
    parser.add_argument(
        "--hourly-rate",
        type=float,
        metavar="USD",
        help="the engineer's cost per hour, to put the ROI in money",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pilotkit.commands.report import report
    from pilotkit.files import Output, write_all

    result = report(
        args.pilot,
        repo=args.repo,
        prs_file=args.prs,
        main_branch=args.main,
        since=args.since,
        until=args.until,
        window_days=args.window,
        hourly_rate=args.hourly_rate,
        baseline_days=args.baseline,
        min_done=args.min_done,
    )
    text = _render(result.report, args.format)
    output = args.output or ("metrics/REPORT.md" if args.format == "markdown" else "-")
    files = []
    if output != "-":
        target = Path(output) if args.output else result.root / output
        files.append(Output(target, text, "--output" if args.output else None))
    if args.html:
        from pilotkit.metrics.report.html import render as render_html

        files.append(Output(args.html, render_html(result.report), "--html"))
    write_all(files)  # all of them or, when one is refused, none
    if output == "-":
        sys.stdout.write(text)
    for written in files:
        print(f"Wrote {written.path}.")
    if output != "-":
        _summary(result.report)
    return 0


def _render(report: Any, fmt: str) -> str:
    if fmt == "json":
        from pilotkit.metrics.report.json_doc import render as render_json

        return render_json(report)
    from pilotkit.metrics.report.markdown import render as render_markdown

    return render_markdown(report)


def _summary(report: Any) -> None:
    from pilotkit.metrics.report.text import headline

    print(headline(report).replace("**", ""), end="")


def day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None
