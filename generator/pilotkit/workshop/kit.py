"""Build exercise repositories: a base pilot, one branch per exercise with its plant
committed and tagged as the start, cloned once per participant."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pilotkit import git
from pilotkit.workshop import edits
from pilotkit.workshop.exercise import Exercise

KEY_FILE = "answer-key.json"


def branch(exercise_id: str) -> str:
    return f"exercise/{exercise_id}"


def start_tag(exercise_id: str) -> str:
    return f"workshop/{exercise_id}/start"


@dataclass(frozen=True)
class Master:
    """The repository every participant's is cloned from, and each exercise's start commit."""

    path: Path
    starts: Mapping[str, str]  # exercise id -> start commit
    base: frozenset[str]  # the rules the unplanted pilot raises (a warning CI sees, say)
    found: Mapping[str, frozenset[str]]  # exercise id -> the rules raised at its start


def render_base(
    dest: Path, answers: Mapping[str, Any] | None, template: str | None, vcs_ref: str | None
) -> None:
    """Render the base pilot into DEST as a fresh repository with one commit."""
    from pilotkit.commands.new import new  # the copier seam; imported only when rendering

    new(dest, answers=answers, template_src=template, vcs_ref=vcs_ref)


def build_master(
    dest: Path,
    exercises: Sequence[Exercise],
    template: str | None = None,
    vcs_ref: str | None = None,
) -> Master:
    """Render the base at DEST and plant each exercise on its own branch, tagged at the start."""
    answers = next((item.answers for item in exercises if item.answers), None)
    render_base(dest, answers, template, vcs_ref)
    base = _rules(dest)
    starts = {}
    found = {}
    for exercise in exercises:
        git.run(["checkout", "--quiet", "-b", branch(exercise.id), "main"], dest)
        edits.apply(dest, exercise.plant, what=f"exercise {exercise.id}'s plant")
        git.commit_all(dest, f"Plant exercise {exercise.id}: {exercise.title}")
        git.run(["tag", start_tag(exercise.id)], dest)
        starts[exercise.id] = git.run(["rev-parse", "HEAD"], dest).stdout.strip()
        found[exercise.id] = _rules(dest)
    git.run(["checkout", "--quiet", "main"], dest)
    return Master(dest, starts, base, found)


def _rules(root: Path) -> frozenset[str]:
    from pilotkit.commands.check import check

    return frozenset(item.rule for item in check(root).findings)


def clone_for(master: Master, dest: Path) -> None:
    """A participant's own repository at DEST: every exercise branch and tag, no remote."""
    git.run(["clone", "--quiet", "--no-hardlinks", str(master.path), str(dest)])
    for exercise_id in master.starts:
        git.run(["branch", "--quiet", branch(exercise_id), f"origin/{branch(exercise_id)}"], dest)
    git.run(["remote", "remove", "origin"], dest)
    first = next(iter(master.starts), None)
    if first is not None:
        git.run(["checkout", "--quiet", branch(first)], dest)


def tip_of(repo: Path, exercise_id: str) -> str | None:
    """The last commit of the exercise's branch in REPO, or None. A clone of a bundle has
    the handed-out branch as `origin/exercise/ID` until `git switch exercise/ID` makes it
    the participant's own; until then, that one is the branch."""
    for ref in (f"refs/heads/{branch(exercise_id)}", f"refs/remotes/origin/{branch(exercise_id)}"):
        proc = git.run(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], repo, check=False)
        if proc.stdout.strip():
            return proc.stdout.strip()
    return None
