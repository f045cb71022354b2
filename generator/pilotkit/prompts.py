"""The one module that asks questions in a terminal (questionary).

Tests patch the functions here for the logic and drive one real terminal with pexpect.
Ctrl-C raises KeyboardInterrupt (the CLI exits 130, nothing written).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# --- `pilotkit tasks add` ---------------------------------------------------------------


@dataclass(frozen=True)
class TaskAnswers:
    """The answers of the `tasks add` interview."""

    title: str
    depends_on: tuple[str, ...]
    requirements: tuple[str, ...]
    files: tuple[str, ...]
    hours: float | None
    criteria: tuple[str, ...]


def ask_task(
    tasks: Sequence[tuple[str, str]],
    requirements: Sequence[tuple[str, str]],
    given: TaskAnswers,
) -> TaskAnswers:
    """Ask for what GIVEN leaves empty; TASKS and REQUIREMENTS are (id, title) to pick from."""
    import questionary

    title = (
        given.title
        or questionary.text(
            "Task title:", validate=lambda text: bool(text.strip()) or "Give a short title."
        ).unsafe_ask()
    )
    depends_on = given.depends_on
    if not depends_on and tasks:
        depends_on = tuple(
            questionary.checkbox(
                "Which tasks must be done first? (space selects, enter confirms)",
                choices=[questionary.Choice(f"{i}  {t}", value=i) for i, t in tasks],
            ).unsafe_ask()
        )
    reqs = given.requirements
    if not reqs and requirements:
        reqs = tuple(
            questionary.checkbox(
                "Which requirements does it cover?",
                choices=[questionary.Choice(f"{i}  {t}", value=i) for i, t in requirements],
            ).unsafe_ask()
        )
    files = given.files or _globs(
        questionary.text(
            "Files it may change (globs, comma-separated):", validate=_valid_globs
        ).unsafe_ask()
    )
    hours = given.hours
    if hours is None:
        answer = questionary.text(
            "Hours it would take by hand (empty to skip):", validate=_valid_hours
        ).unsafe_ask()
        hours = float(answer) if answer.strip() else None
    criteria = given.criteria or _criteria()
    return TaskAnswers(title.strip(), depends_on, reqs, files, hours, criteria)


def _criteria() -> tuple[str, ...]:
    import questionary

    found: list[str] = []
    while True:
        line = questionary.text(
            f"Acceptance criterion {len(found) + 1} (empty to finish):"
        ).unsafe_ask()
        if not line.strip():
            return tuple(found)
        found.append(line.strip())


def _globs(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split(",") if part.strip())


def _valid_globs(text: str) -> Any:
    for glob in _globs(text):
        if glob.startswith("/") or ".." in glob.split("/"):
            return f"{glob}: give globs relative to the repository root"
    return True


def _valid_hours(text: str) -> Any:
    if not text.strip():
        return True
    try:
        value = float(text)
    except ValueError:
        return "Give a number of hours, such as 3 or 1.5."
    return True if value > 0 else "Give a positive number of hours."
