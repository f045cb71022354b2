"""Figures per agent as logged (`claude-1`, `codex-2` …) and per agent product.

An agent's name comes from where the pilot records it: a task's `assignee`, a journal
entry's `agent`, and — for token usage — the assignee of the task a record is attributed
to when that assignee is named after the record's agent; usage no named agent can be
tied to is listed under the product's own key (`claude`, `codex` …). The lead time runs
from a task's `claimed_at` to the merge of its first change after that.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from pilotkit.agents import catalog
from pilotkit.metrics.delivery import Change, parse_time
from pilotkit.metrics.prices import PriceTable
from pilotkit.metrics.usage.records import CLASSES, UsageRecord
from pilotkit.pilot.journal import Entry
from pilotkit.pilot.tasks import Task

OTHER = "other"


@dataclass(frozen=True)
class AgentFigures:
    """What one agent (or one product, all its agents together) did and cost."""

    name: str
    product: str  # a key of the agent catalog, or "other"
    label: str  # the product's name: Claude Code, OpenAI Codex …
    tasks: tuple[str, ...] = ()  # the tasks it holds or held
    tasks_done: int = 0
    agent_sessions: int = 0
    engineer_sessions: int = 0
    engineer_minutes: int = 0
    corrections: int = 0
    tokens: Mapping[str, int] = field(default_factory=lambda: dict.fromkeys(CLASSES, 0))
    cost: float = 0.0
    unpriced_tokens: int = 0
    lead_times: tuple[float, ...] = ()  # hours from claim to merge, per done task

    @property
    def engineer_hours(self) -> float:
        return self.engineer_minutes / 60

    @property
    def median_lead_time_hours(self) -> float | None:
        return statistics.median(self.lead_times) if self.lead_times else None


@dataclass
class _Tally:
    tasks: list[str] = field(default_factory=list)
    done: int = 0
    sessions: set[tuple[str, str]] = field(default_factory=set)
    journal_sessions: int = 0
    minutes: int = 0
    corrections: int = 0
    tokens: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLASSES, 0))
    cost: float = 0.0
    unpriced: int = 0
    lead_times: list[float] = field(default_factory=list)


def per_agent(
    tasks: Iterable[Task],
    entries: Iterable[Entry],
    records: Iterable[UsageRecord],
    table: PriceTable,
    changes: Sequence[Change],
) -> tuple[AgentFigures, ...]:
    """One row per agent name found in the task files, the journal and the usage."""
    agents = catalog.load().agents
    by_id = {task.id: task for task in tasks}
    tally: dict[str, _Tally] = {}
    for task in by_id.values():
        if task.assignee and catalog.agent_of(task.assignee, agents):
            own = tally.setdefault(task.assignee, _Tally())
            own.tasks.append(task.id)
            if task.status == "done":
                own.done += 1
                hours = _lead_time(task, changes)
                if hours is not None:
                    own.lead_times.append(hours)
    for entry in entries:
        if entry.agent:
            own = tally.setdefault(entry.agent, _Tally())
            own.minutes += entry.minutes
            own.journal_sessions += entry.kind == "session"
            own.corrections += entry.kind == "correction"
    for record in records:
        own = tally.setdefault(_named(record, by_id, agents), _Tally())
        own.sessions.add((record.tool, record.session))
        for name in CLASSES:
            own.tokens[name] += getattr(record, name)
        value = table.cost(record)
        if value is None:
            own.unpriced += record.total()
        else:
            own.cost += value
    rows = [_figures(name, t, agents) for name, t in tally.items()]
    order = list(agents)
    return tuple(sorted(rows, key=lambda r: (_rank(r.product, order), r.name)))


def per_product(agents: Sequence[AgentFigures]) -> tuple[AgentFigures, ...]:
    """AGENTS added up per product, in the order they come."""
    grouped: dict[str, list[AgentFigures]] = {}
    for row in agents:
        grouped.setdefault(row.product, []).append(row)
    return tuple(
        AgentFigures(
            name=product,
            product=product,
            label=rows[0].label,
            tasks=tuple(task for r in rows for task in r.tasks),
            tasks_done=sum(r.tasks_done for r in rows),
            agent_sessions=sum(r.agent_sessions for r in rows),
            engineer_sessions=sum(r.engineer_sessions for r in rows),
            engineer_minutes=sum(r.engineer_minutes for r in rows),
            corrections=sum(r.corrections for r in rows),
            tokens={name: sum(r.tokens[name] for r in rows) for name in CLASSES},
            cost=sum(r.cost for r in rows),
            unpriced_tokens=sum(r.unpriced_tokens for r in rows),
            lead_times=tuple(hours for r in rows for hours in r.lead_times),
        )
        for product, rows in grouped.items()
    )


def _named(record: UsageRecord, by_id: Mapping[str, Task], agents: Iterable[str]) -> str:
    task = by_id.get(record.task or "")
    holder = task.assignee if task is not None else None
    return holder if holder and catalog.agent_of(holder, agents) == record.tool else record.tool


def _lead_time(task: Task, changes: Sequence[Change]) -> float | None:
    if not task.claimed_at:
        return None
    try:
        claimed = parse_time(task.claimed_at)
    except ValueError:
        return None
    merged = [c.merged_at for c in changes if c.task == task.id and c.merged_at >= claimed]
    return (min(merged) - claimed).total_seconds() / 3600 if merged else None


def _figures(name: str, tally: _Tally, agents: Mapping[str, catalog.Agent]) -> AgentFigures:
    product = catalog.agent_of(name, agents) or OTHER
    return AgentFigures(
        name=name,
        product=product,
        label=agents[product].label if product in agents else "other",
        tasks=tuple(tally.tasks),
        tasks_done=tally.done,
        agent_sessions=len(tally.sessions),
        engineer_sessions=tally.journal_sessions,
        engineer_minutes=tally.minutes,
        corrections=tally.corrections,
        tokens=dict(tally.tokens),
        cost=tally.cost,
        unpriced_tokens=tally.unpriced,
        lead_times=tuple(tally.lead_times),
    )


def _rank(product: str, order: list[str]) -> int:
    return order.index(product) if product in order else len(order)
