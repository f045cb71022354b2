"""`pilotkit workshop selftest`: prove every exercise still works with the template.

For each exercise, in a scratch kit: the plant raises exactly `expect`; an untouched
repository scores zero on "fixed"; the solution, committed, scores full marks.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from pilotkit import git
from pilotkit.workshop import edits
from pilotkit.workshop.catalog import exercises
from pilotkit.workshop.exercise import Exercise
from pilotkit.workshop.kit import Master, branch, build_master, clone_for
from pilotkit.workshop.score import FULL, score_exercise


@dataclass(frozen=True)
class Proof:
    """One exercise's selftest: what the plant raised, and the two scores."""

    id: str
    raised: tuple[str, ...]
    expect: tuple[str, ...]
    untouched_fixed: bool
    solved_score: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def selftest(template: str | None = None, vcs_ref: str | None = None) -> tuple[Proof, ...]:
    """Selftest every exercise a kit from TEMPLATE at VCS_REF would hold."""
    offered = exercises(template, vcs_ref)
    with tempfile.TemporaryDirectory(prefix="pilotkit-selftest-") as scratch:
        try:
            master = build_master(Path(scratch) / "master", offered, template, vcs_ref)
        except edits.EditError as err:  # the template no longer has what a plant edits
            return (Proof("(plant)", (), (), False, 0, (str(err),)),)
        repo = Path(scratch) / "participant"
        clone_for(master, repo)
        return tuple(_prove(repo, master, item) for item in offered)


def _prove(repo: Path, master: Master, exercise: Exercise) -> Proof:
    start, at_start = master.starts[exercise.id], master.found[exercise.id]
    raised = tuple(sorted(at_start - master.base[exercise.id]))
    problems = []
    if raised != tuple(sorted(exercise.expect)):
        problems.append(
            f"the plant raises {', '.join(raised) or 'nothing'}, "
            f"not {', '.join(sorted(exercise.expect))}"
        )
    untouched = score_exercise(repo, exercise, start, at_start)
    if untouched.fixed:
        problems.append("an untouched repository already counts as fixed")
    git.run(["checkout", "--quiet", branch(exercise.id)], repo)
    edits.apply(repo, exercise.solution, what=f"exercise {exercise.id}'s solution")
    git.commit_all(repo, f"Solve exercise {exercise.id}")
    solved = score_exercise(repo, exercise, start, at_start)
    if solved.score != FULL:
        problems.append(
            f"the solution scores {solved.score} of {FULL}: " + "; ".join(solved.evidence)
        )
    return Proof(
        exercise.id, raised, exercise.expect, untouched.fixed, solved.score, tuple(problems)
    )
