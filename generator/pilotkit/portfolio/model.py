"""The portfolio: the pilots read, the pooled figures, the cuts and the lessons, as one
value that the text, Markdown, JSON and HTML writers share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pilotkit.portfolio.cuts import Cut, ProductGroup, cuts, products
from pilotkit.portfolio.lessons import CauseLesson, lessons
from pilotkit.portfolio.pool import Pooled, pool
from pilotkit.portfolio.sources import Loaded, Pilot


@dataclass(frozen=True)
class Portfolio:
    as_of: date
    since: date | None
    until: date | None
    min_pilots: int
    pilots: tuple[Pilot, ...]  # started, in the window: the pooled ones
    not_started: tuple[Pilot, ...]
    outside: int  # pilots left out by --since/--until
    problems: tuple[str, ...]
    notes: tuple[str, ...]
    pooled: Pooled
    cuts: tuple[Cut, ...]
    products: tuple[ProductGroup, ...]
    lessons: tuple[CauseLesson, ...]

    @property
    def marked(self) -> tuple[Pilot, ...]:
        return tuple(p for p in self.pilots if p.marked)


def build(
    loaded: Loaded,
    *,
    as_of: date,
    since: date | None,
    until: date | None,
    min_pilots: int,
    servers: Sequence[str] = (),
) -> Portfolio:
    inside = [p for p in loaded.pilots if _in_window(p, since, until)]
    ordered = sorted(inside, key=lambda p: (p.facts.pilot, p.facts.started_on, p.origin))
    started = tuple(p for p in ordered if p.facts.started)
    facts = [p.facts for p in started]
    return Portfolio(
        as_of=as_of,
        since=since,
        until=until,
        min_pilots=min_pilots,
        pilots=started,
        not_started=tuple(p for p in ordered if not p.facts.started),
        outside=len(loaded.pilots) - len(inside),
        problems=loaded.problems,
        notes=loaded.notes,
        pooled=pool(facts),
        cuts=cuts(facts, min_pilots),
        products=products(facts, min_pilots),
        lessons=lessons(started, servers),
    )


def _in_window(pilot: Pilot, since: date | None, until: date | None) -> bool:
    """Whether the pilot ran at some time between SINCE and UNTIL: from its start to the
    day of its report."""
    if since is not None and pilot.facts.as_of < since:
        return False
    return until is None or pilot.facts.started_on <= until
