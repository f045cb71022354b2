"""Whether two `files` globs of two tasks can name the same path.

A task's `files` entries are globs relative to the target repository: `*` matches any
characters inside one path segment, `?` one character, `[abc]` / `[!abc]` one character
of (or not of) a set, and `**` as a whole segment any number of segments, zero included.
An entry that ends with `/` (`src/a/`) or `/**` covers everything below that directory.
An entry whose last part has no wildcard and no dot past its first character (`src/a`,
`.github`) may name a directory, so it covers the path itself and everything below it;
`src/a.py` covers that file only. Write a directory with a dot in its name as `pkg.v2/`.

`overlap(a, b)` is exact for these globs: it is True if and only if some path is covered
by both. It walks the product of the two patterns as automata, segment by segment and,
inside a segment, character by character, so it never enumerates paths.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

_WILD = frozenset("*?[")


@dataclass(frozen=True)
class CharSet:
    """One character position: the characters in `chars`, or (negated) all the others."""

    chars: frozenset[str]
    negated: bool

    def meets(self, other: CharSet) -> bool:
        """Whether some character is in both sets (the alphabet is unbounded)."""
        if self.negated and other.negated:
            return True
        if self.negated:
            return bool(other.chars - self.chars)
        if other.negated:
            return bool(self.chars - other.chars)
        return bool(self.chars & other.chars)


STAR = "*"  # a token in a segment pattern; everything else is a CharSet
ANY = CharSet(frozenset(), negated=True)
Token = CharSet | str


def is_literal(segment: str) -> bool:
    return not (_WILD & set(segment))


def split(pattern: str) -> tuple[str, ...]:
    """The segments of PATTERN; a final `**` stands for "and everything below"."""
    text = pattern.strip().replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    segments = [part for part in text.split("/") if part and part != "."]
    directory = text.endswith("/") or not segments
    if segments and is_literal(segments[-1]) and "." not in segments[-1][1:]:
        directory = True
    if directory and (not segments or segments[-1] != "**"):
        segments.append("**")
    return tuple(segments)


def literal_prefix(pattern: str) -> tuple[str, ...]:
    """The leading segments without wildcards: every covered path starts with them."""
    prefix: list[str] = []
    for segment in split(pattern):
        if not is_literal(segment) or segment == "**":
            break
        prefix.append(segment)
    return tuple(prefix)


def overlap(a: str, b: str) -> bool:
    """Whether some path is covered by both glob A and glob B."""
    return _overlap(split(a), split(b))


@lru_cache(maxsize=4096)
def _overlap(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Product walk over segments; `**` loops on any segment or is skipped."""
    seen: set[tuple[int, int]] = set()
    todo = [(0, 0)]
    while todo:
        i, j = todo.pop()
        if (i, j) in seen:
            continue
        seen.add((i, j))
        if i == len(a) and j == len(b):
            return True
        here_a = a[i] if i < len(a) else None
        here_b = b[j] if j < len(b) else None
        if here_a == "**":
            todo += [(i + 1, j), *([(i, j + 1)] if here_b is not None else [])]
        if here_b == "**":
            todo += [(i, j + 1), *([(i + 1, j)] if here_a is not None else [])]
        if (
            here_a is not None
            and here_b is not None
            and "**" not in (here_a, here_b)
            and _segments_meet(here_a, here_b)
        ):
            todo.append((i + 1, j + 1))
    return False


@lru_cache(maxsize=4096)
def _segments_meet(a: str, b: str) -> bool:
    """Whether one non-empty segment name matches both segment patterns."""
    if is_literal(a) and is_literal(b):
        return a == b
    ta, tb = _tokens(a), _tokens(b)
    seen: set[tuple[int, int]] = set()
    todo = [(0, 0)]
    while todo:
        i, j = todo.pop()
        if (i, j) in seen:
            continue
        seen.add((i, j))
        if i == len(ta) and j == len(tb):
            return True
        if i < len(ta) and ta[i] == STAR:
            todo.append((i + 1, j))
        if j < len(tb) and tb[j] == STAR:
            todo.append((i, j + 1))
        if i < len(ta) and j < len(tb):
            ca, cb = ta[i], tb[j]
            sa = ANY if ca == STAR else ca
            sb = ANY if cb == STAR else cb
            assert isinstance(sa, CharSet) and isinstance(sb, CharSet)  # noqa: S101 (narrowing)
            if sa.meets(sb):
                todo.append((i if ca == STAR else i + 1, j if cb == STAR else j + 1))
    return False


def _tokens(segment: str) -> tuple[Token, ...]:
    tokens: list[Token] = []
    index = 0
    while index < len(segment):
        char = segment[index]
        if char == "*":
            if not tokens or tokens[-1] != STAR:
                tokens.append(STAR)
            index += 1
        elif char == "?":
            tokens.append(ANY)
            index += 1
        elif char == "[" and (end := _class_end(segment, index)) > 0:
            tokens.append(_charset(segment[index + 1 : end]))
            index = end + 1
        else:
            tokens.append(CharSet(frozenset(char), negated=False))
            index += 1
    return tuple(tokens)


def _class_end(segment: str, start: int) -> int:
    """Index of the `]` closing the class opened at START, or -1 (then `[` is literal)."""
    index = start + 1
    if index < len(segment) and segment[index] in "!^":
        index += 1
    if index < len(segment) and segment[index] == "]":
        index += 1
    closing = segment.find("]", index)
    return closing


def _charset(body: str) -> CharSet:
    negated = bool(body) and body[0] in "!^"
    if negated:
        body = body[1:]
    chars: set[str] = set()
    index = 0
    while index < len(body):
        if index + 2 < len(body) and body[index + 1] == "-":
            low, high = ord(body[index]), ord(body[index + 2])
            chars.update(chr(code) for code in range(low, min(high, low + 0x3000) + 1))
            index += 3
        else:
            chars.add(body[index])
            index += 1
    return CharSet(frozenset(chars), negated)


def may_overlap_by_prefix(a: Iterable[str], b: Iterable[str]) -> bool:
    """Cheap pre-test: whether one literal prefix is a prefix of the other."""
    pa, pb = tuple(a), tuple(b)
    shorter, longer = (pa, pb) if len(pa) <= len(pb) else (pb, pa)
    return longer[: len(shorter)] == shorter
