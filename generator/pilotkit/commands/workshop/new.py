"""`pilotkit workshop new`: a kit folder with one exercise repository per participant."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pilotkit import git
from pilotkit.errors import PilotkitError
from pilotkit.files import write_text
from pilotkit.numbers import whole
from pilotkit.pilot import textfiles
from pilotkit.workshop import guides, key
from pilotkit.workshop.catalog import choose, exercises, pinned
from pilotkit.workshop.exercise import Exercise
from pilotkit.workshop.kit import build_master, clone_for

MASTER = ".kit/master"  # the repository participants' are cloned from; stays with the key
HAND_OUTS = ("each", "one", "none")  # a bundle per participant, one for the room, or none
ROOM_BUNDLE = "kit.bundle"
MOST_PARTICIPANTS = 500  # a room, not a fleet: each participant is a repository on disk


@dataclass(frozen=True)
class Kit:
    """A generated kit: where it is, who takes part, which exercises."""

    path: Path
    participants: tuple[str, ...]
    exercises: tuple[str, ...]
    minutes: int
    bundles: tuple[Path, ...]


def new_kit(
    kit_dir: Path,
    *,
    exercise_ids: Sequence[str] = (),
    agenda: str | None = None,
    participants: int | None = None,
    roster: Path | None = None,
    template: str | None = None,
    vcs_ref: str | None = None,
    hand_out: str = "each",
) -> Kit:
    """Create KIT_DIR (which must not exist or be empty) with a repository per participant."""
    if kit_dir.exists() and (not kit_dir.is_dir() or any(kit_dir.iterdir())):
        raise PilotkitError(f"{kit_dir} exists and is not empty; name a new folder for the kit")
    if hand_out not in HAND_OUTS:
        raise PilotkitError(f"--hand-out {hand_out}: use one of " + ", ".join(HAND_OUTS))
    names = _names(participants, roster)
    template, vcs_ref = pinned(template, vcs_ref)
    chosen = choose(exercises(template, vcs_ref), exercise_ids, agenda)
    if not chosen:
        raise PilotkitError(f"--agenda {agenda}: no exercise fits; name them with --exercises")
    existed = kit_dir.exists()
    kit_dir.mkdir(parents=True, exist_ok=True)
    try:
        # absolute: bundles are written from inside each participant's repository
        made = _fill(kit_dir.absolute(), chosen, names, template, vcs_ref, hand_out=hand_out)
        return replace(made, path=kit_dir)
    except BaseException:  # an error or Ctrl-C leaves no half-made kit behind
        for child in list(kit_dir.iterdir()) if existed else []:
            shutil.rmtree(child) if child.is_dir() else child.unlink()
        if not existed:
            shutil.rmtree(kit_dir, ignore_errors=True)
        raise


def _fill(
    kit_dir: Path,
    chosen: Sequence[Exercise],
    names: Sequence[str],
    template: str | None,
    vcs_ref: str | None,
    *,
    hand_out: str,
) -> Kit:
    master = build_master(kit_dir / MASTER, chosen, template, vcs_ref)
    made = []
    for name in names:
        repo = kit_dir / "participants" / name
        clone_for(master, repo)
        if hand_out == "each":
            made.append(_bundle(repo, kit_dir / "bundles" / f"{name}.bundle"))
    if hand_out == "one":  # every repository starts the same: the master's branches and tags
        made.append(_bundle(master.path, kit_dir / "bundles" / ROOM_BUNDLE))
    key.write(kit_dir, master, chosen, names, template, vcs_ref)
    write_text(kit_dir / "FACILITATOR.md", guides.facilitator(kit_dir.name, chosen, names))
    write_text(kit_dir / "HANDOUT.md", guides.handout(kit_dir.name, chosen))
    return Kit(
        kit_dir,
        tuple(names),
        tuple(item.id for item in chosen),
        sum(item.minutes for item in chosen),
        tuple(made),
    )


def _bundle(repo: Path, bundle: Path) -> Path:
    bundle.parent.mkdir(exist_ok=True)
    git.run(["bundle", "create", "--quiet", str(bundle), "--all"], repo)
    return bundle


def _names(participants: int | None, roster: Path | None) -> list[str]:
    if roster is not None:
        try:
            lines = textfiles.read_text(roster).splitlines()
        except OSError as err:
            raise PilotkitError(f"--roster {roster}: cannot be read ({err.strerror})") from None
        except UnicodeDecodeError:
            raise PilotkitError(f"--roster {roster}: not UTF-8 text; save it as UTF-8") from None
        names = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
        bad = [name for name in names if not name.replace("-", "").replace("_", "").isalnum()]
        if len(names) > MOST_PARTICIPANTS:
            raise PilotkitError(
                f"--roster {roster}: {len(names)} names; a kit holds at most {MOST_PARTICIPANTS}"
            )
        if bad or len(set(names)) != len(names) or not names:
            raise PilotkitError(
                f"--roster {roster}: one unique name a line, letters, digits, - and _ only"
            )
        return names
    count = 1 if participants is None else participants
    whole(count, "--participants", "participants", most=MOST_PARTICIPANTS)
    return [f"p{number:02d}" for number in range(1, count + 1)]
