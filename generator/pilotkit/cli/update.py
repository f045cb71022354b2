"""`pilotkit update [PILOT …]`: arguments, progress and the one-line-per-pilot report."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pilotkit import interrupts

if TYPE_CHECKING:
    from pilotkit.commands.update import UpdateReport
    from pilotkit.template.rollout import Outcome


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "update",
        help="update pilots to a newer template version, keeping their local edits",
        description=(
            "Update each PILOT (default: the current directory) to a newer version of its "
            "template with a 3-way merge: local edits are kept, pilot-owned files (PILOT.md, "
            "specs/, tasks/, metrics/) are never touched. Pilots made from pilotkit's own "
            "template update offline from the installed pilotkit."
        ),
    )
    parser.add_argument("pilots", nargs="*", type=Path, metavar="PILOT", help="pilot directories")
    parser.add_argument(
        "--to", metavar="REF", help="template version (default: the newest of each source)"
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="show what would change; write nothing"
    )
    parser.add_argument(
        "--commit",
        action="store_true",
        help="commit each update on a new branch pilotkit/update-<version>",
    )
    parser.add_argument(
        "--pull-request",
        action="store_true",
        help="commit the update, push it to origin's branch pilotkit/template-update and "
        "open or refresh its pull request with gh (one pilot; for a scheduled workflow)",
    )
    parser.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="pilots updated at once (processes)"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pilotkit.commands.update import update

    total = len(dict.fromkeys(args.pilots)) or 1
    progress = _Progress(total) if sys.stderr.isatty() and args.format == "text" else None
    finished: list[Outcome] = []

    def done(outcome: Outcome) -> None:
        finished.append(outcome)
        if progress:
            progress.step(outcome)

    try:
        report = update(
            args.pilots,
            to=args.to,
            dry_run=args.dry_run,
            commit=args.commit,
            jobs=args.jobs,
            on_done=done,
            pull_request=args.pull_request,
        )
    except KeyboardInterrupt as stop:  # Ctrl-C or SIGTERM (a Terminated)
        return _interrupted(stop, finished, total, progress)
    interrupts.settled()  # every pilot is updated or restored: report that, whatever comes
    if progress:
        progress.clear()
    if args.format == "json":
        print(json.dumps(as_json(report), indent=2, ensure_ascii=False))
    else:
        for outcome in report.outcomes:
            print(f"{_shown(outcome.path)}: {line(outcome)}")
            for detail in details(outcome):
                print(f"    {detail}".rstrip())
        print(summary(report))
    return int(report.exit_code)


def _interrupted(
    stop: KeyboardInterrupt, finished: list[Outcome], total: int, progress: _Progress | None
) -> int:
    """Ctrl-C or SIGTERM: say what was done; the pilots being updated were restored."""
    from pilotkit.errors import ExitCode, Terminated

    if progress:
        progress.clear()
    for outcome in finished:
        print(f"{_shown(outcome.path)}: {line(outcome)}")
    word = "terminated" if isinstance(stop, Terminated) else "interrupted"
    print(
        f"pilotkit: {word}; {len(finished)} of {total} pilots done, the others left as they were",
        file=sys.stderr,
    )
    return int(ExitCode.TERMINATED if isinstance(stop, Terminated) else ExitCode.INTERRUPTED)


def line(outcome: Outcome) -> str:
    """The outcome in a few words: `updated 0.1.0 → 0.2.0`, `conflicts in AGENTS.md` …"""
    from pilotkit.template.source import label

    would = "would " if outcome.dry_run else ""
    versions = f"{label(outcome.from_ref or '?')} → {label(outcome.to_ref or '?')}"
    match outcome.status:
        case "updated":
            return f"{would}update {versions}" if would else f"updated {versions}"
        case "current":
            return f"already current ({label(outcome.to_ref or '?')})"
        case "conflicts":
            verb = "would have conflicts in" if would else "conflicts in"
            return f"{verb} {', '.join(outcome.conflicts)} ({versions})"
        case "skipped":
            return f"skipped: {outcome.reason}"
    return f"failed: {outcome.reason}"


def details(outcome: Outcome) -> list[str]:
    """Indented lines under an outcome: the moved source, the branch, a dry run's files."""
    lines = []
    if outcome.moved_from:
        lines.append(f"template source {outcome.moved_from} → {outcome.source}")
    lines += [
        f"{path}: removed by the new version but edited here; kept (delete it if you agree)"
        for path in outcome.kept
    ]
    if outcome.dry_run:
        marks = {"added": "A", "modified": "M", "deleted": "D"}
        lines += [f"{marks[change.kind]} {change.path}" for change in outcome.changes]
    if outcome.branch:
        done = f"committed {outcome.commit}" if outcome.commit else "not committed"
        lines.append(f"on branch {outcome.branch}, {done}")
    if outcome.pull_request:
        from pilotkit.ci.proposal import BRANCH, REMOTE

        lines.append(f"pushed to {REMOTE} {BRANCH}; pull request {outcome.pull_request}")
    if outcome.reason and outcome.status in {"updated", "conflicts"}:
        lines.append(outcome.reason)
    if outcome.changelog:
        from pilotkit.template.changelog import as_text

        lines.append("what changed in the template:")
        lines += [f"  {text}".rstrip() for text in as_text(outcome.changelog).splitlines()]
    return lines


