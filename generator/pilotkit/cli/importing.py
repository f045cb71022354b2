"""`pilotkit import FORMAT SRC [DEST | --into PILOT]`: arguments and the summary."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pilotkit import interrupts

if TYPE_CHECKING:
    from pilotkit.commands.importing import Imported

FORMATS = ("speckit", "kiro", "openspec")
_SHOWN = 8  # mappings listed by name before "…"


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "import",
        help="import a spec-kit, Kiro or OpenSpec feature into a new or existing pilot",
        description=(
            "Read the feature of the spec project at SRC (requirements, design notes, tasks "
            "and their order) and write it as a pilot: a new one at DEST, rendered like "
            "`pilotkit new` with the answers given (never asked), or new tasks and "
            "requirements in the existing pilot named by --into. All or nothing; prints "
            "what mapped where and what did not map."
        ),
    )
    parser.add_argument(
        "format", choices=FORMATS, metavar="FORMAT", help="speckit, kiro or openspec"
    )
    parser.add_argument("src", type=Path, metavar="SRC", help="the project (or its feature folder)")
    parser.add_argument(
        "dest", type=Path, nargs="?", metavar="DEST", help="where to create the pilot"
    )
    parser.add_argument(
        "--into", type=Path, metavar="PILOT", help="add to this existing pilot instead"
    )
    parser.add_argument(
        "--feature",
        "--change",
        dest="feature",
        metavar="NAME",
        help="which feature, when SRC has several: a spec-kit feature folder, a Kiro spec, "
        "an OpenSpec change",
    )
    parser.add_argument(
        "--answers", type=Path, metavar="FILE", help="answers in a YAML file (new pilot)"
    )
    parser.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="answer one question (new pilot); repeatable; wins over --answers",
    )
    parser.add_argument("--template", metavar="SRC", help="another template (new pilot)")
    parser.add_argument("--vcs-ref", metavar="REF", help="template version (new pilot)")
    parser.add_argument("--no-git", action="store_true", help="do not create a git repository")
    parser.add_argument("--dry-run", action="store_true", help="print the summary; write nothing")
    parser.add_argument(
        "--format",
        dest="output",
        choices=("text", "json"),
        default="text",
        help="the summary as text or JSON",
    )
    parser.intermixed = True  # DEST may come after --feature and the other options
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pilotkit.commands.importing import import_project, summary_facts
    from pilotkit.errors import PilotkitError

    if args.into is not None and (args.dest or args.answers or args.data or args.template):
        raise PilotkitError(
            "--into adds to an existing pilot: drop DEST, --answers, --data and --template"
        )
    result = import_project(
        args.format,
        args.src,
        dest=args.dest,
        into=args.into,
        feature=args.feature,
        answers_file=args.answers,
        data=args.data,
        template_src=args.template,
        vcs_ref=args.vcs_ref,
        use_git=not args.no_git,
        dry_run=args.dry_run,
    )
    interrupts.settled()
    if args.output == "json":
        sys.stdout.write(
            json.dumps({"version": 1, **summary_facts(result)}, indent=2, ensure_ascii=False) + "\n"
        )
    else:
        _summary(result)
    return 0


def _summary(result: Imported) -> None:
    source, mapped = result.source, result.mapped
    where = f"a new pilot at {result.pilot}" if result.new_pilot else f"the pilot at {result.pilot}"
    verb = "Imported" if result.written else "Would import (dry run, nothing written)"
    print(f"{verb} {source.label} feature {source.feature} from {source.root} into {where}.")
    if result.commit:
        print(f"First commit {result.commit} on branch main.")
    elif result.git_problem:
        print(f"Not committed: {result.git_problem}; the files are staged.", file=sys.stderr)
    reqs = [(r.source.key, r.id) for r in mapped.requirements]
    if reqs:
        print(f"Requirements: {len(reqs)} {_span([rid for _, rid in reqs])}{_pairs(reqs)}")
    else:
        print("Requirements: none in the format's form (the other sections are design notes).")
    tasks = [(t.source.key, t.id) for t in mapped.tasks]
    done = sum(1 for t in mapped.tasks if t.source.done)
    print(
        f"Tasks: {len(tasks)} {_span([tid for _, tid in tasks])} in {result.waves} waves"
        + (f"; {done} done (checked in the source)" if done else "")
        + _pairs(tasks)
    )
    print(f"Dependencies: {source.ordering}.")
    if source.design:
        titles = ", ".join(part.title for part in source.design)
        print(f"Design notes → specs/design.md: {titles}.")
    for note in _gaps(result):
        print(note)
    if source.unmapped:
        print(f"Not mapped, left in the source ({len(source.unmapped)}):")
        for item in source.unmapped:
            line = f":{item.origin.line}" if item.origin.line else ""
            print(f"  {source.root / item.origin.path}{line}: {item.what}: {item.why}")
    if result.defaults:
        print(
            "Left at the template's defaults (no source gives them): "
            f"{', '.join(result.defaults)}; give them with --data KEY=VALUE or --answers FILE."
        )
    if result.written:
        print("Next: fill in the hours in metrics/estimate.yaml, run `pilotkit check`, and commit.")


def _gaps(result: Imported) -> list[str]:
    notes = []
    bare = [r for r in result.mapped.requirements if not r.source.criteria]
    if bare:
        ids = ", ".join(f"{r.id} ({r.source.key})" for r in bare[:_SHOWN])
        more = ", …" if len(bare) > _SHOWN else ""
        notes.append(
            f"Without acceptance criteria in the source ({len(bare)}): {ids}{more}; "
            "write them in specs/requirements.md."
        )
    uncovered = {r.id for r in result.mapped.requirements} - {
        rid for task in result.mapped.tasks for rid in task.requirements
    }
    if uncovered and result.mapped.tasks:
        notes.append(
            f"Covered by no imported task ({len(uncovered)}): "
            f"{', '.join(sorted(uncovered, key=lambda r: int(r[1:]))[:_SHOWN])}"
            f"{', …' if len(uncovered) > _SHOWN else ''}; add them to the tasks' `requirements`."
        )
    nofiles = [t.id for t in result.mapped.tasks if not t.source.files]
    if nofiles:
        more = ", …" if len(nofiles) > _SHOWN else ""
        notes.append(
            f"Naming no file ({len(nofiles)}): {', '.join(nofiles[:_SHOWN])}{more}; "
            "give their `files`."
        )
    return notes


def _span(ids: list[str]) -> str:
    if not ids:
        return ""
    return f"({ids[0]})" if len(ids) == 1 else f"({ids[0]}–{ids[-1]})"


def _pairs(pairs: list[tuple[str, str]]) -> str:
    if not pairs:
        return "."
    if all(key == pid for key, pid in pairs):
        return ", with the source's ids."
    shown = ", ".join(f"{key} → {pid}" for key, pid in pairs[:_SHOWN])
    return f": {shown}, …" if len(pairs) > _SHOWN else f": {shown}."
