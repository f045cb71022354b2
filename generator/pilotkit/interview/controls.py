"""Control tasks: which tasks the engineer builds by hand, to measure the estimate's bias.

A hand estimate is the pilot's only counterfactual, and every estimate is biased. A task
built by hand, with its time logged, shows how far the estimate is off on this team's
work; `pilotkit report` divides the hand hours of the controls by their estimate and
corrects the counterfactual with it. The question is asked only when the plan has enough
tasks to keep most of them for the agents.
"""

from __future__ import annotations

from collections.abc import Sequence

from pilotkit import prompts
from pilotkit.interview.items import Item

# With fewer tasks, taking one away from the agents leaves too little to measure them on.
CONTROL_MIN_TASKS = 5


def ask_controls(tasks: Sequence[Item]) -> list[Item]:
    """TASKS, with `mode: hand` on those the person picks as controls (none by default)."""
    if len(tasks) < CONTROL_MIN_TASKS:
        return list(tasks)
    ids = [str(task["id"]) for task in tasks]
    prompts.say(
        "  A control task is one you build by hand, logging your time: it measures how far "
        "the hand estimate is off, so the report can correct it. Pick one or two typical "
        "tasks, or none."
    )
    text = prompts.ask_text(
        "Control tasks you will build by hand",
        instruction="(ids separated by spaces; Enter for none)",
        default="",
        check=lambda answer: problem(answer, ids),
    )
    chosen = set(text.upper().replace(",", " ").split())
    return [{**task, "mode": "hand"} if task["id"] in chosen else dict(task) for task in tasks]


def problem(answer: str, ids: Sequence[str]) -> str | None:
    """Why ANSWER is not a set of control task ids among IDS, or None."""
    chosen = answer.upper().replace(",", " ").split()
    unknown = [word for word in chosen if word not in ids]
    if unknown:
        return f"{', '.join(unknown)} is not a task (the tasks are {', '.join(ids)})"
    if len(set(chosen)) > len(ids) // 2:
        return f"keep most tasks for the agents: at most {len(ids) // 2} of {len(ids)} as controls"
    return None
