"""The target repository's git history, read for delivery metrics (through `git.run`)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from pathlib import Path

from pilotkit import git
from pilotkit.errors import PilotkitError
from pilotkit.metrics.delivery import Commit, History, changes_from_git, parse_time

_FORMAT = "%H%x1f%P%x1f%at%x1f%ct%x1f%s%x1f%b%x1e"


def main_branch(repo: Path, given: str | None) -> str:
    """GIVEN, or the first of `main`, `master` that exists, or the checked-out branch."""
    candidates = [given] if given else ["main", "master", "HEAD"]
    for name in candidates:
        proc = git.run(
            ["rev-parse", "--verify", "--quiet", f"{name}^{{commit}}"], repo, check=False
        )
        if proc.returncode == 0:
            return name
    if given:
        raise PilotkitError(f"--main {given}: no such branch in {repo}")
    raise PilotkitError(f"{repo} has no commits; give --repo a clone of the target repository")


def read(
    repo: Path,
    task_ids: Collection[str],
    *,
    branch: str | None,
    since: date | None,
    shown: str | None = None,
) -> History:
    """Merged changes on the main branch of REPO from SINCE on, with their later commits.

    The source names the repository as SHOWN (default: its directory name), never by the
    absolute path it was read from.
    """
    if not git.is_work_tree(repo):
        raise PilotkitError(f"{repo} is not a git repository; give --repo a clone of the target")
    main = main_branch(repo, branch)
    after = [f"--since={since.isoformat()}"] if since else []
    first_parent = commits(repo, ["--first-parent", main, *after])
    merges = {
        c.sha: commits(repo, [f"{c.parents[0]}..{c.parents[1]}"])
        for c in first_parent
        if len(c.parents) >= 2
    }
    changes = changes_from_git(first_parent, merges, task_ids)
    roots = commits(repo, ["--max-parents=0", main])
    first = min((c.committed.date() for c in roots), default=None)
    return History(
        f"merges on {main} in {shown or repo.name}",
        tuple(changes),
        tuple(commits(repo, [main, *after])),
        first,
    )


def commits(repo: Path, args: list[str]) -> list[Commit]:
    output = git.run(["log", f"--format={_FORMAT}", *args], repo).stdout
    found = []
    for record in output.split("\x1e"):
        record = record.strip("\n")
        if not record:
            continue
        sha, parents, authored, committed, subject, body = record.split("\x1f", 5)
        found.append(
            Commit(
                sha=sha,
                parents=tuple(parents.split()),
                authored=parse_time(authored),
                committed=parse_time(committed),
                subject=subject,
                body=body.strip(),
            )
        )
    return found
