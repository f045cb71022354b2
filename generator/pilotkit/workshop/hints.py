"""Hints used are recorded in the participant's history, as empty commits on the
exercise's branch, so `verify` reads them from the same committed state it scores."""

from __future__ import annotations

import re
from pathlib import Path

from pilotkit import git
from pilotkit.errors import PilotkitError

TRAILER = "Workshop-Hint"


def used(repo: Path, exercise_id: str, start: str, tip: str) -> int:
    """The highest hint level taken for EXERCISE_ID between START and TIP."""
    log = git.run(["log", "--format=%B", f"{start}..{tip}"], repo, check=False).stdout
    levels = [
        int(level)
        for name, level in re.findall(rf"^{TRAILER}: (\S+) (\d+)$", log, flags=re.MULTILINE)
        if name == exercise_id
    ]
    return max(levels, default=0)


def record(repo: Path, exercise_id: str, level: int) -> None:
    """Commit an empty commit naming the hint, without touching the index or work tree."""
    message = f"Take hint {level} for exercise {exercise_id}\n\n{TRAILER}: {exercise_id} {level}\n"
    head = git.run(["rev-parse", "HEAD"], repo).stdout.strip()
    tree = git.run(["rev-parse", "HEAD^{tree}"], repo).stdout.strip()
    commit = git.run(["commit-tree", tree, "-p", head, "-m", message], repo).stdout.strip()
    # Only over the commit it was made on: a commit made meanwhile (another hint, say)
    # is never dropped.
    moved = git.run(["update-ref", "-m", "workshop hint", "HEAD", commit, head], repo, check=False)
    if moved.returncode != 0:
        raise PilotkitError(f"{repo}: the branch moved while the hint was recorded; ask again")
