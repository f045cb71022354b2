"""The `reviewers` answer: the GitHub users and teams who own specs and guidelines.

The answer is one line of `@user` and `@org/team` names, separated by spaces or commas,
as a `CODEOWNERS` line lists them. copier.yml's validator refuses other answers when a
pilot is made; this module says the same at `check`, with the same pattern (a test keeps
the two in step).
"""

from __future__ import annotations

import re

ANSWER = "reviewers"
CODEOWNERS = ".github/CODEOWNERS"
# A GitHub user name (letters, digits, single inner hyphens, at most 39 characters) or an
# organisation and a team slug. copier.yml's validator uses this very pattern.
PATTERN = r"^@[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}(?:/[A-Za-z0-9][A-Za-z0-9_-]*)?$"
EXAMPLE = "@dana-lee @example-org/pilot-leads"
_NAME = re.compile(PATTERN)


def names(answer: str) -> list[str]:
    """The names in ANSWER, in order."""
    return answer.replace(",", " ").split()


def problem(answer: object) -> str | None:
    """Why ANSWER is not a list of `@user` / `@org/team` names, or None when it is one."""
    if not isinstance(answer, str):
        return f"{ANSWER} is not text; give names such as `{EXAMPLE}`"
    wrong = [name for name in names(answer) if not _NAME.match(name)]
    if wrong:
        return (
            f"{ANSWER}: {', '.join(f'`{name}`' for name in wrong)} "
            f"{'is' if len(wrong) == 1 else 'are'} not a GitHub @user or @org/team"
        )
    return None
