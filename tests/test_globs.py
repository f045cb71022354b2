"""Glob overlap: can two `files` patterns name the same file? Checked against real matching."""

from __future__ import annotations

import fnmatch
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pilotkit.pilot import globs


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("src/a.py", "src/a.py"),
        ("src/**", "src/billing/export/csv.py"),
        ("src/*/csv.py", "src/billing/*.py"),
        ("src/billing", "src/billing/export.py"),  # a directory covers what is below it
        ("src/billing/", "src/billing/export/x.py"),
        ("./src/a.py", "src/a.py"),
        ("**/test_*.py", "tests/billing/test_csv.py"),
        ("**", "anything/at/all"),
        ("src/**/x.py", "src/x.py"),  # ** matches zero segments
        ("src/[abc].py", "src/b.py"),
        ("src/[a-f].py", "src/[d-z].py"),
        ("src/[!a].py", "src/?.py"),
        ("src/[!a].py", "src/[a-b].py"),
        ("src/a*b.py", "src/*b*.py"),
        ("docs/**/*.md", "docs/how-to/**"),
    ],
)
def test_overlapping(a: str, b: str) -> None:
    assert globs.overlap(a, b)
    assert globs.overlap(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("src/a.py", "src/b.py"),
        ("src/billing/**", "src/shipping/**"),
        ("src/*.py", "src/*.js"),
        ("src/*/csv.py", "lib/csv.py"),
        ("src/*/csv.py", "src/*/*.js"),
        ("src/[abc].py", "src/[d-f].py"),
        ("src/[!a].py", "src/a.py"),
        ("tests/test_a*.py", "tests/test_b*.py"),
        ("src/a.py", "src/a.pyc"),
        ("src/billing", "src/billing2/x.py"),
        ("src/module_1/**", "src/module_10/**"),
    ],
)
def test_disjoint(a: str, b: str) -> None:
    assert not globs.overlap(a, b)
    assert not globs.overlap(b, a)


def test_first_overlap_names_the_pair() -> None:
    mine = ["src/a.py", "src/b/**"]
    theirs = ["docs/x.md", "src/b/c.py"]
    assert globs.first_overlap(mine, theirs) == ("src/b/**", "src/b/c.py")
    assert globs.first_overlap(mine, ["docs/**"]) is None


def _covers(pattern: str, path: str) -> bool:
    """Reference semantics: PATH or one of its parent paths matches PATTERN segment-wise."""
    parts = [p for p in pattern.strip("/").split("/") if p]
    names = path.split("/")

    def match(i: int, j: int) -> bool:
        if i == len(parts):
            return True  # the rest of the path lies below what the pattern names
        if parts[i] == "**":
            return any(match(i + 1, k) for k in range(j, len(names) + 1))
        if j == len(names):
            return False
        segment = re.sub(r"\*+", "*", parts[i])
        return fnmatch.fnmatchcase(names[j], segment) and match(i + 1, j + 1)

    return match(0, 0)


_SEGMENT = st.sampled_from(["a", "b", "ab", "*", "a*", "*b", "?", "[ab]", "[!a]", "**"])
_PATTERN = st.lists(_SEGMENT, min_size=1, max_size=4).map("/".join)
_SHORT = st.lists(_SEGMENT, min_size=1, max_size=2).map("/".join)
_PATH = st.lists(st.sampled_from(["a", "b", "ab", "ba", "c"]), min_size=1, max_size=5).map("/".join)


@settings(max_examples=300, deadline=None)
@given(_PATTERN, _PATTERN, st.lists(_PATH, min_size=1, max_size=30))
def test_overlap_agrees_with_real_matching(a: str, b: str, paths: list[str]) -> None:
    # Any path that both patterns cover proves an overlap: the answer must be True.
    if any(_covers(a, path) and _covers(b, path) for path in paths):
        assert globs.overlap(a, b), (a, b)


@settings(max_examples=300, deadline=None)
@given(_SHORT, _SHORT)
def test_overlap_is_witnessed_by_a_path(a: str, b: str) -> None:
    # When the answer is True, a path over the same alphabet is covered by both; for two
    # patterns of at most two segments, a witness needs at most four.
    if not globs.overlap(a, b):
        return
    alphabet = ["a", "b", "ab", "ba", "c", "aa"]
    candidates = [alphabet]
    for _ in range(3):
        candidates.append([f"{p}/{n}" for p in candidates[-1] for n in alphabet])
    assert any(_covers(a, p) and _covers(b, p) for level in candidates for p in level), (a, b)


def test_literal_prefix() -> None:
    assert globs.literal_prefix("src/billing/*.py") == ("src", "billing")
    assert globs.literal_prefix("**/x.py") == ()
    assert globs.literal_prefix("src/a.py") == ("src", "a.py")
    assert globs.literal_prefix("src/[ab]/x.py") == ("src",)
    assert globs.literal_prefix("./src/x/") == ("src", "x")


@settings(max_examples=300, deadline=None)
@given(_SHORT, _SHORT)
def test_overlap_implies_a_shared_prefix(a: str, b: str) -> None:
    # The linter only compares globs whose literal prefixes nest; that must lose nothing.
    if globs.overlap(a, b):
        pa, pb = globs.literal_prefix(a), globs.literal_prefix(b)
        shorter = min(len(pa), len(pb))
        assert pa[:shorter] == pb[:shorter]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("src/a.b", "src/*.b", True),  # a plain name against a glob: `.` is no wildcard
        ("src/axb", "src/a.b", False),
        ("src/a+b.py", "src/a+*", True),
        ("odd/[*]", "odd/*", True),  # `[*]` names a file called `*`…
        ("odd/[*]", "odd/x", False),  # …and nothing else
        ("odd/[*][*]", "odd/x/y", False),  # `**` spelled as a class is a name, not a star
        ("lib/[z-a].py", "lib/x.py", False),  # a backwards range holds no character
        ("lib/[z-a].py", "lib/[z-a].py", False),
        ("lib/[]]x", "lib/]x", True),
        ("lib/[!]]x", "lib/]x", False),
    ],
)
def test_plain_names_against_globs(a: str, b: str, expected: bool) -> None:
    assert globs.overlap(a, b) is expected
    assert globs.overlap(b, a) is expected


_ODD_SEGMENT = st.sampled_from(["a", "ab", "a.b", "*", "*.b", "[*]", "[z-a]", "[ab]", "**"])
_ODD_PATTERN = st.lists(_ODD_SEGMENT, min_size=1, max_size=3).map("/".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_PATTERN, _ODD_PATTERN), min_size=1, max_size=12))
def test_overlaps_finds_every_overlapping_pair(patterns: list[str]) -> None:
    # The index compares only globs whose literal prefixes nest: it must miss no pair.
    found = globs.overlaps(patterns)
    assert set(found) == set(patterns)
    for a in patterns:
        assert found[a] == {b for b in patterns if globs.overlap(a, b)}, a
