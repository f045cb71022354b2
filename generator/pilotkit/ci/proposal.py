"""A template update proposed as one pull request: `pilotkit update --pull-request`.

The Renovate pattern, for the workflow a pilot runs on a schedule: each pilot repository
updates itself, and a person only merges. The update is committed as by `--commit`,
then pushed to one branch, `pilotkit/template-update`, and the pull request from it is
opened, or refreshed while it is open. The branch belongs to this workflow: each run
rebuilds it from the default branch, so a newer template version replaces the older
one. Once a person pushes a commit there (say, to resolve a conflict), runs leave it
alone until the pull request is merged or closed.

A conflict is committed as it is, markers and all, on that branch only, and listed in
the pull request: the pilot's hooks fail there until a person resolves it, and the
default branch never changes without a merge.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from pilotkit import git
from pilotkit.ci import gh
from pilotkit.errors import PilotkitError
from pilotkit.template import changelog, source
from pilotkit.template.rollout import Outcome, Status, commit_message

BRANCH = "pilotkit/template-update"
REMOTE = "origin"
# Every commit this module pushes starts so (rollout.commit_message); others are a person's.
SUBJECT = "Update the pilot's template from "


@dataclass(frozen=True)
class Start:
    """Where a proposal starts: the repository, its branch (the pull request's base), and
    the commit the remote's update branch had (None: it had none)."""

    top: Path
    base: str
    seen: str | None


def prepare(pilot: Path) -> Start:
    """Check that PILOT can propose an update; PilotkitError saying why not."""
    top = git.top_level(pilot) if pilot.is_dir() else None
    if top is None:
        raise PilotkitError(f"{pilot} is not in a git repository; --pull-request needs one")
    branch = git.run(["symbolic-ref", "--quiet", "--short", "HEAD"], top, check=False)
    base = branch.stdout.strip()
    if branch.returncode != 0 or not base:
        raise PilotkitError("HEAD is detached; check out the default branch, then retry")
    if git.origin_url(top) is None:
        raise PilotkitError(f"the repository has no `{REMOTE}` remote to push {BRANCH} to")
    listed = git.run(["ls-remote", "--heads", REMOTE, f"refs/heads/{BRANCH}"], top).stdout
    seen = listed.split()[0] if listed.strip() else None
    return Start(top, base, seen)


def foreign(start: Start) -> str | None:
    """A commit on the remote's update branch that this workflow did not make, or None."""
    if start.seen is None:
        return None
    git.run(["fetch", "--quiet", REMOTE, f"refs/heads/{BRANCH}"], start.top)
    log = git.run(["log", "--format=%h %s", f"{start.base}..{start.seen}"], start.top).stdout
    others = [line for line in log.splitlines() if not line.split(" ", 1)[-1].startswith(SUBJECT)]
    return others[0] if others else None


def propose(outcome: Outcome, start: Start) -> Outcome:
    """Push OUTCOME's commit (a conflict is committed first) to the update branch and
    open or refresh its pull request; OUTCOME as it is when there is nothing to push."""
    if outcome.status not in (Status.UPDATED, Status.CONFLICTS) or outcome.branch is None:
        return outcome
    if outcome.status is Status.CONFLICTS:
        done = git.commit_all(outcome.path, commit_message(outcome))
        if done.sha is None:
            return replace(outcome, reason=f"not committed: {done.problem}")
        outcome = replace(outcome, commit=done.sha)
    if outcome.commit is None:
        return outcome  # its reason says why it was not committed
    if start.seen is not None and _same_update(start):
        # A closed pull request stays closed: nothing new to say since it was proposed.
        return replace(outcome, reason=f"already proposed: {REMOTE} {BRANCH} holds this update")
    lease = f"--force-with-lease=refs/heads/{BRANCH}:{start.seen or ''}"
    pushed = git.run(
        ["push", "--quiet", "--no-verify", lease, REMOTE, f"HEAD:refs/heads/{BRANCH}"],
        start.top,
        check=False,
    )
    if pushed.returncode != 0:
        return replace(outcome, reason=f"not pushed to {REMOTE}: {git.last_line(pushed.stderr)}")
    return replace(outcome, pull_request=_pull_request(outcome, start))


def _same_update(start: Start) -> bool:
    """Whether the new commit and the remote branch's have the same parent and files."""
    ours = git.run(["rev-parse", "HEAD^", "HEAD^{tree}"], start.top).stdout.split()
    seen = git.run(
        ["rev-parse", f"{start.seen}^", f"{start.seen}^{{tree}}"], start.top, check=False
    )
    return seen.returncode == 0 and seen.stdout.split() == ours


def _pull_request(outcome: Outcome, start: Start) -> str:
    title, body = _title(outcome), _body(outcome)
    listed = gh.run(
        ["pr", "list", "--head", BRANCH, "--state", "open", "--json", "number,url"], start.top
    )
    try:
        found = json.loads(listed or "[]")
        number, url = (str(found[0]["number"]), str(found[0]["url"])) if found else (None, "")
    except (ValueError, LookupError, TypeError):
        raise gh.ForgeError(
            f"gh pr list printed what is not a list of pull requests: {listed[:200]!r}"
        ) from None
    if number is not None:
        gh.run(["pr", "edit", number, "--title", title, "--body-file", "-"], start.top, input=body)
        return f"{url} (refreshed)"
    create = ["pr", "create", "--head", BRANCH, "--base", start.base, "--title", title]
    created = gh.run([*create, "--body-file", "-"], start.top, input=body)
    return f"{created.strip().splitlines()[-1] if created.strip() else BRANCH} (opened)"


def _title(outcome: Outcome) -> str:
    title = f"Update the pilot's template to {source.label(outcome.to_ref or '?')}"
    return f"{title} (conflicts to resolve)" if outcome.conflicts else title


def _body(outcome: Outcome) -> str:
    old, new = source.label(outcome.from_ref or "?"), source.label(outcome.to_ref or "?")
    parts = [
        f"`pilotkit update` merged the pilot's template {old} → {new} into this branch: "
        "the pilot's own edits are kept, and `PILOT.md`, `specs/`, `tasks/` and `metrics/` "
        "are left as they are."
    ]
    if outcome.conflicts:
        listed = "\n".join(f"- `{path}`" for path in outcome.conflicts)
        parts.append(
            "**Conflicts to resolve.** Check out this branch, edit each file between the "
            "`<<<<<<<` and `>>>>>>>` markers, then commit and push; the pilot's checks fail "
            f"until then.\n\n{listed}"
        )
    if outcome.changelog:
        parts.append(
            f"## What changed in the template\n\n{changelog.as_markdown(outcome.changelog)}"
        )
    if outcome.changes:
        listed = "\n".join(f"- {change.kind} `{change.path}`" for change in outcome.changes)
        parts.append(f"## Files\n\n{listed}")
    parts.append(
        "While this pull request is open, each run of `pilotkit update --pull-request` "
        f"rebuilds `{BRANCH}` on the newest template version; once a person pushes a "
        "commit here, the runs leave the branch alone."
    )
    return "\n\n".join(parts) + "\n"
