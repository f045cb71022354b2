"""What each readiness signal measures in one ticket: a value, and the lines that show it.

The text signals are `check`'s own (`pilotkit.rules.signals`): the same vague terms, open
ends, checkable criteria, template filler and named scope judge a task file and a ticket.
This module only decides where in a ticket to look; `calibration` turns the values into
scores against the team's reference tickets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from pilotkit.backlog.ticket import Section, Ticket
from pilotkit.rules import signals

CRITERIA_TITLES = ("acceptance", "criteria", "definition of done", "done when")
OUT_OF_SCOPE_TITLES = ("out of scope", "not in scope", "non-goals", "non goals")
TEST_TITLES = ("how to test", "testing", "test plan", "verification", "verify", "qa")
BUG_TITLES = (("steps to reproduce", "reproduce", "repro"), ("expected",), ("actual",))
DEPENDENCY_TITLES = ("dependencies", "depends on", "blocked by", "prerequisites")
_GHERKIN = re.compile(r"^\s*(?:[-*+]\s+|\d+[.)]\s+)?\**(then|and then)\b\**\s+(.+)$", re.I)
_MENTION = re.compile(
    r"\b(?:depends on|blocked by|blocks|requires|after|needs)\s+(#\d+|[A-Z][A-Z0-9]+-\d+)", re.I
)
_URL = re.compile(r"https?://\S+")


@dataclass(frozen=True)
class Hit:
    """One line of evidence: where (the export's line), what, and whether it earns (True)
    or costs (False) the ticket its score."""

    line: int
    kind: str
    text: str
    earns: bool


@dataclass(frozen=True)
class Measure:
    """A signal's raw VALUE for one ticket and its EVIDENCE."""

    id: str
    value: float
    evidence: tuple[Hit, ...]


class Reading:
    """One ticket as the signals read it; each part is worked out once."""

    def __init__(self, ticket: Ticket) -> None:
        self.ticket = ticket

    def hit(self, line: int, kind: str, text: str, earns: bool) -> Hit:
        """A hit at LINE of the ticket's text."""
        return Hit(self.ticket.where(line), kind, _short(text), earns)

    @cached_property
    def criteria(self) -> tuple[tuple[int, str], ...]:
        """The criteria as (export line, text): the criteria section's items (or its
        paragraphs), `Then` lines, the checklist, and a criteria field of its own."""
        t = self.ticket
        found: list[tuple[int, str]] = []
        section = t.section(*CRITERIA_TITLES)
        if section is not None:
            items = signals.list_items(section.text, section.body_line)
            items = items or signals.blocks(section.text, section.body_line)
            found += [(t.where(line), text) for line, text in items]
        if not found:
            found += [(t.where(i.line), i.text) for i in t.checklist]
        inside = {line for line, _ in found}
        for number, line in enumerate(t.text.split("\n"), start=1):
            match = _GHERKIN.match(line)
            if match and t.where(number) not in inside:
                found.append((t.where(number), match.group(2)))
        if t.criteria.strip():
            base = t.criteria_line or t.line
            own = signals.list_items(t.criteria, 1) or signals.blocks(t.criteria, 1)
            found += [(base + line - 1, text) for line, text in own]
        return tuple(dict.fromkeys(found))

    @cached_property
    def filler(self) -> tuple[signals.Evidence, ...]:
        """The template's own text in the description (lines of the text)."""
        return signals.filler(self.ticket.text)

    @cached_property
    def named_tests(self) -> list[signals.Evidence]:
        """The tests the description names (lines of the text)."""
        found = []
        for number, line in enumerate(self.ticket.text.split("\n"), start=1):
            lowered = line.lower()
            if "test" in lowered or "spec" in lowered:  # every test name holds one of them
                hits = signals.checkable(line, number)
                found += [hit for hit in hits if hit.kind == signals.NAMED_TEST]
        return found

    @cached_property
    def words(self) -> int:
        """Words of the description that the summary does not already say, filler aside."""
        filler = {hit.line for hit in self.filler}
        kept = "\n".join(
            text for line, text in signals.blocks(self.ticket.text) if line not in filler
        )
        return len(signals.words(kept) - signals.words(self.ticket.title))


def criteria(r: Reading) -> Measure:
    hits = tuple(Hit(line, "criterion", _short(text), True) for line, text in r.criteria)
    return Measure("PK-Q001", len(r.criteria), hits)


def measurable(r: Reading) -> Measure:
    hits: list[Hit] = []
    count = 0
    for line, text in r.criteria:
        vague = signals.vague(text)
        why = signals.checkable(text)
        if why and not vague:
            count += 1
            hits.append(Hit(line, why[0].kind, why[0].text, True))
        hits += [Hit(line, hit.kind, hit.text, False) for hit in vague]
    inside = {line for line, _ in r.criteria}
    elsewhere = [h for h in signals.vague(r.ticket.text) if r.ticket.where(h.line) not in inside]
    hits += [r.hit(h.line, h.kind, h.text, False) for h in elsewhere if h.kind == signals.VAGUE]
    value = max(0, count - sum(1 for h in elsewhere if h.kind == signals.VAGUE))
    return Measure("PK-Q002", value, tuple(sorted(hits, key=_order)))


def scope(r: Reading) -> Measure:
    t = r.ticket
    named = {hit.text: hit for hit in signals.scope(t.text)}
    hits = [r.hit(hit.line, hit.kind, hit.text, True) for hit in named.values()]
    hits += [Hit(t.line, "component", name, True) for name in t.components]
    out = t.section(*OUT_OF_SCOPE_TITLES)
    if out is not None and out.text.strip():
        hits.append(r.hit(out.line, "out of scope", out.title, True))
    return Measure("PK-Q003", len(hits), tuple(sorted(hits, key=_order)))


def context(r: Reading) -> Measure:
    t = r.ticket
    hits: list[Hit] = []
    value = float(r.words)
    if value:
        hits.append(r.hit(1, "description", f"{r.words} words beyond the summary", True))
    else:
        hits.append(Hit(t.line, "description", "nothing beyond the summary", False))
    lines = enumerate(t.text.split("\n"), start=1)
    links = [(number, m.group(0)) for number, line in lines for m in _URL.finditer(line)]
    letters = sum(len(part) for part in t.text.split())
    share = sum(len(url) for _, url in links) / letters if letters else 0.0
    if share > 0.5:  # mostly bare links: the reader has to leave the ticket to learn anything
        value *= 1 - share
        hits += [r.hit(line, "bare link", url, False) for line, url in links]
    hits += [r.hit(h.line, h.kind, h.text, False) for h in r.filler]
    return Measure("PK-Q004", round(value, 2), tuple(sorted(hits, key=_order)))


def dependencies(r: Reading) -> Measure:
    t = r.ticket
    hits = [Hit(t.line, "link", key, True) for key in t.links]
    for number, line in enumerate(t.text.split("\n"), start=1):
        hits += [r.hit(number, "mention", m.group(0), True) for m in _MENTION.finditer(line)]
    section = t.section(*DEPENDENCY_TITLES)
    if section is not None and section.text.strip():
        hits.append(r.hit(section.line, "section", section.title, True))
    return Measure("PK-Q005", len(hits), tuple(sorted(hits, key=_order)))


def size(r: Reading) -> Measure:
    """The estimate (points, else hours; -1 when there is none) — the band is calibration's."""
    t = r.ticket
    if t.points is not None:
        return Measure("PK-Q006", t.points, (Hit(t.line, "points", f"{t.points:g}", True),))
    if t.estimate_hours is not None:
        hours = f"{t.estimate_hours:g} h"
        return Measure("PK-Q006", t.estimate_hours, (Hit(t.line, "hours", hours, True),))
    return Measure("PK-Q006", -1, (Hit(t.line, "estimate", "no points or hours", False),))


def open_ends(r: Reading) -> Measure:
    t = r.ticket
    found = [*signals.open_ends(t.text), *r.filler]
    hits = [r.hit(h.line, h.kind, h.text, False) for h in found]
    if t.criteria.strip():
        base = t.criteria_line or t.line
        own = signals.open_ends(t.criteria)
        hits += [Hit(base + h.line - 1, h.kind, _short(h.text), False) for h in own]
    return Measure("PK-Q007", len(hits), tuple(sorted(hits, key=_order)))


def verification(r: Reading) -> Measure:
    t = r.ticket
    hits: list[Hit] = []
    wanted: tuple[tuple[str, ...], ...] = (TEST_TITLES,)
    if t.type.lower() in ("bug", "defect"):
        wanted += BUG_TITLES
    for words in wanted:
        section = _filled(t, words)
        if section is not None:
            hits.append(r.hit(section.line, "section", section.title, True))
    hits += [r.hit(h.line, h.kind, h.text, True) for h in r.named_tests[:3]]
    return Measure("PK-Q008", len(hits), tuple(sorted(hits, key=_order)))


MEASURES = (criteria, measurable, scope, context, dependencies, size, open_ends, verification)


def measure(ticket: Ticket) -> tuple[Measure, ...]:
    """Every signal's measure of TICKET, in signal order."""
    reading = Reading(ticket)
    return tuple(function(reading) for function in MEASURES)


def _filled(ticket: Ticket, words: tuple[str, ...]) -> Section | None:
    section = ticket.section(*words)
    return section if section is not None and section.text.strip() else None


def _order(hit: Hit) -> tuple[int, str, str]:
    return (hit.line, hit.kind, hit.text)


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
