"""`pilotkit log session|correction`: arguments and output."""

from __future__ import annotations

import argparse
from typing import Any

from pilotkit.cli import add_pilot_option


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "log",
        help="append a work session or a course correction to the journal",
        description=(
            "Append an entry to metrics/journal.yaml, keeping its comments and layout: "
            "`log session` for time you spent on the pilot, `log correction` when an "
            "agent went wrong and you steered it back."
        ),
    )
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    session = kinds.add_parser(
        "session",
        help="engineer time on a task (or on the pilot as a whole)",
        description="Log time you spent on the pilot: specs, supervision, review, fixes.",
    )
    session.add_argument("--task", metavar="ID", help="the task (omit for pilot-wide work)")
    session.add_argument("--agent", metavar="NAME", help="the agent you supervised, e.g. claude-1")
    session.add_argument("--note", metavar="TEXT", help="one line on what you did")
    correction = kinds.add_parser(
        "correction",
        help="an agent went wrong and had to be steered back",
        description="Log a course correction: which task, which agent, what went wrong.",
    )
    correction.add_argument("--task", metavar="ID", required=True, help="the task")
    correction.add_argument("--agent", metavar="NAME", required=True, help="the agent corrected")
    correction.add_argument(
        "--what", metavar="TEXT", required=True, help="what went wrong and how it was corrected"
    )
    correction.add_argument(
        "--cause",
        metavar="CAUSE",
        help="why it was needed: spec-gap, scope, ignored-guideline, tool-failure, "
        "failing-tests, rabbit-hole or other",
    )
    for kind in (session, correction):
        kind.add_argument(
            "--minutes",
            required=True,
            metavar="DURATION",
            help="engineer time it took: 45, 45m, 1h30m or 1.5h",
        )
        kind.add_argument("--date", metavar="YYYY-MM-DD", help="the day (default: today)")
        add_pilot_option(kind)
        kind.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pilotkit.commands.log import log

    result = log(
        args.pilot,
        kind=args.kind,
        task=args.task,
        minutes=args.minutes,
        agent=args.agent,
        text=args.note if args.kind == "session" else args.what,
        when=args.date,
        cause=getattr(args, "cause", None),
    )
    entry = result.entry
    what = f"{entry.minutes}-minute session" if entry.kind == "session" else "course correction"
    where = f"on {entry.task}" if entry.task else "for the pilot as a whole"
    agent = f" with {entry.agent}" if entry.agent else ""
    print(f"Logged a {what} {where}{agent} on {entry.date} ({result.path}:{entry.line}).")
    label = entry.task or "Pilot-wide work"
    print(
        f"{label} so far: {_hours(result.task_minutes)} in {result.task_sessions} session(s), "
        f"{result.task_corrections} course correction(s)."
    )
    return 0


def _hours(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return f"{hours}h {rest:02d}m" if hours else f"{rest}m"
