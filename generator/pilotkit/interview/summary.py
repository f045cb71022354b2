"""The summary shown before the final confirmation: every answer, one line each, then a
warning for each problem the answers already show that `pilotkit check` would report."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pilotkit.pilot import graph, plan
from pilotkit.pilot.tasks import hours as as_hours
from pilotkit.rules.base import Options
from pilotkit.rules.parallelism import describe_chain
from pilotkit.template import suitability
from pilotkit.template.questionnaire import Questionnaire


def summary(
    q: Questionnaire,
    answers: Mapping[str, Any],
    verdict: suitability.Verdict | None,
    *,
    gone_on: bool = False,
) -> list[str]:
    """One line per answer (one per item for lists), as the person will check them.

    VERDICT is the one PILOT.md will carry; GONE_ON says the person chose to go on after
    a poor verdict from the suitability answers.
    """
    lines: list[str] = []
    context = q.context(answers)
    for question in q.questions:
        if question.name not in answers:
            continue
        value = answers[question.name]
        if question.has_choices:
            labels = {c.value: c.label for c in q.choices(question, context)}
            value = (
                [labels.get(v, v) for v in value]
                if isinstance(value, list)
                else labels.get(value, value)
            )
        rows = _rows(value)
        lines.append(f"  {question.name:<20} {rows[0]}")
        lines.extend(f"  {'':<20} {row}" for row in rows[1:])
        if verdict is not None and question.name == suitability_last(q):
            lines.append(f"  {'verdict':<20} {_verdict(verdict, gone_on)}")
    return lines


def warnings(answers: Mapping[str, Any]) -> list[str]:
    """One line for each readiness problem in ANSWERS: tasks that run one at a time against
    `parallel_tasks` or several agents (PK-T017, PK-T018), a task that covers no
    requirement (PK-T020), a task over a working day (PK-T021, at its default limit)."""
    tasks = {str(task.get("id")): task for task in _tasks(answers)}
    if len(tasks) != len(_tasks(answers)):
        return []  # an id given twice: the template's validator says so
    deps = {tid: [str(d) for d in task.get("depends_on") or ()] for tid, task in tasks.items()}
    hours = {tid: as_hours(task.get("estimate_hours")) for tid, task in tasks.items()}
    known = {tid: value for tid, value in hours.items() if value is not None}
    found = _parallel(answers, deps, known)
    limit = Options.max_task_hours
    for tid, task in tasks.items():
        if not task.get("requirements"):
            found.append(
                f"{tid} covers no requirement: link the one it implements, or say why on a "
                "`No requirement:` line of its Context"
            )
        if known.get(tid, 0) > limit:
            found.append(f"{tid} takes {known[tid]:g} hours, more than {limit:g}: split it")
    return [f"warning: {line}" for line in found]


def _tasks(answers: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    given = answers.get("tasks")
    return [task for task in given if isinstance(task, dict)] if isinstance(given, list) else []


def _parallel(
    answers: Mapping[str, Any], deps: dict[str, list[str]], hours: dict[str, float]
) -> list[str]:
    width = plan.useful_parallelism(deps, hours)
    chain = describe_chain(graph.longest_chain(deps))
    declared = answers.get("parallel_tasks")
    agents = answers.get("agents") or ()
    if isinstance(declared, int) and not isinstance(declared, bool) and width < declared:
        return [
            f"parallel_tasks is {declared}, but the tasks entered let at most {width} run at "
            f"a time ({chain}): drop a dependency that does not hold, or answer {width}"
        ]
    if width == 1 and len(deps) > 1 and len(agents) > 1:
        chosen = len(agents)
        return [f"{chosen} agents are chosen, but the tasks entered run one at a time ({chain})"]
    return []


def _verdict(verdict: suitability.Verdict, gone_on: bool) -> str:
    if verdict.good:
        return "good candidate"
    if gone_on:
        return "poor candidate (you chose to go on)"
    return "poor candidate: " + "; ".join(reason.split(":")[0] for reason in verdict.reasons)


def suitability_last(q: Questionnaire) -> str | None:
    inputs = suitability.inputs(q)
    return inputs[-1] if inputs else None


def _rows(value: Any) -> list[str]:
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return [_item_row(item) for item in value]
    if isinstance(value, list):
        return [", ".join(str(v) for v in value) or "none"]
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    return [show(value) if str(value).strip() else "(empty)"]


def _item_row(item: Mapping[str, Any]) -> str:
    head = item.get("id") or item.get("name") or ""
    text = (
        item.get("title") or item.get("statement") or item.get("url") or item.get("command") or ""
    )
    parts = [f"{head}  {' '.join(str(text).split())}".strip()]
    if "estimate_hours" in item:
        parts.append(f"{show(item['estimate_hours'])} h")
    if item.get("mode") == "hand":
        parts.append("control, built by hand")
    for key, label in (("depends_on", "after"), ("requirements", "covers"), ("files", "files")):
        if item.get(key):
            parts.append(f"{label} {', '.join(str(v) for v in item[key])}")
    if isinstance(item.get("acceptance"), list):
        count = len(item["acceptance"])
        parts.append(f"{count} acceptance criteri{'on' if count == 1 else 'a'}")
    if item.get("env"):
        parts.append(f"env {', '.join(item['env'])}")
    return " · ".join(parts)


def show(value: Any) -> str:
    """A default as the person would type it: 4 rather than 4.0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)
