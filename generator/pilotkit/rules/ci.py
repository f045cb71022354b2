"""Rules for the pilot's CI and reviews: CI can install pilotkit, and the answers that make
the workflows and CODEOWNERS are what GitHub accepts.

They read only the answers (`.copier-answers.yml`), and only the answers the pilot's
template asks: a pilot made before these answers existed has nothing to flag.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pilotkit.ci import requirement, reviewers
from pilotkit.findings import Finding, finding
from pilotkit.pilot import textfiles
from pilotkit.pilot.load import ANSWERS
from pilotkit.rules.base import ERROR, WARNING, Context, Rule

REVIEWERS_FIX = (
    "run `copier update --defaults --vcs-ref=:current: --data "
    f"reviewers='{reviewers.EXAMPLE}'` in the pilot and commit"
)


def _line(ctx: Context, key: str) -> int | None:
    """The line of KEY in the answers file (copier writes one top-level key per line)."""

    def read() -> str:
        try:
            return textfiles.read_text(ctx.pilot.root / ANSWERS)
        except (OSError, UnicodeDecodeError):
            return ""  # PK-P001 says why

    text = ctx.shared("ci.answers-text", read)
    match = re.search(rf"^{re.escape(key)}:", text, flags=re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _requirement_problem(ctx: Context) -> requirement.Problem | None:
    answers = ctx.pilot.answers
    return (
        requirement.problem(answers[requirement.ANSWER]) if requirement.ANSWER in answers else None
    )


def unreachable(ctx: Context) -> Iterator[Finding]:
    found = _requirement_problem(ctx)
    if found is not None and found.kind != "invalid":
        line = _line(ctx, requirement.ANSWER)
        yield finding("PK-C001", ANSWERS, line, found.message, requirement.FIX, severity=WARNING)


def invalid_requirement(ctx: Context) -> Iterator[Finding]:
    found = _requirement_problem(ctx)
    if found is not None and found.kind == "invalid":
        line = _line(ctx, requirement.ANSWER)
        yield finding("PK-C002", ANSWERS, line, found.message, requirement.FIX)


def invalid_reviewers(ctx: Context) -> Iterator[Finding]:
    if reviewers.ANSWER not in ctx.pilot.answers:
        return
    reason = reviewers.problem(ctx.pilot.answers[reviewers.ANSWER])
    if reason:
        yield finding("PK-C003", ANSWERS, _line(ctx, reviewers.ANSWER), reason, REVIEWERS_FIX)


# A warning: a pilot made from a local clone is still a good pilot on its author's
# machine; its CI is what cannot run, and the install step of the workflow says so too.
RULES = (
    Rule("PK-C001", WARNING, "CI cannot install pilotkit", unreachable),
    Rule(
        "PK-C002",
        ERROR,
        "`pilotkit_requirement` is not a requirement for pilotkit",
        invalid_requirement,
    ),
    Rule(
        "PK-C003",
        ERROR,
        "`reviewers` is not a list of GitHub @user or @org/team names",
        invalid_reviewers,
    ),
)
