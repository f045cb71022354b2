"""`pilotkit workshop …`: arguments of every sub-command, the call each makes, its output."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from pilotkit.cli import comma_separated
from pilotkit.errors import ExitCode


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "workshop",
        help="exercise repositories with planted problems, hints, scores from commits",
        description=(
            "Hand out one pilot repository per participant with planted problems, give "
            "hints, and score everyone from what they committed."
        ),
    )
    template = argparse.ArgumentParser(add_help=False)
    template.add_argument("--template", metavar="SRC", help="default: the embedded template")
    template.add_argument("--vcs-ref", metavar="REF", help="template version (git ref)")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", parents=[template], help="the exercises").set_defaults(run=_list)
    new = actions.add_parser("new", parents=[template], help="generate a kit")
    new.add_argument("kit_dir", type=Path, metavar="KIT_DIR")
    new.add_argument("--exercises", action="append", default=[], metavar="ID,…")
    new.add_argument("--agenda", choices=("2h", "half-day"))
    new.add_argument("--participants", type=int, metavar="N", help="default 1")
    new.add_argument("--roster", type=Path, metavar="FILE", help="one participant name a line")
    new.add_argument(
        "--hand-out",
        choices=("each", "one", "none"),
        default="each",
        help="bundles: one per participant (default), one for the room, or none",
    )
    new.set_defaults(run=_new)
    check = actions.add_parser("check", help="what is still wrong; the next hint")
    check.add_argument("repo", type=Path, nargs="?", default=Path(), metavar="REPO")
    check.add_argument("--exercise", metavar="ID", help="default: the checked-out exercise")
    check.add_argument("--hint", action="store_true", help="take the next hint (recorded)")
    check.set_defaults(run=_check)
    reset = actions.add_parser("reset", help="an exercise back to its planted start")
    reset.add_argument("repo", type=Path, nargs="?", default=Path(), metavar="REPO")
    reset.add_argument("--exercise", metavar="ID", required=True)
    reset.set_defaults(run=_reset)
    verify = actions.add_parser("verify", help="the score table, from committed state")
    verify.add_argument(
        "paths",
        type=Path,
        nargs="*",
        metavar="KIT_DIR|REPO",
        help="a kit (every participant), or participants' repositories; default: here",
    )
    verify.add_argument("--bundles", type=Path, metavar="DIR", help="bundles handed back")
    verify.add_argument("--kit", type=Path, metavar="DIR", help="default: found above")
    verify.add_argument("--format", choices=("text", "md", "csv", "json"), default="text")
    verify.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, metavar="N", help="default: CPU count"
    )
    verify.set_defaults(run=_verify)
    selftest = actions.add_parser("selftest", parents=[template], help="prove every exercise")
    selftest.set_defaults(run=_selftest)


def _list(args: argparse.Namespace) -> int:
    from pilotkit.commands.workshop.listing import listing

    for item in listing(args.template, args.vcs_ref):
        print(f"{item.id:<20} {item.minutes:>3} min  {item.step}: {item.title}")
    return int(ExitCode.OK)


def _new(args: argparse.Namespace) -> int:
    from pilotkit.commands.workshop.new import new_kit

    kit = new_kit(
        args.kit_dir,
        exercise_ids=comma_separated(args.exercises),
        agenda=args.agenda,
        participants=args.participants,
        roster=args.roster,
        template=args.template,
        vcs_ref=args.vcs_ref,
        hand_out=args.hand_out,
    )
    print(
        f"Created kit {kit.path}: {len(kit.participants)} participants, "
        f"{len(kit.exercises)} exercises, {kit.minutes} minutes."
    )
    bundles = {"each": " (or bundles/<name>.bundle)", "one": " (or bundles/kit.bundle)"}
    print(f"Next: hand out participants/<name>/{bundles.get(args.hand_out, '')} and HANDOUT.md.")
    return int(ExitCode.OK)


def _check(args: argparse.Namespace) -> int:
    from pilotkit.commands.workshop.check import workshop_check

    progress = workshop_check(args.repo, args.exercise, hint=args.hint)
    for item in progress.remaining:
        print(f"{item.path}:{item.line or 1}: {item.message}")
    for line in progress.unmet:
        print(f"not yet: {line}")
    title = progress.exercise.title
    left = len(progress.remaining) + len(progress.unmet)
    if left:
        print(f"{left} {'problem' if left == 1 else 'problems'} left in {title!r}.")
    else:
        print(f"Nothing left to fix in {title!r}: commit it, then move on.")
    if progress.hint is not None:
        print(f"Hint {progress.hint_level}: {progress.hint}")
    elif args.hint:
        print("No more hints for this exercise.")
    return int(ExitCode.PROBLEMS if left else ExitCode.OK)


def _reset(args: argparse.Namespace) -> int:
    from pilotkit.commands.workshop.reset import reset

    sha = reset(args.repo, args.exercise)
    print(f"Reset exercise {args.exercise} to its start in commit {sha}.")
    return int(ExitCode.OK)


def _verify(args: argparse.Namespace) -> int:
    from pilotkit.commands.workshop.verify import verify
    from pilotkit.workshop.table import render

    table = verify(args.paths, args.bundles, args.kit, args.jobs)
    sys.stdout.write(render(table, args.format))
    return int(ExitCode.OK)


def _selftest(args: argparse.Namespace) -> int:
    from pilotkit.commands.workshop.selftest import selftest

    proofs = selftest(args.template, args.vcs_ref)
    for proof in proofs:
        print(f"{proof.id}: {'ok' if proof.ok else 'FAILED'}")
        for problem in proof.problems:
            print(f"  {problem}")
    failed = sum(1 for proof in proofs if not proof.ok)
    print(f"{len(proofs) - failed} of {len(proofs)} exercises pass their selftest.")
    return int(ExitCode.PROBLEMS if failed else ExitCode.OK)
