"""Reading YAML people wrote: round-trip nodes, plain data, and line numbers for findings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from pilotkit.errors import PilotkitError
from pilotkit.pilot import textfiles
from pilotkit.yaml import bounds
from pilotkit.yaml.bounds import FastLoader


class YamlError(PilotkitError):
    """A YAML file that cannot be read; the message names the file and line."""

    def __init__(self, path: Path | str, line: int | None, problem: str) -> None:
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {problem}")
        self.path = str(path)
        self.line = line
        self.problem = problem


@dataclass(frozen=True)
class Document:
    """A parsed YAML mapping as plain Python data, plus the 1-based line of each top-level key."""

    path: Path
    data: dict[str, Any]
    lines: Mapping[str, int] = field(default_factory=dict)

    def line(self, key: str) -> int | None:
        return self.lines.get(key)


def round_trip() -> YAML:
    """A ruamel loader/dumper that keeps comments, key order and quoting."""
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    return yaml


def parse_text(text: str, path: Path | str) -> Any:
    """Parse TEXT (from PATH, for messages) into ruamel's commented nodes."""
    check_bounds(text, path)
    try:
        return round_trip().load(text)
    except MarkedYAMLError as err:
        line, problem = error_location(err, text)
        raise YamlError(path, line, f"invalid YAML: {problem}") from None
    except YAMLError as err:
        raise YamlError(path, None, f"invalid YAML: {err}") from None


def error_location(err: Any, text: str) -> tuple[int | None, str]:
    """The 1-based line and the problem of a YAML error from either parser.

    An unclosed bracket or quote is reported by both parsers at the end of the text;
    where it was opened is the line a person needs.
    """
    mark = err.problem_mark or err.context_mark
    problem = err.problem or err.context or "invalid YAML"
    at_end = mark is not None and mark.index >= len(text.rstrip())
    if at_end and err.context_mark is not None and err.context:
        mark, problem = err.context_mark, f"{err.context} that is never closed"
    return (mark.line + 1 if mark is not None else None), problem


def read_text(path: Path) -> str:
    """Read PATH as UTF-8 text, with errors that say which file and what to do.

    Line endings and a byte order mark stay as they are, so an edit can write them back.
    """
    try:
        raw = textfiles.read_bytes(path)
    except FileNotFoundError:
        raise YamlError(path, None, "no such file") from None
    except textfiles.NotAFile as err:
        if err.kind == "a folder":
            raise YamlError(path, None, "is a directory, not a YAML file") from None
        raise YamlError(path, None, f"{err.strerror}; give a regular file") from None
    except PermissionError:
        raise YamlError(path, None, "cannot be read (permission denied)") from None
    except OSError as err:  # e.g. a looping symlink
        raise YamlError(path, None, f"cannot be read: {err.strerror or err}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise YamlError(path, line, "is not UTF-8 text; save it as UTF-8") from None


def load_mapping(path: Path) -> Document:
    """Load a YAML file whose top level must be a mapping (an empty file is an empty one)."""
    node = parse_text(read_text(path), path)
    if node is None:
        return Document(path, {})
    if not isinstance(node, CommentedMap):
        raise YamlError(path, 1, "expected a mapping of `key: value` lines at the top level")
    lines = {str(key): node.lc.key(key)[0] + 1 for key in node}
    return Document(path, {str(key): to_plain(value) for key, value in node.items()}, lines)


def to_plain(node: Any) -> Any:
    """Convert ruamel's commented nodes and scalar subclasses into plain Python values."""
    if isinstance(node, CommentedMap | dict):
        return {str(key): to_plain(value) for key, value in node.items()}
    if isinstance(node, CommentedSeq | list):
        return [to_plain(item) for item in node]
    if isinstance(node, bool) or node is None:
        return node
    for kind in (int, float, str):
        if isinstance(node, kind):
            return kind(node)
    return node


def check_bounds(text: str, path: Path | str, first_line: int = 1) -> None:
    """Refuse TEXT (from PATH, starting on FIRST_LINE) if it nests too deep or its aliases
    stand for too much (see `pilotkit.yaml.bounds`), before a parser builds it."""
    found = bounds.excess(text, first_line)
    if found is not None:
        raise YamlError(path, *found)


@dataclass(frozen=True)
class Located:
    """A parsed YAML document as plain data, with the 1-based lines of its parts.

    For a top-level mapping, `key_lines` gives the line of each key and `items` the line of
    each item of each sequence value; `duplicates` lists keys given twice, with the line of
    the repeat.
    """

    data: Any
    key_lines: Mapping[str, int] = field(default_factory=dict)
    item_lines: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    duplicates: tuple[tuple[str, int], ...] = ()

    def line(self, key: str, default: int | None = None) -> int | None:
        return self.key_lines.get(key, default)

    def item_line(self, key: str, index: int) -> int | None:
        lines = self.item_lines.get(key, ())
        return lines[index] if index < len(lines) else self.line(key)


def read_located(text: str, path: Path | str, first_line: int = 1) -> Located:
    """Parse TEXT fast, keeping line numbers; FIRST_LINE is TEXT's first line in the file."""
    offset = first_line - 1
    check_bounds(text, path, first_line)
    try:
        loader = FastLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except pyyaml.MarkedYAMLError as err:
        line, problem = error_location(err, text)
        raise YamlError(path, line + offset if line else None, f"invalid YAML: {problem}") from None
    except (pyyaml.YAMLError, ValueError, TypeError) as err:  # e.g. an unhashable key
        raise YamlError(path, first_line, f"invalid YAML: {' '.join(str(err).split())}") from None
    if not isinstance(node, pyyaml.MappingNode):
        return Located(data)
    key_lines: dict[str, int] = {}
    item_lines: dict[str, tuple[int, ...]] = {}
    duplicates: list[tuple[str, int]] = []
    for key_node, value_node in node.value:
        key = str(key_node.value)
        line = key_node.start_mark.line + 1 + offset
        if key in key_lines:
            duplicates.append((key, line))
        key_lines[key] = line
        if isinstance(value_node, pyyaml.SequenceNode):
            item_lines[key] = tuple(item.start_mark.line + 1 + offset for item in value_node.value)
    return Located(data, key_lines, item_lines, tuple(duplicates))
