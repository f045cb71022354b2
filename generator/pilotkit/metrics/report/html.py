"""The report as one self-contained HTML page: the Markdown report's content and four
inline SVG charts (estimate vs actual per task, cumulative cost vs budget, throughput per
week before and during the pilot, engineer time per agent), each with a one-line reading.
No script, no stylesheet or font from elsewhere: it opens offline, from a mail."""

from __future__ import annotations

from html import escape

from pilotkit.metrics.report import readings, svg, tables
from pilotkit.metrics.report.model import Report
from pilotkit.metrics.report.tables import Table
from pilotkit.metrics.report.text import headline_items, hours, money, percent, ratio

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #222;
  line-height: 1.45; padding: 0 1rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; }
figure { margin: 1rem 0 2rem; } figcaption { color: #555; font-size: 0.9rem; }
dt { font-weight: bold; } dd { margin: 0 0 0.5rem 1rem; }
.note { color: #555; }
"""


def render(report: Report) -> str:
    """The page as text; every value from the report is escaped."""
    title = f"Pilot report: {report.pilot}"
    sections = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="note">As of {report.as_of}. Made by <code>pilotkit report</code>.</p>',
        _headline(report),
        "<h2>Estimate against actual</h2>",
        _figure(_effort_chart(report), readings.effort(report)),
        html_table(tables.effort(report)),
        "<h2>Control tasks: the estimate's bias</h2>",
        _controls(report),
        "<h2>Agent tokens and cost</h2>",
        _figure(_cost_chart(report), readings.cost(report)),
        _tokens(report),
        "<h2>Per agent</h2>",
        _agents(report),
        "<h2>Delivery</h2>",
        _delivery(report),
        "<h2>Course corrections</h2>",
        _corrections(report),
        "<h2>ROI</h2>",
        _roi(report),
        "<h2>Definitions</h2>",
        "<dl>"
        + "".join(f"<dt>{escape(t)}</dt><dd>{escape(d)}</dd>" for t, d in report.definitions)
        + "</dl>",
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>\n"
        + "\n".join(sections)
        + "\n</body></html>\n"
    )


def html_table(found: Table) -> str:
    head = "".join(f'<th class="{"n" if n else ""}">{escape(h)}</th>' for h, n in found.header)
    body = "".join(
        f'<tr class="{"total" if total else ""}">'
        + "".join(
            f'<td class="{"n" if found.header[i][1] else ""}">{escape(cell)}</td>'
            for i, cell in enumerate(cells)
        )
        + "</tr>"
        for cells, total in found.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _figure(chart: str, reading: str) -> str:
    return f"<figure>{chart}<figcaption>{escape(reading)}</figcaption></figure>"


def _note(text: str) -> str:
    return f'<p class="note">{escape(text)}</p>'


def _headline(report: Report) -> str:
    items = (
        f"<li><strong>{escape(label)}</strong>: {escape(text)}</li>"
        for label, text in headline_items(report)
    )
    return "<ul>" + "".join(items) + "</ul>"


def _effort_chart(report: Report) -> str:
    rows = list(report.tasks)
    return svg.grouped_bars(
        "Estimate against actual, per task",
        [r.id for r in rows],
        [
            ("hand estimate", [r.estimate_hours or 0.0 for r in rows]),
            ("engineer time", [r.engineer_hours for r in rows]),
        ],
        "hours",
    )


def _cost_chart(report: Report) -> str:
    points = [(day.isoformat(), cost) for day, cost in report.cost_by_day]
    return svg.line_with_limit(
        "Cumulative token cost against the budget", points, report.budget.budget_usd, "USD"
    )


def _controls(report: Report) -> str:
    found = report.evaluation.controls
    table = html_table(tables.controls(report)) if found.tasks else ""
    return table + _note(found.note())


def _tokens(report: Report) -> str:
    budget = report.budget
    spend = (
        f"<p>{money(budget.spent_usd)} spent of the {money(budget.budget_usd)} budget "
        f"({percent(budget.share)}). Priced with the {escape(report.price_label)}.</p>"
    )
    return html_table(tables.tokens(report)) + spend


def _agents(report: Report) -> str:
    rows = report.agents
    chart = svg.grouped_bars(
        "Engineer time per agent",
        [r.name for r in rows],
        [("engineer time steering it", [r.engineer_hours for r in rows])],
        "hours",
        notes=[f"{money(r.cost)} · {r.tasks_done} done" for r in rows],
    )
    if not rows:
        return _figure(chart, readings.agents(report))
    return (
        _figure(chart, readings.agents(report))
        + html_table(tables.agents(rows, "agent"))
        + "<p>Per product:</p>"
        + html_table(tables.agents(report.products, "product"))
    )


def _delivery(report: Report) -> str:
    delivery, before = report.delivery, report.baseline.delivery
    if not delivery.measured:
        return _note(delivery.source)
    weeks = [*(before.weeks if before else ()), *delivery.weeks]
    groups = [0] * len(before.weeks if before else ()) + [1] * len(delivery.weeks)
    chart = svg.columns(
        "Merged changes per week",
        [w.label for w in weeks],
        [w.merged for w in weeks],
        "merged changes",
        groups=groups if before else (),
        names=("before the pilot", "pilot") if before else (),
    )
    facts = (
        f"<p>{escape(delivery.source)}. {len(delivery.changes)} merged change(s), "
        f"{ratio(delivery.throughput_per_week)} a week; median lead time "
        f"{hours(delivery.median_lead_time_hours)} h; change failure rate "
        f"{percent(delivery.change_failure_rate)} ({delivery.failed} of {len(delivery.changes)},"
        f" window {delivery.window_days} days).</p>"
    )
    note = _note(f"Baseline: {report.baseline.note}.") if report.baseline.note else ""
    return (
        _figure(chart, readings.throughput(report))
        + facts
        + html_table(tables.comparison(report))
        + note
        + html_table(tables.changes(delivery))
    )


def _corrections(report: Report) -> str:
    if not report.corrections:
        return "<p>None logged.</p>"
    return (
        "<p>By cause:</p>"
        + html_table(tables.causes(report))
        + "<p>By task and cause:</p>"
        + html_table(tables.causes_by_task(report))
        + html_table(tables.corrections(report))
    )


def _roi(report: Report) -> str:
    roi, ev = report.roi, report.evaluation
    if not ev.effort.tasks:
        return "<p>No agent task is done yet: there is no finished work to price.</p>"
    if roi.hourly_rate is None:
        return (
            f"<p>{hours(roi.hours)} engineer hours and {money(roi.tokens)} of tokens "
            f"against {hours(roi.estimate_hours)} hours estimated by hand, over the done "
            "tasks; give <code>--hourly-rate USD</code> to put both in money.</p>"
        )
    corrected = (
        f" Corrected by the controls' bias ({ratio(roi.bias)}): "
        f"{money(roi.corrected_saving(roi.bias))} saved."
        if roi.bias is not None
        else " No control measured the estimate's bias."
    )
    return html_table(tables.roi(report)) + (
        f"<p>At {money(roi.hourly_rate)} an hour the done work cost {ratio(roi.ratio)} of the "
        f"raw hand estimate: {money(roi.saving)} saved.{escape(corrected)}</p>"
    )
