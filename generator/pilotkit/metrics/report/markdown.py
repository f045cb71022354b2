"""The report as Markdown: `metrics/REPORT.md`, committed and reviewed like code."""

from __future__ import annotations

from collections.abc import Iterable

from pilotkit.metrics.delivery import Change, Delivery
from pilotkit.metrics.report.model import Report, Row


def render(report: Report) -> str:
    """The whole report as one Markdown document."""
    parts = [
        f"# Pilot report: {report.pilot}\n",
        f"As of {report.as_of}. Made by `pilotkit report` from the task files, "
        "metrics/estimate.yaml, metrics/journal.yaml, metrics/usage/ and the git history; "
        "regenerate it rather than editing it. Definitions are at the end.\n",
        headline(report),
        "## Estimate against actual\n",
        _effort_table(report),
        "## Agent tokens and cost\n",
        _token_table(report),
        _budget(report),
        _delivery(report.delivery),
        _corrections(report),
        _roi(report),
        _definitions(report),
    ]
    return "\n".join(part.rstrip("\n") + "\n" for part in parts if part)


def hours(value: float | None) -> str:
    return "–" if value is None else f"{value:,.1f}"


def money(value: float | None) -> str:
    return "–" if value is None else f"${value:,.2f}"


def percent(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.1%}" if 0 < abs(value) < 0.1 else f"{value:.0%}"


def ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def headline(report: Report) -> str:
    total, budget, delivery = report.total, report.budget, report.delivery
    lines = [
        f"- **Effort**: {hours(total.engineer_hours)} engineer hours against "
        f"{hours(total.estimate_hours)} estimated by hand (ratio {ratio(total.ratio)}), "
        f"{total.corrections} course correction(s).",
        f"- **Tokens**: {money(total.cost)} over {total.agent_sessions} agent session(s)"
        + (
            f", {percent(budget.share)} of the {money(budget.budget_usd)} budget."
            if budget.budget_usd
            else "; no budget set."
        ),
    ]
    if delivery.measured:
        lines.append(
            f"- **Delivery**: {len(delivery.changes)} merged change(s), "
            f"{ratio(delivery.throughput_per_week)} a week; median lead time "
            f"{hours(delivery.median_lead_time_hours)} h; change failure rate "
            f"{percent(delivery.change_failure_rate)}."
        )
    roi = report.roi
    if roi.hourly_rate is not None:
        lines.append(
            f"- **ROI**: {money(roi.actual_cost)} actual against {money(roi.hand_cost)} by hand "
            f"at {money(roi.hourly_rate)}/h: saving {money(roi.saving)}."
        )
    if budget.unknown_models:
        lines.append(
            "- **Unpriced**: tokens of "
            + ", ".join(f"{m} ({t:,})" for m, t in budget.unknown_models.items())
            + " are not in the price table; add them to metrics/prices.yaml."
        )
    return "\n".join(lines) + "\n"


def table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    head = list(header)
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _effort_table(report: Report) -> str:
    def cells(row: Row, bold: bool = False) -> list[str]:
        first = f"**{row.id}**" if bold else row.id
        return [
            first,
            row.title,
            row.status,
            "" if row.wave is None else str(row.wave),
            hours(row.estimate_hours),
            hours(row.engineer_hours),
            ratio(row.ratio),
            str(row.journal_sessions),
            str(row.corrections),
        ]

    header = (
        "task",
        "title",
        "status",
        "wave",
        "estimate h",
        "engineer h",
        "ratio",
        "engineer sessions",
        "corrections",
    )
    rows = [cells(r) for r in report.tasks] + [cells(report.pilot_wide)]
    rows += [cells(w) for w in report.waves] + [cells(report.total, bold=True)]
    return table(header, rows)


def token_cells(row: Row) -> list[str]:
    """One row of the token table, in every format: the task, its agent sessions, each
    token count, and the cost (with the tokens no price covers)."""
    counts = [f"{row.tokens[name]:,}" for name in row.tokens]
    unpriced = f" (+{row.unpriced_tokens:,} unpriced)" if row.unpriced_tokens else ""
    return [row.id, str(row.agent_sessions), *counts, money(row.cost) + unpriced]


def change_cells(change: Change) -> list[str]:
    """One row of the merged changes table, in every format."""
    return [
        change.id,
        change.task or "",
        change.title,
        change.merged_at.strftime("%Y-%m-%d %H:%M"),
        hours(change.lead_time_hours),
        change.failed_by or ("in window" if change.pending else "ok"),
    ]


