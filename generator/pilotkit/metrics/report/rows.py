"""The report's rows: estimate and actuals for one task, one wave, pilot-wide work, or all."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from pilotkit.metrics.prices import PriceTable
from pilotkit.metrics.usage.records import CLASSES, UsageRecord
from pilotkit.pilot.journal import Entry

STARTED = ("claimed", "in-review", "done")


@dataclass(frozen=True)
class Row:
    """Estimate and actuals for one task, one wave, the pilot-wide work, or the total.

    `complete` is whether every task the row counts is done: only then is its ratio
    like with like. `started` is whether any work was done or logged on it.
    """

    id: str
    title: str
    status: str = ""
    wave: int | None = None
    estimate_hours: float | None = None
    engineer_minutes: int = 0
    journal_sessions: int = 0
    corrections: int = 0
    agent_sessions: int = 0
    tokens: Mapping[str, int] = field(default_factory=lambda: dict.fromkeys(CLASSES, 0))
    cost: float = 0.0
    unpriced_tokens: int = 0
    mode: str = "agent"
    started: bool = True
    complete: bool = True

    @property
    def engineer_hours(self) -> float:
        return self.engineer_minutes / 60

    @property
    def ratio(self) -> float | None:
        """Engineer hours ÷ estimated hours, for a row whose tasks are all done."""
        if not self.estimate_hours or not self.complete:
            return None
        return self.engineer_hours / self.estimate_hours


def measured(
    row_id: str,
    title: str,
    entries: Iterable[Entry],
    records: Iterable[UsageRecord],
    table: PriceTable,
    *,
    status: str = "",
    wave: int | None = None,
    estimate: float | None = None,
    mode: str = "agent",
) -> Row:
    """The row of one task (STATUS given) or of the pilot-wide work (no status)."""
    entries, records = list(entries), list(records)
    tokens = dict.fromkeys(CLASSES, 0)
    cost, unpriced = 0.0, 0
    for record in records:
        for name in CLASSES:
            tokens[name] += getattr(record, name)
        value = table.cost(record)
        if value is None:
            unpriced += record.total()
        else:
            cost += value
    minutes = sum(e.minutes for e in entries)
    return Row(
        id=row_id,
        title=title,
        status=status,
        wave=wave,
        estimate_hours=estimate,
        engineer_minutes=minutes,
        journal_sessions=sum(e.kind == "session" for e in entries),
        corrections=sum(e.kind == "correction" for e in entries),
        agent_sessions=len({(r.tool, r.session) for r in records}),
        tokens=tokens,
        cost=cost,
        unpriced_tokens=unpriced,
        mode=mode,
        started=not status or status in STARTED or bool(minutes or records),
        complete=not status or status == "done",
    )


def summed(row_id: str, title: str, rows: Sequence[Row]) -> Row:
    """ROWS added up; complete when every task among them is done."""
    estimates = [r.estimate_hours for r in rows if r.estimate_hours is not None]
    return Row(
        id=row_id,
        title=title,
        estimate_hours=sum(estimates) if estimates else None,
        engineer_minutes=sum(r.engineer_minutes for r in rows),
        journal_sessions=sum(r.journal_sessions for r in rows),
        corrections=sum(r.corrections for r in rows),
        agent_sessions=sum(r.agent_sessions for r in rows),
        tokens={name: sum(r.tokens[name] for r in rows) for name in CLASSES},
        cost=sum(r.cost for r in rows),
        unpriced_tokens=sum(r.unpriced_tokens for r in rows),
        started=any(r.started for r in rows),
        complete=all(r.complete for r in rows if r.status),
    )
