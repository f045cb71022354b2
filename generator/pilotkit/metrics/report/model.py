"""The pilot report: estimate against actual, token cost against budget, delivery, ROI.

`build` joins what the other modules read — the pilot's tasks and answers, the hand
estimate, the journal, the imported usage priced with the price table, and the delivery
metrics — into one `Report` value that the Markdown, JSON and HTML renderers share.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from pilotkit.metrics.delivery import Delivery
from pilotkit.metrics.prices import PriceTable
from pilotkit.metrics.usage.records import CLASSES, UsageRecord
from pilotkit.numbers import is_number
from pilotkit.pilot import graph
from pilotkit.pilot.journal import Entry
from pilotkit.pilot.load import Pilot

DEFINITIONS = (
    (
        "Estimate",
        "hours the engineer estimated to build each task by hand, before any agent "
        "started (metrics/estimate.yaml).",
    ),
    (
        "Engineer hours",
        "minutes logged in metrics/journal.yaml, sessions and course "
        "corrections together, in hours.",
    ),
    (
        "Ratio",
        "engineer hours ÷ estimated hours; below 1 the engineer spent less time than the "
        "hand estimate, before token cost.",
    ),
    (
        "Agent sessions",
        "distinct Claude Code and Codex sessions with usage attributed to the "
        "task (by the task id in the session's git branch, or by the task's claim window).",
    ),
    (
        "Tokens",
        "input (not cached), output (reasoning included), cache read, and cache writes "
        "for 5 minutes and 1 hour; disjoint classes, as the agents' logs report them.",
    ),
    (
        "Cost",
        "tokens × the price table's list rate per model and class; tokens of a model "
        "missing from the table are counted but not priced, and flagged.",
    ),
    (
        "Course correction",
        "an entry in the journal where an agent went wrong and the engineer steered it back.",
    ),
    (
        "Merged change",
        "a merge commit on the main branch (first parent), or a squash-merged "
        "commit whose subject ends in (#N); with a PR export, a merged pull request.",
    ),
    ("PR throughput", "merged changes per calendar week (Monday to Sunday) in the window."),
    ("Lead time", "from the first commit of a change (earliest author date) to its merge."),
    (
        "Change failure rate",
        "share of merged changes that a later commit reverted, or fixed "
        "with a subject saying fix/fixes/fixed/hotfix and naming the change's task id, pull "
        "request #N or commit hash, within the failure window after the merge.",
    ),
    ("ROI", "hand estimate × hourly rate, against engineer hours × hourly rate + token cost."),
)


@dataclass(frozen=True)
class Row:
    """Estimate and actuals for one task, one wave, the pilot-wide work, or the total."""

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

    @property
    def engineer_hours(self) -> float:
        return self.engineer_minutes / 60

    @property
    def ratio(self) -> float | None:
        if not self.estimate_hours:
            return None
        return self.engineer_hours / self.estimate_hours


@dataclass(frozen=True)
class Budget:
    budget_usd: float | None
    spent_usd: float
    unknown_models: Mapping[str, int]

    @property
    def share(self) -> float | None:
        return self.spent_usd / self.budget_usd if self.budget_usd else None

    @property
    def remaining_usd(self) -> float | None:
        return self.budget_usd - self.spent_usd if self.budget_usd is not None else None


@dataclass(frozen=True)
class Roi:
    hourly_rate: float | None
    estimate_hours: float
    engineer_hours: float
    token_cost: float

    @property
    def hand_cost(self) -> float | None:
        return self.estimate_hours * self.hourly_rate if self.hourly_rate is not None else None

    @property
    def actual_cost(self) -> float | None:
        if self.hourly_rate is None:
            return None
        return self.engineer_hours * self.hourly_rate + self.token_cost

    @property
    def saving(self) -> float | None:
        hand, actual = self.hand_cost, self.actual_cost
        return hand - actual if hand is not None and actual is not None else None

    @property
    def ratio(self) -> float | None:
        hand, actual = self.hand_cost, self.actual_cost
        return actual / hand if hand and actual is not None else None


@dataclass(frozen=True)
class Report:
    pilot: str
    as_of: date
    tasks: tuple[Row, ...]
    pilot_wide: Row
    waves: tuple[Row, ...]
    total: Row
    budget: Budget
    cost_by_day: tuple[tuple[date, float], ...]
    corrections: tuple[Entry, ...]
    delivery: Delivery
    roi: Roi
    price_label: str
    estimate_by: str | None = None
    estimate_on: str | None = None
    definitions: tuple[tuple[str, str], ...] = DEFINITIONS


def build(
    pilot: Pilot,
    *,
    estimate: Mapping[str, float],
    estimate_meta: Mapping[str, str | None],
    entries: Sequence[Entry],
    records: Sequence[UsageRecord],
    table: PriceTable,
    delivery: Delivery,
    hourly_rate: float | None,
    as_of: date,
) -> Report:
    """The report of PILOT from everything already read and validated."""
    waves = {task: n + 1 for n, group in enumerate(graph.waves(pilot.deps())) for task in group}
    rows = [
        _row(
            task.id,
            task.title,
            [e for e in entries if e.task == task.id],
            [r for r in records if r.task == task.id],
            table,
            status=task.status,
            wave=waves.get(task.id),
            estimate=estimate.get(task.id),
        )
        for task in pilot.by_id.values()
    ]
    known = set(pilot.by_id)
    wide = _row(
        "pilot-wide",
        "work not tied to one task",
        [e for e in entries if e.task not in known],
        [r for r in records if r.task not in known],
        table,
    )
    wave_rows = tuple(
        _sum(f"wave {n}", f"{len(group)} task{'s' if len(group) > 1 else ''}", group)
        for n in sorted({r.wave for r in rows if r.wave is not None})
        for group in [[r for r in rows if r.wave == n]]
    )
    total = _sum("total", "all tasks and pilot-wide work", [*rows, wide])
    total = replace(total, agent_sessions=len({(r.tool, r.session) for r in records}))
    answers_budget = pilot.answers.get("token_budget_usd")
    budget_usd = float(answers_budget) if is_number(answers_budget) else None
    unknown: dict[str, int] = {}
    for record in records:
        if table.cost(record) is None:
            unknown[record.model] = unknown.get(record.model, 0) + record.total()
    return Report(
        pilot=str(pilot.answers.get("pilot_name") or pilot.root.name),
        as_of=as_of,
        tasks=tuple(rows),
        pilot_wide=wide,
        waves=wave_rows,
        total=total,
        budget=Budget(budget_usd, total.cost, dict(sorted(unknown.items()))),
        cost_by_day=_cost_by_day(records, table),
        corrections=tuple(e for e in entries if e.kind == "correction"),
        delivery=delivery,
        roi=Roi(hourly_rate, sum(estimate.values()), total.engineer_hours, total.cost),
        price_label=table.label(),
        estimate_by=estimate_meta.get("estimated_by"),
        estimate_on=estimate_meta.get("estimated_on"),
    )


def _row(
    row_id: str,
    title: str,
    entries: Iterable[Entry],
    records: Iterable[UsageRecord],
    table: PriceTable,
    *,
    status: str = "",
    wave: int | None = None,
    estimate: float | None = None,
) -> Row:
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
    return Row(
        id=row_id,
        title=title,
        status=status,
        wave=wave,
        estimate_hours=estimate,
        engineer_minutes=sum(e.minutes for e in entries),
        journal_sessions=sum(e.kind == "session" for e in entries),
        corrections=sum(e.kind == "correction" for e in entries),
        agent_sessions=len({(r.tool, r.session) for r in records}),
        tokens=tokens,
        cost=cost,
        unpriced_tokens=unpriced,
    )


def _sum(row_id: str, title: str, rows: Sequence[Row]) -> Row:
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
    )


def _cost_by_day(
    records: Iterable[UsageRecord], table: PriceTable
) -> tuple[tuple[date, float], ...]:
    """Cumulative priced cost at the end of each day that had usage."""
    daily: dict[date, float] = {}
    for record in records:
        value = table.cost(record)
        if value is not None:
            day = date.fromisoformat(record.time[:10])
            daily[day] = daily.get(day, 0.0) + value
    running, series = 0.0, []
    for day in sorted(daily):
        running += daily[day]
        series.append((day, running))
    return tuple(series)
