"""Figures as the report writes them, and its headline: the lines a lead reads first.

Every headline line says what its figures are computed over — the done tasks, all work,
the pilot's window — so that no figure is read against the wrong whole. Markdown, the
HTML page and the command's summary all print these lines.
"""

from __future__ import annotations

from pilotkit.metrics.delivery import Delivery
from pilotkit.metrics.report.evaluation import Evaluation, Forecast
from pilotkit.metrics.report.model import Report

DASH = "–"


def hours(value: float | None) -> str:
    return DASH if value is None else f"{value:,.1f}"


def money(value: float | None) -> str:
    return DASH if value is None else f"${value:,.2f}"


def percent(value: float | None) -> str:
    if value is None:
        return DASH
    return f"{value:.1%}" if 0 < abs(value) < 0.1 else f"{value:.0%}"


def ratio(value: float | None) -> str:
    return DASH if value is None else f"{value:.2f}"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def headline(report: Report) -> str:
    """The headline as Markdown bullets, one per figure."""
    return "".join(f"- **{label}**: {text}\n" for label, text in headline_items(report))


def headline_items(report: Report) -> list[tuple[str, str]]:
    """(label, text) for each headline line, in reading order."""
    ev = report.evaluation
    items = [_progress(ev)]
    if ev.progress.too_early:
        items.append(_too_early(ev))
    items += [_effort(ev), _tokens(report)]
    if ev.forecast is not None:
        items.append(_forecast(ev.forecast))
    items.append(_bias(ev))
    if report.delivery.measured:
        items.append((f"Delivery ({window(report.delivery)})", delivery_line(report.delivery)))
        items.append(_baseline(report))
    if ev.roi.hourly_rate is not None:
        items.append(_roi(report))
    if report.budget.unknown_models:
        models = ", ".join(f"{m} ({t:,})" for m, t in report.budget.unknown_models.items())
        items.append(
            (
                "Unpriced",
                f"tokens of {models} are not in the price table; add them to metrics/prices.yaml.",
            )
        )
    return items


def window(delivery: Delivery) -> str:
    since = f"{delivery.since} to " if delivery.since else "to "
    return f"{since}{delivery.until}"


def delivery_line(delivery: Delivery) -> str:
    """Throughput, lead time and failure rate, each with the counts behind it."""
    merged = len(delivery.changes)
    return (
        f"{plural(merged, 'merged change')} in {plural(len(delivery.weeks), 'week')}, "
        f"{ratio(delivery.throughput_per_week)} a week; median lead time "
        f"{hours(delivery.median_lead_time_hours)} h (over "
        f"{plural(delivery.lead_time_changes, 'change')}); change failure rate "
        f"{percent(delivery.change_failure_rate)} ({delivery.failed} of {merged})."
    )


def _progress(ev: Evaluation) -> tuple[str, str]:
    p = ev.progress
    noun = "agent task" if p.controls else "task"
    text = (
        f"{p.done} of {plural(p.tasks, noun)} done, {hours(p.done_estimate_hours)} of "
        f"{hours(p.estimate_hours)} estimated hours; {p.in_progress} in progress, "
        f"{p.not_started} not started."
    )
    if p.controls:
        text += (
            f" {plural(p.controls, 'control task')} built by hand ({p.controls_done} done), "
            "counted apart."
        )
    return "Progress", text


def _too_early(ev: Evaluation) -> tuple[str, str]:
    p = ev.progress
    if not p.done:
        return "Too early to conclude", "no agent task is done yet: nothing to compare."
    return (
        "Too early to conclude",
        f"only {p.done} of the tasks {'is' if p.done == 1 else 'are'} done, fewer than "
        f"{p.min_done}: the figures describe {'that task' if p.done == 1 else 'those tasks'}, "
        "not the pilot.",
    )


def _over(ev: Evaluation) -> str:
    return plural(len(ev.effort.tasks), "done task")


def _effort(ev: Evaluation) -> tuple[str, str]:
    effort = ev.effort
    if not effort.tasks:
        return "Effort", "no done task to set against its estimate yet."
    return (
        f"Effort ({_over(ev)})",
        f"{hours(effort.engineer_hours)} engineer hours against "
        f"{hours(effort.estimate_hours)} estimated by hand (ratio {ratio(effort.ratio)}), "
        f"{plural(effort.corrections, 'course correction')}.",
    )


def _tokens(report: Report) -> tuple[str, str]:
    total, budget, effort = report.total, report.budget, report.evaluation.effort
    text = f"{money(total.cost)} over {plural(total.agent_sessions, 'agent session')}"
    if budget.budget_usd:
        text += f", {percent(budget.share)} of the {money(budget.budget_usd)} budget"
    else:
        text += "; no budget set"
    if effort.tasks:
        text += f"; {money(effort.cost)} of it on the {_over(report.evaluation)}"
    return "Tokens (all work)", text + "."


def _forecast(f: Forecast) -> tuple[str, str]:
    spent = f" ({hours(f.spent_minutes / 60)} h already logged on them)" if f.spent_minutes else ""
    return (
        f"Forecast, not measured ({plural(len(f.tasks), 'task')} not done)",
        f"at the done tasks' ratio ({ratio(f.ratio)}), their {hours(f.estimate_hours)} "
        f"estimated hours would take about {hours(f.engineer_hours)} engineer hours and "
        f"{money(f.cost)} of tokens{spent}.",
    )


def _bias(ev: Evaluation) -> tuple[str, str]:
    controls = ev.controls
    if controls.bias is None:
        return "Estimate bias", controls.note()
    count = len(controls.measured)
    spread = (
        f" (range {ratio(controls.low)}–{ratio(controls.high)})" if count > 1 else " (no range)"
    )
    return (
        f"Estimate bias ({plural(count, 'done control')})",
        f"built by hand in {hours(controls.hand_hours)} h against "
        f"{hours(controls.estimate_hours)} estimated: bias {ratio(controls.bias)}{spread}; "
        "the hand estimate "
        + ("understates" if controls.bias > 1 else "overstates" if controls.bias < 1 else "meets")
        + " the hand work.",
    )


def _baseline(report: Report) -> tuple[str, str]:
    base = report.baseline
    if base.delivery is None:
        return "Baseline", f"{base.note or 'none'}."
    note = f" Note: {base.note}." if base.note else ""
    return f"Baseline ({window(base.delivery)})", delivery_line(base.delivery) + note


def _roi(report: Report) -> tuple[str, str]:
    roi, ev = report.roi, report.evaluation
    if not ev.effort.tasks:
        return "ROI", "no done task yet: nothing to set against its hand cost."
    text = (
        f"{money(roi.actual_cost)} actual against {money(roi.hand_cost)} by hand at "
        f"{money(roi.hourly_rate)}/h (raw estimate): saving {money(roi.saving)}"
    )
    if roi.bias is not None:
        text += (
            f"; against the estimate corrected by the controls' bias, "
            f"{money(roi.corrected(roi.bias))} by hand: saving "
            f"{money(roi.corrected_saving(roi.bias))}"
        )
        if roi.bias_low != roi.bias_high:
            text += (
                f" ({money(roi.corrected_saving(roi.bias_low))} to "
                f"{money(roi.corrected_saving(roi.bias_high))})"
            )
    return f"ROI ({_over(ev)} and their share of pilot-wide work)", text + "."
