"""The scorecard of a ticket's readiness: signal ids, what each measures, weight, fix.

Plain data, read by the scorer, the reference page (docs/reference/backlog-signals.md,
which a test holds to this table) and `explain`. The text signals underneath are the ones
`check` uses (`pilotkit.rules.signals`); this table only says how a ticket is scored.
"""

from __future__ import annotations

from dataclasses import dataclass

MORE, LESS, BAND = "more", "less", "band"


@dataclass(frozen=True)
class Signal:
    """One signal: ID, a NAME, whether MORE or LESS is better (or a BAND), its WEIGHT in
    the score, the TARGET used without reference tickets, and the FIX a person applies."""

    id: str
    name: str
    better: str
    weight: int
    target: float
    fix: str


SIGNALS = (
    Signal(
        "PK-Q001",
        "acceptance criteria",
        MORE,
        25,
        3,
        "add an `Acceptance criteria` section with one checkable line per criterion",
    ),
    Signal(
        "PK-Q002",
        "measurable criteria",
        MORE,
        20,
        2,
        "give each criterion a number and unit, a status code, a quoted message or a "
        "named test; replace vague words (fast, robust …) with a measure",
    ),
    Signal(
        "PK-Q003",
        "scope named",
        MORE,
        10,
        2,
        "name the paths, modules, endpoints or components it changes, and what is out of scope",
    ),
    Signal(
        "PK-Q004",
        "context and why",
        MORE,
        15,
        40,
        "say why the work is needed and what it builds on, in the ticket rather than behind links",
    ),
    Signal(
        "PK-Q005",
        "dependencies stated",
        MORE,
        5,
        0,
        "link the tickets it depends on or blocks, or write `Dependencies: none`",
    ),
    Signal(
        "PK-Q006",
        "agent-sized",
        BAND,
        5,
        8,
        "estimate it; above the reference band, split it into tickets one agent finishes",
    ),
    Signal(
        "PK-Q007",
        "open ends",
        LESS,
        10,
        0,
        "answer the open questions and replace TBD, `etc.` and template text with the decision",
    ),
    Signal(
        "PK-Q008",
        "verification notes",
        MORE,
        10,
        1,
        "say how to test it (for a bug: steps to reproduce, expected and actual result)",
    ),
)
BY_ID = {signal.id: signal for signal in SIGNALS}
