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
from pilotkit.workshop import assertions, hints
from pilotkit.workshop.exercise import Exercise
from pilotkit.workshop.kit import branch, start_tag, tip_of
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
    time_to_pass: int | None = None  # seconds from the start to the first passing commit


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
    tip = tip_of(repo, exercise.id)
    if tip is None:
        return Score(exercise.id, 0, False, False, False, 0, (f"no branch {branch(exercise.id)}",))
    if tip == start:
        return Score(exercise.id, 0, False, False, True, 0, ("no commits since the start",))
    evidence = _history(repo, exercise.id, start, tip)
    with tempfile.TemporaryDirectory(prefix="pilotkit-workshop-") as scratch:
        tree = Path(scratch) / "tree"
        git.run(["clone", "--quiet", "--shared", "--no-checkout", str(repo), str(tree)])
        verdict = _judge(tree, exercise, start, tip, at_start)
        integrity = not evidence and not verdict.problems
        passed = not verdict.still and integrity
        took = _time_to_pass(tree, exercise, start, tip, at_start) if passed else None
    evidence.extend(verdict.evidence)
    # Clean and integrity points come with a fix: doing nothing, or hiding the finding,
    # earns nothing.
    points = FIXED_POINTS + CLEAN_POINTS * (not verdict.new) + INTEGRITY_POINTS
    used = hints.used(repo, exercise.id, start, tip)
    return Score(
        exercise.id,
        points if passed else 0,
        not verdict.still,
        not verdict.new,
        integrity,
        used,
        tuple(evidence),
        took,
    )


@dataclass(frozen=True)
class Verdict:
    """What one commit of an exercise's branch shows."""

    still: tuple[str, ...]  # the target rules still found
    new: tuple[str, ...]  # rules found that neither the start nor the plant raised
    problems: tuple[str, ...]  # integrity problems of the files themselves

    @property
    def passes(self) -> bool:
        return not self.still and not self.problems

    @property
    def evidence(self) -> list[str]:
        lines = ["still found: " + ", ".join(self.still)] if self.still else []
        lines += [f"new findings: {', '.join(self.new)}"] if self.new else []
        return [*lines, *self.problems]


def _judge(
    tree: Path, exercise: Exercise, start: str, commit: str, at_start: frozenset[str]
) -> Verdict:
    """Check out COMMIT in TREE (a scratch clone) and judge it."""
    git.run(["checkout", "--quiet", "--force", "--detach", commit], tree)
    found = {item.rule for item in check(tree).findings}
    still = tuple(sorted(found & set(exercise.passing.gone)))
    new = tuple(sorted(found - at_start - set(exercise.expect)))
    return Verdict(still, new, tuple(_integrity(tree, exercise, start)))


def _history(repo: Path, exercise_id: str, start: str, tip: str) -> list[str]:
    """What is wrong with the branch's history: the start tag moved, or the start left out."""
    evidence = []
    tag = git.run(
        ["rev-parse", "--verify", "--quiet", f"{start_tag(exercise_id)}^{{commit}}"],
        repo,
        check=False,
    ).stdout.strip()
    if tag != start:
        evidence.append(f"the start tag {start_tag(exercise_id)} was moved or deleted")
    if not _descends(repo, start, tip):
        evidence.append("the branch does not build on the exercise's start (history rewritten)")
    return evidence


def _descends(repo: Path, start: str, tip: str) -> bool:
    proc = git.run(["merge-base", "--is-ancestor", start, tip], repo, check=False)
    return proc.returncode == 0


def _time_to_pass(
    tree: Path, exercise: Exercise, start: str, tip: str, at_start: frozenset[str]
) -> int:
    """Seconds from the start's commit time to the first commit, oldest first, that passes
    as the tip does. An empty commit (a hint, say: the tree of the commit before it) cannot
    pass where the one before failed, so it is not checked again."""
    checked, started_at = git.run(["log", "-1", "--format=%T %ct", start], tree).stdout.split()
    started = int(started_at)
    log = git.run(
        ["log", "--reverse", "--first-parent", "--format=%H %T %ct", f"{start}..{tip}"], tree
    ).stdout.split("\n")
    for line in filter(None, log):
        sha, tree_sha, when = line.split()
        if sha == tip:
            return max(int(when) - started, 0)
        if tree_sha == checked:
            continue
        checked = tree_sha
        verdict = _judge(tree, exercise, start, sha, at_start)
        if verdict.passes:
            return max(int(when) - started, 0)
    tip_time = git.run(["log", "-1", "--format=%ct", tip], tree).stdout.strip()
    return max(int(tip_time) - started, 0)


def _integrity(tree: Path, exercise: Exercise, start: str) -> list[str]:
    problems = []
    for path in exercise.passing.protect:
        proc = git.run(["diff", "--quiet", start, "HEAD", "--", path], tree, check=False)
        if proc.returncode != 0:
            problems.append(f"{path} changed since the start; it is protected")
    problems.extend(_settings_hacks(tree, exercise.passing.gone))
    problems.extend(assertions.unmet(tree, exercise.passing))
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
