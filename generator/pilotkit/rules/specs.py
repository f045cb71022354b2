"""Rules for the specs: stable requirement ids, acceptance criteria, open questions, vague
words, and a measurable end point in `PILOT.md`."""

from __future__ import annotations

import re
from collections.abc import Iterator

from pilotkit.findings import Finding, finding
from pilotkit.pilot import markdown, specs
from pilotkit.pilot.load import PILOT_MD
from pilotkit.pilot.tasks import Task
from pilotkit.rules import signals
from pilotkit.rules.base import ERROR, WARNING, Context, Rule

_ACCEPTANCE = re.compile(r"^acceptance criteria$", re.IGNORECASE)
_END_POINT = re.compile(r"\bend[ -]?point\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d")


def missing_requirements(ctx: Context) -> Iterator[Finding]:
    hint = "write specs/requirements.md: one `## R1 — Title` section per requirement"
    if not ctx.pilot.exists(specs.REQUIREMENTS):
        yield finding(
            "PK-S001", specs.REQUIREMENTS, None, "the pilot has no requirements file", hint
        )
    elif specs.REQUIREMENTS in ctx.pilot.texts and not ctx.pilot.requirements:
        yield finding("PK-S001", specs.REQUIREMENTS, 1, "holds no `## ` requirement", hint)


def requirement_without_id(ctx: Context) -> Iterator[Finding]:
    for req in ctx.pilot.requirements:
        if req.id is None:
            yield finding(
                "PK-S002",
                specs.REQUIREMENTS,
                req.line,
                f"requirement `{req.heading}` has no stable id",
                "start the heading with the next free id, e.g. `## R5 — Title`; "
                "every `##` heading in this file is a requirement",
            )


def duplicate_requirement(ctx: Context) -> Iterator[Finding]:
    first: dict[str, int] = {}
    for req in ctx.pilot.requirements:
        if req.id is None:
            continue
        if req.id in first:
            yield finding(
                "PK-S003",
                specs.REQUIREMENTS,
                req.line,
                f"{req.id} is already used on line {first[req.id]}",
                "give this requirement the next free id; never reuse or renumber ids",
            )
        else:
            first[req.id] = req.line


def requirement_without_acceptance(ctx: Context) -> Iterator[Finding]:
    for req in ctx.pilot.requirements:
        if req.withdrawn or req.acceptance:
            continue
        where = req.acceptance_line or req.line
        what = (
            "has an empty `### Acceptance criteria` list"
            if req.acceptance_line
            else ("has no `### Acceptance criteria`")
        )
        yield finding(
            "PK-S004",
            specs.REQUIREMENTS,
            where,
            f"{req.id or req.heading} {what}",
            "add a `### Acceptance criteria` list, each item checkable by a test",
        )


def unresolved_markers(ctx: Context) -> Iterator[Finding]:
    for path, text, first_line in _documents(ctx):
        for hit in signals.markers(text, first_line, ctx.options.markers):
            yield finding(
                "PK-S005",
                path,
                hit.line,
                f"unresolved `{hit.text}`",
                "settle the open question and write the answer in its place",
                column=hit.column,
            )


def vague_terms(ctx: Context) -> Iterator[Finding]:
    extra = ctx.options.vague_terms
    for path, line, text in _measured_lines(ctx, extra):
        for hit in signals.vague_in_line(text, line, extra):
            yield finding(
                "PK-S006",
                path,
                line,
                f"vague term `{hit.text}` without a measure",
                'say exactly what is meant: a number with a unit ("under 2 seconds"), '
                "or the complete list instead of an open end",
                column=hit.column,
            )


def end_point(ctx: Context) -> Iterator[Finding]:
    text = ctx.pilot.texts.get(PILOT_MD)
    if text is None:
        if not ctx.pilot.exists(PILOT_MD):
            yield finding("PK-S007", PILOT_MD, None, "the pilot has no charter", _END_HINT)
        return
    found = specs.section(text, _END_POINT)
    if found is None:
        yield finding("PK-S007", PILOT_MD, None, "has no `## End point` section", _END_HINT)
    elif not _NUMBER.search(found[1]):
        yield finding("PK-S007", PILOT_MD, found[0], "the end point has no measure", _END_HINT)


_END_HINT = (
    "write one measurable end point under `## End point and definition of done`, "
    "with a number (a count, a time, a size), e.g. 'exports 5,000 rows in under 60 seconds'"
)


def _documents(ctx: Context) -> Iterator[tuple[str, str, int]]:
    """(path, text, first line) of PILOT.md, every spec and every task body."""
    pilot = ctx.pilot
    for path in sorted(pilot.texts):
        if path == PILOT_MD or (path.startswith("specs/") and path.endswith(".md")):
            yield path, pilot.texts[path], 1
    for task in pilot.tasks:
        yield task.path, task.body, task.body_line


def _measured_lines(ctx: Context, extra: tuple[str, ...]) -> Iterator[tuple[str, int, str]]:
    """Lines that must be precise: requirement sections, and tasks' acceptance criteria."""
    for req in ctx.pilot.requirements:
        if not req.withdrawn:
            for line, text in req.lines[1:]:
                yield specs.REQUIREMENTS, line, text
    for task in ctx.pilot.tasks:
        yield from _acceptance_lines(task, extra)


def _acceptance_lines(task: Task, extra: tuple[str, ...]) -> Iterator[tuple[str, int, str]]:
    if not signals.vague(task.section("Acceptance criteria"), 1, extra):
        return  # nothing vague in the section: skip the line-by-line pass
    inside = False
    for line, text in specs.prose(task.body, task.body_line):
        heading = markdown.HEADING.match(text)
        if heading:
            inside = bool(_ACCEPTANCE.match(heading.group(2)))
        elif inside:
            yield task.path, line, text


RULES = (
    Rule(
        "PK-S001",
        ERROR,
        "`specs/requirements.md` is missing or holds no requirement",
        missing_requirements,
    ),
    Rule("PK-S002", ERROR, "a requirement has no stable id", requirement_without_id),
    Rule("PK-S003", ERROR, "two requirements share an id", duplicate_requirement),
    Rule(
        "PK-S004", ERROR, "a requirement has no acceptance criteria", requirement_without_acceptance
    ),
    Rule("PK-S005", ERROR, "an unresolved marker (TBD, TODO, ???, …)", unresolved_markers),
    Rule("PK-S006", WARNING, "a vague term without a measure", vague_terms),
    Rule("PK-S007", ERROR, "`PILOT.md` has no measurable end point", end_point),
)
