"""The evaluation's parts of the report JSON: progress, effort, forecast, controls, ROI, per
agent and corrections by cause (the shape is documented in docs/reference/report-json.md)."""

from __future__ import annotations

from typing import Any

from pilotkit.metrics.report.agents import AgentFigures
from pilotkit.metrics.report.causes import NOT_GIVEN, Causes
from pilotkit.metrics.report.evaluation import Evaluation, Roi
from pilotkit.pilot.journal import CAUSES, Entry

UNSET = "not-given"  # the key of corrections logged without a cause, where a key is needed


def evaluation(found: Evaluation) -> dict[str, Any]:
    p, effort, forecast, controls = found.progress, found.effort, found.forecast, found.controls
    return {
        "progress": {
            "tasks": p.tasks,
            "done": p.done,
            "in_progress": p.in_progress,
            "not_started": p.not_started,
            "estimate_hours": p.estimate_hours,
            "done_estimate_hours": p.done_estimate_hours,
            "controls": p.controls,
            "controls_done": p.controls_done,
            "min_done": p.min_done,
            "too_early": p.too_early,
        },
        "effort": {
            "over": "done agent tasks",
            "tasks": list(effort.tasks),
            "estimate_hours": effort.estimate_hours,
            "engineer_minutes": effort.engineer_minutes,
            "engineer_hours": effort.engineer_hours,
            "ratio": effort.ratio,
            "corrections": effort.corrections,
            "cost_usd": effort.cost,
            "unpriced_tokens": effort.unpriced_tokens,
        },
        "forecast": None
        if forecast is None
        else {
            "measured": False,
            "tasks": list(forecast.tasks),
            "estimate_hours": forecast.estimate_hours,
            "ratio": forecast.ratio,
            "engineer_hours": forecast.engineer_hours,
            "cost_usd": forecast.cost,
            "spent_minutes": forecast.spent_minutes,
        },
        "controls": {
            "tasks": [
                {
                    "id": c.id,
                    "title": c.title,
                    "status": c.status,
                    "estimate_hours": c.estimate_hours,
                    "hand_minutes": c.engineer_minutes,
                    "ratio": c.ratio,
                }
                for c in controls.tasks
            ],
            "done": len(controls.measured),
            "estimate_hours": controls.estimate_hours,
            "hand_hours": controls.hand_hours,
            "bias": controls.bias,
            "low": controls.low,
            "high": controls.high,
            "note": controls.note(),
        },
    }


def roi(found: Roi) -> dict[str, Any]:
    return {
        "over": "done agent tasks and their share of pilot-wide work",
        "hourly_rate": found.hourly_rate,
        "estimate_hours": found.estimate_hours,
        "engineer_hours": found.engineer_hours,
        "token_cost_usd": found.token_cost,
        "overhead": {
            "share": found.overhead_share,
            "engineer_hours": found.overhead_hours,
            "token_cost_usd": found.overhead_cost,
        },
        "hand_cost_usd": found.hand_cost,
        "actual_cost_usd": found.actual_cost,
        "saving_usd": found.saving,
        "actual_to_hand": found.ratio,
        "corrected": {
            "bias": found.bias,
            "low": found.bias_low,
            "high": found.bias_high,
            "hand_cost_usd": found.corrected(found.bias),
            "hand_cost_low_usd": found.corrected(found.bias_low),
            "hand_cost_high_usd": found.corrected(found.bias_high),
            "saving_usd": found.corrected_saving(found.bias),
        },
    }


def agent(found: AgentFigures) -> dict[str, Any]:
    return {
        "name": found.name,
        "product": found.product,
        "label": found.label,
        "tasks": list(found.tasks),
        "tasks_done": found.tasks_done,
        "agent_sessions": found.agent_sessions,
        "engineer_sessions": found.engineer_sessions,
        "engineer_minutes": found.engineer_minutes,
        "corrections": found.corrections,
        "tokens": dict(found.tokens),
        "cost_usd": found.cost,
        "unpriced_tokens": found.unpriced_tokens,
        "lead_times_hours": list(found.lead_times),
        "median_lead_time_hours": found.median_lead_time_hours,
    }


def correction(entry: Entry) -> dict[str, Any]:
    return {
        "date": entry.date.isoformat(),
        "task": entry.task,
        "agent": entry.agent,
        "cause": entry.cause,
        "minutes": entry.minutes,
        "what": entry.text,
    }


def causes(found: Causes) -> dict[str, Any]:
    return {
        "causes": {**CAUSES, UNSET: NOT_GIVEN},
        "by_cause": [
            {"cause": c.cause, "label": c.label, "corrections": c.corrections, "minutes": c.minutes}
            for c in found.by_cause
        ],
        "by_task": [
            {
                "task": task,
                "corrections": sum(counts.values()),
                "by_cause": {key or UNSET: n for key, n in counts.items()},
            }
            for task, counts in found.by_task
        ],
    }
