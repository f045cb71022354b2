"""One pilot as the portfolio reads it: the figures of its report JSON, typed.

Every pilot reaches the portfolio as the JSON that `pilotkit report --format json`
prints, whether the portfolio read the pilot's directory (and built its report with the
report's own code) or a file its CI wrote: so a pilot's figures have one implementation,
and the two routes give the same portfolio.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

UNKNOWN = "unknown"


@dataclass(frozen=True)
class Window:
    """A delivery window's counts: the rates are pooled from these, never averaged."""

    merged: int
    weeks: int
    failed: int
    lead_times: tuple[float, ...]


@dataclass(frozen=True)
class Correction:
    pilot: str
    task: str | None
    date: str
    cause: str | None
    minutes: int
    what: str
    agent: str | None


@dataclass(frozen=True)
class ProductFigures:
    product: str
    label: str
    tasks_done: int
    engineer_minutes: int
    corrections: int
    cost: float
    lead_times: tuple[float, ...]


@dataclass(frozen=True)
class Facts:
    pilot: str
    as_of: date
    engineer: str
    template_version: str
    repository: str | None
    started_on: date  # the estimate's date, else the delivery window's start, else as_of
    tasks: int
    done: int
    done_estimate_hours: float
    engineer_minutes: int  # on the done agent tasks
    effort_cost: float  # tokens on the done agent tasks
    ratio: float | None
    spent: float  # all priced tokens of the pilot
    budget: float | None
    logged_minutes: int  # everything in the journal
    controls_done: int
    control_estimate_hours: float
    control_hand_hours: float
    bias: float | None
    during: Window | None
    before: Window | None
    corrections: tuple[Correction, ...]
    products: tuple[ProductFigures, ...]
    task_titles: Mapping[str, str]

    @property
    def month(self) -> str:
        return self.started_on.strftime("%Y-%m")

    @property
    def started(self) -> bool:
        """Whether anything was measured: a pilot with nothing logged, no usage and no
        done task is not started, and counts as such rather than as zero effort."""
        return bool(self.done or self.logged_minutes or self.spent)

    def identity(self) -> tuple[str, ...]:
        """Two sources with the same name, engineer and start are one pilot, unless both
        name their repository and the repositories differ (see `sources._once`)."""
        return (self.pilot, self.engineer, self.started_on.isoformat())


def read(data: Mapping[str, Any]) -> Facts:
    """The facts of one report JSON document of version 1 (KeyError/TypeError/ValueError
    when a field the portfolio needs is missing or of the wrong type)."""
    about, progress, effort = data["about"], data["progress"], data["effort"]
    controls, budget, total = data["controls"], data["budget"], data["total"]
    as_of = date.fromisoformat(data["as_of"])
    baseline = data.get("baseline") or {}
    return Facts(
        pilot=str(data["pilot"]),
        as_of=as_of,
        engineer=about.get("engineer") or UNKNOWN,
        template_version=about.get("template_version") or UNKNOWN,
        repository=about.get("repository"),
        started_on=_start(data, as_of),
        tasks=int(progress["tasks"]),
        done=int(progress["done"]),
        done_estimate_hours=float(effort["estimate_hours"]),
        engineer_minutes=int(effort["engineer_minutes"]),
        effort_cost=float(effort["cost_usd"]),
        ratio=_number(effort["ratio"]),
        spent=float(budget["spent_usd"]),
        budget=_number(budget["budget_usd"]),
        logged_minutes=int(total["engineer_minutes"]),
        controls_done=int(controls["done"]),
        control_estimate_hours=float(controls["estimate_hours"]),
        control_hand_hours=float(controls["hand_hours"]),
        bias=_number(controls["bias"]),
        during=_window(data["delivery"]),
        before=_window(baseline.get("delivery")),
        corrections=tuple(_correction(str(data["pilot"]), c) for c in data["corrections"]),
        products=tuple(_product(p) for p in data["products"]),
        task_titles={str(t["id"]): str(t["title"]) for t in data["tasks"]},
    )


def _start(data: Mapping[str, Any], as_of: date) -> date:
    for value in ((data.get("estimate") or {}).get("on"), (data["delivery"] or {}).get("since")):
        try:
            return date.fromisoformat(str(value)[:10])
        except ValueError:
            continue
    return as_of


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _window(found: Mapping[str, Any] | None) -> Window | None:
    if not found or not found.get("measured"):
        return None
    return Window(
        merged=int(found["merged_changes"]),
        weeks=int(found["week_count"]),
        failed=int(found["failed_changes"]),
        lead_times=tuple(
            float(c["lead_time_hours"])
            for c in found["changes"]
            if c.get("lead_time_hours") is not None
        ),
    )


def _correction(pilot: str, found: Mapping[str, Any]) -> Correction:
    return Correction(
        pilot=pilot,
        task=found.get("task"),
        date=str(found["date"]),
        cause=found.get("cause"),
        minutes=int(found["minutes"]),
        what=str(found.get("what") or ""),
        agent=found.get("agent"),
    )


def _product(found: Mapping[str, Any]) -> ProductFigures:
    return ProductFigures(
        product=str(found["product"]),
        label=str(found["label"]),
        tasks_done=int(found["tasks_done"]),
        engineer_minutes=int(found["engineer_minutes"]),
        corrections=int(found["corrections"]),
        cost=float(found["cost_usd"]),
        lead_times=tuple(float(v) for v in found["lead_times_hours"]),
    )
