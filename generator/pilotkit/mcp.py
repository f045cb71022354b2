"""MCP config files as read from a pilot: parsed JSON, JSONC or TOML, with line numbers.

Clients keep their project MCP servers in different files and shapes (`.mcp.json`,
`.vscode/mcp.json`, `.codex/config.toml` …; see `pilotkit.mcp_shapes`). This module only
parses: `parse` returns a `Document` whose `line(*keys)` gives the line of any key path,
or the one-line problem that stopped the parser. JSONC (comments, trailing commas) is
accepted for the clients that accept it.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

Path_ = tuple[str, ...]


@dataclass(frozen=True)
class Document:
    """A parsed config file: its data and the line of each key path (`("mcpServers", "x")`)."""

    path: str
    data: Any
    lines: Mapping[Path_, int] = field(default_factory=dict)

    def line(self, *keys: str) -> int:
        """The line of KEYS, or of the nearest enclosing key that has one (else 1)."""
        for end in range(len(keys), 0, -1):
            found = self.lines.get(tuple(keys[:end]))
            if found is not None:
                return found
        return 1


@dataclass(frozen=True)
class ParseError:
    """Why a config file could not be parsed, and where."""

    path: str
    line: int
    column: int | None
    problem: str


def parse(path: str, text: str, *, jsonc: bool = False) -> Document | ParseError:
    """Parse TEXT (the content of PATH) as TOML when PATH ends in .toml, else as JSON."""
    if path.endswith(".toml"):
        return _parse_toml(path, text)
    if jsonc:
        text = strip_jsonc(text)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        return ParseError(path, err.lineno, err.colno, f"invalid JSON: {err.msg}")
    except RecursionError:
        return ParseError(path, 1, None, "invalid JSON: nested too deeply")
    return Document(path, data, json_lines(text))


def _parse_toml(path: str, text: str) -> Document | ParseError:
    try:
        data = tomllib.loads(text)
    except RecursionError:
        return ParseError(path, 1, None, "invalid TOML: nested too deeply")
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        where = re.search(r"\(at line (\d+), column (\d+)\)", message)
        problem = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
        if where:
            return ParseError(path, int(where[1]), int(where[2]), f"invalid TOML: {problem}")
        return ParseError(path, 1, None, f"invalid TOML: {problem}")
    return Document(path, data, toml_lines(text))


_JSONC = re.compile(r'("(?:[^"\\\n]|\\.)*")|(//[^\n]*)|(/\*.*?\*/)', re.DOTALL)
_TRAILING_COMMA = re.compile(r'("(?:[^"\\\n]|\\.)*")|,(?=\s*[}\]])')


def strip_jsonc(text: str) -> str:
    """TEXT with JSONC comments and trailing commas blanked out (lines and columns kept)."""

    def blank(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return match.group(1)
        return re.sub(r"[^\n]", " ", match.group(0))

    return _TRAILING_COMMA.sub(blank, _JSONC.sub(blank, text))


_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\],:]|-?\d[\w.+-]*|true|false|null')


def json_lines(text: str) -> dict[Path_, int]:
    """The line of every object key and array item of a JSON TEXT, by key path."""
    lines: dict[Path_, int] = {}
    stack: list[list[Any]] = []  # [kind, path, key or index, expecting a key]
    line, last = 1, 0
    for token in _JSON_TOKEN.finditer(text):
        line += text.count("\n", last, token.start())
        last = token.start()
        value = token.group(0)
        top = stack[-1] if stack else None
        if value in "}]" and stack:
            stack.pop()
        elif value == ",":
            if top is not None and top[0] == "[":
                top[2] += 1
            elif top is not None:
                top[3] = True
        elif value == ":":
            continue
        elif top is not None and top[0] == "{" and top[3] and value.startswith('"'):
            top[2], top[3] = _json_string(value), False
            lines.setdefault((*top[1], top[2]), line)
        else:
            here = _here(top)
            lines.setdefault(here, line)
            if value in "{[":
                stack.append([value, here, 0 if value == "[" else None, value == "{"])
    return lines


def _here(top: list[Any] | None) -> Path_:
    if top is None:
        return ()
    return (*top[1], str(top[2]))


def _json_string(token: str) -> str:
    try:
        return str(json.loads(token))
    except json.JSONDecodeError:
        return token.strip('"')


_TOML_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_TOML_KEY = re.compile(
    r"""^\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)
_TOML_PART = re.compile(r"""[A-Za-z0-9_-]+|"((?:[^"\\]|\\.)*)"|'([^']*)'""")


def toml_lines(text: str) -> dict[Path_, int]:
    """The line of every table header and key of a TOML TEXT, by key path."""
    lines: dict[Path_, int] = {}
    table: Path_ = ()
    for number, raw in enumerate(text.splitlines(), start=1):
        header = _TOML_HEADER.match(raw)
        if header:
            table = _toml_key(header.group(1))
            for end in range(1, len(table) + 1):  # `[a.b]` also opens `a`
                lines.setdefault(table[:end], number)
            continue
        key = _TOML_KEY.match(raw)
        if key:
            lines.setdefault((*table, *_toml_key(key.group(1))), number)
    return lines


def _toml_key(text: str) -> Path_:
    parts = []
    for match in _TOML_PART.finditer(text):
        quoted = match.group(1) if match.group(1) is not None else match.group(2)
        parts.append(quoted if quoted is not None else match.group(0))
    return tuple(parts)


def walk_strings(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every string value in DATA with its key path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from walk_strings(value, (*path, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from walk_strings(value, (*path, str(index)))
