"""The report as Markdown: `metrics/REPORT.md`, committed and reviewed like code."""

from __future__ import annotations

from pilotkit.metrics.report import tables
from pilotkit.metrics.report.model import Report
from pilotkit.metrics.report.tables import Table
from pilotkit.metrics.report.text import (
    headline,
    hours,
    money,
    percent,
    plural,
    ratio,
    window,
)


def render(report: Report) -> str:
    """The whole report as one Markdown document."""
    parts = [
        f"# Pilot report: {report.pilot}\n",
        f"As of {report.as_of}. Made by `pilotkit report` from the task files, "
        "metrics/estimate.yaml, metrics/journal.yaml, metrics/usage/ and the git history; "
        "regenerate it rather than editing it. Definitions are at the end.\n",
        headline(report),
        "## Estimate against actual\n",
        markdown(tables.effort(report)),
        _effort_note(report),
        "## Control tasks: the estimate's bias\n",
        _controls(report),
        "## Agent tokens and cost\n",
        markdown(tables.tokens(report)) + f"\nPriced with the {report.price_label}.\n",
        _budget(report),
        "## Per agent\n",
        _agents(report),
        _delivery(report),
        "## Course corrections\n",
        _corrections(report),
        _roi(report),
        _definitions(report),
    ]
    return "\n".join(part.rstrip("\n") + "\n" for part in parts if part)


def markdown(found: Table) -> str:
    """TABLE as a Markdown pipe table; a total row's first cell in bold."""
    head = [title for title, _ in found.header]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join(" --- " for _ in head) + "|"]
    for cells, bold in found.rows:
        shown = [f"**{cells[0]}**", *cells[1:]] if bold else list(cells)
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in shown) + " |")
    return "\n".join(lines) + "\n"


def _effort_note(report: Report) -> str:
    p = report.evaluation.progress
    return (
        "A ratio is shown for done tasks only, and – for a task not started: a task in "
        f"progress is not set against its whole estimate. {p.done} of "
        f"{plural(p.tasks, 'agent task')} done; the headline's effort and ROI count those.\n"
    )


def _controls(report: Report) -> str:
    found = report.evaluation.controls
    if not found.tasks:
        return found.note() + "\n"
    return markdown(tables.controls(report)) + "\n" + found.note() + "\n"


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


def _agents(report: Report) -> str:
    if not report.agents:
        return "No agent is named in the task files, the journal or the usage yet.\n"
    return (
        markdown(tables.agents(report.agents, "agent"))
        + "\nPer product:\n\n"
        + markdown(tables.agents(report.products, "product"))
        + "\nEngineer hours are the journal's sessions and corrections that name the agent; "
        "usage that no claimed task ties to a named agent is listed under the product's "
        "key. Lead time runs from a task's claim to the merge of its change (the number "
        "of tasks in brackets).\n"
    )


def _delivery(report: Report) -> str:
    delivery = report.delivery
    if not delivery.measured:
        return f"## Delivery\n\n{delivery.source[0].upper()}{delivery.source[1:]}.\n"
    out = [
        "## Delivery\n",
        f"Source: {delivery.source}, {window_words(report)}; failure window "
        f"{delivery.window_days} days.\n",
        markdown(tables.comparison(report)),
    ]
    if report.baseline.note:
        out.append(f"Baseline: {report.baseline.note}.\n")
    pending = delivery.pending
    if pending:
        out.append(
            f"{plural(pending, 'change')} of the pilot are still inside their failure window.\n"
        )
    out.append(markdown(tables.weeks(delivery)))
    if delivery.changes:
        out.append(markdown(tables.changes(delivery)))
    return "\n".join(out)


def window_words(report: Report) -> str:
    """The pilot window, and the baseline's, as the Delivery section states them."""
    delivery, before = report.delivery, report.baseline.delivery
    pilot = f"pilot window {window(delivery)}"
    return f"{pilot}, baseline {window(before)}" if before else pilot


def _corrections(report: Report) -> str:
    if not report.corrections:
        return "None logged.\n"
    return (
        "By cause:\n\n"
        + markdown(tables.causes(report))
        + "\nBy task and cause:\n\n"
        + markdown(tables.causes_by_task(report))
        + "\nEach correction:\n\n"
        + markdown(tables.corrections(report))
    )


def _roi(report: Report) -> str:
    roi, ev = report.roi, report.evaluation
    if not ev.effort.tasks:
        return "## ROI\n\nNo agent task is done yet: there is no finished work to price.\n"
    if roi.hourly_rate is None:
        return (
            "## ROI\n\n"
            f"Over the {plural(len(ev.effort.tasks), 'done task')}: {hours(roi.hours)} engineer "
            f"hours (their share of pilot-wide work included) and {money(roi.tokens)} of "
            f"tokens against {hours(roi.estimate_hours)} hours estimated by hand. Give "
            "`--hourly-rate USD` to put both in money.\n"
        )
    corrected = (
        f" Corrected by the controls' bias ({ratio(roi.bias)}), the hand cost is "
        f"{money(roi.corrected(roi.bias))}: {money(roi.corrected_saving(roi.bias))} saved."
        if roi.bias is not None
        else " No control measured the estimate's bias: the hand cost is the raw estimate."
    )
    return (
        f"## ROI\n\nOver the {plural(len(ev.effort.tasks), 'done task')} and their share of "
        "the pilot-wide work, at "
        f"{money(roi.hourly_rate)} an hour:\n\n"
        + markdown(tables.roi(report))
        + f"\nThe work cost {ratio(roi.ratio)} of the raw hand estimate: "
        f"{money(roi.saving)} saved.{corrected} The estimate is the counterfactual; it was "
        "made before the start and carries the biases of any estimate.\n"
    )


def _definitions(report: Report) -> str:
    lines = [f"- **{term}**: {text}" for term, text in report.definitions]
    window = f"The failure window is {report.delivery.window_days} days."
    return "## Definitions\n\n" + "\n".join(lines) + f"\n\n{window}\n"
