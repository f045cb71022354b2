"""The pilot suitability verdict, rendered from the template's own macro.

The checks and thresholds live in one place, the template's
`_pilotkit/suitability.jinja`, which writes the verdict into PILOT.md. The interview
shows the same verdict by rendering the same macros, so the two can never disagree: from
the five answers as soon as they are in, and, once the tasks are entered, from what
their dependencies let run at once too (the `graph_reasons` macro, when the template has it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pilotkit.template.questionnaire import Questionnaire

MACROS = "_pilotkit/suitability.jinja"


@dataclass(frozen=True)
class Verdict:
    """The verdict: good when no check fails; otherwise one reason per failed check."""

    good: bool
    reasons: tuple[str, ...]


def macro_path(questionnaire: Questionnaire) -> str:
    """Where the suitability macros are, relative to the template's root."""
    sub = questionnaire.subdirectory.strip("/")
    return f"{sub}/{MACROS}" if sub else MACROS


def inputs(questionnaire: Questionnaire) -> tuple[str, ...]:
    """The questions the verdict needs (the macro's arguments); empty without the macro."""
    reasons = questionnaire.macro(macro_path(questionnaire), "reasons")
    return tuple(reasons.arguments) if reasons is not None else ()


def thresholds(questionnaire: Questionnaire) -> dict[str, Any]:
    """The thresholds the checks use (`MIN_…` values set at the top of the macros file)."""
    values = questionnaire.module_values(macro_path(questionnaire))
    return {name: value for name, value in values.items() if name.startswith("MIN_")}


def verdict(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> Verdict | None:
    """The verdict for ANSWERS; None when the template has no suitability macro."""
    reasons = questionnaire.macro(macro_path(questionnaire), "reasons")
    if reasons is None:
        return None
    markdown = str(reasons(*(answers[name] for name in reasons.arguments)))
    graph = questionnaire.macro(macro_path(questionnaire), "graph_reasons")
    tasks, parallel = answers.get("tasks"), answers.get("parallel_tasks")
    if graph is not None and _entered(tasks) and isinstance(parallel, int):
        markdown += str(graph(parallel, tasks))
    found = tuple(_plain(item) for item in re.split(r"^- ", markdown, flags=re.MULTILINE))
    found = tuple(reason for reason in found if reason)
    return Verdict(good=not found, reasons=found)


def _entered(tasks: Any) -> bool:
    """Whether TASKS is a list of tasks as the template's validator accepts them."""
    return (
        isinstance(tasks, list)
        and bool(tasks)
        and all(isinstance(task, dict) and "id" in task for task in tasks)
    )


def _plain(markdown: str) -> str:
    """One Markdown bullet as one line of plain text."""
    return " ".join(markdown.replace("**", "").replace("`", "").split())
