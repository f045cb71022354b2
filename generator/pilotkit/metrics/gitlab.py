"""Merged merge requests from a GitLab export, for delivery metrics without a clone.

Make the export with `glab mr list --merged --output json > mrs.json`, or take the list
the API returns (`GET /projects/:id/merge_requests?state=merged`): both hold GitLab's
merge request objects, in snake case. Read here: `iid`, `title` and `merged_at`
(required), `created_at`, `source_branch`, `description`, and the commits
`merge_commit_sha`, `squash_commit_sha` and `sha` (the source branch's head).

The list has no commits of each merge request, so a lead time runs from `created_at`
(when the merge request was opened) to the merge, not from its first commit. A merge
request is named `!N` (`#N` is an issue on GitLab); a later one counts against it when
its title is `Revert "<title>"`, its description says `This reverts merge request !N` or
`This reverts commit <sha>` of one of its commits, or its title or branch says fix and
names its task, `!N` or a hash.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from pilotkit.metrics.delivery import Change, Commit, parse_time
from pilotkit.metrics.usage.attribution import task_in_text


def merge_request(item: Any, task_ids: Collection[str]) -> tuple[Change, list[Commit]] | None:
    """One merge request: the change, and the merge request as one commit that may revert
    or fix earlier ones; None when it was not merged."""
    if not isinstance(item, dict):
        raise TypeError("not an object")
    if not item.get("merged_at"):
        return None
    number, title = int(item["iid"]), str(item["title"])
    merged = parse_time(str(item["merged_at"]))
    branch = str(item.get("source_branch") or "")
    body = str(item.get("description") or "")
    opened = parse_time(str(item["created_at"])) if item.get("created_at") else None
    keys = ("merge_commit_sha", "squash_commit_sha", "sha")
    shas = tuple(str(item[key]) for key in keys if item.get(key))
    change = Change(
        id=f"!{number}",
        title=title,
        task=task_in_text(branch, task_ids) or task_in_text(title, task_ids),
        merged_at=merged,
        first_commit_at=opened,
        pr=number,
        shas=shas,
        sigil="!",
    )
    whole = Commit(
        sha=shas[0] if shas else f"mr-{number}",
        parents=(),
        authored=merged,
        committed=merged,
        subject=title,
        body="\n".join([branch, body]),
        branch=branch,
    )
    return change, [whole]
