"""The one place that reads and writes YAML.

ruamel.yaml (round-trip) for files a person edits, so comments, key order and quoting
survive pilotkit's edits; libyaml through PyYAML (which copier already brings) for fast
read-only passes over many small documents, such as 2,000 task files in `pilotkit check`.
Both report problems with the file and line.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter

from pilotkit import frontmatter
from pilotkit.errors import PilotkitError
from pilotkit.files import write_atomically


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
    try:
        return round_trip().load(text)
    except MarkedYAMLError as err:
        line, problem = _where(err, text)
        raise YamlError(path, line, f"invalid YAML: {problem}") from None
    except YAMLError as err:
        raise YamlError(path, None, f"invalid YAML: {err}") from None


def _where(err: Any, text: str) -> tuple[int | None, str]:
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
    """Read PATH as UTF-8 text, with errors that say which file and what to do."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise YamlError(path, None, "no such file") from None
    except IsADirectoryError:
        raise YamlError(path, None, "is a directory, not a YAML file") from None
    except PermissionError:
        raise YamlError(path, None, "cannot be read (permission denied)") from None
    except UnicodeDecodeError as err:
        line = path.read_bytes()[: err.start].count(b"\n") + 1
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


_FastLoader: Any = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)


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
    try:
        loader = _FastLoader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except pyyaml.MarkedYAMLError as err:
        line, problem = _where(err, text)
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


def append_to_list(path: Path, key: str, item: Mapping[str, Any]) -> int:
    """Append ITEM to the list under top-level KEY of the YAML file at PATH; return its line.

    A round trip: comments, key order, quoting and indentation of the rest of the file
    are kept. An empty flow list (`entries: []`) becomes a block list. The file is
    replaced in one step, so an interruption never leaves half of it.
    """
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString
    from ruamel.yaml.util import load_yaml_guess_indent

    text = read_text(path)
    node = parse_text(text, path)  # quotes kept; the same errors, with lines, as every read
    _, indent, block_seq_indent = load_yaml_guess_indent(text)
    if not isinstance(node, CommentedMap):
        raise YamlError(path, 1, "expected a mapping of `key: value` lines at the top level")
    items = node.get(key)
    if items is None:
        items = node[key] = CommentedSeq()
    if not isinstance(items, CommentedSeq):
        raise YamlError(path, node.lc.key(key)[0] + 1, f"`{key}` must be a list")
    if not items:
        items.fa.set_block_style()
    entry = CommentedMap()
    for name, value in item.items():
        entry[name] = DoubleQuotedScalarString(value) if name == "date" else value
    items.append(entry)
    yaml = round_trip()
    yaml.Representer = _NullRepresenter
    yaml.width = 4096  # never re-wrap a person's long lines
    # The file's own indentation; the template's style (`  - kind: …`) when it has none yet.
    offset = 2 if block_seq_indent is None else block_seq_indent
    yaml.indent(mapping=indent or 2, sequence=offset + 2, offset=offset)
    buffer = io.StringIO()
    yaml.dump(node, buffer)
    write_atomically(path, buffer.getvalue())
    reread = parse_text(buffer.getvalue(), path)
    return int(reread[key].lc.item(len(reread[key]) - 1)[0]) + 1


class _NullRepresenter(RoundTripRepresenter):
    """Writes None as `null`, as the pilot's files do, rather than as an empty value."""


