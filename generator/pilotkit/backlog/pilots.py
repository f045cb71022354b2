"""Which epics (milestones, parent issues) would make a good pilot, judged like `new` judges.

An epic's children give the answers to `new`'s suitability questions: the effort by hand
(their hours, or points at the configured hours per point), the well-defined tasks (the
children scored `ready`), the tasks that can run at once (ready children whose named files
do not overlap and that do not link to each other) and the end point (the epic's `Done
when` section). The verdict and its reasons then come from the template's own macro, so
`backlog candidates` and `pilotkit new` can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pilotkit.backlog import conversion
from pilotkit.backlog.scoring import READY_VERDICT, Scored
from pilotkit.backlog.ticket import Ticket, finish

HOURS_PER_DAY = 8
END_POINT_TITLES = ("done when", "end point", "definition of done", "success", "goal")


@dataclass(frozen=True)
class Candidate:
    """One epic judged as a pilot: the answers read from its children, the verdict."""

    key: str
    title: str
    children: tuple[str, ...]
    ready: tuple[str, ...]
    parallel: tuple[str, ...]
    answers: Mapping[str, Any]
    good: bool
    reasons: tuple[str, ...]


def group(tickets: Sequence[Ticket]) -> dict[str, list[Ticket]]:
    """The tickets by parent (epic key, milestone, parent issue), parents in key order."""
    groups: dict[str, list[Ticket]] = {}
    for ticket in tickets:
        if ticket.parent:
            groups.setdefault(ticket.parent, []).append(ticket)
    return {key: groups[key] for key in sorted(groups)}


def answers(
    epic: Ticket | None,
    children: Sequence[Scored],
    hours_per_point: float,
) -> tuple[dict[str, Any], tuple[str, ...], tuple[str, ...]]:
    """`new`'s suitability answers for an epic and its scored CHILDREN; the ready ones; the
    ones that can run at once."""
    hours = [conversion.hours(s.ticket, hours_per_point) for s in children]
    ready = [s.ticket for s in children if s.verdict == READY_VERDICT]
    parallel = side_by_side(ready)
    values = {
        "hand_days": round(sum(h for h in hours if h) / HOURS_PER_DAY, 2),
        "planned_tasks": len(ready),
        "parallel_tasks": len(parallel),
        "end_point": end_point(epic, children),
        "engineer_can_build": True,  # no export can say; `new` asks the engineer
    }
    return values, tuple(t.key for t in ready), tuple(t.key for t in parallel)


def side_by_side(ready: Sequence[Ticket]) -> list[Ticket]:
    """Ready tickets that can run at once: each names files, none shares one with another
    or links to another (taken in key order)."""
    chosen: list[Ticket] = []
    taken: set[str] = set()
    for ticket in ready:
        files = set(conversion.files(ticket))
        linked = set(ticket.links) | {t.key for t in chosen if ticket.key in t.links}
        if files and not files & taken and not linked & {t.key for t in chosen}:
            chosen.append(ticket)
            taken |= files
    return chosen


def end_point(epic: Ticket | None, children: Sequence[Scored]) -> str:
    """The epic's stated end point: its `Done when` (or similar) section; for a milestone,
    the same section of its description."""
    if epic is not None:
        section = epic.section(*END_POINT_TITLES)
        return " ".join(section.text.split()) if section is not None else ""
    described = next((s.ticket.parent_text for s in children if s.ticket.parent_text), "")
    if not described:
        return ""
    milestone = finish(Ticket(key="", title="", path="", line=1, text=described))
    section = milestone.section(*END_POINT_TITLES)
    return " ".join(section.text.split()) if section is not None else ""


Judge = Callable[[Mapping[str, Any]], tuple[bool, tuple[str, ...]]]


def candidates(
    tickets: Sequence[Ticket],
    scored: Mapping[str, Scored],
    judge: Judge,
    hours_per_point: float,
) -> list[Candidate]:
    """Every parent of the tickets judged as a pilot, good ones first, then by key."""
    by_key = {t.key: t for t in tickets}
    found = []
    for parent, children in group(tickets).items():
        epic = by_key.get(parent)
        kids = [scored[child.key] for child in children]
        values, ready, parallel = answers(epic, kids, hours_per_point)
        good, reasons = judge(values)
        title = epic.title if epic is not None else parent
        keys = tuple(child.key for child in children)
        found.append(Candidate(parent, title, keys, ready, parallel, values, good, reasons))
    return sorted(found, key=lambda c: (not c.good, c.key))
