"""`pilotkit portfolio`: the lead's view across pilots, as one `Portfolio`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from pilotkit import clock
from pilotkit.agents import catalog
from pilotkit.errors import PilotkitError
from pilotkit.numbers import whole
from pilotkit.portfolio import sources
from pilotkit.portfolio.cuts import DEFAULT_MIN_PILOTS
from pilotkit.portfolio.model import Portfolio, build


def portfolio(
    paths: Sequence[Path],
    *,
    since: date | None = None,
    until: date | None = None,
    min_pilots: int = DEFAULT_MIN_PILOTS,
    as_of: date | None = None,
) -> Portfolio:
    """Pool the pilots PATHS name (pilot folders, folders of pilots, report JSON files).

    Pilots that ran between SINCE and UNTIL are pooled; a group of a cut with fewer than
    MIN_PILOTS pilots is marked small rather than ranked. A source that cannot be read is
    a line of `problems` and the others go on.
    """
    if not paths:
        raise PilotkitError(
            "give at least one SOURCE: a pilot, a folder of pilots or a report JSON file"
        )
    whole(min_pilots, "--min-pilots", "pilots", least=1, most=10_000)
    if since and until and since > until:
        raise PilotkitError(f"--since {since} is after --until {until}; give an earlier --since")
    loaded = sources.load(paths)
    return build(
        loaded,
        as_of=as_of or clock.today(),
        since=since,
        until=until,
        min_pilots=min_pilots,
        servers=tuple(catalog.load().servers),
    )
