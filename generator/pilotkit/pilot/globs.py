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

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

__all__ = ["first_overlap", "literal_prefix", "overlap", "overlaps"]

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


@dataclass(frozen=True)
class _Wild:
    """A path segment with wildcards: its tokens, and the same as a regular expression
    (matching a plain name with it is much faster than walking the tokens)."""

    tokens: tuple[Token, ...]
    regex: re.Pattern[str] = field(compare=False, hash=False)


Segment = _Wild | str  # a segment with wildcards, a plain name, or "**" for any segments


def inside_repository(pattern: str) -> bool:
    """Whether PATTERN names paths inside the repository: relative (no `/`, `~` or drive
    letter at its start), and no `..` among its parts (with `/` or `\\` between them)."""
    parts = pattern.replace("\\", "/").split("/")
    absolute = pattern.startswith(("/", "~")) or bool(re.match(r"^[A-Za-z]:", pattern))
    return not absolute and ".." not in parts


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


def overlaps(patterns: Iterable[str]) -> dict[str, set[str]]:
    """For each of PATTERNS, the patterns among them that overlap it (itself included
    when it covers any path at all).

    Each distinct pattern is compared only with those whose literal prefix is its own or
    an ancestor of it (the rest cannot overlap), so a thousand tasks naming the same
    files cost one comparison, and a thousand files in one folder cost none among them.
    """
    distinct = list(dict.fromkeys(patterns))
    found: dict[str, set[str]] = {pattern: set() for pattern in distinct}
    by_prefix: dict[tuple[str, ...], list[str]] = {}
    for pattern in distinct:
        by_prefix.setdefault(literal_prefix(pattern), []).append(pattern)
    for prefix, group in by_prefix.items():
        for position, pattern in enumerate(group):
            others = group[: position + 1]  # same prefix: each pair once, itself too
            for cut in range(len(prefix)):  # a strictly shorter prefix: an ancestor
                others.extend(by_prefix.get(prefix[:cut], ()))
            for other in others:
                if overlap(pattern, other):
                    found[pattern].add(other)
                    found[other].add(pattern)
    return found


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
    """The name SEGMENT stands for when it holds no wildcard, else None."""
    return segment if isinstance(segment, str) and segment is not _ANY_SEGMENTS else None


@lru_cache(maxsize=1 << 16)
def _compile(pattern: str) -> tuple[Segment, ...]:
    text = pattern.strip()
    while text.startswith("./"):
        text = text[2:]
    parts = [part for part in text.split("/") if part and part != "."]
    segments = [_ANY_SEGMENTS if part == _ANY_SEGMENTS else _segment(part) for part in parts]
    segments.append(_ANY_SEGMENTS)  # everything below the named path
    return tuple(segments)


def _segment(part: str) -> Segment:
    """PART as a plain name when nothing in it is a wildcard (`a[b]c` is `abc`), else wild."""
    tokens = _tokens(part)
    chars = []
    for token in tokens:
        if not isinstance(token, _Chars) or token.negated or len(token.ranges) != 1:
            return _Wild(tokens, _regex(tokens))
        low, high = token.ranges[0]
        if low != high:
            return _Wild(tokens, _regex(tokens))
        chars.append(chr(low))
    name = "".join(chars)
    # `[*]` names a file called `*`: kept wild, so no name is ever mistaken for a star.
    return _Wild(tokens, _regex(tokens)) if name in (_STAR, _ANY_SEGMENTS) else name


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
    if isinstance(a, str):
        return a == b if isinstance(b, str) else b.regex.fullmatch(a) is not None
    if isinstance(b, str):
        return a.regex.fullmatch(b) is not None
    return _walk(a.tokens, b.tokens, _chars_meet)


def _regex(tokens: tuple[Token, ...]) -> re.Pattern[str]:
    """TOKENS as a regular expression over one path segment (a name)."""
    parts = []
    for token in tokens:
        if not isinstance(token, _Chars):
            parts.append(".*")  # "*": any run of characters within the segment
            continue
        ranges = [
            re.escape(chr(low)) if low == high else f"{re.escape(chr(low))}-{re.escape(chr(high))}"
            for low, high in token.ranges
            if low <= high  # a backwards range holds nothing
        ]
        if token.negated:
            parts.append(f"[^{''.join(ranges)}]" if ranges else ".")
        else:
            parts.append(f"[{''.join(ranges)}]" if ranges else "(?!)")
    return re.compile("".join(parts), re.DOTALL)


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
    # The stars are these two objects: "*" among tokens, "**" among segments (a plain
    # name is a string too, but never one of them).
    return unit is _STAR or unit is _ANY_SEGMENTS
