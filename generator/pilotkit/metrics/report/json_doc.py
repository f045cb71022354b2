"""The report as JSON, for scripts and dashboards: every figure, with the definitions."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from pilotkit.metrics.delivery import Change, Delivery
from pilotkit.metrics.report.model import Report, Row


def render(report: Report) -> str:
    return json.dumps(as_data(report), indent=2, ensure_ascii=False) + "\n"


def as_data(report: Report) -> dict[str, Any]:
    budget, roi = report.budget, report.roi
    return {
        "pilot": report.pilot,
        "as_of": report.as_of.isoformat(),
        "estimate": {"by": report.estimate_by, "on": report.estimate_on},
        "tasks": [_row(r) for r in report.tasks],
        "pilot_wide": _row(report.pilot_wide),
        "waves": [_row(r) for r in report.waves],
        "total": _row(report.total),
        "budget": {
            "budget_usd": budget.budget_usd,
            "spent_usd": budget.spent_usd,
            "share": budget.share,
            "remaining_usd": budget.remaining_usd,
            "unknown_models": dict(budget.unknown_models),
        },
        "cost_by_day": [
            {"date": d.isoformat(), "cumulative_usd": c} for d, c in report.cost_by_day
        ],
        "corrections": [
            {
                "date": e.date.isoformat(),
                "task": e.task,
                "agent": e.agent,
                "minutes": e.minutes,
                "what": e.text,
            }
            for e in report.corrections
        ],
        "delivery": _delivery(report.delivery),
        "roi": {
            "hourly_rate": roi.hourly_rate,
            "estimate_hours": roi.estimate_hours,
            "engineer_hours": roi.engineer_hours,
            "token_cost_usd": roi.token_cost,
            "hand_cost_usd": roi.hand_cost,
            "actual_cost_usd": roi.actual_cost,
            "saving_usd": roi.saving,
            "actual_to_hand": roi.ratio,
        },
        "price_table": report.price_label,
        "definitions": dict(report.definitions),
    }


def _row(row: Row) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "status": row.status or None,
        "wave": row.wave,
        "estimate_hours": row.estimate_hours,
        "engineer_minutes": row.engineer_minutes,
        "engineer_hours": row.engineer_hours,
        "ratio": row.ratio,
        "engineer_sessions": row.journal_sessions,
        "corrections": row.corrections,
        "agent_sessions": row.agent_sessions,
        "tokens": dict(row.tokens),
        "cost_usd": row.cost,
        "unpriced_tokens": row.unpriced_tokens,
    }


def _delivery(delivery: Delivery) -> dict[str, Any]:
    return {
        "source": delivery.source,
        "measured": delivery.measured,
        "since": _iso(delivery.since),
        "until": _iso(delivery.until),
        "failure_window_days": delivery.window_days,
        "merged_changes": len(delivery.changes),
        "throughput_per_week": delivery.throughput_per_week,
        "median_lead_time_hours": delivery.median_lead_time_hours,
        "failed_changes": delivery.failed,
        "change_failure_rate": delivery.change_failure_rate,
        "weeks": [
            {
                "week": w.label,
                "start": w.start.isoformat(),
                "merged": w.merged,
                "task_changes": w.task_changes,
            }
            for w in delivery.weeks
        ],
        "changes": [_change(c) for c in delivery.changes],
    }


def _change(change: Change) -> dict[str, Any]:
    return {
        "id": change.id,
        "title": change.title,
        "task": change.task,
        "pr": change.pr,
        "merged_at": _iso(change.merged_at),
        "first_commit_at": _iso(change.first_commit_at),
        "lead_time_hours": change.lead_time_hours,
        "failed_by": change.failed_by,
        "in_failure_window": change.pending,
    }


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
