"""`pilotkit workshop check`: what is still wrong on the participant's current exercise,
and, asked for, the next hint."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pilotkit import git
from pilotkit.commands.check import check
from pilotkit.errors import PilotkitError
from pilotkit.findings import Finding
from pilotkit.pilot.load import ANSWERS
from pilotkit.template import source
from pilotkit.workshop import assertions, hints
from pilotkit.workshop.catalog import exercises
from pilotkit.workshop.exercise import Exercise
from pilotkit.workshop.kit import branch, start_tag, tip_of


@dataclass(frozen=True)
class Progress:
    """The exercise, the target findings still there, and the hint given (if asked);
    `unmet` are the exercise's other assertions not yet true (a requirement uncovered)."""

    exercise: Exercise
    remaining: tuple[Finding, ...]
    hint_level: int
    hint: str | None
    unmet: tuple[str, ...] = ()


def current_exercise(repo: Path, exercise_id: str | None) -> Exercise:
    """The exercise named, or the one whose branch REPO has checked out."""
    if exercise_id is None:
        head = git.run(["symbolic-ref", "--quiet", "--short", "HEAD"], repo, check=False)
        name = head.stdout.strip()
        if not name.startswith("exercise/"):
            raise PilotkitError(
                f"{repo} is not on an exercise branch; check one out "
                "(`git switch exercise/ID`) or name it with --exercise"
            )
        exercise_id = name.removeprefix("exercise/")
    found = {item.id: item for item in offered(repo)}
    if exercise_id not in found:
        raise PilotkitError(f"--exercise {exercise_id}: no such exercise")
    return found[exercise_id]


def offered(repo: Path) -> tuple[Exercise, ...]:
    """The exercises of the template REPO's pilot was made from, at the version it records,
    when that template can be read here (a lead's own); else the built-in ones."""
    from pilotkit.template.embedded import is_embedded_source
    from pilotkit.yaml import YamlError, load_mapping

    try:
        answers = load_mapping(repo / ANSWERS).data
    except (OSError, YamlError):
        return exercises()
    src, version = answers.get("_src_path"), answers.get("_commit")
    if not isinstance(src, str) or not src or is_embedded_source(src):
        return exercises()
    if not source.is_url(src) and not Path(src).expanduser().is_absolute():
        return exercises()  # the template a kit carries inside: built-in exercises only
    try:
        return exercises(src, str(version) if version else None)
    except PilotkitError:  # the lead's template is not reachable from this machine
        return exercises()


def start_of(repo: Path, exercise: Exercise) -> str:
    proc = git.run(
        ["rev-parse", "--verify", "--quiet", f"{start_tag(exercise.id)}^{{commit}}"],
        repo,
        check=False,
    )
    if not proc.stdout.strip():
        raise PilotkitError(
            f"{repo} has no tag {start_tag(exercise.id)}: not a workshop repository"
        )
    return proc.stdout.strip()


def workshop_check(repo: Path, exercise_id: str | None = None, *, hint: bool = False) -> Progress:
    """Check the participant's work tree for the current exercise; with HINT, take and
    record the next hint."""
    exercise = current_exercise(repo, exercise_id)
    start = start_of(repo, exercise)
    remaining = tuple(item for item in check(repo).findings if item.rule in exercise.passing.gone)
    unmet = tuple(assertions.unmet(repo, exercise.passing))
    tip = tip_of(repo, exercise.id) or start
    level = hints.used(repo, exercise.id, start, tip)
    if not hint or level >= len(exercise.hints):
        return Progress(exercise, remaining, level, None, unmet)
    current = git.run(["symbolic-ref", "--quiet", "--short", "HEAD"], repo, check=False)
    if current.stdout.strip() != branch(exercise.id):
        raise PilotkitError(f"check out {branch(exercise.id)} to take its hints")
    hints.record(repo, exercise.id, level + 1)
    return Progress(exercise, remaining, level + 1, exercise.hints[level], unmet)
