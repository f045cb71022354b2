"""Numbers a person gives on the command line, checked in one place with one wording.

argparse turns `inf`, `nan` and `1e400` into floats without complaint; a number that is
not finite, or too large for the clock and the calendar, would otherwise surface as an
OverflowError deep inside a command.
"""

from __future__ import annotations

import math

from pilotkit.errors import PilotkitError


def positive(value: float, flag: str, unit: str, *, most: float | None = None) -> float:
    """VALUE when it is a finite number above 0 (and at most MOST); else an error naming FLAG."""
    if math.isfinite(value) and value > 0 and (most is None or value <= most):
        return value
    bound = f", at most {most:g}" if most is not None else ""
    raise PilotkitError(f"{flag} {value:g}: give a positive number of {unit}{bound}")


def whole(value: int, flag: str, unit: str, *, most: int, least: int = 1) -> int:
    """VALUE when it is a whole number from LEAST to MOST; else an error naming FLAG."""
    if least <= value <= most:
        return value
    raise PilotkitError(f"{flag} {value}: give a number of {unit} from {least} to {most}")
