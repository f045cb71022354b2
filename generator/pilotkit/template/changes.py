"""What an update changed in a pilot's work tree, and what of it needs a person.

copier leaves its result uncommitted: changed and deleted files, new untracked files,
and unmerged index entries for conflicts; it exits 0 either way. `git diff` alone misses
the untracked files, so this reads `git status --porcelain` with every untracked file
listed. Conflicts are unmerged paths, new `.rej` files (ignored by pilots, so searched
among ignored files too), and files the new version dropped that the pilot had edited,
which copier deletes and this puts back.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pilotkit import git

# Two-letter porcelain codes of unmerged paths (`git status --porcelain`, "Short Format").
_UNMERGED = {"DD", "AU", "UD", "UA", "DU", "AA", "UU"}


@dataclass(frozen=True, order=True)
class Change:
    """One file an update touched: its path in the pilot and `added`, `modified` or `deleted`."""

    path: str
    kind: str


@dataclass(frozen=True)
class Changes:
    changes: tuple[Change, ...]
    conflicts: tuple[str, ...]
    kept: tuple[str, ...] = ()  # dropped by the template, edited here: put back


def settle(top: Path, root: Path, answers: str, rejects_before: set[str]) -> Changes:
    """The changes an update left in the pilot at ROOT, after putting back edited files."""
    found = read_changes(top, root, ignore=(answers,))
    deleted = [change.path for change in found.changes if change.kind == "deleted"]
    kept = edited_locally(root, deleted, answers)
    if kept:
        git.run(["checkout", "HEAD", "--", *kept], root)
        found = read_changes(top, root, ignore=(answers,))
    rejected = [
        (top / name.removesuffix(".rej")).relative_to(root).as_posix()
        for name in sorted(rejects(top) - rejects_before)
        if (top / name).is_relative_to(root)
    ]
    conflicts = tuple(dict.fromkeys([*found.conflicts, *rejected, *kept]))
    return Changes(found.changes, conflicts, tuple(kept))


def rejects(top: Path) -> set[str]:
    """Every `.rej` file in the work tree, ignored or not (pilots ignore `*.rej`)."""
    listed = git.run(["ls-files", "--others", "-z", "--", "*.rej"], top).stdout
    return {name for name in listed.split("\0") if name}


def read_changes(top: Path, root: Path, ignore: Iterable[str] = ()) -> Changes:
    """Changes under ROOT (a pilot in the repository at TOP), paths relative to ROOT."""
    out = git.run(["status", "--porcelain", "-z", "--untracked-files=all", "--", "."], root)
    skip = set(ignore)
    changes: list[Change] = []
    conflicts: list[str] = []
    for entry in out.stdout.split("\0"):
        if len(entry) < 4 or entry[2] != " ":
            continue  # not an `XY path` entry (e.g. the old name of a rename)
        code, name = entry[:2], entry[3:]
        path = (top / name).relative_to(root).as_posix()
        if path in skip:
            continue
        if code in _UNMERGED:
            conflicts.append(path)
            changes.append(Change(path, "modified"))
        else:
            changes.append(Change(path, _kind(code)))
    return Changes(tuple(sorted(changes)), tuple(sorted(conflicts)))


def edited_locally(root: Path, paths: Sequence[str], answers: str) -> list[str]:
    """Those of PATHS (relative to the pilot at ROOT) that commits changed after the last
    template update, i.e. after the last commit that changed the ANSWERS file."""
    if not paths:
        return []
    base = git.run(["log", "-1", "--format=%H", "--", answers], root).stdout.strip()
    if not base:
        return []
    diff = ["diff", "--name-only", "-z", "--relative", base, "HEAD", "--", *paths]
    return [name for name in git.run(diff, root).stdout.split("\0") if name]


def uncommitted(top: Path, root: Path) -> str | None:
    """Why the repository at TOP is not clean enough to update the pilot at ROOT, if it isn't.

    The whole repository must be clean (untracked files count), not only the pilot: a
    failed update is undone with `git reset --hard` and `git clean`.
    """
    out = git.run(["status", "--porcelain", "-z", "--untracked-files=all"], top).stdout
    paths = [entry[3:] for entry in out.split("\0") if len(entry) > 3 and entry[2] == " "]
    if not paths:
        return None
    count = f"{len(paths)} file{'s' * (len(paths) != 1)}"
    outside = [path for path in paths if not (top / path).is_relative_to(root)]
    where = " in its repository" if outside else ""
    return f"uncommitted changes{where} ({count})"


def _kind(code: str) -> str:
    if code == "??" or "A" in code:
        return "added"
    if "D" in code:
        return "deleted"
    return "modified"
