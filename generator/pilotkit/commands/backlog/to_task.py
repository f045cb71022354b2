"""`pilotkit backlog to-task KEY`: a ready ticket as the pilot's next task file.

The task is written by the same writer as `pilotkit tasks add`, with `source:` naming the
ticket. A ticket that is not `ready` is refused, with its failing signals, unless forced.
Afterwards `check` runs on the pilot, and its findings come back with the task.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pilotkit.backlog import config as backlog_config
from pilotkit.backlog import conversion
from pilotkit.backlog.ranking import Exports, find, score_all
from pilotkit.backlog.scoring import READY_VERDICT, Scored
from pilotkit.backlog.ticket import plain_key
from pilotkit.commands.tasks.add import Added, NewTask, add_task
from pilotkit.findings import Finding


@dataclass(frozen=True)
class ToTask:
    """What a person asks of `to-task`: the ticket, and what to add or override."""

    key: str
    files: tuple[str, ...] = ()
    hours: float | None = None
    depends_on: tuple[str, ...] = ()
    requirements: tuple[str, ...] = ()
    as_requirement: bool = False
    force: bool = False


@dataclass(frozen=True)
class Converted:
    """The ticket scored; the task written (None when refused); the requirement added;
    and what `check` finds in the pilot afterwards."""

    scored: Scored
    added: Added | None
    requirement: str | None = None
    findings: tuple[Finding, ...] = ()

    @property
    def refused(self) -> bool:
        return self.added is None


def backlog_to_task(pilot: Path, request: ToTask, given: Exports) -> Converted:
    """Write the ticket REQUEST.key of the exports GIVEN as the next task of PILOT."""
    from pilotkit.backlog import requirement as as_requirement
    from pilotkit.commands.check import check  # check loads every rule: only when needed

    scores = score_all(given)
    by_key = {plain_key(t.key): t for t in scores.backlog.tickets}
    ticket = find(by_key, request.key, "to-task")
    scored = scores.scored[ticket.key]
    if scored.verdict != READY_VERDICT and not request.force:
        return Converted(scored, None)
    settings = backlog_config.load(given.config)
    criteria = conversion.criteria(ticket)
    new = NewTask(
        title=ticket.title,
        depends_on=request.depends_on,
        requirements=request.requirements,
        files=request.files or conversion.files(ticket),
        hours=request.hours or conversion.hours(ticket, settings.hours_per_point),
        context=conversion.context(ticket),
        criteria=criteria,
        steps=conversion.steps(ticket),
        out_of_scope=conversion.out_of_scope(ticket),
        source=(("tracker", ticket.tracker), ("key", ticket.key), ("url", ticket.url)),
    )
    rid = None
    if request.as_requirement:
        with as_requirement.added(pilot, ticket.title, criteria) as rid:
            added = add_task(pilot, _with(new, rid))
    else:
        added = add_task(pilot, new)
    return Converted(scored, added, rid, tuple(check(pilot).findings))


def _with(new: NewTask, rid: str) -> NewTask:
    from dataclasses import replace

    return replace(new, requirements=(*new.requirements, rid))
