"""The portfolio as JSON, versioned like the report's (docs/reference/portfolio-json.md)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from pilotkit.portfolio.cuts import Group, ProductGroup
from pilotkit.portfolio.lessons import CauseLesson, rate
from pilotkit.portfolio.model import Portfolio
from pilotkit.portfolio.pool import Delivery, Pooled
from pilotkit.portfolio.sources import Pilot

VERSION = 1


def render(portfolio: Portfolio) -> str:
    return json.dumps(as_data(portfolio), indent=2, ensure_ascii=False) + "\n"


def as_data(portfolio: Portfolio) -> dict[str, Any]:
    return {
        "version": VERSION,
        "as_of": portfolio.as_of.isoformat(),
        "since": portfolio.since.isoformat() if portfolio.since else None,
        "until": portfolio.until.isoformat() if portfolio.until else None,
        "min_pilots": portfolio.min_pilots,
        "pilots": [_pilot(p) for p in portfolio.pilots],
        "not_started": [_pilot(p) for p in portfolio.not_started],
        "outside_dates": portfolio.outside,
        "problems": list(portfolio.problems),
        "notes": list(portfolio.notes),
        "pooled": pooled(portfolio.pooled),
        "cuts": {cut.name: [_group(g) for g in cut.groups] for cut in portfolio.cuts},
        "products": [_product(g) for g in portfolio.products],
        "lessons": [_lesson(lesson) for lesson in portfolio.lessons],
    }


def _pilot(pilot: Pilot) -> dict[str, Any]:
    f = pilot.facts
    return {
        "pilot": f.pilot,
        "source": pilot.origin,
        "engineer": f.engineer,
        "template_version": f.template_version,
        "month": f.month,
        "as_of": f.as_of.isoformat(),
        "products": [p.product for p in f.products],
        "tasks": f.tasks,
        "done": f.done,
        "estimate_hours": f.done_estimate_hours,
        "engineer_hours": f.engineer_minutes / 60,
        "ratio": f.ratio,
        "bias": f.bias,
        "cost_usd": f.spent,
        "corrections": len(f.corrections),
        "journal_problems": list(pilot.marked),
    }


def pooled(p: Pooled) -> dict[str, Any]:
    return {
        "over": "done agent tasks of the started pilots",
        "pilots": p.pilots,
        "tasks": p.tasks,
        "done": p.done,
        "estimate_hours": p.estimate_hours,
        "engineer_hours": p.engineer_hours,
        "ratio": p.ratio,
        "ratio_per_pilot": asdict(p.ratio_spread),
        "effort_cost_usd": p.effort_cost,
        "spent_usd": p.spent,
        "budget": {
            "pilots": p.budget_pilots,
            "budget_usd": p.budget,
            "spent_usd": p.budget_spent,
            "share": p.budget_share,
            "share_per_pilot": asdict(p.share_spread),
        },
        "controls": {
            "pilots": p.controls_pilots,
            "done": p.controls_done,
            "estimate_hours": p.control_estimate_hours,
            "hand_hours": p.control_hand_hours,
            "bias": p.bias,
            "bias_per_pilot": asdict(p.bias_spread),
            "corrected_estimate_hours": p.corrected_estimate_hours,
            "corrected_engineer_hours": p.corrected_engineer_hours,
            "corrected_ratio": p.corrected_ratio,
        },
        "corrections": p.corrections,
        "corrections_per_done": p.corrections_per_done,
        "delivery": _delivery(p.during),
        "baseline": _delivery(p.before),
    }


def _delivery(d: Delivery) -> dict[str, Any]:
    return {
        "pilots": d.pilots,
        "merged_changes": d.merged,
        "week_count": d.weeks,
        "throughput_per_week": d.throughput_per_week,
        "lead_time_changes": d.lead_time_changes,
        "median_lead_time_hours": d.median_lead_time_hours,
        "failed_changes": d.failed,
        "change_failure_rate": d.change_failure_rate,
    }


def _group(group: Group) -> dict[str, Any]:
    return {
        "key": group.key,
        "members": list(group.pilots),
        "small": group.small,
        **pooled(group.pooled),
    }


def _product(g: ProductGroup) -> dict[str, Any]:
    return {
        "product": g.product,
        "label": g.label,
        "pilots": list(g.pilots),
        "small": g.small,
        "tasks_done": g.tasks_done,
        "engineer_hours": g.engineer_hours,
        "corrections": g.corrections,
        "corrections_per_done": g.corrections_per_done,
        "cost_usd": g.cost,
        "cost_per_done_usd": g.cost_per_done,
        "median_lead_time_hours": g.median_lead_time_hours,
    }


def _lesson(lesson: CauseLesson) -> dict[str, Any]:
    return {
        "cause": lesson.cause,
        "label": lesson.label,
        "corrections": lesson.corrections,
        "minutes": lesson.minutes,
        "pilots": lesson.pilots,
        "areas": list(lesson.areas),
        "servers": list(lesson.servers),
        "by_template_version": [
            {"template_version": v, "corrections": n, "done": done, "per_done": rate(n, done)}
            for v, n, done in lesson.by_version
        ],
        "examples": [
            {
                "pilot": e.correction.pilot,
                "task": e.correction.task,
                "date": e.correction.date,
                "what": e.correction.what,
                "minutes": e.correction.minutes,
                "link": e.link,
            }
            for e in lesson.examples
        ],
    }