def _token_table(report: Report) -> str:
    def cells(row: Row, bold: bool = False) -> list[str]:
        found = token_cells(row)
        return [f"**{row.id}**", *found[1:]] if bold else found

    header = (
        "task",
        "agent sessions",
        "input",
        "output",
        "cache read",
        "cache write 5m",
        "cache write 1h",
        "cost",
    )
    rows = [cells(r) for r in report.tasks] + [cells(report.pilot_wide)]
    rows.append(cells(report.total, bold=True))
    return table(header, rows) + f"\nPriced with the {report.price_label}.\n"


def _budget(report: Report) -> str:
    budget = report.budget
    if budget.budget_usd is None:
        return "## Token budget\n\nNo `token_budget_usd` in the answers.\n"
    state = "over budget" if (budget.remaining_usd or 0) < 0 else "remaining"
    return (
        "## Token budget\n\n"
        f"{money(budget.spent_usd)} spent of {money(budget.budget_usd)} "
        f"({percent(budget.share)}); {money(abs(budget.remaining_usd or 0))} {state}.\n"
    )


def _delivery(delivery: Delivery) -> str:
    out = ["## Delivery\n"]
    if not delivery.measured:
        return f"## Delivery\n\n{delivery.source[0].upper()}{delivery.source[1:]}.\n"
    since = f"from {delivery.since} " if delivery.since else ""
    out.append(
        f"Source: {delivery.source}, {since}to {delivery.until}; failure window "
        f"{delivery.window_days} days.\n"
    )
    out.append(
        f"- PR throughput: {len(delivery.changes)} merged change(s) in {len(delivery.weeks)} "
        f"week(s), {ratio(delivery.throughput_per_week)} a week\n"
        f"- Median lead time: {hours(delivery.median_lead_time_hours)} hours\n"
        f"- Change failure rate: {percent(delivery.change_failure_rate)} "
        f"({delivery.failed} of {len(delivery.changes)})"
        + (
            f"; {sum(c.pending for c in delivery.changes)} change(s) are still inside "
            "their failure window"
            if any(c.pending for c in delivery.changes)
            else ""
        )
        + "\n"
    )
    out.append(
        table(
            ("week", "from", "merged", "of which tasks"),
            ((w.label, str(w.start), str(w.merged), str(w.task_changes)) for w in delivery.weeks),
        )
    )
    if delivery.changes:
        out.append(
            table(
                ("change", "task", "title", "merged", "lead time h", "outcome"),
                (change_cells(c) for c in delivery.changes),
            )
        )
    return "\n".join(out)


def _corrections(report: Report) -> str:
    if not report.corrections:
        return "## Course corrections\n\nNone logged.\n"
    rows = (
        (str(e.date), e.task or "", e.agent or "", str(e.minutes), e.text or "")
        for e in report.corrections
    )
    return "## Course corrections\n\n" + table(("date", "task", "agent", "minutes", "what"), rows)


def _roi(report: Report) -> str:
    roi = report.roi
    if roi.hourly_rate is None:
        return (
            "## ROI\n\n"
            f"{hours(roi.engineer_hours)} engineer hours and {money(roi.token_cost)} of tokens "
            f"against {hours(roi.estimate_hours)} hours estimated by hand. Give "
            "`--hourly-rate USD` to put both in money.\n"
        )
    return (
        "## ROI\n\n"
        + table(
            ("", "hours", "cost"),
            [
                ("by hand (estimate)", hours(roi.estimate_hours), money(roi.hand_cost)),
                (
                    "engineer time",
                    hours(roi.engineer_hours),
                    money(roi.engineer_hours * roi.hourly_rate),
                ),
                ("agent tokens", "", money(roi.token_cost)),
                ("**actual**", hours(roi.engineer_hours), money(roi.actual_cost)),
            ],
        )
        + f"\nAt {money(roi.hourly_rate)} an hour the pilot cost {ratio(roi.ratio)} of the hand "
        f"estimate: {money(roi.saving)} saved. The estimate is the counterfactual; it was made "
        "before the start and is subject to the biases of any estimate.\n"
    )


def _definitions(report: Report) -> str:
    lines = [f"- **{term}**: {text}" for term, text in report.definitions]
    window = f"The failure window is {report.delivery.window_days} days."
    return "## Definitions\n\n" + "\n".join(lines) + f"\n\n{window}\n"
