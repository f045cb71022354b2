"""`pilotkit workshop reset`: one exercise back to its planted start, as a new commit, so
the participant's history and other exercises stay."""

from __future__ import annotations

from pathlib import Path

from pilotkit import git
from pilotkit.commands.workshop.check import current_exercise, start_of
from pilotkit.errors import PilotkitError
from pilotkit.workshop.kit import branch


def reset(repo: Path, exercise_id: str) -> str:
    """Reset EXERCISE_ID in REPO to its start; return the new commit."""
    exercise = current_exercise(repo, exercise_id)
    start = start_of(repo, exercise)
    if git.run(["status", "--porcelain", "--untracked-files=no"], repo).stdout.strip():
        raise PilotkitError(
            f"{repo} has uncommitted changes; commit them first (a reset keeps your history)"
        )
    git.run(["checkout", "--quiet", branch(exercise.id)], repo)
    git.run(["read-tree", "-u", "--reset", start], repo)
    if git.run(["diff", "--cached", "--quiet"], repo, check=False).returncode == 0:
        raise PilotkitError(f"exercise {exercise.id} is already at its start; nothing to reset")
    # The index only: untracked files of the participant stay out of the commit.
    message = f"Reset exercise {exercise.id} to its start"
    git.run(["commit", "--quiet", "--no-verify", "-m", message], repo)
    return git.run(["rev-parse", "--short", "HEAD"], repo).stdout.strip()
