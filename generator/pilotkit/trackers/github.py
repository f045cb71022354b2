"""Tasks as GitHub issues: a reviewable script of `gh` calls, its JSON twin, or the calls run.

Labels go first (`gh label create --force` makes or updates each), then one `gh issue
create` per task, its body on stdin. Run by pilotkit (`--run`), each created issue's
number and URL go into its task file at once, so an interrupted export is taken up again
without duplicates: tasks that record an issue are never exported again.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pilotkit.errors import PilotkitError
from pilotkit.trackers import gh
from pilotkit.trackers.drafts import Draft

JSON_VERSION = 1
COLOURS = {"task": "ededed", "wave": "c5def5", "pilot": "5319e7"}


@dataclass(frozen=True)
class Created:
    task_id: str
    number: int
    url: str


def label_kind(label: str) -> str:
    return (
        "wave" if label.startswith("wave-") else "pilot" if label.startswith("pilot-") else "task"
    )


def every_label(drafts: Sequence[Draft]) -> list[str]:
    return list(dict.fromkeys(label for draft in drafts for label in draft.labels))


def create_args(draft: Draft, repo: str | None, assignee: str | None) -> list[str]:
    """The arguments of `gh issue create` for DRAFT (its body comes on stdin)."""
    args = ["issue", "create", *(["--repo", repo] if repo else []), "--title", draft.title]
    for label in draft.labels:
        args += ["--label", label]
    if assignee:
        args += ["--assignee", assignee]
    return [*args, "--body-file", "-"]


def label_args(label: str, repo: str | None, pilot: str) -> list[str]:
    kind = label_kind(label)
    about = {"task": f"a task of the pilot {pilot}", "wave": "the task's wave", "pilot": "a pilot"}
    return [
        "label", "create", label, *(["--repo", repo] if repo else []), "--force",
        "--color", COLOURS[kind], "--description", f"pilotkit: {about[kind]}",
    ]  # fmt: skip


def script(
    drafts: Sequence[Draft],
    *,
    repo: str | None,
    assignee: str | None,
    pilot: str,
    json_name: str | None,
) -> str:
    """A bash script that creates the labels and the issues, for a person to review and run."""
    where = f"--repo {repo}" if repo else "the repository of the folder you run it in"
    ids = ", ".join(draft.task.id for draft in drafts)
    lines = [
        "#!/usr/bin/env bash",
        f"# Issues for the tasks {ids} of the pilot {pilot}, written by `pilotkit tasks export`.",
        "# Review it, then run it with `bash` where gh is logged in (`gh auth login`);",
        f"# it uses {where}.",
        *([f"# The same issues as JSON: {json_name}."] if json_name else []),
        "# Afterwards, record the issue numbers in the task files:",
        f"#   gh issue list {f'--repo {repo} ' if repo else ''}--label pilot-{pilot} \\",
        "#     --state all \\",
        "#     --json number,state,assignees,closedAt,title,labels,url > issues.json",
        "#   (add stateReason where your gh lists it: issues closed as not planned then",
        "#   leave their task as it is; without it every closed issue counts as completed)",
        "#   pilotkit tasks sync --from issues.json",
        "set -euo pipefail",
        "",
        *(shlex.join(["gh", *label_args(label, repo, pilot)]) for label in every_label(drafts)),
    ]
    for draft in drafts:
        marker = f"PILOTKIT_{draft.task.id}_BODY"
        while marker in draft.body.splitlines():
            marker += "_"
        lines += ["", shlex.join(["gh", *create_args(draft, repo, assignee)]) + f" <<'{marker}'"]
        lines += [draft.body.rstrip("\n"), marker]
    return "\n".join(lines) + "\n"


def as_dict(
    drafts: Sequence[Draft],
    *,
    repo: str | None,
    assignee: str | None,
    pilot: str,
    skipped: Sequence[Any],
) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "pilot": pilot,
        "repository": repo,
        "issues": [
            {
                "task": draft.task.id,
                "title": draft.title,
                "body": draft.body,
                "labels": list(draft.labels),
                "assignee": assignee,
                "depends_on": [dep.id for dep in draft.depends_on],
                "path": draft.task.path,
            }
            for draft in drafts
        ],
        "skipped": list(skipped),
    }


def create(
    drafts: Sequence[Draft],
    *,
    repo: str,
    assignee: str | None,
    pilot: str,
    record: Callable[[Created], None],
) -> list[Created]:
    """Create the labels and the issues with gh; RECORD each issue as soon as it exists."""
    for label in every_label(drafts):
        gh.run(label_args(label, repo, pilot))
    made: list[Created] = []
    for draft in drafts:
        try:
            out = gh.run(create_args(draft, repo, assignee), input=draft.body)
        except gh.GhError as err:
            done = ", ".join(f"{c.task_id} (#{c.number})" for c in made)
            kept = f"; {done} were created and recorded" if made else ""
            raise gh.GhError(
                f"{err} (for {draft.task.id}){kept}; run the export again to go on"
            ) from None
        created = _created(draft, out)
        record(created)
        made.append(created)
    return made


def _created(draft: Draft, out: str) -> Created:
    urls = re.findall(r"https?://\S+/issues/(\d+)", out)
    match = re.search(r"(https?://\S+/issues/(\d+))\s*$", out.strip())
    if not urls or match is None:
        raise PilotkitError(
            f"gh issue create for {draft.task.id} printed no issue address ({out.strip()[:80]!r}); "
            "check the repository's issues before you export again"
        )
    return Created(draft.task.id, int(match.group(2)), match.group(1))
