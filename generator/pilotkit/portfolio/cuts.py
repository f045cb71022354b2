"""The portfolio cut by engineer, template version and month (pilots pooled per group),
and by agent product (the products' own figures from each report, added up).

A group of fewer than `min_pilots` pilots is marked small and listed after the others,
never ranked: two pilots are an anecdote, whatever their ratio says. The groups big
enough are ranked by their pooled ratio, lowest (least engineer time per estimated hour)
first.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pilotkit.portfolio.facts import Facts, ProductFigures
from pilotkit.portfolio.pool import Pooled, pool

DEFAULT_MIN_PILOTS = 3

CUTS: tuple[tuple[str, str, Callable[[Facts], str]], ...] = (
    ("engineer", "engineer", lambda p: p.engineer),
    ("template_version", "template version", lambda p: p.template_version),
    ("month", "month the pilot started", lambda p: p.month),
)


@dataclass(frozen=True)
class Group:
    key: str
    pilots: tuple[str, ...]
    pooled: Pooled
    small: bool


@dataclass(frozen=True)
class Cut:
    name: str  # a stable key: engineer, template_version, month
    label: str
    groups: tuple[Group, ...]


@dataclass(frozen=True)
class ProductGroup:
    product: str
    label: str
    pilots: tuple[str, ...]
    tasks_done: int
    engineer_minutes: int
    corrections: int
    cost: float
    lead_times: tuple[float, ...]
    small: bool

    @property
    def engineer_hours(self) -> float:
        return self.engineer_minutes / 60

    @property
    def corrections_per_done(self) -> float | None:
        return self.corrections / self.tasks_done if self.tasks_done else None

    @property
    def cost_per_done(self) -> float | None:
        return self.cost / self.tasks_done if self.tasks_done else None

    @property
    def median_lead_time_hours(self) -> float | None:
        return statistics.median(self.lead_times) if self.lead_times else None


def cuts(pilots: Sequence[Facts], min_pilots: int = DEFAULT_MIN_PILOTS) -> tuple[Cut, ...]:
    return tuple(Cut(name, label, _groups(pilots, key, min_pilots)) for name, label, key in CUTS)


def _groups(
    pilots: Sequence[Facts], key: Callable[[Facts], str], min_pilots: int
) -> tuple[Group, ...]:
    members: dict[str, list[Facts]] = {}
    for pilot in pilots:
        members.setdefault(key(pilot), []).append(pilot)
    groups = [
        Group(name, tuple(p.pilot for p in found), pool(found), len(found) < min_pilots)
        for name, found in sorted(members.items())
    ]
    ranked = sorted(
        (g for g in groups if not g.small),
        key=lambda g: (g.pooled.ratio is None, g.pooled.ratio or 0.0, g.key),
    )
    return (*ranked, *(g for g in groups if g.small))


def products(
    pilots: Sequence[Facts], min_pilots: int = DEFAULT_MIN_PILOTS
) -> tuple[ProductGroup, ...]:
    """Per agent product, its figures in every pilot that used it, added up."""
    found: dict[str, list[tuple[str, ProductFigures]]] = {}
    for pilot in pilots:
        for figures in pilot.products:
            found.setdefault(figures.product, []).append((pilot.pilot, figures))
    return tuple(_product(entries, min_pilots) for _, entries in sorted(found.items()))


def _product(entries: Sequence[tuple[str, ProductFigures]], min_pilots: int) -> ProductGroup:
    figures = [f for _, f in entries]
    return ProductGroup(
        product=figures[0].product,
        label=figures[0].label,
        pilots=tuple(name for name, _ in entries),
        tasks_done=sum(f.tasks_done for f in figures),
        engineer_minutes=sum(f.engineer_minutes for f in figures),
        corrections=sum(f.corrections for f in figures),
        cost=sum(f.cost for f in figures),
        lead_times=tuple(t for f in figures for t in f.lead_times),
        small=len(entries) < min_pilots,
    )
