"""`pilotkit tasks export` and `pilotkit tasks sync`: arguments and output."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pilotkit.cli import error

TARGETS = ("github", "jira-csv", "json")


def register(action: Callable[[str, str, Any], argparse.ArgumentParser]) -> None:
    """Add `export` and `sync` to `pilotkit tasks` (ACTION makes one sub-command)."""
    export = action("export", "tasks as GitHub issues, a Jira CSV or JSON, for trackers", _export)
    export.add_argument("ids", nargs="*", metavar="ID", help="only these tasks")
    export.add_argument("--to", required=True, choices=TARGETS, help="github, jira-csv or json")
    export.add_argument(
        "--ready", action="store_true", help="only the tasks that can start now (`tasks next`)"
    )
    export.add_argument(
        "--output",
        type=Path,
        metavar="FILE",
        help="write to FILE (github: the script, and its JSON beside it); default: print",
    )
    export.add_argument(
        "--run",
        dest="create",  # `run` is the attribute the command line dispatches on
        action="store_true",
        help="github: create the issues with gh and record them",
    )
    export.add_argument("--assignee", metavar="LOGIN", help="assign every issue to LOGIN")
    export.add_argument(
        "--repo", metavar="OWNER/REPO", help="github: the repository (default: the pilot's)"
    )
    sync = action("sync", "move tasks as a tracker's export says (gh or Jira JSON)", _sync)
    sync.add_argument(
        "--from", dest="source", required=True, type=Path, metavar="FILE", help="the export"
    )


def _export(args: argparse.Namespace) -> int:
    from pilotkit.commands.tasks.export import export_tasks

    result = export_tasks(
        args.pilot,
        to=args.to,
        ids=args.ids,
        ready=args.ready,
        output=args.output,
        run=args.create,
        assignee=args.assignee,
        repo=args.repo,
    )
    # The file is what was asked for: stdout carries it alone unless it went to a file.
    say = print if result.written or args.create else _to_stderr
    for task, issue in result.skipped:
        say(f"{task}: already exported as {issue}; not exported again.")
    if not result.tasks:
        say("Nothing to export: no selected task is left without an issue.")
        return 0
    if result.created:
        for made in result.created:
            print(f"{made.task_id}: created #{made.number} {made.url}")
        print(f"Recorded {len(result.created)} issues in the task files; commit them.")
    elif not result.written:
        sys.stdout.write(result.text)
    for path in result.written:
        say(f"Wrote {path}.")
    if args.to == "github" and result.written and not args.create:
        say(f"Review it, then run it: bash {result.written[0]}")
    return 0


def _sync(args: argparse.Namespace) -> int:
    from pilotkit.commands.tasks.sync import sync_tasks

    result = sync_tasks(args.pilot, args.source)
    for task, issue in result.recorded:
        print(f"{task}: recorded {issue}.")
    for moved in result.moved:
        print(f"{moved.task}: {' → '.join(moved.states)} ({moved.issue}).")
    for note in result.notes:
        print(note)
    if result.unmatched:
        one = result.unmatched == 1
        print(
            f"{result.unmatched} {'issue' if one else 'issues'} in {args.source} "
            f"{'names' if one else 'name'} no task of this pilot."
        )
    if not (result.moved or result.recorded or result.refused):
        print("Nothing to move: the task files already say what the tracker says.")
    for line in result.refused:
        error(line)
    if result.moved or result.recorded:
        print("Commit the task files; rebuild the board with `pilotkit tasks board`.")
    return 1 if result.refused else 0


def _to_stderr(message: str) -> None:
    print(message, file=sys.stderr)
