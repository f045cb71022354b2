"""`pilotkit check [PATH]`: arguments and output (text, JSON or SARIF)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from pilotkit.cli import color, comma_separated


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "check",
        help="lint the pilot: specs, tasks and their graph, MCP configs, guidelines, estimate",
        description=(
            "Load the pilot at PATH (default: the one containing the current directory) "
            "and run every rule; report all findings with file, line and a fix. Exit 0 "
            "when there is no error (warnings allowed), 1 when there is one."
        ),
    )
    parser.add_argument("path", nargs="?", type=Path, default=Path(), metavar="PATH")
    parser.add_argument(
        "--format",
        choices=("text", "json", "sarif"),
        default="text",
        help="output format (default text)",
    )
    parser.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="RULES",
        help="run only these rules: ids or prefixes, comma-separated, repeatable (PK-T,PK-S001)",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="RULES",
        help="skip these rules: ids or prefixes, comma-separated, repeatable",
    )
    parser.add_argument(
        "--min-version",
        metavar="VERSION",
        help="refuse to run under a pilotkit older than VERSION (used by the pilot's hook)",
    )
    parser.add_argument("--list-rules", action="store_true", help="list every rule and exit")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pilotkit.commands.check import check

    if args.list_rules:
        return _list_rules()
    result = check(
        args.path,
        select=comma_separated(args.select),
        ignore=comma_separated(args.ignore),
        min_version=args.min_version,
    )
    if args.format == "text":
        _text(result)
    else:
        from pilotkit.rules import formats

        document = formats.as_json(result) if args.format == "json" else formats.as_sarif(result)
        print(json.dumps(document, indent=2, ensure_ascii=False))
    return int(result.exit_code)


def _list_rules() -> int:
    from pilotkit.rules import RULES

    for rule in RULES:
        print(f"{rule.id}  {rule.severity:<7}  {rule.summary.replace('`', '')}")
    return 0


def _text(result: Any) -> None:
    from pilotkit.metrics.report.text import plural

    for item in result.findings:
        level = color(str(item.severity), "31" if item.severity == "error" else "33")
        print(f"{item.location()}: {item.rule} {level}: {item.message}")
        if item.hint:
            print(f"  fix: {item.hint}")
    counted = ", ".join(
        plural(count, noun)
        for count, noun in (
            (result.tasks, "task"),
            (result.requirements, "requirement"),
            (len(result.rules), "rule"),
        )
    )
    if not result.findings:
        print(color(f"No problems found in {result.root} ({counted}).", "32"))
        return
    errors, warnings = plural(result.errors, "error"), plural(result.warnings, "warning")
    print(f"\n{errors}, {warnings} in {result.root} ({counted}).")
