"""A ticket as the parts of a task file: context, steps, criteria, scope, files, hours.

The parts come from the ticket's own sections: context from the prose before its first
heading, steps from its checklist, criteria as the scorer reads them, out of scope from
its out-of-scope section (or `Out of scope:` lines), files from the paths it names.
"""

from __future__ import annotations

import re

from pilotkit.backlog.measures import CRITERIA_TITLES, OUT_OF_SCOPE_TITLES, Reading
from pilotkit.backlog.ticket import Ticket
from pilotkit.rules import signals

_OUT_LINE = re.compile(r"^\s*(?:[-*+]\s+)?out of scope:\s*(.+)$", re.IGNORECASE)
_STEP_TITLES = ("steps", "tasks", "implementation", "plan", "to do", "todo")


def context(ticket: Ticket) -> str:
    """The ticket's prose before its first heading, or a line saying where it came from."""
    first = min((s.line for s in ticket.sections), default=0)
    head = ticket.text.split("\n")[: first - 1] if first else ticket.text.split("\n")
    prose = " ".join(" ".join(head).split())
    where = f"From {ticket.key}" + (f" ({ticket.url})" if ticket.url else "")
    return f"{prose}\n\n{where}." if prose else f"{where}: {ticket.title}."


def steps(ticket: Ticket) -> tuple[str, ...]:
    """The ticket's checklist items outside its criteria, or the items of a steps section."""
    criteria = ticket.section(*CRITERIA_TITLES)
    inside = set()
    if criteria is not None:
        inside = {line for line, _ in signals.list_items(criteria.text, criteria.body_line)}
    found = tuple(item.text for item in ticket.checklist if item.line not in inside)
    if found:
        return found
    section = ticket.section(*_STEP_TITLES)
    if section is None:
        return ()
    return tuple(text for _, text in signals.list_items(section.text, section.body_line))


def criteria(ticket: Ticket) -> tuple[str, ...]:
    return tuple(text for _, text in Reading(ticket).criteria)


def out_of_scope(ticket: Ticket) -> tuple[str, ...]:
    section = ticket.section(*OUT_OF_SCOPE_TITLES)
    found = []
    if section is not None:
        found += [text for _, text in signals.list_items(section.text, section.body_line)]
    for line in ticket.text.split("\n"):
        match = _OUT_LINE.match(line)
        if match:
            text = match.group(1).strip()
            found.append(text[:1].upper() + text[1:])
    return tuple(dict.fromkeys(found))


def files(ticket: Ticket) -> tuple[str, ...]:
    """The paths the ticket names as its scope, as globs (a folder means all below it);
    paths written inside an out-of-scope line are not its scope."""
    excluded = " ".join(out_of_scope(ticket))
    found = []
    for hit in signals.scope(ticket.text):
        path = hit.text.strip("`")
        if hit.kind != signals.PATH or path in excluded or "://" in path:
            continue
        found.append(f"{path.rstrip('/')}/**" if path.endswith("/") else path)
    return tuple(dict.fromkeys(found))


def hours(ticket: Ticket, hours_per_point: float) -> float | None:
    if ticket.estimate_hours is not None:
        return ticket.estimate_hours
    return ticket.points * hours_per_point if ticket.points is not None else None
