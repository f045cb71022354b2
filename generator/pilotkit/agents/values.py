"""The kinds of value a field of an agent's file may hold, each with the words a finding
uses for it: one vocabulary for the front matter of guideline files and for the server
entries of MCP configs, so that `true`, a number or a list means the same in both."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pilotkit.numbers import is_number, is_whole


@dataclass(frozen=True)
class Value:
    """A kind of value: the test a value passes, and how a person is told what to write."""

    fits: Callable[[Any], bool]
    words: str


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_text_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _is_text_or_texts(value: Any) -> bool:
    return _is_text(value) or (isinstance(value, list) and all(_is_text(v) for v in value))


def _is_text_map(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(item, str) for item in value.values())


TEXT = Value(_is_text, "a non-empty string")
TEXT_LIST = Value(_is_text_list, "a list of strings")
TEXTS = Value(_is_text_or_texts, "a string or a list of strings")
TEXT_MAP = Value(_is_text_map, "an object of string values")
MAPPING = Value(lambda value: isinstance(value, dict), "a mapping")
BOOL = Value(lambda value: isinstance(value, bool), "true or false (unquoted)")
NUMBER = Value(is_number, "a number")
COUNT = Value(lambda value: is_whole(value, least=1), "a positive whole number")
SLUG = Value(
    lambda value: isinstance(value, str) and bool(re.fullmatch(r"[a-z][a-z0-9-]*", value)),
    "lowercase letters, digits and hyphens",
)


def one_of(*allowed: str) -> Value:
    """A value that is one of ALLOWED."""
    return Value(lambda value: value in allowed, "one of " + ", ".join(allowed))
