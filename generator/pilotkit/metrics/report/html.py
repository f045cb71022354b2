"""The report as one self-contained HTML page: the Markdown report's content and three
inline SVG charts (estimate vs actual per task, cumulative cost vs budget, throughput per
week). No script, no stylesheet or font from elsewhere: it opens offline, from a mail."""

from __future__ import annotations

from html import escape

from pilotkit.metrics.report import svg
from pilotkit.metrics.report.markdown import (
    change_cells,
    headline,
    hours,
    money,
    percent,
    ratio,
    token_cells,
)
from pilotkit.metrics.report.model import Report

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
        _headline_list(report),
        "<h2>Estimate against actual</h2>",
        _figure(_effort_chart(report), "Hours per task: hand estimate and engineer time."),
        _effort_table(report),
        "<h2>Agent tokens and cost</h2>",
        _figure(_cost_chart(report), "Cumulative token cost by day, against the budget."),
        _token_table(report),
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


def _figure(chart: str, caption: str) -> str:
    return f"<figure>{chart}<figcaption>{escape(caption)}</figcaption></figure>"


def _headline_list(report: Report) -> str:
    items = []
    for line in headline(report).splitlines():
        text = escape(line.removeprefix("- "))
        head, _, rest = text.partition(": ")
        items.append(f"<li><strong>{head.strip('*')}</strong>: {rest}</li>")
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


def _table(header: list[tuple[str, bool]], rows: list[tuple[list[str], bool]]) -> str:
    head = "".join(f'<th class="{"n" if n else ""}">{escape(h)}</th>' for h, n in header)
    body = "".join(
        f'<tr class="{"total" if total else ""}">'
        + "".join(
            f'<td class="{"n" if header[i][1] else ""}">{escape(cell)}</td>'
            for i, cell in enumerate(cells)
        )
        + "</tr>"
        for cells, total in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _effort_table(report: Report) -> str:
    header = [
        ("task", False),
        ("title", False),
        ("status", False),
        ("estimate h", True),
        ("engineer h", True),
        ("ratio", True),
        ("corrections", True),
    ]
    rows = [
        (
            [
                r.id,
                r.title,
                r.status,
                hours(r.estimate_hours),
                hours(r.engineer_hours),
                ratio(r.ratio),
                str(r.corrections),
            ],
            r.id == "total",
        )
        for r in [*report.tasks, report.pilot_wide, *report.waves, report.total]
    ]
    return _table(header, rows)


def _token_table(report: Report) -> str:
    header = [
        ("task", False),
        ("agent sessions", True),
        ("input", True),
        ("output", True),
        ("cache read", True),
        ("cache write 5m", True),
        ("cache write 1h", True),
        ("cost", True),
    ]
    rows = [
        (token_cells(r), r.id == "total") for r in [*report.tasks, report.pilot_wide, report.total]
    ]
    budget = report.budget
    spend = (
        f"<p>{money(budget.spent_usd)} spent of the {money(budget.budget_usd)} budget "
        f"({percent(budget.share)}). Priced with the {escape(report.price_label)}.</p>"
    )
    return _table(header, rows) + spend


def _delivery(report: Report) -> str:
    delivery = report.delivery
    if not delivery.measured:
        return f'<p class="note">{escape(delivery.source)}.</p>'
    weeks = list(delivery.weeks)
    chart = svg.columns(
        "Merged changes per week",
        [w.label for w in weeks],
        [w.merged for w in weeks],
        "merged changes",
    )
    facts = (
        f"<p>{escape(delivery.source)}. {len(delivery.changes)} merged change(s), "
        f"{ratio(delivery.throughput_per_week)} a week; median lead time "
        f"{hours(delivery.median_lead_time_hours)} h; change failure rate "
        f"{percent(delivery.change_failure_rate)} ({delivery.failed} of {len(delivery.changes)},"
        f" window {delivery.window_days} days).</p>"
    )
    header = [
        ("change", False),
        ("task", False),
        ("title", False),
        ("merged", False),
        ("lead time h", True),
        ("outcome", False),
    ]
    rows = [(change_cells(c), False) for c in delivery.changes]
    return _figure(chart, "PR throughput: merged changes per week.") + facts + _table(header, rows)


def _corrections(report: Report) -> str:
    if not report.corrections:
        return "<p>None logged.</p>"
    header = [
        ("date", False),
        ("task", False),
        ("agent", False),
        ("minutes", True),
        ("what", False),
    ]
    rows = [
        ([str(e.date), e.task or "", e.agent or "", str(e.minutes), e.text or ""], False)
        for e in report.corrections
    ]
    return _table(header, rows)


def _roi(report: Report) -> str:
    roi = report.roi
    if roi.hourly_rate is None:
        return (
            f"<p>{hours(roi.engineer_hours)} engineer hours and {money(roi.token_cost)} of tokens "
            f"against {hours(roi.estimate_hours)} hours estimated by hand; give "
            "<code>--hourly-rate USD</code> to put both in money.</p>"
        )
    header = [("", False), ("hours", True), ("cost", True)]
    rows = [
        (["by hand (estimate)", hours(roi.estimate_hours), money(roi.hand_cost)], False),
        (
            [
                "engineer time",
                hours(roi.engineer_hours),
                money(roi.engineer_hours * roi.hourly_rate),
            ],
            False,
        ),
        (["agent tokens", "", money(roi.token_cost)], False),
        (["actual", hours(roi.engineer_hours), money(roi.actual_cost)], True),
    ]
    return _table(header, rows) + (
        f"<p>At {money(roi.hourly_rate)} an hour the pilot cost {ratio(roi.ratio)} of the hand "
        f"estimate: {money(roi.saving)} saved.</p>"
    )
