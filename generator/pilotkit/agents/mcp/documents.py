"""MCP config files as read from a pilot: parsed JSON, JSONC or TOML, with line numbers.

Clients keep their project MCP servers in different files and shapes (`.mcp.json`,
`.vscode/mcp.json`, `.codex/config.toml` …; see `pilotkit.agents.mcp.shapes`). This module only
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
    """The line of every table header, key and array item of a TOML TEXT, by key path.

    A value that spans lines (an array written one item a line) is read to its end, so
    each item gets its own line and nothing inside the value is taken for a key.
    """
    lines: dict[Path_, int] = {}
    table: Path_ = ()
    number, offset = 1, 0
    while offset < len(text):
        end = text.find("\n", offset)
        end = len(text) if end < 0 else end
        raw = text[offset:end]
        header = _TOML_HEADER.match(raw)
        key = None if header else _TOML_KEY.match(raw)
        if header:
            table = _toml_key(header.group(1))
            for cut in range(1, len(table) + 1):  # `[a.b]` also opens `a`
                lines.setdefault(table[:cut], number)
        elif key:
            here = (*table, *_toml_key(key.group(1)))
            lines.setdefault(here, number)
            scan = _TomlScan(text, offset + key.end(), number, lines)
            scan.value(here)
            end = text.find("\n", scan.pos)
            end = len(text) if end < 0 else end
            number = scan.line
        offset, number = end + 1, number + 1
    return lines


_TOML_STRING = re.compile(
    r'"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'', re.DOTALL
)
_TOML_SCALAR = re.compile(r"[^,\]}\s#]+")
_TOML_INLINE_KEY = re.compile(
    r"""\s*((?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*')(?:\s*\.\s*(?:[A-Za-z0-9_-]+|"[^"]*"|'[^']*'))*)\s*="""
)


class _TomlScan:
    """Reads one TOML value from POS (the text after `key =`), noting the line of its items.

    The text has already parsed, so the scanner only needs to find where things are; on
    anything unexpected it stops, and the keys it did not reach keep their key's line.
    """

    def __init__(self, text: str, pos: int, line: int, lines: dict[Path_, int]) -> None:
        self.text, self.pos, self.line, self.lines = text, pos, line, lines

    def value(self, path: Path_) -> bool:
        self._blank()
        self.lines.setdefault(path, self.line)
        char = self.text[self.pos : self.pos + 1]
        if char == "[":
            return self._items(path)
        if char == "{":
            return self._table(path)
        found = _TOML_STRING.match(self.text, self.pos) or _TOML_SCALAR.match(self.text, self.pos)
        if found is None:
            return False
        self.line += found.group(0).count("\n")
        self.pos = found.end()
        return True

    def _items(self, path: Path_) -> bool:
        self.pos += 1
        index = 0
        while True:
            self._blank()
            if self.text.startswith("]", self.pos):
                self.pos += 1
                return True
            if not self.value((*path, str(index))):
                return False
            index += 1
            self._blank()
            if self.text.startswith(",", self.pos):
                self.pos += 1
            elif not self.text.startswith("]", self.pos):
                return False

    def _table(self, path: Path_) -> bool:
        self.pos += 1
        while True:
            self._blank()
            if self.text.startswith("}", self.pos):
                self.pos += 1
                return True
            key = _TOML_INLINE_KEY.match(self.text, self.pos)
            if key is None:
                return False
            self.pos = key.end()
            if not self.value((*path, *_toml_key(key.group(1)))):
                return False
            self._blank()
            if self.text.startswith(",", self.pos):
                self.pos += 1

    def _blank(self) -> None:
        """Skip white space, newlines and comments (counting the lines)."""
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\n":
                self.line += 1
            elif char == "#":
                end = self.text.find("\n", self.pos)
                self.pos = len(self.text) if end < 0 else end
                continue
            elif not char.isspace():
                return
            self.pos += 1


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
