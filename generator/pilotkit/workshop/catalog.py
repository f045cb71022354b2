"""The exercises on offer: the built-in ones, then a template's own
(`_pilotkit/workshop/*.yaml` in a template folder), which replace a built-in of the same id."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pilotkit.errors import PilotkitError
from pilotkit.workshop.exercise import Exercise, builtin_paths, read, read_all

TEMPLATE_FOLDER = "_pilotkit/workshop"
AGENDAS = {"2h": 120, "half-day": 210}


def exercises(template: str | None = None) -> tuple[Exercise, ...]:
    """Every exercise: built-in, then the template's own when TEMPLATE is a local folder."""
    found = {item.id: item for item in read_all(builtin_paths())}
    if template is not None and Path(template).is_dir():
        folder = Path(template) / TEMPLATE_FOLDER
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
            exercise = read(path)
            found[exercise.id] = exercise
    return tuple(found.values())


def choose(
    offered: Sequence[Exercise], ids: Sequence[str] = (), agenda: str | None = None
) -> tuple[Exercise, ...]:
    """The exercises named by IDS, or as many as fit AGENDA in catalog order, or all."""
    by_id = {item.id: item for item in offered}
    if ids:
        unknown = [item for item in ids if item not in by_id]
        if unknown:
            raise PilotkitError(
                f"--exercises {', '.join(unknown)}: no such exercise; "
                "`pilotkit workshop list` shows them"
            )
        return tuple(by_id[item] for item in ids)
    if agenda is None:
        return tuple(offered)
    if agenda not in AGENDAS:
        raise PilotkitError(f"--agenda {agenda}: use one of " + ", ".join(AGENDAS))
    chosen, minutes = [], 0
    for item in offered:
        if minutes + item.minutes <= AGENDAS[agenda]:
            chosen.append(item)
            minutes += item.minutes
    return tuple(chosen)
