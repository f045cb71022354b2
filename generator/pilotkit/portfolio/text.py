"""The portfolio for a terminal: the headline, then each table as aligned columns."""

from __future__ import annotations

from pilotkit.metrics.report.tables import Table
from pilotkit.portfolio import tables, words
from pilotkit.portfolio.model import Portfolio


def render(portfolio: Portfolio) -> str:
    lines = [f"Portfolio of {len(portfolio.pilots)} pilots, as of {portfolio.as_of}", ""]
    lines += [f"{label}: {text}" for label, text in words.headline_items(portfolio)]
    sections = [("Pilots", tables.pilots(portfolio))]
    sections += [(f"By {cut.label}", tables.cut(cut)) for cut in portfolio.cuts]
    sections += [("By agent product", tables.products(portfolio.products))]
    if portfolio.lessons:
        sections += [("Lessons: corrections by cause", tables.lessons(portfolio.lessons))]
    for title, found in sections:
        lines += ["", title, *aligned(found)]
    for lesson in portfolio.lessons:
        lines += ["", f"{lesson.label}: per done task, {words.by_version(lesson)}"]
    return "\n".join(lines) + "\n"


def aligned(found: Table) -> list[str]:
    """The table as lines of columns padded to their widest cell, numbers to the right."""
    grid = [[title for title, _ in found.header], *[list(cells) for cells, _ in found.rows]]
    widths = [max(len(row[i]) for row in grid) for i in range(len(found.header))]
    numeric = [n for _, n in found.header]
    return [
        "  ".join(
            cell.rjust(w) if n else cell.ljust(w)
            for cell, w, n in zip(row, widths, numeric, strict=True)
        ).rstrip()
        for row in grid
    ]
