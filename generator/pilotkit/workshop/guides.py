"""FACILITATOR.md (everything, answers included) and HANDOUT.md (no spoilers)."""

from __future__ import annotations

from collections.abc import Sequence

from pilotkit.workshop.exercise import Edit, Exercise, Pass
from pilotkit.workshop.kit import branch


def clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def agenda(exercises: Sequence[Exercise]) -> list[tuple[str, str, Exercise]]:
    """(from, to, exercise) for each exercise, the times summed from the exercises' minutes."""
    rows, start = [], 0
    for item in exercises:
        rows.append((clock(start), clock(start + item.minutes), item))
        start += item.minutes
    return rows


def facilitator(kit: str, exercises: Sequence[Exercise], participants: Sequence[str]) -> str:
    total = sum(item.minutes for item in exercises)
    lines = [
        f"# Workshop {kit}: facilitator's guide",
        "",
        f"{len(participants)} participants, {len(exercises)} exercises, {clock(total)} in all.",
        "Each participant has a repository under `participants/`; score them with "
        "`pilotkit workshop verify .` from this folder.",
        "",
        "## Agenda",
        "",
        "| from | to | exercise | minutes |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| {a} | {b} | {item.title} | {item.minutes} |" for a, b, item in agenda(exercises)]
    for item in exercises:
        lines += ["", f"## {item.title} (`{item.id}`, {item.minutes} min)", ""]
        lines += [f"Step: {item.step}", "", f"Goal: {item.goal}", ""]
        lines += [f"Planted: {_planted(item.plant)}", ""]
        if item.template:
            lines += [f"The template's newer version (in the kit): {_planted(item.template)}", ""]
        lines += ["Expected findings: " + ", ".join(item.expect), ""]
        lines += _passing(item.passing)
        lines += _listed("Hints, in order", item.hints)
        lines += _listed("Debrief", item.debrief)
        lines += _listed("Common mistakes", item.mistakes)
    return "\n".join(lines).rstrip() + "\n"


def _planted(edits: Sequence[Edit]) -> str:
    """One phrase per edit: what it changed, and where."""
    return "; ".join(
        " ".join(part for part in (edit.op, edit.path, edit.key or edit.heading) if part)
        for edit in edits
    )


def _passing(rules: Pass) -> list[str]:
    lines = []
    if rules.protect:
        lines.append("Protected (must not change): " + ", ".join(rules.protect))
    if rules.min_tasks:
        lines.append(f"At least {rules.min_tasks} tasks must remain.")
    if rules.covered:
        lines.append("Still covered by a task: " + ", ".join(rules.covered))
    if rules.usage_records:
        lines.append(f"At least {rules.usage_records} usage records imported into metrics/usage/.")
    if rules.journal_entries:
        lines.append(f"At least {rules.journal_entries} journal entries the report can count.")
    lines += [f"{path} must still say: {text}" for path, text in rules.contains]
    if rules.updated:
        lines.append("The pilot must record the newest version of its template.")
    return [*lines, ""] if lines else []


def _listed(title: str, items: Sequence[str]) -> list[str]:
    if not items:
        return []
    return [f"{title}:", "", *(f"{n}. {text}" for n, text in enumerate(items, 1)), ""]


def handout(kit: str, exercises: Sequence[Exercise]) -> str:
    """What participants read: goals and how to work, never rule ids, hints or solutions."""
    lines = [
        f"# Workshop {kit}",
        "",
        "Your repository holds one branch per exercise. For each exercise: check out its "
        "branch, find what is wrong, fix it, and commit. Only what you commit counts.",
        "",
        "- `pilotkit workshop check` tells you what is still wrong on the current exercise.",
        "- `pilotkit workshop check --hint` gives the next hint (hints are recorded).",
        "- `pilotkit workshop reset --exercise ID` puts an exercise back to its start.",
    ]
    for number, (start, end, item) in enumerate(agenda(exercises), 1):
        lines += ["", f"## {number}. {item.title} ({start}–{end})", ""]
        lines += [f"Branch: `{branch(item.id)}`", "", item.goal]
    return "\n".join(lines) + "\n"
