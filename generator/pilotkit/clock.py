"""Today and now, read in one place: `PILOTKIT_TODAY` pins the day for reproducible runs.

Every default that depends on the calendar (the estimate's date, the report's window,
the day of a journal entry, a claim's timestamp) comes from here, so a test, a demo or a
re-run of last month's report sets one variable instead of depending on the day it runs.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, date, datetime

from pilotkit.errors import PilotkitError

VARIABLE = "PILOTKIT_TODAY"


def today() -> date:
    """The day pilotkit takes as today: `PILOTKIT_TODAY` (YYYY-MM-DD) if set, else the local day."""
    pinned = _pinned()
    return pinned if pinned is not None else date.today()


def now() -> datetime:
    """The current moment (UTC); noon UTC of the pinned day when `PILOTKIT_TODAY` is set."""
    pinned = _pinned()
    if pinned is None:
        return datetime.now(UTC)
    return datetime(pinned.year, pinned.month, pinned.day, 12, tzinfo=UTC)


def is_pinned() -> bool:
    """Whether `PILOTKIT_TODAY` sets the day."""
    return _pinned() is not None


def strftime(fmt: str, second: float | None = None) -> str:
    """The Jinja `strftime` filter, with the current time taken from `now()`."""
    moment = now().timestamp() if second is None and _pinned() is not None else second
    return time.strftime(fmt, time.localtime(moment))


def _pinned() -> date | None:
    text = os.environ.get(VARIABLE, "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise PilotkitError(
            f"{VARIABLE}={text}: give the day as YYYY-MM-DD, or unset it to use today"
        ) from None
