"""Merged pull requests from an export, for delivery metrics without a clone.

Two exports are read, told apart by their fields:

- GitHub, made with

      gh pr list --state merged --limit 1000 --json \\
        number,title,headRefName,body,createdAt,mergedAt,mergeCommit,commits > prs.json

  `number`, `title` and `mergedAt` are required; `commits` (their `oid` and
  `authoredDate`) give the lead time, `createdAt` stands in without them;
- GitLab, made with `glab mr list --merged --output json > mrs.json` or the API's list of
  merge requests (`GET /projects/:id/merge_requests?state=merged`): see `gitlab`.

A later pull request counts against a change when it reverts it (`Revert "<title>"`, or
`Reverts …#N` in its body, or a commit saying `This reverts commit <sha>` of one of its
commits) or when its title or branch says fix and names the change's task, `#N` or a hash.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path
from typing import Any

from pilotkit.errors import PilotkitError
from pilotkit.metrics import gitlab
from pilotkit.metrics.delivery import Change, Commit, History, parse_time
from pilotkit.metrics.usage.attribution import task_in_text
from pilotkit.pilot import textfiles

SHAPES = (
    "a `gh pr list --json number,title,mergedAt,…` export or a "
    "`glab mr list --merged --output json` one"
)


def read(path: Path, task_ids: Collection[str]) -> History:
    """Merged changes from the export at PATH (GitHub's or GitLab's), with lead times."""
    try:
        data = json.loads(textfiles.read_text(path))
    except FileNotFoundError:
        raise PilotkitError(f"--prs {path}: no such file") from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as err:
        raise PilotkitError(f"--prs {path}: not a JSON export ({err})") from None
    if not isinstance(data, list):
        raise PilotkitError(f"--prs {path}: expected a JSON list, {SHAPES}")
    first = next((item for item in data if isinstance(item, dict)), {})
    if "iid" in first or "merged_at" in first:
        parse, noun, fields = gitlab.merge_request, "merge request", "iid,title,merged_at,…"
    elif "number" in first or "mergedAt" in first or not first:
        parse, noun, fields = pull_request, "pull request", "--json number,title,mergedAt,…"
    else:
        raise PilotkitError(
            f"--prs {path}: the items are neither GitHub's nor GitLab's; give {SHAPES}"
        )
    changes: list[Change] = []
    later: list[Commit] = []
    opened = []
    for index, item in enumerate(data):
        try:
            found = parse(item, task_ids)
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise PilotkitError(
                f"--prs {path}: item {index + 1} is not a merged {noun} ({err}); "
                f"export it with {fields}"
            ) from None
        if found is not None:
            changes.append(found[0])
            later.extend(found[1])
            if found[0].first_commit_at is not None:
                opened.append(found[0].first_commit_at.date())
    return History(
        f"merged {noun}s in {path.name}",
        tuple(changes),
        tuple(later),
        min(opened, default=None),
        f"the first {noun} in {path.name}",
    )


def pull_request(item: Any, task_ids: Collection[str]) -> tuple[Change, list[Commit]] | None:
    """One item of a GitHub export: the change, and the PR as one commit that may revert
    or fix earlier ones; None when it was not merged."""
    if not isinstance(item, dict):
        raise TypeError("not an object")
    if not item.get("mergedAt"):
        return None
    number, title = int(item["number"]), str(item["title"])
    merged = parse_time(str(item["mergedAt"]))
    branch, body = str(item.get("headRefName") or ""), str(item.get("body") or "")
    commits = [c for c in item.get("commits") or [] if isinstance(c, dict)]
    authored = [parse_time(str(c["authoredDate"])) for c in commits if c.get("authoredDate")]
    created = parse_time(str(item["createdAt"])) if item.get("createdAt") else None
    merge_sha = (item.get("mergeCommit") or {}).get("oid")
    shas = tuple(s for s in [merge_sha, *(c.get("oid") for c in commits)] if s)
    change = Change(
        id=f"#{number}",
        title=title,
        task=task_in_text(branch, task_ids) or task_in_text(title, task_ids),
        merged_at=merged,
        first_commit_at=min(authored) if authored else created,
        pr=number,
        shas=tuple(shas),
    )
    # The pull request as a whole, as one "commit" that may revert or fix earlier ones:
    # its title and branch, its body, and the messages of its commits.
    messages = [str(c.get("messageBody") or "") for c in commits]
    whole = Commit(
        sha=str(merge_sha or f"pr-{number}"),
        parents=(),
        authored=merged,
        committed=merged,
        subject=title,
        body="\n".join([branch, body, *messages]),
        branch=branch,
    )
    return change, [whole]
