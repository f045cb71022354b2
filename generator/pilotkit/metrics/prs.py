"""Merged pull requests from a GitHub export, for delivery metrics without a clone.

Make the export with:

    gh pr list --state merged --limit 1000 --json \\
      number,title,headRefName,body,createdAt,mergedAt,mergeCommit,commits > prs.json

`number`, `title` and `mergedAt` are required; `commits` (their `oid` and
`authoredDate`) give the lead time, `createdAt` stands in without them. A later pull
request counts against a change when it reverts it (`Revert "<title>"`, or `Reverts
…#N` in its body, or a commit saying `This reverts commit <sha>` of one of its commits)
or when its title or branch says fix and names the change's task, `#N` or a hash.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from pilotkit.errors import PilotkitError
from pilotkit.metrics.delivery import Change, Commit, Delivery, assess, parse_time
from pilotkit.metrics.usage.attribution import task_in_text
from pilotkit.pilot import textfiles


def read(
    path: Path,
    task_ids: Collection[str],
    *,
    since: date | None,
    until: date,
    window_days: int,
) -> Delivery:
    """Merged changes from the export at PATH, with lead times and failures."""
    try:
        data = json.loads(textfiles.read_text(path))
    except FileNotFoundError:
        raise PilotkitError(f"--prs {path}: no such file") from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as err:
        raise PilotkitError(f"--prs {path}: not a JSON export ({err})") from None
    if not isinstance(data, list):
        raise PilotkitError(f"--prs {path}: expected the JSON list `gh pr list --json …` prints")
    changes: list[Change] = []
    later: list[Commit] = []
    for index, item in enumerate(data):
        try:
            pull = _pull(item, task_ids)
        except (KeyError, TypeError, ValueError) as err:
            raise PilotkitError(
                f"--prs {path}: item {index + 1} is not a merged pull request ({err}); "
                "export with --json number,title,mergedAt,…"
            ) from None
        if pull is not None:
            changes.append(pull[0])
            later.extend(pull[1])
    horizon = until + timedelta(days=window_days)
    later = [c for c in later if c.committed.date() <= horizon]
    return assess(
        f"merged pull requests in {path.name}",
        changes,
        later,
        since=since,
        until=until,
        window_days=window_days,
    )


def _pull(item: Any, task_ids: Collection[str]) -> tuple[Change, list[Commit]] | None:
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
