"""The baseline: the same delivery figures for a window just before the pilot.

A pilot's throughput, lead time and change failure rate mean little alone; the same
repository's figures before the pilot are the comparison a lead needs. The baseline
window ends the day before the pilot window starts and is as long (or `--baseline DAYS`).
When it would reach before the first day the source knows (the repository's first
commit, or the first pull request of an export), it starts there and says so; when that
day is not before the pilot at all, there is no baseline and the report says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from pilotkit.metrics.delivery import Delivery, History


@dataclass(frozen=True)
class Baseline:
    """The window before the pilot (asked for, and as measured) and its figures."""

    days: int  # the length asked for
    since: date | None = None  # as measured: may start later than asked, see `note`
    until: date | None = None
    delivery: Delivery | None = None
    note: str | None = None  # why there is none, or what limits it


def start(since: date | None, until: date, days: int | None) -> tuple[date | None, int]:
    """The first day of the baseline window asked for, and its length (0: none)."""
    if since is None or days == 0:
        return None, 0
    length = days if days is not None else (until - since).days + 1
    if length <= 0 or (since - date.min).days <= length:
        return None, 0
    return since - timedelta(days=length), length


def measure(
    history: History, since: date | None, until: date, days: int | None, window_days: int
) -> Baseline:
    """The baseline of HISTORY before the pilot window [SINCE, UNTIL]."""
    first, length = start(since, until, days)
    if since is None:
        return Baseline(0, note="no baseline: the pilot window has no first day; give --since")
    if days == 0:
        return Baseline(0, note="no baseline (--baseline 0)")
    if first is None:
        return Baseline(0, note="no baseline: its window would start before the calendar does")
    end = since - timedelta(days=1)
    known = history.first_day
    if known is not None and known > end:
        return Baseline(
            length,
            note=f"no baseline: {history.beginning} ({known}) is not before the pilot window",
        )
    note = None
    if known is not None and known > first:
        covered = (end - known).days + 1
        note = (
            f"the baseline window reaches before {history.beginning} ({known}): it covers "
            f"{covered} of its {length} days, from {known}"
        )
        first = known
    # Its changes' failures are looked for as far as the pilot's: up to UNTIL and beyond.
    delivery = history.window(first, end, window_days, observed=until)
    return Baseline(length, first, end, delivery, note)
