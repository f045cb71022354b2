"""`pilotkit usage import`: arguments and output."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pilotkit.cli import add_pilot_option


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "usage",
        help="import the agents' token usage",
        description="Token usage of the pilot's agents, from their own local logs.",
    )
    actions = parser.add_subparsers(dest="usage_command", metavar="ACTION", required=True)
    imp = actions.add_parser(
        "import",
        help="read Claude Code, Codex, Gemini CLI and opencode logs into metrics/usage/, priced",
        description=(
            "Read the local logs of Claude Code (~/.claude/projects, or CLAUDE_CONFIG_DIR), "
            "Codex (~/.codex/sessions, or CODEX_HOME), Gemini CLI (~/.gemini/tmp, or "
            "GEMINI_CLI_HOME) and opencode (~/.local/share/opencode, or XDG_DATA_HOME) for "
            "sessions that ran in the pilot, in the target repository when it is a local "
            "path, or in a git worktree of either; store token counts per response under "
            "metrics/usage/ and price them. Running it again adds only what is new."
        ),
    )
    add_pilot_option(imp)
    imp.add_argument(
        "--dir",
        dest="dirs",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="another directory the agents worked in (and its worktrees); repeatable",
    )
    imp.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default text)"
    )
    imp.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pilotkit.commands.usage import usage_import

    result = usage_import(args.pilot, dirs=args.dirs)
    if args.format == "json":
        data = asdict(result)
        data["root"] = str(result.root)
        data["dirs"] = [str(d) for d in result.dirs]
        print(json.dumps(data, indent=2))
        return 0
    for tool in result.tools:
        print(_tool_line(tool))
        if tool.corrupt:
            where = ", ".join(tool.corrupt_at) + (
                " …" if tool.corrupt > len(tool.corrupt_at) else ""
            )
            print(f"  skipped {tool.corrupt:,} corrupt line(s): {where}")
    print(
        f"{result.records:,} records in metrics/usage/, priced with the {result.price_label}: "
        f"${result.cost:,.2f}"
    )
    for model, tokens in result.unknown_models.items():
        print(
            f"  unknown model {model}: {tokens:,} tokens priced as unknown; add its rates to "
            "metrics/prices.yaml"
        )
    if result.unattributed:
        count = f"{result.unattributed:,} record" + ("s are" if result.unattributed > 1 else " is")
        print(
            f"  {count} not attributed to a task (no task id in the branch, no single claim "
            "window): counted for the pilot as a whole"
        )
    return 0


def _tool_line(tool: Any) -> str:
    if not tool.files:
        return f"{tool.label}: no sessions found for this pilot"
    change = f"{tool.added:,} new, {tool.changed:,} updated" if tool.written else "nothing new"
    duplicates = f", {tool.duplicates:,} duplicate lines merged" if tool.duplicates else ""
    return (
        f"{tool.label}: {tool.files:,} log files, {tool.lines:,} lines → {tool.found:,} records "
        f"in {tool.sessions:,} sessions ({change}{duplicates}) → {tool.path}"
    )
