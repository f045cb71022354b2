"""Numbers, checked in one place: a value read from a file, and a number a person gives
on the command line.

YAML, JSON and TOML read `true` as a bool, which Python counts as the int 1, and `.nan`,
`.inf` or a 400-digit number as numbers that no sum, comparison or clock survives; none
of them is a number of hours, tokens, dollars or bytes. argparse turns `inf`, `nan` and
`1e400` into floats without complaint; a number that is not finite, or too large for the
clock and the calendar, would otherwise surface as an OverflowError deep inside a command.
"""

from __future__ import annotations

import math
from typing import TypeGuard

from pilotkit.errors import PilotkitError


def is_number(
    value: object, *, least: float = -math.inf, most: float = math.inf
) -> TypeGuard[float]:
    """Whether VALUE is a finite int or float from LEAST to MOST (a bool is not a number,
    nor an int too large to be a float)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        finite = math.isfinite(value)
    except OverflowError:
        return False
    return finite and least <= value <= most


def is_whole(value: object, *, least: float = -math.inf, most: float = math.inf) -> TypeGuard[int]:
    """Whether VALUE is a whole number (an int, not a bool) from LEAST to MOST."""
    return isinstance(value, int) and is_number(value, least=least, most=most)


def positive(value: float, flag: str, unit: str, *, most: float | None = None) -> float:
    """VALUE when it is a finite number above 0 (and at most MOST); else an error naming FLAG."""
    if is_number(value, most=math.inf if most is None else most) and value > 0:
        return value
    bound = f", at most {most:g}" if most is not None else ""
    raise PilotkitError(f"{flag} {value:g}: give a positive number of {unit}{bound}")


def whole(value: int, flag: str, unit: str, *, most: int) -> int:
    """VALUE when it is a whole number from 1 to MOST; else an error naming FLAG."""
    if is_whole(value, least=1, most=most):
        return value
    raise PilotkitError(f"{flag} {value}: give a number of {unit} from 1 to {most}")
