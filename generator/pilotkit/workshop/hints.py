"""Hints used are recorded in the participant's history, as empty commits on the
exercise's branch, so `verify` reads them from the same committed state it scores."""

from __future__ import annotations

import re
from pathlib import Path

from pilotkit import git

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
    tree = git.run(["rev-parse", "HEAD^{tree}"], repo).stdout.strip()
    commit = git.run(["commit-tree", tree, "-p", "HEAD", "-m", message], repo).stdout.strip()
    git.run(["update-ref", "-m", "workshop hint", "HEAD", commit], repo)
