"""`pilotkit template init DEST` and `pilotkit template check [SRC]`: arguments and output."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pilotkit import interrupts

if TYPE_CHECKING:
    from pilotkit.commands.template.check import CombinationResult, TemplateCheckReport


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "template",
        help="start and test your organisation's own template",
        description="Start your organisation's own template (init) and test it (check).",
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    init = actions.add_parser(
        "init",
        help="start a template repository from pilotkit's own template",
        description=(
            "Create a git repository at DEST with copier.yml and template/ from the template "
            "embedded in pilotkit, a README on how to change, test and release it, and a "
            "first commit tagged as its first version."
        ),
    )
    init.add_argument("dest", type=Path, metavar="DEST", help="where to create the template")
    init.add_argument("--tag", default="v1.0.0", metavar="TAG", help="first version tag")
    init.set_defaults(run=run_init)
    check = actions.add_parser(
        "check",
        help="render a template over a matrix of answers and check every pilot",
        description=(
            "Render template SRC (default: the current directory, with its uncommitted "
            "changes) over a matrix of answers: every agent alone and all together, every "
            "catalog MCP server, custom servers, the worked example, unicode names, a single "
            "task. Check every pilot it makes; exit 1 if a combination fails."
        ),
    )
    check.add_argument("src", nargs="?", default=".", metavar="SRC", help="template to check")
    check.add_argument("--vcs-ref", metavar="REF", help="template version (tag, branch, commit)")
    check.add_argument("--jobs", type=int, default=1, metavar="N", help="renders at once")
    check.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="TEXT",
        help="only the combinations whose name contains TEXT; repeatable",
    )
    check.add_argument("--format", choices=("text", "json"), default="text", help="output")
    check.add_argument(
        "--no-workshop",
        action="store_true",
        help="skip the workshop selftest (it runs unless --only is given)",
    )
    check.set_defaults(run=run_check)


def run_init(args: argparse.Namespace) -> int:
    from pilotkit.commands.template.init import template_init

    result = template_init(args.dest, tag=args.tag)
    interrupts.settled()  # the template is in place: say so, whatever signal comes now
    print(f"Created template {result.dest} from pilotkit's template {result.based_on}.")
    if result.commit:
        print(f"First commit {result.commit}, tagged {result.tag}.")
    else:
        print(
            f"Not committed: {result.git_problem}. Set it with `git config --global user.name "
            f"NAME` and `git config --global user.email EMAIL`, then run "
            f"`git -C {result.dest} commit -m 'Start our template' && "
            f"git -C {result.dest} tag {result.tag}`.",
            file=sys.stderr,
        )
    print(f"Next: read {result.dest / 'README.md'}; test changes with `pilotkit template check`.")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from pilotkit.commands.template.check import template_check

    progress = _Progress() if sys.stderr.isatty() and args.format == "text" else None
    report = template_check(
        args.src,
        vcs_ref=args.vcs_ref,
        jobs=args.jobs,
        only=args.only,
        on_done=progress.step if progress else None,
        workshop=not args.no_workshop and not args.only,
    )
    if progress:
        progress.clear()
    if args.format == "json":
        print(json.dumps(as_json(report), indent=2, ensure_ascii=False))
    else:
        print(render_text(report))
    return int(report.exit_code)


def render_text(report: TemplateCheckReport) -> str:
    at = f" at {report.ref}" if report.ref else ""
    count = len(report.results)
    lines = [f"Template {report.src}{at}: {count} combination{'s' * (count != 1)}"]
    if report.note:
        lines.append(f"Note: {report.note}")
    for result in report.results:
        lines.append(f"{'ok  ' if result.passed else 'FAIL'}  {result.name}")
        if result.problem:
            lines.append(f"      {result.problem}")
        for finding in result.findings:
            where = finding.location()
            lines.append(f"      {where}: {finding.severity} {finding.rule} {finding.message}")
    for proof in report.exercises:
        lines.append(f"{'ok  ' if proof.ok else 'FAIL'}  workshop exercise {proof.id}")
        lines += [f"      {problem}" for problem in proof.problems]
    failed = sum(1 for result in report.results if not result.passed)
    failed += sum(1 for proof in report.exercises if not proof.ok)
    passed = len(report.results) + len(report.exercises) - failed
    lines.append(f"{passed} passed, {failed} failed")
    return "\n".join(lines)


def as_json(report: TemplateCheckReport) -> dict[str, Any]:
    return {
        "src": report.src,
        "ref": report.ref,
        "note": report.note,
        "combinations": [
            {
                "name": result.name,
                "passed": result.passed,
                "problem": result.problem,
                "findings": [
                    {
                        "rule": f.rule,
                        "severity": str(f.severity),
                        "path": f.path,
                        "line": f.line,
                        "message": f.message,
                        "hint": f.hint,
                    }
                    for f in result.findings
                ],
            }
            for result in report.results
        ],
        "exercises": [
            {"id": proof.id, "passed": proof.ok, "problems": list(proof.problems)}
            for proof in report.exercises
        ],
        "exit_code": int(report.exit_code),
    }


class _Progress:
    """`[3] agent codex alone: ok` on one rewritten line of a terminal."""

    def __init__(self) -> None:
        self.done = 0

    def step(self, result: CombinationResult) -> None:
        self.done += 1
        verdict = "ok" if result.passed else "FAIL"
        sys.stderr.write(f"\r\033[K[{self.done}] {result.name}: {verdict}")
        sys.stderr.flush()

    def clear(self) -> None:
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()
