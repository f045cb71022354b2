"""The report as JSON, for scripts, dashboards and `pilotkit portfolio`: every figure, with
the counts behind each rate and the definitions.

The shape is versioned (`version`) and documented in docs/reference/report-json.md: a
field that changes meaning or goes away raises the version; new fields may be added
within one. A reader refuses a version it does not know.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from pilotkit.metrics.delivery import Change, Delivery
from pilotkit.metrics.report import json_parts
from pilotkit.metrics.report.model import Report
from pilotkit.metrics.report.rows import Row

VERSION = 1


def render(report: Report) -> str:
    return json.dumps(as_data(report), indent=2, ensure_ascii=False) + "\n"


def as_data(report: Report) -> dict[str, Any]:
    budget, about = report.budget, report.about
    base = report.baseline
    return {
        "version": VERSION,
        "pilot": report.pilot,
        "as_of": report.as_of.isoformat(),
        "about": {
            "engineer": about.engineer,
            "template_version": about.template_version,
            "agents": list(about.agents),
            "repository": about.repository,
        },
        "estimate": {"by": report.estimate_by, "on": report.estimate_on},
        **json_parts.evaluation(report.evaluation),
        "tasks": [row(r) for r in report.tasks],
        "pilot_wide": row(report.pilot_wide),
        "waves": [row(r) for r in report.waves],
        "total": row(report.total),
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
        "agents": [json_parts.agent(a) for a in report.agents],
        "products": [json_parts.agent(a) for a in report.products],
        "corrections": [json_parts.correction(e) for e in report.corrections],
        "correction_causes": json_parts.causes(report.causes),
        "delivery": delivery(report.delivery),
        "baseline": {
            "days": base.days,
            "since": _iso(base.since),
            "until": _iso(base.until),
            "note": base.note,
            "delivery": delivery(base.delivery) if base.delivery else None,
        },
        "roi": json_parts.roi(report.roi),
        "price_table": report.price_label,
        "definitions": dict(report.definitions),
    }


def row(found: Row) -> dict[str, Any]:
    return {
        "id": found.id,
        "title": found.title,
        "status": found.status or None,
        "mode": found.mode if found.status else None,
        "wave": found.wave,
        "started": found.started,
        "complete": found.complete,
        "estimate_hours": found.estimate_hours,
        "engineer_minutes": found.engineer_minutes,
        "engineer_hours": found.engineer_hours,
        "ratio": found.ratio,
        "engineer_sessions": found.journal_sessions,
        "corrections": found.corrections,
        "agent_sessions": found.agent_sessions,
        "tokens": dict(found.tokens),
        "cost_usd": found.cost,
        "unpriced_tokens": found.unpriced_tokens,
    }


def delivery(found: Delivery) -> dict[str, Any]:
    return {
        "source": found.source,
        "measured": found.measured,
        "since": _iso(found.since),
        "until": _iso(found.until),
        "failure_window_days": found.window_days,
        "merged_changes": len(found.changes),
        "week_count": len(found.weeks),
        "throughput_per_week": found.throughput_per_week,
        "median_lead_time_hours": found.median_lead_time_hours,
        "lead_time_changes": found.lead_time_changes,
        "failed_changes": found.failed,
        "change_failure_rate": found.change_failure_rate,
        "pending_changes": found.pending,
        "weeks": [
            {
                "week": w.label,
                "start": w.start.isoformat(),
                "merged": w.merged,
                "task_changes": w.task_changes,
            }
            for w in found.weeks
        ],
        "changes": [_change(c) for c in found.changes],
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
