"""`pilotkit new DEST`: arguments and output."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "new",
        help="create a pilot repository from the template",
        description=(
            "Create a pilot repository at DEST: render the template with copier, then "
            "`git init` and make the first commit. Works offline from the template "
            "embedded in pilotkit."
        ),
    )
    parser.add_argument("dest", type=Path, metavar="DEST", help="where to create the pilot")
    parser.add_argument(
        "--defaults",
        action="store_true",
        help="answer every question with its default (the worked example)",
    )
    parser.add_argument(
        "--answers", type=Path, metavar="FILE", help="answers in a YAML file (question: answer)"
    )
    parser.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="answer one question; repeatable; wins over --answers",
    )
    parser.add_argument(
        "--template", metavar="SRC", help="another template: a path, git URL or git bundle"
    )
    parser.add_argument("--vcs-ref", metavar="REF", help="template version (tag, branch or commit)")
    parser.add_argument("--no-git", action="store_true", help="do not create a git repository")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from pilotkit.commands.new import new
    from pilotkit.errors import ExitCode, PilotkitError

    if not (args.defaults or args.answers or args.data):
        raise PilotkitError(
            "no answers given: use --defaults for the worked example, "
            "or --answers FILE / --data KEY=VALUE"
        )
    result = new(
        args.dest,
        answers_file=args.answers,
        data=args.data,
        template_src=args.template,
        vcs_ref=args.vcs_ref,
        use_git=not args.no_git,
    )
    version = result.version or "an untagged template"
    print(f"Created pilot {result.pilot_name} in {result.dest} (template {version}).")
    if result.commit:
        print(f"First commit {result.commit} on branch main.")
    elif result.git_problem:
        print(
            f"Not committed: {result.git_problem}. Set it with `git config --global user.name "
            f"NAME` and `git config --global user.email EMAIL`, then run "
            f"`git -C {result.dest} commit -m 'Start pilot'`; the files are staged.",
            file=sys.stderr,
        )
    print(f"Next: cd {result.dest} and read README.md.")
    return int(ExitCode.OK)
