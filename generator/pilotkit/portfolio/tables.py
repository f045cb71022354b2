"""The portfolio's tables as data (the report's `Table`), which text, Markdown and HTML
all render: the pilots, a table per cut, the agent products and the lessons."""

from __future__ import annotations

from pilotkit.metrics.report.tables import Table, number_columns, table, text_columns
from pilotkit.metrics.report.text import DASH, hours, money, ratio
from pilotkit.portfolio.cuts import Cut, ProductGroup
from pilotkit.portfolio.lessons import CauseLesson, rate
from pilotkit.portfolio.model import Portfolio
from pilotkit.portfolio.sources import Pilot

SMALL = "small group: not ranked"


def pilots(portfolio: Portfolio) -> Table:
    def cells(pilot: Pilot, state: str) -> list[str]:
        f = pilot.facts
        return [
            f.pilot,
            f.engineer,
            f.template_version,
            f.month,
            ", ".join(p.product for p in f.products) or DASH,
            f"{f.done} of {f.tasks}",
            hours(f.done_estimate_hours),
            hours(f.engineer_minutes / 60),
            ratio(f.ratio),
            ratio(f.bias),
            money(f.spent),
            str(len(f.corrections)),
            state,
        ]

    header = [
        *text_columns("pilot", "engineer", "template", "month", "agents"),
        *number_columns("done", "estimate h", "engineer h", "ratio", "bias", "cost"),
        *number_columns("corrections"),
        *text_columns("note"),
    ]
    rows = [
        (cells(p, "journal errors: figures leave entries out" if p.marked else ""), False)
        for p in portfolio.pilots
    ]
    rows += [(cells(p, "not started"), False) for p in portfolio.not_started]
    return table(header, rows)


def cut(found: Cut) -> Table:
    header = [
        *text_columns(found.label),
        *number_columns("pilots", "done", "estimate h", "engineer h", "ratio"),
        *text_columns("per pilot"),
        *number_columns("bias", "cost", "corrections / done"),
        *text_columns("note"),
    ]
    rows = []
    for group in found.groups:
        p = group.pooled
        spread = p.ratio_spread
        per_pilot = (
            f"{ratio(spread.median)} ({ratio(spread.low)}–{ratio(spread.high)})"
            if spread.count > 1
            else ratio(spread.median)
        )
        rows.append(
            (
                [
                    group.key,
                    str(p.pilots),
                    str(p.done),
                    hours(p.estimate_hours),
                    hours(p.engineer_hours),
                    ratio(p.ratio),
                    per_pilot,
                    ratio(p.bias),
                    money(p.spent),
                    ratio(p.corrections_per_done),
                    SMALL if group.small else "",
                ],
                False,
            )
        )
    return table(header, rows)


def products(groups: tuple[ProductGroup, ...]) -> Table:
    header = [
        *text_columns("agent product"),
        *number_columns("pilots", "tasks done", "engineer h", "corrections"),
        *number_columns("corrections / done", "cost", "cost / done", "median lead time h"),
        *text_columns("note"),
    ]
    rows = [
        (
            [
                g.label,
                str(len(g.pilots)),
                str(g.tasks_done),
                hours(g.engineer_hours),
                str(g.corrections),
                ratio(g.corrections_per_done),
                money(g.cost),
                money(g.cost_per_done),
                hours(g.median_lead_time_hours),
                SMALL if g.small else "",
            ],
            False,
        )
        for g in groups
    ]
    return table(header, rows)


def lessons(found: tuple[CauseLesson, ...]) -> Table:
    versions = sorted({v for lesson in found for v, _, _ in lesson.by_version})
    header = [
        *text_columns("cause"),
        *number_columns("corrections", "minutes", "pilots"),
        *number_columns(*(f"per done task, {v}" for v in versions)),
    ]
    rows = []
    for lesson in found:
        per = {v: rate(n, done) for v, n, done in lesson.by_version}
        cells = [lesson.label, str(lesson.corrections), str(lesson.minutes), str(lesson.pilots)]
        rows.append(([*cells, *(ratio(per.get(v)) for v in versions)], False))
    return table(header, rows)
