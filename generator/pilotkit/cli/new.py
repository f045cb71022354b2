"""`pilotkit new DEST`: arguments and output."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pilotkit import interrupts

if TYPE_CHECKING:
    from pilotkit.commands.new import Prepared


def register(sub: Any) -> None:
    parser = sub.add_parser(
        "new",
        help="create a pilot repository from the template",
        description=(
            "Create a pilot repository at DEST: interview you on a terminal (questions "
            "answered by --answers or --data are not asked), render the template with "
            "copier, then `git init` and make the first commit. Works offline from the "
            "template embedded in pilotkit."
        ),
    )
    parser.add_argument("dest", type=Path, metavar="DEST", help="where to create the pilot")
    parser.add_argument(
        "--defaults",
        action="store_true",
        help="no interview: every question not answered otherwise takes its default",
    )
    parser.add_argument(
        "--answers", type=Path, metavar="FILE", help="answers in a YAML file (question: answer)"
    )
    parser.add_argument(
        "--ask-all",
        action="store_true",
        help="interview: also ask, in their turn, the questions otherwise left at their "
        "default (success and stop criteria, estimate date, Atlassian URL)",
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
    from pilotkit.commands.new import create, prepare_new
    from pilotkit.errors import ExitCode, PilotkitError

    asking = not args.defaults and sys.stdin.isatty()
    if not (args.defaults or asking or args.answers or args.data):
        raise PilotkitError(
            "no terminal to ask the questions on: run `pilotkit new DEST --defaults` "
            "for the worked example, or give --answers FILE and/or --data KEY=VALUE"
        )
    prepared = prepare_new(
        args.dest,
        answers_file=args.answers,
        data=args.data,
        template_src=args.template,
        vcs_ref=args.vcs_ref,
    )
    secret = frozenset[str]()
    if asking:
        interviewed = _interview(args, prepared)
        if interviewed is None:
            print("Nothing written: you declined. Run `pilotkit new` again to start over.")
            return int(ExitCode.OK)
        prepared, secret = interviewed
    try:
        result = create(prepared, use_git=not args.no_git)
    except PilotkitError as err:
        if not asking:
            raise
        raise _kept(err, args, prepared.given.values, secret) from None
    interrupts.settled()  # the pilot is in place: say so, whatever signal comes now
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


def _kept(
    err: Exception, args: argparse.Namespace, answers: Mapping[str, Any], secret: frozenset[str]
) -> Exception:
    """ERR, saying where the interview's answers were kept so that nobody types them again."""
    from pilotkit.errors import PilotkitError
    from pilotkit.template.answers import keep

    draft = keep({k: v for k, v in answers.items() if k not in secret})
    kept = PilotkitError(
        f"{err}; your answers are kept in {draft}: correct them there, then run "
        f"`pilotkit new {args.dest} --answers {draft}`"
    )
    kept.exit_code = getattr(err, "exit_code", kept.exit_code)
    return kept


def _interview(
    args: argparse.Namespace, prepared: Prepared
) -> tuple[Prepared, frozenset[str]] | None:
    """Ask what --answers and --data leave open: the `new` with the answers (None when
    declined), and the names of secret questions, whose answers are never written
    anywhere but the render.

    The template's questions are read at the version that will be rendered, and the
    `new` is pinned to that version so the render checks the same questions.
    """
    from pilotkit import interview
    from pilotkit.errors import AnswerError
    from pilotkit.interview.suggest import checkout as work_tree
    from pilotkit.interview.suggest import from_git
    from pilotkit.template.checkout import checkout
    from pilotkit.template.questionnaire import Questionnaire

    given = prepared.given
    with checkout(prepared.src, prepared.ref) as files:
        questions = Questionnaire(files.root, files.ref)
        given.refuse_unknown({question.name for question in questions.questions})
        try:
            answers = interview.run(
                questions,
                given.values,
                dest=prepared.dest,
                ask_all=args.ask_all,
                local=from_git(Path.cwd()),
                checkout=work_tree(Path.cwd()),
            )
        except AnswerError as err:
            raise given.explain(err) from None
    if answers is None:
        return None
    secret = frozenset(q.name for q in questions.questions if q.secret)
    return prepared.answered(answers, files.ref), secret
