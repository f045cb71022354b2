"""The portfolio's figures in words: the headline every format opens with, and the
readings of the lessons by template version."""

from __future__ import annotations

from pilotkit.metrics.report.text import DASH, hours, money, percent, plural, ratio
from pilotkit.portfolio.lessons import CauseLesson, rate
from pilotkit.portfolio.model import Portfolio
from pilotkit.portfolio.pool import Delivery, Pooled, Spread


def spread_words(found: Spread) -> str:
    """ "median 0.70, range 0.50–0.90, 3 pilots", or why there is none."""
    if not found.count:
        return "no pilot has one"
    if found.count == 1:
        return f"only 1 pilot, {ratio(found.median)}"
    return (
        f"median {ratio(found.median)}, range {ratio(found.low)}–{ratio(found.high)}, "
        f"{found.count} pilots"
    )


def headline_items(portfolio: Portfolio) -> list[tuple[str, str]]:
    p = portfolio.pooled
    return [
        ("Pilots", _pilots(portfolio)),
        (
            "Done tasks",
            f"{p.done} of {p.tasks} agent tasks done, across {plural(p.pilots, 'pilot')}",
        ),
        ("Effort", _effort(p)),
        ("Tokens", _tokens(p)),
        ("Estimate bias", _bias(p)),
        ("Delivery", f"during the pilots: {delivery_words(p.during)}"),
        ("Baseline", f"before the pilots: {delivery_words(p.before)}"),
        ("Course corrections", _corrections(p)),
    ]


def _pilots(portfolio: Portfolio) -> str:
    p = portfolio
    engineers = len({x.facts.engineer for x in p.pilots})
    versions = len({x.facts.template_version for x in p.pilots})
    parts = [
        f"{plural(len(p.pilots), 'pilot')} pooled ({plural(engineers, 'engineer')}, "
        f"{plural(versions, 'template version')})",
        f"{len(p.not_started)} not started (left out, not counted as zero effort)",
    ]
    if p.marked:
        parts.append(f"{len(p.marked)} with journal errors (figures marked)")
    if p.outside:
        parts.append(f"{p.outside} outside the dates asked")
    if p.problems:
        parts.append(f"{plural(len(p.problems), 'problem')} with the sources")
    return "; ".join(parts)


def _effort(p: Pooled) -> str:
    if not p.done:
        return "no agent task is done in any pilot: nothing to set against the estimate yet"
    return (
        f"{hours(p.engineer_hours)} engineer hours against {hours(p.estimate_hours)} estimated "
        f"by hand, over the {p.done} done agent tasks: pooled ratio {ratio(p.ratio)} "
        f"(per pilot: {spread_words(p.ratio_spread)}); tokens on them {money(p.effort_cost)}"
    )


def _tokens(p: Pooled) -> str:
    if not p.budget_pilots:
        return f"{money(p.spent)} spent; no pilot set a token budget"
    return (
        f"{money(p.spent)} spent; {money(p.budget_spent)} of {money(p.budget)} budgeted in the "
        f"{plural(p.budget_pilots, 'pilot')} with a budget ({percent(p.budget_share)}; per "
        f"pilot: {_shares(p.share_spread)})"
    )


def _shares(found: Spread) -> str:
    if not found.count:
        return DASH
    if found.count == 1:
        return percent(found.median)
    return f"median {percent(found.median)}, range {percent(found.low)}–{percent(found.high)}"


def _bias(p: Pooled) -> str:
    if p.bias is None:
        return "no pilot has a done control task: the estimate is not corrected for bias"
    return (
        f"{hours(p.control_hand_hours)} hand hours against {hours(p.control_estimate_hours)} "
        f"estimated on {plural(p.controls_done, 'done control')} in "
        f"{plural(p.controls_pilots, 'pilot')}: bias {ratio(p.bias)} (per pilot: "
        f"{spread_words(p.bias_spread)}); corrected by each pilot's own bias, the ratio over "
        f"those pilots is {ratio(p.corrected_ratio)} ({hours(p.corrected_engineer_hours)} h "
        f"against {hours(p.corrected_estimate_hours)} h)"
    )


def delivery_words(d: Delivery) -> str:
    if not d.pilots:
        return "not measured in any pilot"
    return (
        f"{d.merged} merged changes in {plural(d.weeks, 'week')} ({ratio(d.throughput_per_week)} "
        f"a week); median lead time {hours(d.median_lead_time_hours)} h over "
        f"{plural(d.lead_time_changes, 'change')}; change failure rate "
        f"{percent(d.change_failure_rate)} ({d.failed} of {d.merged}); "
        f"{plural(d.pilots, 'pilot')} measured"
    )


def _corrections(p: Pooled) -> str:
    if not p.done:
        return f"{p.corrections} logged"
    return f"{p.corrections} logged, {ratio(p.corrections_per_done)} per done task"


def by_version(lesson: CauseLesson) -> str:
    """ "v0.3 1.20 (6 of 5 done), v0.4 0.40 (2 of 5 done)": corrections per done task."""
    return ", ".join(
        f"{version} {ratio(rate(count, done))} ({count} of {done} done)"
        for version, count, done in lesson.by_version
    )
