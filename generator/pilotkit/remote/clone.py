"""The local clone around a push: what it was, moving it, committing one change, putting it back.

Every step keeps to what git itself refuses to lose: the clone must have no uncommitted
change to a tracked file before anything starts, it moves with `git reset --keep` (which
never overwrites an untracked file), and only pilotkit's own writes are ever discarded.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pilotkit import git
from pilotkit.remote.target import RemoteError, Target


@dataclass(frozen=True)
class Before:
    """The clone before a command: its commit, and what it had last fetched of the remote."""

    head: str
    tracking: str | None


@dataclass(frozen=True)
class Commit:
    """One change to commit: its files (relative to the pilot) and the message."""

    paths: tuple[str, ...]
    message: str


def record(root: Path, target: Target) -> Before:
    """The clone at ROOT as it is now; refused when it has uncommitted changes."""
    changed = _changed(root)
    if changed:
        shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if changed[3:] else "")
        raise RemoteError(
            f"the clone has uncommitted changes ({shown}): commit them (or stash them), then "
            "retry; nothing was changed, they are as you left them"
        )
    head = rev(root, "HEAD")
    if head is None:
        raise RemoteError(
            f"branch {target.local} has no commit yet: commit the pilot and push it "
            f"(`git push -u {target.remote} {target.local}`), then retry"
        )
    return Before(head, rev(root, target.tracking))


def rev(root: Path, ref: str) -> str | None:
    """The commit REF names in the clone at ROOT, or None when it names none."""
    proc = git.run(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root, check=False)
    value = proc.stdout.strip()
    return value if proc.returncode == 0 and value else None


def contains(root: Path, descendant: str, ancestor: str) -> bool:
    """Whether commit DESCENDANT has ANCESTOR in its history (or is it)."""
    proc = git.run(["merge-base", "--is-ancestor", ancestor, descendant], root, check=False)
    if proc.returncode not in (0, 1):
        raise RemoteError(f"git merge-base failed: {git.last_line(proc.stderr)}")
    return proc.returncode == 0


def count(root: Path, since: str, until: str) -> int:
    """How many commits UNTIL has that SINCE does not."""
    return int(git.run(["rev-list", "--count", f"{since}..{until}"], root).stdout.strip() or 0)


def move_to(root: Path, sha: str, where: str) -> None:
    """Point the current branch, index and files at SHA (WHERE names it for a message)."""
    proc = git.run(["reset", "--quiet", "--keep", sha], root, check=False)
    if proc.returncode != 0:
        raise RemoteError(
            f"could not bring the clone to {where}: {git.last_line(proc.stderr)}; "
            "move the file git names out of the way, then retry"
        )


def commit(root: Path, change: Commit) -> str:
    """Commit CHANGE's files alone (hooks skipped: the move checked them) and return the hash."""
    git.run(["add", "--", *change.paths], root)
    proc = git.run(["commit", "--quiet", "--no-verify", "-m", change.message], root, check=False)
    if proc.returncode != 0:
        output = proc.stderr + proc.stdout
        if "tell me who you are" in output or "empty ident" in output:
            raise RemoteError(
                "git has no user identity to commit with: set it with "
                '`git config user.name "Your Name"` and `git config user.email you@example.com`'
            )
        raise RemoteError(f"git commit failed: {git.last_line(output)}")
    return rev(root, "HEAD") or ""


def discard(root: Path) -> None:
    """Undo pilotkit's own uncommitted writes (the clone had none of its own: see `record`)."""
    if _changed(root):
        git.run(["reset", "--quiet", "--hard", "HEAD"], root)


def restore(root: Path, target: Target, before: Before) -> None:
    """Put the clone back as BEFORE: its branch, files and remote-tracking ref."""
    discard(root)
    if rev(root, "HEAD") != before.head:
        move_to(root, before.head, "where it was")
    if before.tracking is None:
        git.run(["update-ref", "-d", target.tracking], root, check=False)
    else:
        git.run(["update-ref", target.tracking, before.tracking], root)


def _changed(root: Path) -> list[str]:
    """Tracked files with uncommitted changes, staged or not (untracked files do not count)."""
    out = git.run(["status", "--porcelain", "-z", "--untracked-files=no"], root).stdout
    entries = out.split("\0")
    paths, index = [], 0
    while index < len(entries):
        entry = entries[index]
        if len(entry) > 3:
            paths.append(entry[3:])
            if entry[0] in "RC":  # a rename or copy is followed by the path it came from
                index += 1
        index += 1
    return paths
