"""Rules for the specs: stable requirement ids, acceptance criteria, open questions, vague
words, and a measurable end point in `PILOT.md`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from pilotkit.findings import Finding, finding
from pilotkit.pilot import markdown, specs
from pilotkit.pilot.load import PILOT_MD
from pilotkit.pilot.tasks import Task
from pilotkit.rules.base import ERROR, WARNING, Context, Rule

# Unresolved markers: a spec or task that still holds one is not ready for an agent.
MARKERS = ("TBD", "TBC", "TODO", "FIXME", "???", "[NEEDS CLARIFICATION]")
# Words that promise a quality without a measure; a number in the same sentence measures it.
VAGUE_TERMS = (
    "fast",
    "quick",
    "quickly",
    "slow",
    "responsive",
    "performant",
    "efficient",
    "efficiently",
    "scalable",
    "robust",
    "reliable",
    "flexible",
    "user-friendly",
    "easy to use",
    "intuitive",
    "seamless",
    "seamlessly",
    "reasonable",
    "adequate",
    "sufficient",
)
# Phrases that leave the scope open; no number fixes them.
OPEN_ENDED = (
    "etc.",
    "and so on",
    "as needed",
    "as appropriate",
    "if necessary",
    "where possible",
    "as soon as possible",
    "and more",
)
_ACCEPTANCE = re.compile(r"^acceptance criteria$", re.IGNORECASE)
_END_POINT = re.compile(r"\bend[ -]?point\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[A-Z(])")


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
    pattern = _markers((*MARKERS, *ctx.options.markers))
    for path, text, first_line in _documents(ctx):
        if not pattern.search(text):  # most files have none: skip the line-by-line pass
            continue
        for line, prose_line in specs.prose(text, first_line):
            for match in pattern.finditer(prose_line):
                yield finding(
                    "PK-S005",
                    path,
                    line,
                    f"unresolved `{match.group(0)}`",
                    "settle the open question and write the answer in its place",
                    column=match.start() + 1,
                )


def vague_terms(ctx: Context) -> Iterator[Finding]:
    vague, open_ended = _vague((*VAGUE_TERMS, *ctx.options.vague_terms)), _vague(OPEN_ENDED)
    quick = _vague((*VAGUE_TERMS, *ctx.options.vague_terms, *OPEN_ENDED))
    for path, line, text in _measured_lines(ctx, quick):
        for sentence_start, sentence in _sentences(text):
            hits = list(open_ended.finditer(sentence))
            if not _NUMBER.search(sentence):
                hits += vague.finditer(sentence)
            for match in sorted(hits, key=lambda m: m.start()):
                word = match.group(0)
                yield finding(
                    "PK-S006",
                    path,
                    line,
                    f"vague term `{word}` without a measure",
                    'say exactly what is meant: a number with a unit ("under 2 seconds"), '
                    "or the complete list instead of an open end",
                    column=sentence_start + match.start() + 1,
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


def _measured_lines(ctx: Context, quick: re.Pattern[str]) -> Iterator[tuple[str, int, str]]:
    """Lines that must be precise: requirement sections, and tasks' acceptance criteria."""
    for req in ctx.pilot.requirements:
        if not req.withdrawn:
            for line, text in req.lines[1:]:
                yield specs.REQUIREMENTS, line, text
    for task in ctx.pilot.tasks:
        yield from _acceptance_lines(task, quick)


def _acceptance_lines(task: Task, quick: re.Pattern[str]) -> Iterator[tuple[str, int, str]]:
    if not quick.search(task.section("Acceptance criteria")):
        return  # nothing vague in the section: skip the line-by-line pass
    inside = False
    for line, text in specs.prose(task.body, task.body_line):
        heading = markdown.HEADING.match(text)
        if heading:
            inside = bool(_ACCEPTANCE.match(heading.group(2)))
        elif inside:
            yield task.path, line, text


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    for match in _SENTENCE.finditer(text):
        yield start, text[start : match.start()]
        start = match.end()
    yield start, text[start:]


@lru_cache(maxsize=16)
def _markers(words: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for word in words:
        if word.startswith("[") and word.endswith("]"):
            parts.append(re.escape(word[:-1]) + r"[^\]]*\]")
        elif word[0].isalnum():
            parts.append(rf"\b{re.escape(word)}\b")
        else:
            parts.append(re.escape(word))
    return re.compile("|".join(parts))


@lru_cache(maxsize=16)
def _vague(words: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for word in words:
        tail = "" if word.endswith(".") else r"(?![\w-])"
        parts.append(rf"(?<![\w-]){re.escape(word)}{tail}")
    return re.compile("|".join(parts), re.IGNORECASE)


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
