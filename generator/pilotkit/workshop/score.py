"""Score a participant's repository from what they committed, never from their work tree.

Each exercise branch is read in a temporary clone (the participant's repository is not
touched), checked, and compared with the start recorded in the answer key.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pilotkit import git
from pilotkit.commands.check import check
from pilotkit.pilot.load import load_pilot
from pilotkit.rules.updates import newest_version
from pilotkit.workshop import hints
from pilotkit.workshop.exercise import Exercise
from pilotkit.workshop.kit import branch, start_tag
from pilotkit.yaml import YamlError, load_mapping

FIXED_POINTS = 2  # the target findings are gone
CLEAN_POINTS = 1  # nothing else broke
INTEGRITY_POINTS = 1  # protected files, settings and the start tag are as handed out
FULL = FIXED_POINTS + CLEAN_POINTS + INTEGRITY_POINTS


@dataclass(frozen=True)
class Score:
    """One participant's result for one exercise; `evidence` says why, line by line."""

    id: str
    score: int
    fixed: bool
    clean: bool
    integrity: bool
    hints: int
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class Participant:
    """One participant's scores."""

    name: str
    exercises: tuple[Score, ...]

    @property
    def total(self) -> int:
        return sum(item.score for item in self.exercises)


@dataclass(frozen=True)
class Table:
    """The score table of a kit."""

    kit: str
    participants: tuple[Participant, ...]


def score_exercise(
    repo: Path, exercise: Exercise, start: str, at_start: frozenset[str] = frozenset()
) -> Score:
    """Score EXERCISE in REPO against START, the commit the kit tagged as its start, where
    `check` raised the rules AT_START."""
    evidence: list[str] = []
    tag = git.run(
        ["rev-parse", "--verify", "--quiet", f"{start_tag(exercise.id)}^{{commit}}"],
        repo,
        check=False,
    ).stdout.strip()
    tip = git.run(
        ["rev-parse", "--verify", "--quiet", f"{branch(exercise.id)}^{{commit}}"], repo, check=False
    ).stdout.strip()
    if not tip:
        return Score(exercise.id, 0, False, False, False, 0, (f"no branch {branch(exercise.id)}",))
    if tip == start:
        return Score(exercise.id, 0, False, False, True, 0, ("no commits since the start",))
    integrity = True
    if tag != start:
        integrity = False
        evidence.append(f"the start tag {start_tag(exercise.id)} was moved or deleted")
    if not _descends(repo, start, tip):
        integrity = False
        evidence.append("the branch does not build on the exercise's start (history rewritten)")
    with tempfile.TemporaryDirectory(prefix="pilotkit-workshop-") as scratch:
        tree = Path(scratch) / "tree"
        git.run(["clone", "--quiet", "--shared", "--no-checkout", str(repo), str(tree)])
        git.run(["checkout", "--quiet", "--detach", tip], tree)
        found = {item.rule for item in check(tree).findings}
        fixed = not found & set(exercise.passing.gone)
        new = sorted(found - at_start - set(exercise.expect))
        if not fixed:
            evidence.append("still found: " + ", ".join(sorted(found & set(exercise.passing.gone))))
        if new:
            evidence.append("new findings: " + ", ".join(new))
        problems = _integrity(tree, exercise, start)
    evidence.extend(problems)
    integrity = integrity and not problems
    # Clean and integrity points come with a fix: doing nothing, or hiding the finding,
    # earns nothing.
    points = FIXED_POINTS + CLEAN_POINTS * (not new) + INTEGRITY_POINTS
    points = points if fixed and integrity else 0
    used = hints.used(repo, exercise.id, start, tip)
    return Score(exercise.id, points, fixed, not new, integrity, used, tuple(evidence))


def _descends(repo: Path, start: str, tip: str) -> bool:
    proc = git.run(["merge-base", "--is-ancestor", start, tip], repo, check=False)
    return proc.returncode == 0


def _integrity(tree: Path, exercise: Exercise, start: str) -> list[str]:
    problems = []
    for path in exercise.passing.protect:
        proc = git.run(["diff", "--quiet", start, "HEAD", "--", path], tree, check=False)
        if proc.returncode != 0:
            problems.append(f"{path} changed since the start; it is protected")
    problems.extend(_settings_hacks(tree, exercise.passing.gone))
    pilot = load_pilot(tree)
    if len(pilot.tasks) < exercise.passing.min_tasks:
        problems.append(f"{len(pilot.tasks)} tasks remain; at least {exercise.passing.min_tasks}")
    covered = {req for task in pilot.tasks for req in task.requirements}
    problems.extend(
        f"{req} is covered by no task" for req in exercise.passing.covered if req not in covered
    )
    problems.extend(_contains(tree, exercise.passing.contains))
    if exercise.passing.updated:
        newest = newest_version(tree, pilot.answers)
        if newest is None or str(pilot.answers.get("_commit")) != newest:
            problems.append(f"the pilot is not at its template's newest version ({newest})")
    return problems


def _contains(tree: Path, wanted: Sequence[tuple[str, str]]) -> list[str]:
    problems = []
    for path, text in wanted:
        try:
            found = text in (tree / path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            found = False
        if not found:
            problems.append(f"{path} no longer says {text!r}")
    return problems


def _settings_hacks(tree: Path, targets: Sequence[str]) -> list[str]:
    path = tree / ".pilotkit.yaml"
    if not path.is_file():
        return []
    try:
        section: Any = load_mapping(path).data.get("check") or {}
    except YamlError:
        return [".pilotkit.yaml does not parse"]
    if not isinstance(section, Mapping):
        return []
    ignored = [str(item) for item in section.get("ignore") or []]
    selected = [str(item) for item in section.get("select") or []]
    problems = [
        f".pilotkit.yaml ignores {item}, a rule of this exercise"
        for item in ignored
        if any(rule.startswith(item) for rule in targets)
    ]
    if selected and not all(any(rule.startswith(s) for s in selected) for rule in targets):
        problems.append(".pilotkit.yaml selects rules that leave out this exercise's")
    return problems
