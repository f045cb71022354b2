"""Whether two `files` globs of tasks can name the same file.

Two tasks that may change the same file must not run at the same time. Their `files`
are globs, so "the same file" means: is there one path that both patterns cover?
This is decided exactly, without listing any files, by walking both patterns together.

The glob language (the one the docs describe for `files`):

- `/` separates path segments; a leading `./` or `/` is ignored;
- `**` as a whole segment matches zero or more segments;
- `*` matches any characters within a segment (also `**` inside a segment, `a**b`),
  `?` one character, `[abc]` `[a-z]` `[!a]` one character of a class;
- a pattern also covers everything below the path it names, as in `.gitignore`:
  `src/billing` (or `src/billing/`) covers `src/billing/export.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

__all__ = ["first_overlap", "literal_prefix", "overlap"]

_ANY_SEGMENTS = "**"


@dataclass(frozen=True)
class _Chars:
    """A set of characters: the union of closed code point ranges, or its complement."""

    ranges: tuple[tuple[int, int], ...]
    negated: bool = False

    def meets(self, other: _Chars) -> bool:
        """Whether some character is in both sets."""
        if self.negated and other.negated:
            return True  # two finite exclusions always leave a common character
        if self.negated or other.negated:
            wanted, excluded = (other, self) if self.negated else (self, other)
            return any(_not_covered(low, high, excluded.ranges) for low, high in wanted.ranges)
        return any(
            a_low <= b_high and b_low <= a_high
            for a_low, a_high in self.ranges
            for b_low, b_high in other.ranges
        )


ANY_CHAR = _Chars((), negated=True)
_STAR = "*"
Token = _Chars | str  # a character set, or "*" for any run of characters
Segment = tuple[Token, ...] | str  # a segment's tokens, or "**" for any run of segments


def overlap(a: str, b: str) -> bool:
    """Whether some path is covered by both glob A and glob B."""
    return _walk(_compile(a), _compile(b), _segments_meet)


def first_overlap(left: Iterable[str], right: Iterable[str]) -> tuple[str, str] | None:
    """The first pair (one glob from LEFT, one from RIGHT) that overlap, or None."""
    others = list(right)
    for a in left:
        for b in others:
            if overlap(a, b):
                return a, b
    return None


def literal_prefix(pattern: str) -> tuple[str, ...]:
    """The leading segments without wildcards: every path PATTERN covers starts with them.

    Two globs can only overlap when one's prefix starts with the other's, which lets a
    caller compare thousands of globs without trying every pair.
    """
    prefix: list[str] = []
    for segment in _compile(pattern)[:-1]:
        literal = _literal(segment)
        if literal is None:
            break
        prefix.append(literal)
    return tuple(prefix)


def _literal(segment: Segment) -> str | None:
    """The text of SEGMENT when it holds no wildcard, else None."""
    if isinstance(segment, str):
        return None  # "**"
    chars = []
    for token in segment:
        if not isinstance(token, _Chars) or token.negated or len(token.ranges) != 1:
            return None
        low, high = token.ranges[0]
        if low != high:
            return None
        chars.append(chr(low))
    return "".join(chars)


@lru_cache(maxsize=4096)
def _compile(pattern: str) -> tuple[Segment, ...]:
    text = pattern.strip()
    while text.startswith("./"):
        text = text[2:]
    parts = [part for part in text.split("/") if part and part != "."]
    segments: list[Segment] = [
        _ANY_SEGMENTS if part == _ANY_SEGMENTS else _tokens(part) for part in parts
    ]
    segments.append(_ANY_SEGMENTS)  # everything below the named path
    return tuple(segments)


def _tokens(segment: str) -> tuple[Token, ...]:
    tokens: list[Token] = []
    index = 0
    while index < len(segment):
        char = segment[index]
        if char == "*":
            if not tokens or tokens[-1] != _STAR:
                tokens.append(_STAR)
            index += 1
        elif char == "?":
            tokens.append(ANY_CHAR)
            index += 1
        elif char == "[" and (parsed := _char_class(segment, index)) is not None:
            chars, index = parsed
            tokens.append(chars)
        else:
            tokens.append(_Chars(((ord(char), ord(char)),)))
            index += 1
    return tuple(tokens)


def _char_class(segment: str, start: int) -> tuple[_Chars, int] | None:
    """Parse `[...]` at START: the set and the index after `]`, or None if never closed."""
    index = start + 1
    negated = index < len(segment) and segment[index] in "!^"
    index += negated
    first = index
    ranges: list[tuple[int, int]] = []
    while index < len(segment) and (segment[index] != "]" or index == first):
        char = segment[index]
        if index + 2 < len(segment) and segment[index + 1] == "-" and segment[index + 2] != "]":
            ranges.append((ord(char), ord(segment[index + 2])))
            index += 3
        else:
            ranges.append((ord(char), ord(char)))
            index += 1
    if index >= len(segment):
        return None
    return _Chars(tuple(ranges), negated), index + 1


def _not_covered(low: int, high: int, ranges: Sequence[tuple[int, int]]) -> bool:
    """Whether some code point in [LOW, HIGH] lies outside every range of RANGES."""
    point = low
    for r_low, r_high in sorted(ranges):
        if r_low > point:
            break
        point = max(point, r_high + 1)
    return point <= high


def _segments_meet(a: Segment, b: Segment) -> bool:
    # `_walk` never passes "**" here: it handles stars itself.
    return isinstance(a, tuple) and isinstance(b, tuple) and _walk(a, b, _chars_meet)


def _chars_meet(a: Token, b: Token) -> bool:
    return isinstance(a, _Chars) and isinstance(b, _Chars) and a.meets(b)


def _walk(a: Sequence[Any], b: Sequence[Any], meet: Callable[[Any, Any], bool]) -> bool:
    """Whether two patterns share a word: a search over pairs of positions.

    A star (`*` over characters, `**` over segments) may match nothing, or absorb one
    unit that the other pattern consumes; two plain units advance together if they meet.
    """
    seen: set[tuple[int, int]] = set()
    todo = [(0, 0)]
    while todo:
        i, j = todo.pop()
        if (i, j) in seen:
            continue
        seen.add((i, j))
        if i == len(a) and j == len(b):
            return True
        a_star = i < len(a) and _is_star(a[i])
        b_star = j < len(b) and _is_star(b[j])
        if a_star:
            todo.append((i + 1, j))
            if j < len(b):
                todo.append((i, j + 1))
        if b_star:
            todo.append((i, j + 1))
            if i < len(a):
                todo.append((i + 1, j))
        if i < len(a) and j < len(b) and not a_star and not b_star and meet(a[i], b[j]):
            todo.append((i + 1, j + 1))
    return False


def _is_star(unit: Any) -> bool:
    # Stars are the only strings among tokens ("*") and among segments ("**").
    return isinstance(unit, str)
