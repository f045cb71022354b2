"""A solved exercise's assertions besides its findings (`pass`: min_tasks, covered,
usage_records, journal_entries, contains, updated), read from a pilot's files: the scorer
reads them in the committed tree, `workshop check` in the participant's work tree."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pilotkit.errors import PilotkitError
from pilotkit.pilot import journal
from pilotkit.pilot.load import load_pilot
from pilotkit.rules.updates import newest_version
from pilotkit.workshop.exercise import Pass


def unmet(root: Path, passing: Pass) -> list[str]:
    """What the pilot at ROOT does not yet show of PASSING's assertions, one line each."""
    pilot = load_pilot(root)
    problems = []
    if len(pilot.tasks) < passing.min_tasks:
        problems.append(f"{len(pilot.tasks)} tasks remain; at least {passing.min_tasks}")
    covered = {req for task in pilot.tasks for req in task.requirements}
    problems.extend(f"{req} is covered by no task" for req in passing.covered if req not in covered)
    if passing.usage_records:
        problems.extend(_usage(root, passing.usage_records))
    if passing.journal_entries:
        counted = len(journal.load(root, set(pilot.by_id)).entries)
        if counted < passing.journal_entries:
            problems.append(
                f"{counted} journal entries the report can count; at least "
                f"{passing.journal_entries} (correct an entry rather than delete it)"
            )
    problems.extend(_contains(root, passing.contains))
    if passing.updated:
        newest = newest_version(root, pilot.answers)
        if newest is None or str(pilot.answers.get("_commit")) != newest:
            problems.append(f"the pilot is not at its template's newest version ({newest})")
    return problems


def _contains(root: Path, wanted: Sequence[tuple[str, str]]) -> list[str]:
    """The texts not in their files. Spaces and line breaks count as one space: a sentence
    re-wrapped while a conflict was resolved is still there."""
    problems = []
    for path, text in wanted:
        try:
            found = _spaced(text) in _spaced((root / path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            found = False
        if not found:
            problems.append(f"{path} no longer says {text!r}")
    return problems


def _usage(root: Path, least: int) -> list[str]:
    from pilotkit.metrics.usage import store

    try:
        found = len(store.load(root))
    except PilotkitError as err:
        return [str(err)]
    if found < least:
        return [f"{found} usage records in metrics/usage/; at least {least} expected"]
    return []


def _spaced(text: str) -> str:
    return " ".join(text.split())
