"""The exercises on offer: the built-in ones, then a template's own
(`_pilotkit/workshop/*.yaml` in the template, at the version a kit renders), which replace
a built-in of the same id."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from pilotkit.errors import PilotkitError
from pilotkit.workshop.exercise import Exercise, builtin_paths, read, read_all
from pilotkit.yaml import YamlError

TEMPLATE_FOLDER = "_pilotkit/workshop"
AGENDAS = {"2h": 120, "half-day": 210}
_INSTEAD = "name another --template or --vcs-ref"


def exercises(template: str | None = None, vcs_ref: str | None = None) -> tuple[Exercise, ...]:
    """Every exercise: built-in, then template TEMPLATE's own at VCS_REF (the version
    `pilotkit new` renders: a folder as it is, a git repository, bundle or URL at VCS_REF
    or its newest release tag)."""
    found = {item.id: item for item in read_all(builtin_paths())}
    if template is not None:
        for exercise in template_exercises(template, vcs_ref):
            found[exercise.id] = exercise
    return tuple(found.values())


def pinned(template: str | None, vcs_ref: str | None) -> tuple[str | None, str | None]:
    """TEMPLATE as a kit records it (a local path made absolute) and the version a kit made
    now renders: VCS_REF, else the newest release tag of a git template (copier's pick, so
    a tag made while the kit is built changes nothing), else None (a plain folder)."""
    from pilotkit.template import source

    if template is None or vcs_ref is not None:
        return _absolute(template), vcs_ref
    if source.is_url(template) or template.lower().startswith(("file://", "git+")):
        tags = source.tags(template)
        return template, source.newest(tags) if tags else None
    path = Path(template).expanduser()
    if path.is_file() or (path / ".git").exists():
        return str(path.resolve()), source.newest(source.tags(str(path)) or {})
    return _absolute(template), None


def _absolute(template: str | None) -> str | None:
    if template is None or not Path(template).expanduser().exists():
        return template
    return str(Path(template).expanduser().resolve())


def template_exercises(template: str, vcs_ref: str | None) -> tuple[Exercise, ...]:
    """The exercises template TEMPLATE carries at VCS_REF; a malformed file is a one-line
    error naming the file as it is inside the template."""
    from pilotkit.commands.new import resolve_template
    from pilotkit.template.checkout import checkout

    src, ref = resolve_template(template, vcs_ref)
    with checkout(src, ref, instead=_INSTEAD) as files:
        folder = files.root / TEMPLATE_FOLDER
        paths = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
        at = f"{template} at {files.ref}" if files.ref else template
        found = []
        for path in paths:
            inside = path.relative_to(files.root).as_posix()
            try:
                exercise = read(path)
            except YamlError as err:
                where = f"{inside}:{err.line}" if err.line else inside
                raise PilotkitError(f"{where}: {err.problem} (template {at})") from None
            found.append(dataclasses.replace(exercise, source=f"{at}: {inside}"))
        return tuple(found)


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