def _null(representer: Any, _: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


_NullRepresenter.add_representer(type(None), _null)


def load_copier_config(path: Path) -> dict[str, Any]:
    """Read a copier.yml the way copier does: every document merged in order, later keys winning.

    A document `--- !include GLOB` stands for the documents of the files GLOB matches,
    relative to the file's directory; a match outside that directory is refused, as
    copier refuses it. (copier also concatenates a few `_` settings across documents;
    pilotkit reads only the questions, so the plain merge is enough.)
    """
    root = path.parent.resolve()

    class _Loader(pyyaml.SafeLoader):
        """A private subclass, so the `!include` constructor does not leak into PyYAML."""

    def include(loader: pyyaml.SafeLoader, node: pyyaml.Node) -> list[Any]:
        pattern = str(loader.construct_scalar(node))  # type: ignore[arg-type]
        found: list[Any] = []
        for match in sorted(root.glob(pattern)):
            if not match.resolve().is_relative_to(root):
                raise YamlError(path, node.start_mark.line + 1, f"!include {pattern} leaves {root}")
            found.extend(_config_documents(match, _Loader))
        return found

    _Loader.add_constructor("!include", include)
    merged: dict[str, Any] = {}
    for document in _config_documents(path, _Loader):
        merged.update(document)
    return merged


def _config_documents(path: Path, loader: Any) -> list[dict[str, Any]]:
    text = read_text(path)
    try:
        documents = list(pyyaml.load_all(text, Loader=loader))
    except pyyaml.MarkedYAMLError as err:
        line, problem = _where(err, text)
        raise YamlError(path, line, f"invalid YAML: {problem}") from None
    except pyyaml.YAMLError as err:
        raise YamlError(path, None, f"invalid YAML: {err}") from None
    flat: list[dict[str, Any]] = []
    for document in documents:
        for part in document if isinstance(document, list) else [document]:
            if part is None:
                continue
            if not isinstance(part, dict):
                raise YamlError(path, None, "every document must be a mapping of settings")
            flat.append(part)
    return flat


def parse_value(text: str, what: str) -> Any:
    """Parse TEXT (an answer typed or rendered for WHAT) as one YAML document, safely."""
    try:
        return pyyaml.load(text, Loader=_FastLoader)  # noqa: S506 (a safe loader)
    except pyyaml.MarkedYAMLError as err:
        line, problem = _where(err, text)
        raise YamlError(what, line, f"invalid YAML: {problem}") from None
    except (pyyaml.YAMLError, ValueError, TypeError) as err:
        raise YamlError(what, None, f"invalid YAML: {' '.join(str(err).split())}") from None


def dump_value(value: Any) -> str:
    """VALUE as block-style YAML, keys in their given order, for a person to read and edit."""
    text: str = pyyaml.safe_dump(
        value, default_flow_style=False, sort_keys=False, allow_unicode=True, width=100
    )
    return text.removesuffix("...\n").rstrip("\n")


# --- Round-trip edits -------------------------------------------------------------------
#
# ruamel's own dumper re-indents sequences, re-spaces flow lists and re-wraps long lines,
# so a full load-and-dump would touch bytes nobody changed. Instead ruamel's composer
# locates each changed value, only that span of text is replaced, and the result is
# parsed again and compared with what was intended before anyone writes it.


class Delete(Enum):
    """The value of a change that removes the field."""

    FIELD = "delete"


DELETE = Delete.FIELD
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def edit_front_matter(text: str, changes: Mapping[str, Any], path: Path | str) -> str:
    """TEXT (a Markdown file) with the front matter fields in CHANGES set or removed.

    Every byte outside the changed values stays as it was: comments, key order,
    quoting, blank lines, line endings and the body. A changed string keeps the quote
    style of the value it replaces; a new field goes after the last one.
    """
    split = frontmatter.split(text)
    if split.yaml is None or split.unclosed:
        raise YamlError(path, 1, "has no front matter between `---` lines")
    start = len(text.splitlines(keepends=True)[0])
    edited = edit_text(split.yaml, {(key,): value for key, value in changes.items()}, path, 2)
    return text[:start] + edited + text[start + len(split.yaml) :]


def edit_text(
    text: str, changes: Mapping[tuple[str, ...], Any], path: Path | str, first_line: int = 1
) -> str:
    """YAML TEXT with the values at the given key paths set (or removed with DELETE)."""
    root = _compose(text, path, first_line)
    newline = "\r\n" if "\r\n" in text else "\n"
    edits = [
        (*_edit(text, root, keys, value, newline, path), order)
        for order, (keys, value) in enumerate(changes.items())
    ]
    result = text
    # From the end backwards, so offsets stay true; new fields keep the order of CHANGES.
    for start, end, replacement, _ in sorted(edits, key=lambda e: (e[0], e[1], e[3]), reverse=True):
        result = result[:start] + replacement + result[end:]
    expected = to_plain(parse_text(text, path))
    for keys, value in changes.items():
        _apply(expected, keys, value)
    if to_plain(parse_text(result, path)) != expected:  # never write what was not intended
        raise RuntimeError(f"editing {path} would change more than {list(changes)}")
    return result


def _compose(text: str, path: Path | str, first_line: int) -> Any:
    try:
        root = round_trip().compose(text)
    except MarkedYAMLError as err:
        line, problem = _where(err, text)
        raise YamlError(path, line + first_line - 1 if line else None, problem) from None
    if not isinstance(root, MappingNode) or root.flow_style:
        raise YamlError(path, first_line, "expected `key: value` lines at the top level")
    return root


def _edit(
    text: str, root: Any, keys: tuple[str, ...], value: Any, newline: str, path: Path | str
) -> tuple[int, int, str]:
    """One splice (start, end, replacement) that sets KEYS to VALUE."""
    parent = root
    for key in keys[:-1]:
        found = _entry(parent, key)
        parent = found[1] if found else None
        if not isinstance(parent, MappingNode) or parent.flow_style:
            raise YamlError(path, None, f"`{key}` is not a block mapping; edit it by hand")
    entry = _entry(parent, keys[-1])
    if entry is None:
        if value is DELETE:
            return 0, 0, ""
        indent = " " * parent.value[0][0].start_mark.column if parent.value else ""
        at = _line_end(text, _content_end(text, parent.value[-1][1])) if parent.value else 0
        line = f"{indent}{_key(keys[-1])}: {scalar(value, None)}{newline}"
        prefix = newline if at == len(text) and text and not text.endswith("\n") else ""
        return at, at, prefix + line
    key_node, value_node = entry
    where = key_node.start_mark.line + 1
    if value is DELETE:
        start = text.rfind("\n", 0, key_node.start_mark.index) + 1
        if text[start : key_node.start_mark.index].strip():
            raise YamlError(path, where, f"`{keys[-1]}` does not start its line; edit it by hand")
        return start, _line_end(text, _content_end(text, value_node)), ""
    if not isinstance(value_node, ScalarNode):
        raise YamlError(path, where, f"`{keys[-1]}` holds a list or mapping, not one value")
    start, end = value_node.start_mark.index, value_node.end_mark.index
    if start == end:  # an empty value (`assignee:`): write right after the colon
        colon = text.index(":", key_node.end_mark.index) + 1
        return colon, colon, " " + scalar(value, None)
    return start, end, scalar(value, value_node.style)


def _entry(mapping: Any, key: str) -> tuple[Any, Any] | None:
    for key_node, value_node in mapping.value:
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def _content_end(text: str, node: Any) -> int:
    """Where NODE's text ends, without the blank lines a block node swallows."""
    end = int(node.end_mark.index)
    while end > node.start_mark.index and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _line_end(text: str, index: int) -> int:
    """The start of the line after the one holding INDEX (a trailing comment included)."""
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def _key(key: str) -> str:
    return key if _PLAIN_KEY.match(key) else _double_quoted(key)


def scalar(value: Any, style: str | None = None) -> str:
    """VALUE as one line of YAML: in quote STYLE (`'`, `"` or None for plain) if it reads
    back as VALUE that way, else double-quoted."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if not isinstance(value, str):
        raise TypeError(f"cannot write {type(value).__name__} as a YAML scalar")
    candidates = []
    if style == "'" and "\n" not in value:
        candidates.append("'" + value.replace("'", "''") + "'")
    if style is None:
        candidates.append(value)
    candidates.append(_double_quoted(value))
    for text in candidates:
        if _reads_back(text, value):
            return text
    raise PilotkitError(f"cannot write {value!r} in YAML so that it reads back the same")


def _double_quoted(value: str) -> str:
    """VALUE as a YAML double-quoted scalar, escaping what YAML may not hold as is."""
    out = ['"']
    for char in value:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif (
            0x20 <= code <= 0x7E
            or (0xA0 <= code <= 0xFFFD and code not in _ODD)
            or (0x10000 <= code <= 0x10FFFF)
        ):
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    return "".join(out) + '"'


# Printable, but line breaks to YAML 1.1, a byte order mark, or surrogates: escape them.
_ODD = frozenset((0x2028, 0x2029, 0xFEFF, *range(0xD800, 0xE000)))


def _reads_back(text: str, value: str) -> bool:
    """Whether `k: TEXT` gives VALUE to both parsers (YAML 1.1 and 1.2 disagree on some)."""
    if not text or "\n" in text or text != text.strip():
        return False
    document = f"k: {text}\n"
    try:
        return bool(
            read_located(document, "value").data == {"k": value}
            and to_plain(round_trip().load(document)) == {"k": value}
        )
    except (YamlError, YAMLError):
        return False


def _apply(data: Any, keys: tuple[str, ...], value: Any) -> None:
    for key in keys[:-1]:
        data = data[key]
    if value is DELETE:
        data.pop(keys[-1], None)
    else:
        data[keys[-1]] = value


def set_value(path: Path, key: str, value: str) -> None:
    """Set top-level KEY to VALUE in the YAML mapping at PATH; comments and order survive."""
    import io

    node = parse_text(read_text(path), path)
    if not isinstance(node, CommentedMap):
        raise YamlError(path, 1, "expected a mapping of `key: value` lines at the top level")
    node[key] = value
    yaml = round_trip()
    yaml.width = 4096  # never fold a long path onto a second line
    out = io.StringIO()
    yaml.dump(node, out)
    path.write_text(out.getvalue(), encoding="utf-8")
