"""`pilotkit backlog …`: arguments of every sub-command, the call each makes, its output."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pilotkit.cli import add_pilot_option, comma_separated

INPUT_FORMATS = ("jira-csv", "jira-json", "github-json", "gitlab-csv", "linear-csv", "markdown")


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "backlog",
        help="score exported tickets for readiness; find a pilot; turn a ticket into a task",
        description=(
            "Read tracker exports (Jira CSV or JSON, gh issue JSON, GitLab or Linear CSV, "
            "Markdown), score each ticket's readiness against your reference tickets, "
            "offline and explainably; find epics that fit a pilot; turn a ready ticket "
            "into a task file."
        ),
    )
    reading = argparse.ArgumentParser(add_help=False)
    reading.add_argument(
        "--reference", action="append", default=[], metavar="KEY", help="repeatable, or A,B"
    )
    reading.add_argument(
        "--reference-file", type=Path, metavar="FILE", help="an export holding reference tickets"
    )
    reading.add_argument(
        "--negative", action="append", default=[], metavar="KEY", help="known-poor tickets"
    )
    reading.add_argument(
        "--input-format", choices=INPUT_FORMATS, metavar="FORMAT", help="default: detected"
    )
    reading.add_argument("--config", type=Path, metavar="FILE", help="default: " + _CONFIG)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    score = actions.add_parser(
        "score", help="rank tickets by readiness, worst first", parents=[reading]
    )
    score.add_argument("exports", nargs="+", type=Path, metavar="EXPORT", help=_EXPORT)
    score.add_argument("--type", action="append", default=[], metavar="TYPE", help="only these")
    score.add_argument("--status", action="append", default=[], metavar="STATUS", help="only these")
    score.add_argument(
        "--format", choices=("text", "md", "json", "csv"), default="text", help="default: text"
    )
    score.add_argument("--output", type=Path, metavar="FILE", help="write the report there")
    score.add_argument("--fail-under", type=int, metavar="N", help="exit 1 if any scores below N")
    score.add_argument("--best-first", action="store_true", help="rank the best first")
    score.set_defaults(run=_score)

    explain = actions.add_parser(
        "explain", help="every signal of one ticket with its evidence", parents=[reading]
    )
    explain.add_argument("key", metavar="KEY")
    explain.add_argument(
        "--from", dest="exports", nargs="+", type=Path, required=True, metavar="EXPORT"
    )
    explain.add_argument("--format", choices=("text", "json"), default="text")
    explain.set_defaults(run=_explain)

    candidates = actions.add_parser(
        "candidates", help="epics (milestones, parents) that fit a pilot", parents=[reading]
    )
    candidates.add_argument("exports", nargs="+", type=Path, metavar="EXPORT", help=_EXPORT)
    candidates.add_argument("--format", choices=("text", "json"), default="text")
    candidates.add_argument(
        "--template", metavar="SRC", help="judge with this template's checks (default: built in)"
    )
    candidates.set_defaults(run=_candidates)

    to_task = actions.add_parser(
        "to-task", help="write a ready ticket as the pilot's next task", parents=[reading]
    )
    add_pilot_option(to_task)
    to_task.add_argument("key", metavar="KEY")
    to_task.add_argument(
        "--from", dest="exports", nargs="+", type=Path, required=True, metavar="EXPORT"
    )
    to_task.add_argument("--file", action="append", default=[], metavar="GLOB")
    to_task.add_argument("--hours", type=float, metavar="N", help="hand estimate in hours")
    to_task.add_argument("--depends-on", action="append", default=[], metavar="ID")
    to_task.add_argument("--requirement", action="append", default=[], metavar="RID")
    to_task.add_argument(
        "--as-requirement", action="store_true", help="also add it to specs/requirements.md"
    )
    to_task.add_argument("--force", action="store_true", help="write it even if not ready")
    to_task.set_defaults(run=_to_task)


_CONFIG = ".pilotkit-backlog.yaml here"
_EXPORT = "an export file, or a folder of Markdown tickets"


def _exports(args: argparse.Namespace) -> Any:
    from pilotkit.backlog.ranking import Exports

    return Exports(
        paths=tuple(args.exports),
        references=comma_separated(args.reference),
        reference_file=args.reference_file,
        negatives=comma_separated(args.negative),
        input_format=args.input_format,
        config=args.config,
    )


def _score(args: argparse.Namespace) -> int:
    from pilotkit.backlog import render
    from pilotkit.commands.backlog.score import backlog_score
    from pilotkit.errors import PilotkitError

    if args.fail_under is not None and not 0 <= args.fail_under <= 100:
        raise PilotkitError(f"--fail-under {args.fail_under}: give a score from 0 to 100")
    result = backlog_score(
        _exports(args), types=args.type, statuses=args.status, best_first=args.best_first
    )
    ranked, calibration = result.ranked, result.scores.calibration
    split = result.scores.separation
    writers = {
        "json": lambda: render.as_json(ranked, calibration, split),
        "md": lambda: render.as_markdown(ranked, calibration, split),
        "csv": lambda: render.as_csv(ranked),
        "text": lambda: render.as_text(ranked, calibration, split),
    }
    _emit(writers[args.format](), args.output)
    if args.fail_under is not None:
        below = result.below(args.fail_under)
        if below:
            keys = ", ".join(s.ticket.key for s in below[:10])
            more = " …" if len(below) > 10 else ""
            print(
                f"pilotkit: {len(below)} ticket(s) score below {args.fail_under}: {keys}{more}",
                file=sys.stderr,
            )
            return 1
    return 0


def _explain(args: argparse.Namespace) -> int:
    from pilotkit.backlog import render
    from pilotkit.backlog.scoring import DEFAULT_BAND
    from pilotkit.cli import backlog_output
    from pilotkit.commands.backlog.explain import backlog_explain

    explained = backlog_explain(args.key, _exports(args))
    if args.format == "json":
        import json

        data = {"version": render.VERSION, **render.ticket_dict(explained.scored)}
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        band = explained.calibration.max_estimate or DEFAULT_BAND
        backlog_output.explain(explained.scored, band)
    return 0


def _candidates(args: argparse.Namespace) -> int:
    from pilotkit.cli import backlog_output
    from pilotkit.commands.backlog.candidates import backlog_candidates

    found = backlog_candidates(_exports(args), args.template)
    backlog_output.candidates(found, as_json=args.format == "json")
    return 0


def _to_task(args: argparse.Namespace) -> int:
    from pilotkit.cli import backlog_output
    from pilotkit.commands.backlog.to_task import ToTask, backlog_to_task

    request = ToTask(
        key=args.key,
        files=tuple(args.file),
        hours=args.hours,
        depends_on=comma_separated(args.depends_on),
        requirements=comma_separated(args.requirement),
        as_requirement=args.as_requirement,
        force=args.force,
    )
    outcome = backlog_to_task(args.pilot, request, _exports(args))
    return backlog_output.converted(outcome)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from pilotkit.files import write_text

    write_text(output, text, flag="--output")
    print(f"Wrote {output}.")
