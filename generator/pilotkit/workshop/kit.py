"""Build exercise repositories: a base pilot per distinct set of answers, one branch per
exercise (from its base) with its plant committed and tagged as the start, cloned once per
participant."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pilotkit import git
from pilotkit.workshop import edits, versions
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
    # exercise id -> the rules its unplanted base pilot raises (a warning CI sees, say)
    base: Mapping[str, frozenset[str]]
    found: Mapping[str, frozenset[str]]  # exercise id -> the rules raised at its start


Prepare = Callable[[Path, Mapping[str, Any]], None]


def render_base(
    dest: Path,
    answers: Mapping[str, Any] | None,
    template: str | None,
    vcs_ref: str | None,
    prepare: Prepare | None = None,
) -> None:
    """Render the base pilot into DEST as a fresh repository with one commit; PREPARE
    changes the rendered files before it."""
    from pilotkit.commands.new import new  # the copier seam; imported only when rendering

    new(dest, answers=answers, template_src=template, vcs_ref=vcs_ref, prepare=prepare)


def build_master(
    dest: Path,
    exercises: Sequence[Exercise],
    template: str | None = None,
    vcs_ref: str | None = None,
) -> Master:
    """Render each distinct base once (the first at DEST, on `main`) and plant each exercise
    on its own branch from its base, tagged at the start."""
    starts: dict[str, str] = {}
    found: dict[str, frozenset[str]] = {}
    base: dict[str, frozenset[str]] = {}
    with ExitStack() as stack:
        for number, group in enumerate(_by_base(exercises)):
            kept = stack.enter_context(_versions(group[0], template, vcs_ref))
            start = _base(dest, number, group[0], template, vcs_ref, kept)
            git.run(["checkout", "--quiet", "--detach", start], dest)
            raised = _rules(dest)
            for exercise in group:
                base[exercise.id] = raised
                git.run(["checkout", "--quiet", "-b", branch(exercise.id), start], dest)
                _plant(dest, exercise, kept)
                git.run(["tag", start_tag(exercise.id)], dest)
                starts[exercise.id] = git.run(["rev-parse", "HEAD"], dest).stdout.strip()
                found[exercise.id] = _rules(dest)
    git.run(["checkout", "--quiet", "main"], dest)
    return Master(dest, starts, base, found)


def _plant(dest: Path, exercise: Exercise, kept: versions.Versions | None) -> None:
    """Apply and commit EXERCISE's plant; with KEPT, the newer template version arrives too."""
    edits.apply(dest, exercise.plant, what=f"exercise {exercise.id}'s plant")
    if kept is not None:
        shutil.copyfile(kept.both, dest / versions.BUNDLE)
    git.commit_all(dest, f"Plant exercise {exercise.id}: {exercise.title}")


@contextmanager
def _versions(
    exercise: Exercise, template: str | None, vcs_ref: str | None
) -> Iterator[versions.Versions | None]:
    """The template at two versions for EXERCISE, when it declares template changes."""
    if not exercise.template:
        yield None
        return
    what = f"exercise {exercise.id}'s template changes"
    with versions.two_versions(template, vcs_ref, exercise.template, what=what) as found:
        yield found


def _by_base(exercises: Sequence[Exercise]) -> list[list[Exercise]]:
    """EXERCISES grouped by the base pilot they plant on: the same answers and the same
    template versions share one render. Groups are in the order first named."""
    groups: dict[str, list[Exercise]] = {}
    for exercise in exercises:
        key = json.dumps([exercise.answers, repr(exercise.template)], sort_keys=True, default=str)
        groups.setdefault(key, []).append(exercise)
    return list(groups.values())


def _base(
    dest: Path,
    number: int,
    exercise: Exercise,
    template: str | None,
    vcs_ref: str | None,
    kept: versions.Versions | None,
) -> str:
    """Render EXERCISE's base pilot: the first at DEST, the others in a scratch folder,
    fetched into DEST as the branch `workshop/base-NUMBER`. Its commit."""
    if number == 0:
        _render(dest, exercise, template, vcs_ref, kept)
        return git.run(["rev-parse", "main"], dest).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="pilotkit-base-") as scratch:
        pilot = Path(scratch) / "pilot"
        _render(pilot, exercise, template, vcs_ref, kept)
        name = f"workshop/base-{number}"
        git.run(["fetch", "--quiet", "--no-tags", str(pilot), f"main:refs/heads/{name}"], dest)
    return git.run(["rev-parse", name], dest).stdout.strip()


def _render(
    dest: Path,
    exercise: Exercise,
    template: str | None,
    vcs_ref: str | None,
    kept: versions.Versions | None,
) -> None:
    if kept is None:
        render_base(dest, exercise.answers, template, vcs_ref)
    else:  # the older version only: the pilot is current until the plant brings the newer
        render_base(dest, exercise.answers, str(kept.older), kept.old, _carry(kept.older))


def _carry(bundle: Path) -> Prepare:
    """Put the kit's template BUNDLE into the rendered pilot and record it there, by a path
    relative to the pilot, so its update finds the template wherever the pilot goes."""
    from pilotkit.template.engine import ANSWERS_FILE
    from pilotkit.yaml import set_value

    def prepare(folder: Path, answers: Mapping[str, Any]) -> None:
        del answers  # the answers file is edited on disk, keeping its comments
        target = folder / versions.BUNDLE  # a scratch render: nobody's file is written over
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(bundle, target)
        set_value(folder / ANSWERS_FILE, "_src_path", versions.BUNDLE)

    return prepare


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
