"""The interview of `pilotkit tasks add`: what the flags leave open about one new task.

The files and the hours are checked by the `tasks` validator of the template the pilot
was made from, at its version, exactly as `pilotkit new` checks them: the template says
what a task may hold, once. Its links are one multi-select, as in `pilotkit new`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from pilotkit import prompts
from pilotkit.commands.tasks.add import NewTask, Offer
from pilotkit.interview.items import (
    COVERS,
    DEPENDS_ON,
    Item,
    ListCheck,
    ask_words,
    link_choices,
    scalar,
    split_links,
)
from pilotkit.interview.lists import task_check
from pilotkit.numbers import is_number
from pilotkit.template.checkout import of_pilot
from pilotkit.template.questionnaire import Questionnaire

# What to do when the template's questions cannot be read.
_INSTEAD = "give --title and the other flags instead of the interview"


def ask_task(offer: Offer, given: NewTask) -> NewTask:
    """GIVEN, with what it leaves empty asked for (its context is never asked)."""
    with of_pilot(offer.root, offer.answers, instead=_INSTEAD) as files:
        check = task_check(Questionnaire(files.root, files.ref), offer.answers)
        return _ask(offer, given, check)


def _ask(offer: Offer, given: NewTask, check: ListCheck | None) -> NewTask:
    title = given.title or prompts.ask_text(
        "Task title:", check=lambda text: None if text.strip() else "Give a short title."
    )
    item: Item = {"id": offer.next_id, "title": title.strip()}

    def problem(update: Item) -> str | None:
        return check.field([], item, update) if check else None

    depends_on, reqs = _links(offer, given)
    files = given.files or tuple(
        ask_words(
            "Files or globs it may change:",
            "(separate with spaces)",
            lambda words: problem({"files": words}),
            paths=offer.paths,
        )
    )
    hours = given.hours
    if hours is None:
        answer = prompts.ask_text(
            "Hours it would take by hand (empty to skip):",
            check=lambda text: _hours_problem(text, problem),
        )
        hours = float(scalar(answer)) if answer.strip() else None
    criteria = given.criteria or _criteria()
    return replace(
        given,
        title=title.strip(),
        depends_on=depends_on,
        requirements=reqs,
        files=files,
        hours=hours,
        criteria=criteria,
    )


def _links(offer: Offer, given: NewTask) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The tasks it depends on and the requirements it covers: what the flags gave, the
    rest chosen in one multi-select."""
    offer_tasks = () if given.depends_on else offer.tasks
    offer_requirements = () if given.requirements else offer.requirements
    if not offer_tasks and not offer_requirements:
        return given.depends_on, given.requirements
    message = (
        "Depends on, and covers:"
        if offer_tasks and offer_requirements
        else "Which tasks must be done first?"
        if offer_tasks
        else "Which requirements does it cover?"
    )
    chosen = split_links(
        prompts.ask_checkbox(message, link_choices(offer_tasks, offer_requirements))
    )
    return (
        given.depends_on or tuple(chosen[DEPENDS_ON]),
        given.requirements or tuple(chosen[COVERS]),
    )


def _hours_problem(text: str, problem: Callable[[Item], str | None]) -> str | None:
    """What the template says about TEXT as the hours (empty skips them); a template
    that says nothing still needs a number to record."""
    if not text.strip():
        return None
    value = scalar(text)
    found = problem({"estimate_hours": value})
    if found is None and not is_number(value):
        return "Give a number of hours, such as 3 or 1.5."
    return found


def _criteria() -> tuple[str, ...]:
    found: list[str] = []
    while line := prompts.ask_text(
        f"Acceptance criterion {len(found) + 1} (empty to finish):"
    ).strip():
        found.append(line)
    return tuple(found)
