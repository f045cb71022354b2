"""`pilotkit tasks …`: arguments of every sub-command, and the call each one makes."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any

from pilotkit.cli import (
    add_fetch_options,
    add_pilot_option,
    add_push_options,
    fetch_option,
    push_option,
    pushed_line,
)

STATUSES = ("todo", "claimed", "in-review", "done", "blocked")


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "tasks",
        help="list, plan and move tasks; the board; briefs for sub-agents",
        description=(
            "Work with the pilot's task files: see what can run now, move tasks through "
            "their states (todo, claimed, in-review, done, blocked), rebuild BOARD.md, "
            "and print the brief that hands a task to a sub-agent."
        ),
    )
    common = argparse.ArgumentParser(add_help=False)
    add_pilot_option(common)
    pushing = argparse.ArgumentParser(add_help=False)
    add_push_options(pushing)
    fetching = argparse.ArgumentParser(add_help=False)
    add_fetch_options(fetching)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(
        name: str, help: str, run: Any, *, extra: argparse.ArgumentParser | None = None
    ) -> argparse.ArgumentParser:
        parents = [common] if extra is None else [common, extra]
        child: argparse.ArgumentParser = actions.add_parser(
            name, help=help, description=help[0].upper() + help[1:] + ".", parents=parents
        )
        child.set_defaults(run=run)
        return child

    def task_id(child: argparse.ArgumentParser) -> None:
        child.add_argument("task", metavar="ID", help="the task id, e.g. T04")

    listing = action("list", "every task with status, assignee and wave", _list, extra=fetching)
    listing.add_argument(
        "--status", action="append", choices=STATUSES, default=[], help="only these; repeatable"
    )
    listing.add_argument("--assignee", metavar="NAME", help="only the tasks NAME holds")
    listing.add_argument("--format", choices=("text", "json"), default="text", help="text or JSON")

    graph = action("graph", "waves, critical path and max useful parallelism", _graph)
    graph.add_argument(
        "--format",
        choices=("text", "mermaid", "json", "dot"),
        default="text",
        help="text, a Mermaid flowchart, JSON or Graphviz DOT",
    )

    ready = action("next", "tasks ready to start, best first", _next, extra=fetching)
    ready.add_argument("--format", choices=("text", "json"), default="text", help="text or JSON")

    claim = action("claim", "take a todo task whose dependencies are done", _claim, extra=pushing)
    task_id(claim)
    claim.add_argument("--as", dest="name", required=True, metavar="NAME", help="who takes it")
    claim.add_argument("--branch", metavar="BRANCH", help="default: task/<task file name>")

    for name, text in (
        ("review", "mark a claimed task in review (its pull request is open)"),
        ("done", "mark a task in review done (its pull request is merged)"),
    ):
        task_id(action(name, text, _move, extra=pushing))

    block = action("block", "mark a task blocked, with the reason", _move, extra=pushing)
    task_id(block)
    block.add_argument("--reason", required=True, metavar="TEXT", help="what blocks it")

    release = action(
        "release",
        "give a claimed or blocked task back: todo, nobody holds it",
        _move,
        extra=pushing,
    )
    task_id(release)

    action("board", "rebuild BOARD.md from the task files", _board, extra=pushing)

    brief = action("brief", "print the prompt that hands a task to a sub-agent", _brief)
    task_id(brief)
    brief.add_argument(
        "--format", choices=("markdown", "json"), default="markdown", help="Markdown or JSON"
    )

    from pilotkit.cli import tasks_trackers

    tasks_trackers.register(action)

    add = action(
        "add", "add a task file with the next id (asks on a terminal)", _add, extra=pushing
    )
    add.add_argument("--title", metavar="TEXT", help="the task's title; without it, pilotkit asks")
    add.add_argument(
        "--depends-on", action="append", default=[], metavar="ID", help="repeatable, or A,B"
    )
    add.add_argument(
        "--requirement", action="append", default=[], metavar="RID", help="repeatable, or R1,R2"
    )
    add.add_argument("--file", action="append", default=[], metavar="GLOB", help="repeatable")
    add.add_argument("--hours", type=float, metavar="N", help="hand estimate in hours")
    add.add_argument("--context", default="", metavar="TEXT", help="why the task exists")
    add.add_argument("--criterion", action="append", default=[], metavar="TEXT", help="repeatable")
    add.add_argument(
        "--hand",
        action="store_true",
        help="a control task: you build it by hand, to measure the estimate's bias (mode: hand)",
    )


def _list(args: argparse.Namespace) -> int:
    from pilotkit.cli import tasks_output
    from pilotkit.commands.tasks.query import list_tasks

    result = list_tasks(
        args.pilot, statuses=args.status, assignee=args.assignee, fetch=fetch_option(args)
    )
    tasks_output.warn_findings(result.findings)
    if result.source and args.format != "json":
        print(f"As on {result.source}:")
    if args.format == "json":
        _json({"version": 1, "tasks": [asdict(row) for row in result.rows]})
    else:
        tasks_output.table(result.rows)
    return 0


def _next(args: argparse.Namespace) -> int:
    from pilotkit.cli import tasks_output
    from pilotkit.commands.tasks.query import next_tasks

    result = next_tasks(args.pilot, fetch=fetch_option(args))
    tasks_output.warn_findings(result.findings)
    if args.format == "json":
        _json({"version": 1, "tasks": [asdict(row) for row in result.rows]})
    else:
        if result.source:
            print(f"As on {result.source}:")
        tasks_output.ready(result.rows, push=result.source is not None)
    return 0


def _graph(args: argparse.Namespace) -> int:
    from pilotkit.cli import tasks_output
    from pilotkit.commands.tasks.query import task_graph
    from pilotkit.pilot import diagrams

    plan = task_graph(args.pilot)
    tasks_output.warn_findings(plan.pilot.findings)
    if args.format == "json":
        sys.stdout.write(diagrams.to_json(plan))
    elif args.format == "mermaid":
        sys.stdout.write(diagrams.mermaid(plan))
    elif args.format == "dot":
        sys.stdout.write(diagrams.dot(plan))
    else:
        tasks_output.graph(plan)
    return 0


def _claim(args: argparse.Namespace) -> int:
    from pilotkit.commands.tasks.move import claim_task

    push = push_option(args)
    moved = claim_task(args.pilot, args.task, name=args.name, branch=args.branch, push=push)
    print(f"{moved.id} claimed by {moved.assignee}, branch {moved.branch}.")
    if moved.pushed:
        print(pushed_line(moved.pushed))
        print(f"Next: `pilotkit tasks brief {moved.id}` prints the brief to work from.")
    else:
        print(f"Next: commit {moved.path} alone and push it;")
        print(f"`pilotkit tasks brief {moved.id}` prints the brief to work from.")
    return 0


def _move(args: argparse.Namespace) -> int:
    from pilotkit.commands.tasks import move

    push = push_option(args)
    if args.action == "block":
        moved = move.block_task(args.pilot, args.task, reason=args.reason, push=push)
    else:
        function = {"review": move.review_task, "done": move.done_task}
        moved = function.get(args.action, move.release_task)(args.pilot, args.task, push=push)
    print(f"{moved.id}: {moved.before} → {moved.after} ({moved.path}).")
    if moved.pushed:
        print(pushed_line(moved.pushed))
    if moved.after == "done" and moved.pushed:
        print("Next: `pilotkit tasks next --fetch` shows what it unblocked; `tasks board --push`.")
    elif moved.after == "done":
        print("Next: `pilotkit tasks next` shows what it unblocked; rebuild the board.")
    return 0


def _board(args: argparse.Namespace) -> int:
    from pilotkit.cli import tasks_output
    from pilotkit.commands.tasks.board import write_board

    result = write_board(args.pilot, push=push_option(args))
    tasks_output.warn_findings(result.findings)
    verb = "Wrote" if result.changed else "Unchanged:"
    print(f"{verb} {result.path} ({result.tasks} tasks).")
    if result.pushed:
        print(pushed_line(result.pushed))
    return 0


def _brief(args: argparse.Namespace) -> int:
    from pilotkit.commands.tasks.brief import task_brief

    brief = task_brief(args.pilot, args.task)
    if args.format == "json":
        _json(brief.as_dict())
    else:
        sys.stdout.write(brief.markdown())
    return 0


def _add(args: argparse.Namespace) -> int:
    from pilotkit.cli import tasks_output
    from pilotkit.commands.tasks.add import add_task

    new = tasks_output.new_task(args)
    added = add_task(args.pilot, new, push=push_option(args))
    print(f"Created {added.path} ({added.id}).")
    if added.hours_in:
        print(f"Its hours are in {added.hours_in}.")
    if added.findings:
        print("Before an agent takes it, `pilotkit check` says:")
        for item in added.findings:
            print(f"  {item.location()}: {item.rule} {item.severity}: {item.message}")
    if added.pushed:
        print(pushed_line(added.pushed))
        print("Review it and run `pilotkit check`; fix anything by pull request.")
    else:
        print("Review it, run `pilotkit check`, and commit it.")
    return 0


def _json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