def summary(report: UpdateReport) -> str:
    from pilotkit.template.rollout import Status

    words = {
        Status.UPDATED: "would update" if report.dry_run else "updated",
        Status.CURRENT: "already current",
        Status.CONFLICTS: "with conflicts",
        Status.SKIPPED: "skipped",
        Status.FAILED: "failed",
    }
    parts = [f"{report.count(status)} {word}" for status, word in words.items()]
    total = len(report.outcomes)
    text = f"{total} pilot{'s' * (total != 1)}: " + ", ".join(
        part for part in parts if not part.startswith("0 ")
    )
    if report.count(Status.CONFLICTS) and not report.dry_run:
        text += (
            "\nConflicts: edit the files between the <<<<<<< and >>>>>>> markers, "
            "`git add` them, then commit."
        )
    return text + ("; dry run, nothing was written" if report.dry_run else "")


def as_json(report: UpdateReport) -> dict[str, Any]:
    from pilotkit.template.rollout import Status

    pilots = [
        {
            "path": str(outcome.path),
            "status": str(outcome.status),
            "from": outcome.from_ref,
            "to": outcome.to_ref,
            "changes": [{"path": c.path, "change": c.kind} for c in outcome.changes],
            "conflicts": list(outcome.conflicts),
            "kept": list(outcome.kept),
            "reason": outcome.reason,
            "source": outcome.source,
            "moved_from": outcome.moved_from,
            "branch": outcome.branch,
            "commit": outcome.commit,
            "pull_request": outcome.pull_request,
            "diff": outcome.diff,
            "changelog": [{"version": e.version, "text": e.text} for e in outcome.changelog],
        }
        for outcome in report.outcomes
    ]
    counts = {str(status): report.count(status) for status in Status}
    return {
        "dry_run": report.dry_run,
        "pilots": pilots,
        "summary": counts,
        "exit_code": int(report.exit_code),
    }


def _shown(path: Path) -> str:
    """PATH relative to the current directory when it is below it."""
    try:
        return path.relative_to(Path.cwd()).as_posix() or "."
    except ValueError:
        return str(path)


class _Progress:
    """`[3/20] pilots/a: updated 0.1.0 → 0.2.0` on one rewritten line of a terminal."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0

    def step(self, outcome: Outcome) -> None:
        self.done += 1
        text = f"[{self.done}/{self.total}] {_shown(outcome.path)}: {line(outcome)}"
        width = os.get_terminal_size(sys.stderr.fileno()).columns - 1
        sys.stderr.write("\r\033[K" + text[:width])
        sys.stderr.flush()

    def clear(self) -> None:
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()
