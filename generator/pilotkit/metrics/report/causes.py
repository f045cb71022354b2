"""Course corrections counted by cause, and by task and cause: where agents go wrong."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pilotkit.pilot.journal import CAUSES, Entry

NOT_GIVEN = "not given"


@dataclass(frozen=True)
class CauseCount:
    cause: str | None  # a key of CAUSES; None for corrections logged without one
    corrections: int
    minutes: int

    @property
    def label(self) -> str:
        return CAUSES.get(self.cause or "", NOT_GIVEN)


@dataclass(frozen=True)
class Causes:
    """Corrections by cause (every cause of the set, in its order, then "not given") and,
    per task that had any, how many of each cause."""

    by_cause: tuple[CauseCount, ...]
    by_task: tuple[tuple[str, Mapping[str | None, int]], ...]

    @property
    def total(self) -> int:
        return sum(c.corrections for c in self.by_cause)

    def columns(self) -> list[str | None]:
        """The causes that occur, in the set's order, "not given" last."""
        return [c.cause for c in self.by_cause if c.corrections]


def count(entries: Iterable[Entry]) -> Causes:
    corrections = [e for e in entries if e.kind == "correction"]
    keys: list[str | None] = [*CAUSES, None]
    by_cause = tuple(
        CauseCount(
            key,
            sum(1 for e in corrections if e.cause == key),
            sum(e.minutes for e in corrections if e.cause == key),
        )
        for key in keys
    )
    tasks: dict[str, dict[str | None, int]] = {}
    for entry in corrections:
        counts = tasks.setdefault(entry.task or "pilot-wide", {})
        counts[entry.cause] = counts.get(entry.cause, 0) + 1
    return Causes(by_cause, tuple(sorted(tasks.items())))
