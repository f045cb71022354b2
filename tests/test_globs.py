"""The overlap test for `files` globs: examples, and agreement with brute force."""

from __future__ import annotations

import fnmatch
import itertools
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pilotkit import globs


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("src/a/**", "src/a/b.py", True),
        ("src/a/", "src/a/b/c.py", True),
        ("src/a", "src/a/b.py", True),  # no dot: may be a folder
        ("src/a.py", "src/a.py", True),
        ("src/a.py", "src/a.py/x", False),  # a dotted name is a file
        ("src/a/b.py", "src/a/c.py", False),
        ("src/*.py", "src/a.py", True),
        ("src/*.py", "src/a/b.py", False),
        ("src/**/*.py", "src/a/b/c.py", True),
        ("**/*.py", "docs/x.md", False),
        ("**/*.py", "src/billing", True),
        ("src/*_test.py", "src/test_*.py", True),
        ("src/[ab].py", "src/c.py", False),
        ("src/[!a].py", "src/a.py", False),
        ("src/[!a].py", "src/b.py", True),
        ("a/*/c", "a/b/*", True),
        ("src/module_1/**", "src/module_10/**", False),
        ("./src/x.py", "src/x.py", True),
        ("web/src/ExportForm.tsx", "web/src/ExportForm.test.tsx", False),
    ],
)
def test_overlap(a: str, b: str, expected: bool) -> None:
    assert globs.overlap(a, b) is expected
    assert globs.overlap(b, a) is expected


def test_literal_prefix() -> None:
    assert globs.literal_prefix("src/billing/*.py") == ("src", "billing")
    assert globs.literal_prefix("**/x.py") == ()
    assert globs.literal_prefix("src/a.py") == ("src", "a.py")


# ---------------------------------------------------------------- brute force

SEGMENTS = ("a", "b", "ab", "a.py", "b.py", "x")
PATHS = [parts for depth in range(1, 5) for parts in itertools.product(SEGMENTS, repeat=depth)]
PIECES = ("a", "b", "x", "a.py", "*", "?", "*.py", "a*", "*b", "[ab]", "[!a]*", "**")


def covers(pattern: str, path: tuple[str, ...]) -> bool:
    """Independent reading of the documented rules: match, or match a leading folder."""
    parts = tuple(p for p in pattern.split("/") if p)
    folder = pattern.endswith("/") or (
        not any(c in parts[-1] for c in "*?[") and "." not in parts[-1][1:]
    )
    if matches(parts, path):
        return True
    return any(matches(parts, path[:cut]) for cut in range(1, len(path))) and (
        folder or parts[-1] == "**"
    )


@cache
def matches(parts: tuple[str, ...], path: tuple[str, ...]) -> bool:
    if not parts:
        return not path
    if parts[0] == "**":
        return any(matches(parts[1:], path[cut:]) for cut in range(len(path) + 1))
    return bool(path) and fnmatch.fnmatchcase(path[0], parts[0]) and matches(parts[1:], path[1:])


patterns = st.lists(st.sampled_from(PIECES), min_size=1, max_size=3).map("/".join)


@settings(max_examples=300, deadline=None)
@given(patterns, patterns)
def test_overlap_agrees_with_brute_force(a: str, b: str) -> None:
    witness = next((p for p in PATHS if covers(a, p) and covers(b, p)), None)
    if witness is not None:
        assert globs.overlap(a, b), f"{a} and {b} both cover {'/'.join(witness)}"
    else:
        assert not globs.overlap(a, b), f"no path covered by both {a} and {b}"
