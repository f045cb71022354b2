"""Pooled figures across pilots, each with the counts behind it and the per-pilot spread.

Pooling adds up the counts the pilots' reports hold and divides once: the pooled ratio is
all engineer hours on done tasks ÷ all their estimated hours, not a mean of ratios, so a
pilot of one task weighs what one task weighs. Beside it, the per-pilot spread (median and
range), so one pilot far off the others is seen rather than averaged away.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from pilotkit.portfolio.facts import Facts, Window


@dataclass(frozen=True)
class Spread:
    """The per-pilot values of a figure: how many pilots have one, median and range."""

    count: int
    median: float | None
    low: float | None
    high: float | None


def spread(values: Sequence[float | None]) -> Spread:
    found = [v for v in values if v is not None]
    if not found:
        return Spread(0, None, None, None)
    return Spread(len(found), statistics.median(found), min(found), max(found))


@dataclass(frozen=True)
class Delivery:
    """A window's rates pooled over the pilots that measured it, with their counts."""

    pilots: int
    merged: int
    weeks: int
    failed: int
    lead_time_changes: int
    median_lead_time_hours: float | None

    @property
    def throughput_per_week(self) -> float | None:
        return self.merged / self.weeks if self.weeks else None

    @property
    def change_failure_rate(self) -> float | None:
        return self.failed / self.merged if self.merged else None


def delivery(windows: Sequence[Window | None]) -> Delivery:
    found = [w for w in windows if w is not None]
    lead = [t for w in found for t in w.lead_times]
    return Delivery(
        pilots=len(found),
        merged=sum(w.merged for w in found),
        weeks=sum(w.weeks for w in found),
        failed=sum(w.failed for w in found),
        lead_time_changes=len(lead),
        median_lead_time_hours=statistics.median(lead) if lead else None,
    )


@dataclass(frozen=True)
class Pooled:
    pilots: int  # started pilots pooled
    tasks: int
    done: int
    estimate_hours: float  # of the done agent tasks
    engineer_hours: float  # on them
    ratio_spread: Spread
    effort_cost: float  # tokens on the done agent tasks
    spent: float  # all priced tokens
    budget: float  # summed over the pilots that set one
    budget_pilots: int
    budget_spent: float  # spend of those pilots
    share_spread: Spread
    controls_pilots: int
    controls_done: int
    control_estimate_hours: float
    control_hand_hours: float
    bias_spread: Spread
    corrected_estimate_hours: float  # done estimate × each pilot's own bias, where measured
    corrected_engineer_hours: float  # engineer hours of those same pilots
    corrections: int
    during: Delivery
    before: Delivery

    @property
    def ratio(self) -> float | None:
        return self.engineer_hours / self.estimate_hours if self.estimate_hours else None

    @property
    def budget_share(self) -> float | None:
        return self.budget_spent / self.budget if self.budget else None

    @property
    def bias(self) -> float | None:
        """All controls' hand hours ÷ their estimated hours, pooled."""
        if not self.controls_done or not self.control_estimate_hours:
            return None
        return self.control_hand_hours / self.control_estimate_hours

    @property
    def corrected_ratio(self) -> float | None:
        """Engineer hours ÷ the bias-corrected estimate, over the pilots with a bias."""
        if not self.corrected_estimate_hours:
            return None
        return self.corrected_engineer_hours / self.corrected_estimate_hours

    @property
    def corrections_per_done(self) -> float | None:
        return self.corrections / self.done if self.done else None


def pool(pilots: Sequence[Facts]) -> Pooled:
    """The pooled figures of PILOTS (started ones: the caller leaves the others out)."""
    budgeted = [p for p in pilots if p.budget]
    biased = [p for p in pilots if p.bias is not None]
    return Pooled(
        pilots=len(pilots),
        tasks=sum(p.tasks for p in pilots),
        done=sum(p.done for p in pilots),
        estimate_hours=sum(p.done_estimate_hours for p in pilots),
        engineer_hours=sum(p.engineer_minutes for p in pilots) / 60,
        ratio_spread=spread([p.ratio for p in pilots]),
        effort_cost=sum(p.effort_cost for p in pilots),
        spent=sum(p.spent for p in pilots),
        budget=sum(p.budget or 0.0 for p in budgeted),
        budget_pilots=len(budgeted),
        budget_spent=sum(p.spent for p in budgeted),
        share_spread=spread([p.spent / p.budget for p in budgeted if p.budget]),
        controls_pilots=sum(1 for p in pilots if p.controls_done),
        controls_done=sum(p.controls_done for p in pilots),
        control_estimate_hours=sum(p.control_estimate_hours for p in pilots),
        control_hand_hours=sum(p.control_hand_hours for p in pilots),
        bias_spread=spread([p.bias for p in pilots]),
        corrected_estimate_hours=sum(p.done_estimate_hours * (p.bias or 0.0) for p in biased),
        corrected_engineer_hours=sum(p.engineer_minutes for p in biased) / 60,
        corrections=sum(len(p.corrections) for p in pilots),
        during=delivery([p.during for p in pilots]),
        before=delivery([p.before for p in pilots]),
    )
