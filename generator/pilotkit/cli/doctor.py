"""`pilotkit doctor [PATH]`: arguments and output."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "doctor",
        help="check that a pilot is ready for its agents to start",
        description=(
            "Check the pilot at PATH (default: here): every chosen agent's files, its MCP "
            "config, the variables the servers need (names only, never values) and their "
            "launch commands. Prints one line per problem with its fix; exit 1 if any."
        ),
    )
    parser.add_argument(
        "path", type=Path, nargs="?", default=Path(), metavar="PATH", help="the pilot"
    )
    parser.add_argument(
        "--probe",
        action="store_true",
        help="also start each local MCP server and list its tools over MCP",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="how long each probed server may take to answer (default: 30)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pilotkit.cli import color
    from pilotkit.commands.doctor import doctor
    from pilotkit.errors import ExitCode

    report = doctor(args.path, probe=args.probe, timeout=args.timeout)
    agents = ", ".join(report.agents) or "none"
    servers = ", ".join(report.servers) or "none"
    print(f"Pilot {report.root}: agents {agents}; MCP servers {servers}.")
    for check in report.checks:
        if check.ok:
            print(f"{color('  ok', '32')}  {_text(check)}")
        else:
            print(f"{color('FAIL', '31')}  {_text(check)}; fix: {check.fix}")
    if report.ready:
        probed = "" if args.probe else " Add --probe to start each local MCP server."
        print(f"Ready: every check passed.{probed}")
        return int(ExitCode.OK)
    count = len(report.problems)
    print(f"Not ready: {count} problem{'s' if count != 1 else ''}.")
    return int(ExitCode.PROBLEMS)


def _text(check: Any) -> str:
    """The check's message, led by its subject unless the message already names it."""
    if check.message.startswith(check.subject):
        return str(check.message)
    return f"{check.subject}: {check.message}"
