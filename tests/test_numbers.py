"""What counts as a number in a file pilotkit reads: finite, not a bool, within bounds."""

from __future__ import annotations

import math

import pytest

from pilotkit.numbers import is_number, is_whole

NOT_NUMBERS = [True, False, math.nan, math.inf, -math.inf, 10**400, "3", None, [3]]


@pytest.mark.parametrize("value", NOT_NUMBERS, ids=repr)
def test_what_is_not_a_number(value: object) -> None:
    assert not is_number(value)
    assert not is_whole(value)


@pytest.mark.parametrize(
    ("value", "least", "most", "number", "whole"),
    [
        (0, 0, math.inf, True, True),
        (-1, 0, math.inf, False, False),
        (2.5, 0, math.inf, True, False),
        (3.0, 0, math.inf, True, False),  # a float is not a whole number, even 3.0
        (10**300, 0, math.inf, True, True),  # as large as a float goes is still a number
        (1000, 1, 1000, True, True),
        (1000.5, 1, 1000, False, False),
        (0, 1, 1000, False, False),
    ],
)
def test_bounds_include_both_ends(
    value: float, least: float, most: float, number: bool, whole: bool
) -> None:
    assert is_number(value, least=least, most=most) is number
    assert is_whole(value, least=least, most=most) is whole
