"""The answer key: what a kit was made with, kept in the kit folder and never in a
participant's repository.

The kit carries its own exercises (`.kit/exercises/ID.yaml`, copied when it is made), so
`verify` scores by the exercises the participants were handed, not by whatever the
installed pilotkit or the template says today. The key records the template (source,
ref, the `_commit` copier wrote) so a repository from another template version is told
apart from one of another kit.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pilotkit import git
from pilotkit._version import __version__
from pilotkit.errors import PilotkitError
from pilotkit.files import write_text
from pilotkit.workshop.exercise import Exercise, read
from pilotkit.workshop.kit import KEY_FILE, Master
from pilotkit.yaml import YamlError, parse_text, to_plain

# Bumped when a key written by one pilotkit cannot be read right by another.
FORMAT = 2
EXERCISES = ".kit/exercises"  # the kit's copy of each exercise file
ANSWERS = ".copier-answers.yml"


@dataclass(frozen=True)
class Template:
    """The template a kit's base pilot was rendered from."""

    src: str | None  # `--template` as given; None for the embedded template
    ref: str | None  # `--vcs-ref` as given
    commit: str | None  # copier's `_commit` in the base pilot's answers
    src_path: str | None  # copier's `_src_path`


@dataclass(frozen=True)
class Key:
    """An answer key as read back: each exercise (from the kit's copy), its start commit
    and the rules `check` raised there."""

    kit: str
    path: Path  # the kit folder
    starts: Mapping[str, str]
    found: Mapping[str, frozenset[str]]
    exercises: tuple[Exercise, ...]
    template: Template
    pilotkit: str


def write(
    kit_dir: Path,
    master: Master,
    exercises: Sequence[Exercise],
    participants: Sequence[str],
    template: str | None = None,
    vcs_ref: str | None = None,
) -> None:
    """Copy each exercise file into the kit and write the key beside it."""
    folder = kit_dir / EXERCISES
    folder.mkdir(parents=True, exist_ok=True)
    for item in exercises:
        write_text(folder / f"{item.id}.yaml", item.text)
    answers = answers_at(master.path, "main") or {}
    key = {
        "format": FORMAT,
        "pilotkit": __version__,
        "kit": kit_dir.name,
        "template": {
            "src": template,
            "ref": vcs_ref,
            "commit": answers.get("_commit"),
            "src_path": answers.get("_src_path"),
        },
        "base": {name: sorted(rules) for name, rules in master.base.items()},
        "participants": list(participants),
        "exercises": {
            item.id: {
                "start": master.starts[item.id],
                "found": sorted(master.found[item.id]),
                "file": f"{EXERCISES}/{item.id}.yaml",
            }
            for item in exercises
        },
    }
    write_text(kit_dir / KEY_FILE, json.dumps(key, indent=2) + "\n")


def answers_at(repo: Path, rev: str) -> dict[str, Any] | None:
    """The copier answers committed at REV in REPO, or None when there are none."""
    proc = git.run(["show", f"{rev}:{ANSWERS}"], repo, check=False)
    if proc.returncode != 0:
        return None
    try:
        data = to_plain(parse_text(proc.stdout, f"{rev}:{ANSWERS}"))
    except YamlError:
        return None
    return data if isinstance(data, dict) else None


def find(start: Path) -> Path | None:
    """The kit folder START is in (START itself or a folder above it), or None."""
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / KEY_FILE).is_file():
            return folder
    return None


def read_key(kit_dir: Path) -> Key:
    """The answer key of the kit at KIT_DIR, with the exercises the kit carries."""
    path = kit_dir / KEY_FILE
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        raise PilotkitError(f"{kit_dir} is not a workshop kit: it has no {KEY_FILE}") from None
    except ValueError as err:
        raise PilotkitError(f"{path}: not an answer key pilotkit wrote ({err})") from None
    if not isinstance(data, dict):
        raise PilotkitError(f"{path}: not an answer key pilotkit wrote (not a JSON object)")
    if data.get("format", 1) != FORMAT:  # keys before the format number were format 1
        who = f"pilotkit {data['pilotkit']}" if "pilotkit" in data else "an older pilotkit"
        raise PilotkitError(
            f"{path}: written by {who} in answer-key format {data.get('format', 1)}; this "
            f"pilotkit ({__version__}) reads format {FORMAT}: verify with the pilotkit that "
            "made the kit"
        )
    try:
        return _parsed(kit_dir, data)
    except (KeyError, TypeError, AttributeError) as err:
        raise PilotkitError(f"{path}: not an answer key pilotkit wrote (no {err})") from None


def _parsed(kit_dir: Path, data: dict[str, Any]) -> Key:
    entries: dict[str, Any] = data["exercises"]
    template = data["template"]
    return Key(
        kit=str(data["kit"]),
        path=kit_dir,
        starts={name: str(entry["start"]) for name, entry in entries.items()},
        found={name: frozenset(entry["found"]) for name, entry in entries.items()},
        exercises=tuple(_exercise(kit_dir, name, entry["file"]) for name, entry in entries.items()),
        template=Template(
            template["src"], template["ref"], template["commit"], template["src_path"]
        ),
        pilotkit=str(data["pilotkit"]),
    )


def _exercise(kit_dir: Path, name: str, file: str) -> Exercise:
    path = kit_dir / file
    if not path.is_file():
        raise PilotkitError(f"{path} is missing: the kit no longer holds exercise {name}")
    exercise = read(path)
    if exercise.id != name:
        raise PilotkitError(f"{path}: holds exercise {exercise.id}, the key says {name}")
    return exercise
