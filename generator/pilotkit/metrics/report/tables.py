"""The report's tables as data, one implementation that Markdown and HTML both render.

A `Table` is its header (each column's title and whether it holds numbers) and its rows
(the cells as text, and whether the row is a total to set in bold).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from pilotkit.metrics.delivery import Change, Delivery
from pilotkit.metrics.report.agents import AgentFigures
from pilotkit.metrics.report.model import Report
from pilotkit.metrics.report.rows import Row
from pilotkit.metrics.report.text import DASH, hours, money, percent, plural, ratio
from pilotkit.pilot.journal import CAUSES

Column = tuple[str, bool]  # title, numeric


@dataclass(frozen=True)
class Table:
    header: tuple[Column, ...]
    rows: tuple[tuple[tuple[str, ...], bool], ...]


def table(header: Iterable[Column], rows: Iterable[tuple[Sequence[str], bool]]) -> Table:
    return Table(tuple(header), tuple((tuple(cells), bold) for cells, bold in rows))


def text_columns(*names: str) -> list[Column]:
    return [(name, False) for name in names]


def number_columns(*names: str) -> list[Column]:
    return [(name, True) for name in names]


def effort(report: Report) -> Table:
    def cells(row: Row) -> list[str]:
        engineer = hours(row.engineer_hours) if row.started else DASH
        return [
            row.id,
            row.title,
            "hand" if row.mode == "hand" and row.status else ("agents" if row.status else ""),
            row.status,
            "" if row.wave is None else str(row.wave),
            hours(row.estimate_hours),
            engineer,
            ratio(row.ratio),
            str(row.journal_sessions),
            str(row.corrections),
        ]

    header = [
        *text_columns("task", "title", "by", "status", "wave"),
        *number_columns("estimate h", "engineer h", "ratio", "engineer sessions", "corrections"),
    ]
    rows = [*report.tasks, report.pilot_wide, *report.waves, report.total]
    return table(header, ((cells(r), r.id == "total") for r in rows))


def token_cells(row: Row) -> list[str]:
    """The task, its agent sessions, each token count, and the cost (with the tokens no
    price covers)."""
    counts = [f"{row.tokens[name]:,}" for name in row.tokens]
    unpriced = f" (+{row.unpriced_tokens:,} unpriced)" if row.unpriced_tokens else ""
    return [row.id, str(row.agent_sessions), *counts, money(row.cost) + unpriced]


def tokens(report: Report) -> Table:
    header = [
        *text_columns("task"),
        *number_columns(
            "agent sessions",
            "input",
            "output",
            "cache read",
            "cache write 5m",
            "cache write 1h",
            "cost",
        ),
    ]
    rows = [*report.tasks, report.pilot_wide, report.total]
    return table(header, ((token_cells(r), r.id == "total") for r in rows))


def controls(report: Report) -> Table:
    found = report.evaluation.controls
    header = [
        *text_columns("control", "title", "status"),
        *number_columns("estimate h", "hand h", "ratio"),
    ]
    rows = [
        (
            [
                c.id,
                c.title,
                c.status,
                hours(c.estimate_hours),
                hours(c.engineer_minutes / 60) if c.engineer_minutes else DASH,
                ratio(c.ratio),
            ],
            False,
        )
        for c in found.tasks
    ]
    rows.append(
        (
            [
                "bias",
                f"pooled over {plural(len(found.measured), 'done control')}",
                "",
                hours(found.estimate_hours),
                hours(found.hand_hours),
                ratio(found.bias),
            ],
            True,
        )
    )
    return table(header, rows)


def agents(rows: Sequence[AgentFigures], first: str) -> Table:
    """Per agent (FIRST = "agent") or per product (FIRST = "product")."""
    header = [
        *text_columns(first, *(["product"] if first == "agent" else [])),
        *number_columns(
            "tasks done",
            "agent sessions",
            "engineer sessions",
            "engineer h",
            "corrections",
            "tokens",
            "cost",
            "lead time h (claim → merge)",
        ),
    ]

    def cells(row: AgentFigures) -> list[str]:
        name = [row.name, row.label] if first == "agent" else [row.label]
        unpriced = f" (+{row.unpriced_tokens:,} unpriced)" if row.unpriced_tokens else ""
        lead = hours(row.median_lead_time_hours)
        return [
            *name,
            str(row.tasks_done),
            str(row.agent_sessions),
            str(row.engineer_sessions),
            hours(row.engineer_hours),
            str(row.corrections),
            f"{sum(row.tokens.values()):,}",
            money(row.cost) + unpriced,
            f"{lead} ({len(row.lead_times)})" if row.lead_times else DASH,
        ]

    return table(header, ((cells(r), False) for r in rows))


def comparison(report: Report) -> Table:
    """The pilot window beside the baseline, each rate with the counts behind it."""
    pilot, before = report.delivery, report.baseline.delivery
    header = [
        *text_columns(""),
        *number_columns(*(["before the pilot"] if before else []), "pilot"),
    ]

    def row(name: str, figure: Callable[[Delivery], str]) -> tuple[list[str], bool]:
        return [name, *([figure(before)] if before else []), figure(pilot)], False

    return table(
        header,
        [
            row("window", lambda d: f"{d.since or '…'} to {d.until}"),
            row("merged changes", lambda d: str(len(d.changes))),
            row("weeks", lambda d: str(len(d.weeks))),
            row("PR throughput per week", lambda d: ratio(d.throughput_per_week)),
            row(
                "median lead time h",
                lambda d: f"{hours(d.median_lead_time_hours)} (over {d.lead_time_changes})",
            ),
            row(
                "change failure rate",
                lambda d: f"{percent(d.change_failure_rate)} ({d.failed} of {len(d.changes)})",
            ),
            row("still in their failure window", lambda d: str(d.pending)),
        ],
    )


def change_cells(change: Change) -> list[str]:
    """One row of the merged changes table."""
    return [
        change.id,
        change.task or "",
        change.title,
        change.merged_at.strftime("%Y-%m-%d %H:%M"),
        hours(change.lead_time_hours),
        change.failed_by or ("in window" if change.pending else "ok"),
    ]


def weeks(delivery: Delivery) -> Table:
    return table(
        [*text_columns("week", "from"), *number_columns("merged", "of which tasks")],
        (
            ([w.label, str(w.start), str(w.merged), str(w.task_changes)], False)
            for w in delivery.weeks
        ),
    )


def changes(delivery: Delivery) -> Table:
    return table(
        [
            *text_columns("change", "task", "title", "merged"),
            *number_columns("lead time h"),
            *text_columns("outcome"),
        ],
        ((change_cells(c), False) for c in delivery.changes),
    )


def causes(report: Report) -> Table:
    found = report.causes
    total = found.total
    rows = [
        (
            [c.label, str(c.corrections), str(c.minutes), percent(c.corrections / total)],
            False,
        )
        for c in found.by_cause
        if c.corrections
    ]
    minutes = sum(c.minutes for c in found.by_cause)
    rows.append((["all causes", str(total), str(minutes), "100%"], True))
    return table([*text_columns("cause"), *number_columns("corrections", "minutes", "share")], rows)


def causes_by_task(report: Report) -> Table:
    found = report.causes
    keys = found.columns()
    names = [CAUSES.get(key or "", "not given") for key in keys]
    rows = [
        ([task, *(str(counts.get(key, 0)) for key in keys), str(sum(counts.values()))], False)
        for task, counts in found.by_task
    ]
    return table([*text_columns("task"), *number_columns(*names, "all")], rows)


def corrections(report: Report) -> Table:
    return table(
        [
            *text_columns("date", "task", "agent", "cause"),
            *number_columns("minutes"),
            *text_columns("what"),
        ],
        (
            (
                [
                    str(e.date),
                    e.task or "",
                    e.agent or "",
                    CAUSES.get(e.cause or "", "not given"),
                    str(e.minutes),
                    e.text or "",
                ],
                False,
            )
            for e in report.corrections
        ),
    )


def roi(report: Report) -> Table:
    roi_ = report.roi
    rate = roi_.hourly_rate or 0.0
    rows: list[tuple[list[str], bool]] = [
        (["by hand: the estimate, raw", hours(roi_.estimate_hours), money(roi_.hand_cost)], False)
    ]
    if roi_.bias is not None:
        spread = (
            f" ({money(roi_.corrected(roi_.bias_low))} to {money(roi_.corrected(roi_.bias_high))})"
            if roi_.bias_low != roi_.bias_high
            else ""
        )
        rows.append(
            (
                [
                    f"by hand: the estimate × bias {ratio(roi_.bias)}",
                    hours(roi_.estimate_hours * roi_.bias),
                    money(roi_.corrected(roi_.bias)) + spread,
                ],
                False,
            )
        )
    share = percent(roi_.overhead_share)
    rows += [
        (
            [
                "engineer time on the done tasks",
                hours(roi_.engineer_hours),
                money(roi_.engineer_hours * rate),
            ],
            False,
        ),
        (
            [
                f"their share ({share}) of pilot-wide time",
                hours(roi_.overhead_hours),
                money(roi_.overhead_hours * rate),
            ],
            False,
        ),
        (["agent tokens, theirs and their pilot-wide share", "", money(roi_.tokens)], False),
        (["actual", hours(roi_.hours), money(roi_.actual_cost)], True),
    ]
    return table([*text_columns(""), *number_columns("hours", "cost")], rows)
