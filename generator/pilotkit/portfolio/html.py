"""The portfolio as one self-contained HTML page, with the report's conventions: its
style, its tables and its inline SVG charts (one per cut), no script, nothing fetched."""

from __future__ import annotations

from html import escape

from pilotkit.metrics.report import svg
from pilotkit.metrics.report.html import STYLE, html_table
from pilotkit.metrics.report.text import plural, ratio
from pilotkit.portfolio import tables, words
from pilotkit.portfolio.cuts import Cut
from pilotkit.portfolio.model import Portfolio


def render(portfolio: Portfolio) -> str:
    title = f"Portfolio of {len(portfolio.pilots)} pilots"
    sections = [
        f"<h1>{escape(title)}</h1>",
        f'<p class="note">As of {portfolio.as_of}. Made by <code>pilotkit portfolio</code> '
        "from the pilots' own reports.</p>",
        "<ul>"
        + "".join(
            f"<li><strong>{escape(label)}</strong>: {escape(text)}</li>"
            for label, text in words.headline_items(portfolio)
        )
        + "</ul>",
        "<h2>Pilots</h2>",
        html_table(tables.pilots(portfolio)),
        _problems(portfolio),
    ]
    for cut in portfolio.cuts:
        sections += [
            f"<h2>By {escape(cut.label)}</h2>",
            _cut_chart(cut),
            html_table(tables.cut(cut)),
        ]
    sections += [
        "<h2>By agent product</h2>",
        _products_chart(portfolio),
        html_table(tables.products(portfolio.products)),
        "<h2>Lessons</h2>",
        _lessons(portfolio),
    ]
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>\n"
        + "\n".join(s for s in sections if s)
        + "\n</body></html>\n"
    )


def _figure(chart: str, reading: str) -> str:
    return f"<figure>{chart}<figcaption>{escape(reading)}</figcaption></figure>"


def _cut_chart(cut: Cut) -> str:
    groups = cut.groups
    chart = svg.grouped_bars(
        f"Estimate against engineer time, by {cut.label}",
        [g.key for g in groups],
        [
            ("hand estimate", [g.pooled.estimate_hours for g in groups]),
            ("engineer time", [g.pooled.engineer_hours for g in groups]),
        ],
        "hours",
        notes=[
            f"ratio {ratio(g.pooled.ratio)}" + (" · small group" if g.small else "") for g in groups
        ],
    )
    small = sum(1 for g in groups if g.small)
    reading = (
        f"Hours estimated by hand and engineer hours spent on the done agent tasks, per "
        f"{cut.label}; {small} of {len(groups)} groups are small (fewer pilots than the "
        "minimum) and are not ranked."
    )
    return _figure(chart, reading)


def _products_chart(portfolio: Portfolio) -> str:
    groups = portfolio.products
    chart = svg.grouped_bars(
        "Engineer time steering each agent product",
        [g.label for g in groups],
        [("engineer time", [g.engineer_hours for g in groups])],
        "hours",
        notes=[f"{g.tasks_done} done · {g.corrections} corrections" for g in groups],
    )
    reading = (
        "Engineer hours spent steering each agent product across the pilots, with its done "
        "tasks and corrections."
    )
    return _figure(chart, reading)


def _problems(portfolio: Portfolio) -> str:
    lines = [*portfolio.problems, *portfolio.notes]
    if not lines:
        return ""
    return (
        "<h2>Sources skipped, marked or counted once</h2><ul>"
        + "".join(f"<li>{escape(line)}</li>" for line in lines)
        + "</ul>"
    )


def _lessons(portfolio: Portfolio) -> str:
    found = portfolio.lessons
    if not found:
        return "<p>No course correction logged in any pilot.</p>"
    parts = [html_table(tables.lessons(found))]
    for lesson in found:
        parts.append(
            f"<h3>{escape(lesson.label)}: {plural(lesson.corrections, 'correction')} in "
            f"{plural(lesson.pilots, 'pilot')}</h3>"
            f"<p>Per done task, by template version: {escape(words.by_version(lesson))}.</p>"
            "<p>Template files to edit:</p><ul>"
            + "".join(f"<li>{escape(a)}</li>" for a in lesson.areas)
            + "".join(f"<li>the <code>{escape(s)}</code> MCP server</li>" for s in lesson.servers)
            + "</ul><p>Examples:</p><ul>"
            + "".join(
                f"<li>{escape(e.correction.date)}, {escape(e.link)}: "
                f"“{escape(e.correction.what)}”</li>"
                for e in lesson.examples
            )
            + "</ul>"
        )
    return "".join(parts)
