"""The summary shown before the final confirmation: every answer, one line each."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pilotkit.template import suitability
from pilotkit.template.questionnaire import Questionnaire


def summary(
    q: Questionnaire, answers: Mapping[str, Any], verdict: suitability.Verdict | None
) -> list[str]:
    """One line per answer (one per item for lists), as the person will check them."""
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
            text = "good candidate" if verdict.good else "poor candidate (you chose to go on)"
            lines.append(f"  {'verdict':<20} {text}")
    return lines


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
