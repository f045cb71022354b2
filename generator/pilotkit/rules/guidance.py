"""Rules for spec sections that are still the template's guidance: a design an agent relies
on that nobody wrote.

A `##` section of a file in `specs/` is unwritten when it holds nothing but a template's
guidance (`pilotkit.rules.signals.only_filler`), or, for `## Interfaces`, nothing at all
while tasks run side by side. Tasks rely on a section when they can run at the same time
as another task (they meet at `## Interfaces`) or when their body links to it
(`../specs/design.md#data`). PK-S008 warns while every task relying on it is `todo`;
PK-S009 is an error once one of them has started.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from pilotkit.findings import Finding, finding
from pilotkit.pilot import graph, markdown
from pilotkit.pilot.tasks import Task
from pilotkit.rules import signals
from pilotkit.rules.base import ERROR, WARNING, Context, Rule

_INTERFACES = re.compile(r"^interfaces?\b", re.IGNORECASE)
_LINK = re.compile(r"([\w.-]+\.md)#([\w-]+)")
_HINT = (
    "write what the section asks for in place of the guidance; when there is nothing to "
    "say, write `None:` and why"
)
_INTERFACES_HINT = (
    "write each function, endpoint, event or file format the tasks share: its signature or "
    "shape, its errors and the task that owns it; when they share none, write `None:` and why"
)


@dataclass(frozen=True)
class Unwritten:
    """A section of a spec that nobody wrote, and the tasks that rely on it."""

    path: str
    line: int
    title: str
    empty: bool  # nothing at all (else: only guidance)
    relying: tuple[Task, ...]
    side_by_side: bool  # the tasks rely on it because they run at the same time

    def started(self) -> list[Task]:
        return [task for task in self.relying if task.status != "todo"]

    def hint(self) -> str:
        return _INTERFACES_HINT if self.side_by_side else _HINT

    def what(self) -> str:
        state = "is empty" if self.empty else "holds only the template's guidance"
        return f"`## {self.title}` {state}"


def template_sections(ctx: Context) -> Iterator[Finding]:
    for found in _unwritten(ctx):
        if not found.started():
            meet = ""
            if found.side_by_side:
                meet = f"; {_names(found.relying)} can run at once and meet here"
            yield finding("PK-S008", found.path, found.line, found.what() + meet, found.hint())


def started_on_template(ctx: Context) -> Iterator[Finding]:
    for found in _unwritten(ctx):
        started = found.started()
        if started:
            who = ", ".join(f"{task.id} ({task.status})" for task in started[:4])
            more = f" and {len(started) - 4} more" if len(started) > 4 else ""
            yield finding(
                "PK-S009",
                found.path,
                found.line,
                f"{found.what()}, but {who}{more} already relies on it",
                "the agents work without this decision: " + found.hint(),
            )


def _unwritten(ctx: Context) -> list[Unwritten]:
    return ctx.shared("unwritten sections", lambda: list(_find(ctx)))


def _find(ctx: Context) -> Iterator[Unwritten]:
    pilot = ctx.pilot
    links = _links(pilot.by_id.values())
    for path in sorted(pilot.texts):
        if not (path.startswith("specs/") and path.endswith(".md")):
            continue
        _, parts = markdown.sections(pilot.texts[path], level=2)
        for part in parts:
            body = part.text.partition("\n")[2]
            empty = signals.blank(body)
            if part.level != 2 or not (
                empty or signals.only_filler(body, part.line + 1, ctx.options.filler)
            ):
                continue
            # Only an unwritten section asks who runs side by side: most pilots never do.
            beside = _side_by_side(ctx) if _INTERFACES.match(part.title) else ()
            if empty and not beside:
                continue  # a section left empty on purpose says nothing wrong
            linked = links.get((path.rsplit("/", 1)[-1], _anchor(part.title)), ())
            both = {task.id: task for task in (*beside, *linked)}  # each task once
            yield Unwritten(path, part.line, part.title, empty, tuple(both.values()), bool(beside))


def _side_by_side(ctx: Context) -> tuple[Task, ...]:
    """The tasks that share a wave with another task: they can run at the same time."""

    def compute() -> tuple[Task, ...]:
        waves = graph.waves(ctx.pilot.deps())
        return tuple(ctx.pilot.by_id[t] for wave in waves if len(wave) > 1 for t in wave)

    return ctx.shared("side by side", compute)


def _links(tasks: Iterable[Task]) -> dict[tuple[str, str], tuple[Task, ...]]:
    """(file name, anchor) → the tasks whose body links to that section."""
    found: dict[tuple[str, str], dict[str, Task]] = {}
    for task in tasks:
        for name, anchor in _LINK.findall(task.body):
            found.setdefault((name, anchor.lower()), {})[task.id] = task
    return {key: tuple(value.values()) for key, value in found.items()}


def _anchor(title: str) -> str:
    """The anchor a Markdown renderer gives a heading: lower case, punctuation dropped,
    spaces as hyphens (`## Open questions` → `open-questions`)."""
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


def _names(tasks: Sequence[Task]) -> str:
    ids = [task.id for task in tasks]
    if len(ids) > 4:
        return f"{', '.join(ids[:3])} and {len(ids) - 3} more"
    return f"{', '.join(ids[:-1])} and {ids[-1]}" if len(ids) > 1 else ids[0]


RULES = (
    Rule(
        "PK-S008",
        WARNING,
        "a spec section holds only the template's guidance",
        template_sections,
    ),
    Rule(
        "PK-S009",
        ERROR,
        "a started task relies on a spec section that is still the template's guidance",
        started_on_template,
    ),
)
