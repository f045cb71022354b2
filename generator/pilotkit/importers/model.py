"""What an importer reads from a spec project, before it is mapped onto a pilot.

Each format's reader (`speckit`, `kiro`, `openspec`) returns one `Source`: the feature's
requirements, its tasks with the dependencies the format implies, the design notes,
and every part it read but could not map, so that nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pilotkit.errors import PilotkitError


@dataclass(frozen=True)
class Origin:
    """Where something was read: a path relative to the source root, and a line."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass(frozen=True)
class SourceRequirement:
    """One requirement as the source states it; KEY is its own id (US1, FR-001, 2 …)."""

    key: str
    title: str
    statement: str
    origin: Origin
    details: tuple[str, ...] = ()
    criteria: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceTask:
    """One task as the source states it; AFTER and COVERS hold source keys."""

    key: str
    title: str
    text: str
    origin: Origin
    done: bool = False
    files: tuple[str, ...] = ()
    covers: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()


@dataclass(frozen=True)
class DesignPart:
    """A piece of design prose for `specs/design.md`: its title, Markdown text and origin."""

    title: str
    text: str
    origin: Origin


@dataclass(frozen=True)
class Unmapped:
    """A part of the source that has no place in the pilot, and why."""

    origin: Origin
    what: str
    why: str


@dataclass(frozen=True)
class Source:
    """A spec project's feature, read and ready to be mapped onto a pilot."""

    format: str  # the FORMAT argument: speckit, kiro, openspec
    label: str  # the tool's name: spec-kit, Kiro, OpenSpec
    root: Path  # the source as given on the command line
    feature: str  # the feature folder, Kiro spec or OpenSpec change
    title: str
    summary: str  # the feature in one sentence
    requirements: tuple[SourceRequirement, ...]
    tasks: tuple[SourceTask, ...]
    design: tuple[DesignPart, ...] = ()
    unmapped: tuple[Unmapped, ...] = ()
    ordering: str = ""  # how `depends_on` was derived, in one sentence
    end_point: str = ""  # measurable outcomes, when the source states them


class SourceError(PilotkitError):
    """The source cannot be imported; the message names the file, the line and the fix."""

    def __init__(self, origin: Origin | Path | str, problem: str, fix: str) -> None:
        super().__init__(f"{origin}: {problem}; {fix}")


def choose_one(
    folder: Path,
    names: Sequence[str],
    wanted: str | None,
    noun: str,
    flag: str,
    metavar: str = "NAME",
) -> str | None:
    """The one of NAMES (the NOUNs in FOLDER) to import: WANTED when given, else the only
    one; None when there is none. Naming one that is not there, or leaving the choice open
    among several, is a SourceError that lists them and names FLAG."""
    if wanted is not None:
        if wanted not in names:
            listed = ", ".join(names) or "none"
            raise SourceError(
                folder, f"has no {noun} {wanted} (it has: {listed})", f"give one of those to {flag}"
            )
        return wanted
    if len(names) > 1:
        several = f"holds several {noun}s ({', '.join(names)})"
        raise SourceError(folder, several, f"choose one with {flag} {metavar}")
    return names[0] if names else None
