"""One line under each chart saying what it shows, in words, from the same figures."""

from __future__ import annotations

from pilotkit.metrics.report.model import Report
from pilotkit.metrics.report.svg import off_scale
from pilotkit.metrics.report.text import hours, money, percent, plural, ratio


def effort(report: Report) -> str:
    done = [r for r in report.tasks if r.complete and r.estimate_hours]
    rest = len(report.tasks) - len(done)
    if not done:
        return (
            "No task is done yet: the engineer bars show work in progress, not results "
            "to set against the estimate."
        )
    under = sum(1 for r in done if r.engineer_hours < (r.estimate_hours or 0))
    tail = f"; {plural(rest, 'task')} not done, so their bars are partial or empty" if rest else ""
    return (
        f"Engineer time was below the hand estimate on {under} of the "
        f"{plural(len(done), 'done task')}{tail}."
    )


def cost(report: Report) -> str:
    if not report.cost_by_day:
        return "No priced usage imported yet: nothing to draw."
    day, spent = report.cost_by_day[-1]
    budget = report.budget.budget_usd
    if not budget:
        return f"Spend reached {money(spent)} by {day}; no budget is set."
    share = percent(spent / budget)
    text = f"Spend reached {money(spent)} by {day}, {share} of the {money(budget)} budget"
    if off_scale(spent, budget):
        return text + "; the scale follows the spend, so the budget line is off the chart."
    return text + "."


def throughput(report: Report) -> str:
    pilot, before = report.delivery, report.baseline.delivery
    text = (
        f"{plural(len(pilot.changes), 'change')} merged in {plural(len(pilot.weeks), 'week')} "
        f"of the pilot ({ratio(pilot.throughput_per_week)} a week)"
    )
    if before is None:
        return text + "; no baseline to compare with."
    return (
        f"{text}, against {len(before.changes)} in {plural(len(before.weeks), 'week')} before "
        f"it ({ratio(before.throughput_per_week)} a week)."
    )


def agents(report: Report) -> str:
    if not report.agents:
        return "No agent is named in the task files, the journal or the usage yet."
    top = max(report.agents, key=lambda a: (a.engineer_minutes, a.cost))
    return (
        f"{top.name} took the most engineer time: {hours(top.engineer_hours)} h, over "
        f"{plural(top.tasks_done, 'done task')} and {money(top.cost)} of tokens."
    )
