"""The portfolio as Markdown, for a pull request or a wiki; and its lessons section alone,
the draft a lead turns into a template change (`--lessons-out`)."""

from __future__ import annotations

from pilotkit.metrics.report.markdown import markdown as md_table
from pilotkit.metrics.report.text import plural
from pilotkit.portfolio import tables, words
from pilotkit.portfolio.lessons import CauseLesson
from pilotkit.portfolio.model import Portfolio


def render(portfolio: Portfolio) -> str:
    parts = [
        "# Portfolio of pilots",
        f"As of {portfolio.as_of}{_dates(portfolio)}. Made by `pilotkit portfolio`; every "
        "figure is pooled from the pilots' own reports (`pilotkit report`).",
        "\n".join(f"- **{label}**: {text}" for label, text in words.headline_items(portfolio)),
        "## Pilots",
        md_table(tables.pilots(portfolio)),
        *_problems(portfolio),
    ]
    for cut in portfolio.cuts:
        parts += [f"## By {cut.label}", md_table(tables.cut(cut))]
    parts += ["## By agent product", md_table(tables.products(portfolio.products))]
    parts += [lessons_section(portfolio.lessons, level=2)]
    parts += ["## How to read it", _reading(portfolio)]
    return "\n\n".join(p.rstrip("\n") for p in parts if p) + "\n"


def _dates(portfolio: Portfolio) -> str:
    if not portfolio.since and not portfolio.until:
        return ""
    return (
        f"; pilots that ran from {portfolio.since or 'the start'} to {portfolio.until or 'today'}"
    )


def _problems(portfolio: Portfolio) -> list[str]:
    lines = [*portfolio.problems, *portfolio.notes]
    if not lines:
        return []
    return ["## Sources skipped, marked or counted once", "\n".join(f"- {line}" for line in lines)]


def _reading(portfolio: Portfolio) -> str:
    return (
        "Ratios are pooled: all engineer hours on done agent tasks ÷ all their estimated "
        "hours, never a mean of the pilots' ratios; the per-pilot median and range stand "
        "beside them. Rates carry the counts behind them. A group of fewer than "
        f"{plural(portfolio.min_pilots, 'pilot')} is marked small and listed after the "
        "others, not ranked. A pilot with nothing logged, no usage and no done task is "
        "not started: listed, and left out of every figure."
    )


def lessons_section(found: tuple[CauseLesson, ...], level: int = 2) -> str:
    """Corrections by cause and by template version, the files to edit, and examples."""
    head = "#" * level
    if not found:
        return f"{head} Lessons\n\nNo course correction logged in any pilot."
    parts = [
        f"{head} Lessons",
        "Course corrections across the pilots, by cause; per done task by template version, "
        "to see whether a change of the template helped.",
        md_table(tables.lessons(found)),
    ]
    for lesson in found:
        parts.append(_lesson(lesson, level + 1))
    return "\n\n".join(parts)


def _lesson(lesson: CauseLesson, level: int) -> str:
    lines = [
        f"{'#' * level} {lesson.label[:1].upper()}{lesson.label[1:]}: "
        f"{plural(lesson.corrections, 'correction')} in {plural(lesson.pilots, 'pilot')}",
        "",
        f"Per done task, by template version: {words.by_version(lesson)}.",
        "",
        "Template files to edit:",
        *(f"- {area}" for area in lesson.areas),
        *(
            f"- the `{server}` MCP server's entry in the catalog and MCP configs"
            for server in lesson.servers
        ),
        "",
        "Examples:",
        *(
            f"- {e.correction.date}, {e.link}: “{e.correction.what}” ({e.correction.minutes} min)"
            for e in lesson.examples
        ),
    ]
    return "\n".join(lines)


def draft(portfolio: Portfolio) -> str:
    """The lessons as a draft for a template change: it names the files; it edits nothing."""
    intro = (
        "# Draft: template changes from the pilots' lessons\n\n"
        f"Written by `pilotkit portfolio --lessons-out` on {portfolio.as_of}, from "
        f"{plural(len(portfolio.pilots), 'pilot')}. Nothing has been changed: edit the "
        "template files named under each cause (in your template's `template/` folder), "
        "release a new version, and roll it out with `pilotkit update`. The rates per "
        "template version show, in the next portfolio, whether the change helped."
    )
    return intro + "\n\n" + lessons_section(portfolio.lessons, level=2) + "\n"
