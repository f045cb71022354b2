"""Editing YAML people wrote: change only the bytes an edit is about.

Front matter fields and values at a key path are replaced in place, and one item is
appended to or removed from a list (`Append`, `Remove`) in place too, in the list's own
flow (`[a, b]`) or block (`- a`) style: the rest of the file stays byte for byte. A
journal's mapping entries are appended with ruamel's round trip (`append_to_list`), which
keeps comments, key order and quoting. Either way the file keeps its line endings (CRLF or
LF) and its byte order mark, if it has one: an edit on Windows shows as the lines it
changed.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.representer import RoundTripRepresenter

from pilotkit.errors import PilotkitError
from pilotkit.files import write_text
from pilotkit.pilot import frontmatter
from pilotkit.yaml.read import (
    YamlError,
    check_bounds,
    error_location,
    parse_text,
    read_located,
    read_text,
    round_trip,
    to_plain,
)


def append_to_list(path: Path, key: str, item: Mapping[str, Any]) -> int:
    """Append ITEM to the list under top-level KEY of the YAML file at PATH; return its line.

    A round trip: comments, key order, quoting and indentation of the rest of the file
    are kept. An empty flow list (`entries: []`) becomes a block list. The file is
    replaced in one step, so an interruption never leaves half of it.
    """
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString
    from ruamel.yaml.util import load_yaml_guess_indent

    original = read_text(path)
    bom, newline = _form(original)
    # ruamel reads and writes LF; the file's own line endings are put back on writing.
    text = original.removeprefix(bom).replace("\r\n", "\n")
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
    write_text(path, bom + buffer.getvalue().replace("\n", newline))
    reread = parse_text(buffer.getvalue(), path)
    return int(reread[key].lc.item(len(reread[key]) - 1)[0]) + 1


class _NullRepresenter(RoundTripRepresenter):
    """Writes None as `null`, as the pilot's files do, rather than as an empty value."""


def _null(representer: Any, _: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


_NullRepresenter.add_representer(type(None), _null)


class Delete(Enum):
    """The value of a change that removes the field."""

    FIELD = "delete"


DELETE = Delete.FIELD


@dataclass(frozen=True)
class Append:
    """The value of a change that appends ITEM (one scalar) to the list at its key."""

    item: Any


@dataclass(frozen=True)
class Remove:
    """The value of a change that removes ITEM (its first equal entry) from the list at its
    key; the item may be a scalar or a whole mapping entry."""

    item: Any


ListChange = Append | Remove
_PLAIN_KEY = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def _form(text: str) -> tuple[str, str]:
    """TEXT's byte order mark ("" without one) and its line ending: CRLF when most lines
    end so, else LF."""
    bom = frontmatter.BOM if text.startswith(frontmatter.BOM) else ""
    crlf = text.count("\r\n")
    return bom, "\r\n" if crlf and 2 * crlf >= text.count("\n") else "\n"


def edit_front_matter(text: str, changes: Mapping[str, Any], path: Path | str) -> str:
    """TEXT (a Markdown file) with the front matter fields in CHANGES set or removed.

    Every byte outside the changed values stays as it was: comments, key order,
    quoting, blank lines, line endings and the body. A changed string keeps the quote
    style of the value it replaces; a new field goes after the last one.
    """
    bom, newline = _form(text)
    text = text.removeprefix(bom)
    split = frontmatter.split(text)
    if split.yaml is None or split.unclosed:
        raise YamlError(path, 1, "has no front matter between `---` lines")
    start = len(text.splitlines(keepends=True)[0])
    fields: dict[tuple[str, ...], Any] = {(key,): value for key, value in changes.items()}
    edited = _edit_text(split.yaml, fields, path, 2, newline)
    return bom + text[:start] + edited + text[start + len(split.yaml) :]


def edit_text(
    text: str, changes: Mapping[tuple[str, ...], Any], path: Path | str, first_line: int = 1
) -> str:
    """YAML TEXT with the values at the given key paths set (or removed with DELETE), or
    the lists at them changed (Append, Remove)."""
    bom, newline = _form(text)
    return bom + _edit_text(text.removeprefix(bom), changes, path, first_line, newline)


def _edit_text(
    text: str,
    changes: Mapping[tuple[str, ...], Any],
    path: Path | str,
    first_line: int,
    newline: str,
) -> str:
    root = _compose(text, path, first_line)
    current = to_plain(parse_text(text, path))
    where = _Where(path, first_line, newline)
    edits = [
        (*_edit(text, root, keys, value, current, where), order)
        for order, (keys, value) in enumerate(changes.items())
    ]
    result = text
    # From the end backwards, so offsets stay true; new fields keep the order of CHANGES.
    for start, end, replacement, _ in sorted(edits, key=lambda e: (e[0], e[1], e[3]), reverse=True):
        result = result[:start] + replacement + result[end:]
    expected = copy.deepcopy(current)
    for keys, value in changes.items():
        _apply(expected, keys, value)
    if to_plain(parse_text(result, path)) != expected:  # never write what was not intended
        raise RuntimeError(f"editing {path} would change more than {list(changes)}")
    return result


def _compose(text: str, path: Path | str, first_line: int) -> Any:
    check_bounds(text, path, first_line)
    try:
        root = round_trip().compose(text)
    except MarkedYAMLError as err:
        line, problem = error_location(err, text)
        raise YamlError(path, line + first_line - 1 if line else None, problem) from None
    if not isinstance(root, MappingNode) or root.flow_style:
        raise YamlError(path, first_line, "expected `key: value` lines at the top level")
    return root


@dataclass(frozen=True)
class _Where:
    """Where the text being edited comes from: its file, the file line of its first line,
    and the line ending it uses."""

    path: Path | str
    first_line: int
    newline: str

    def fail(self, node: Any, problem: str) -> YamlError:
        return YamlError(self.path, node.start_mark.line + self.first_line, problem)


def _edit(
    text: str, root: Any, keys: tuple[str, ...], value: Any, current: Any, where: _Where
) -> tuple[int, int, str]:
    """One splice (start, end, replacement) that sets KEYS to VALUE."""
    newline, path = where.newline, where.path
    parent = root
    for key in keys[:-1]:
        found = _entry(parent, key)
        parent = found[1] if found else None
        if not isinstance(parent, MappingNode) or parent.flow_style:
            raise YamlError(path, None, f"`{key}` is not a block mapping; edit it by hand")
    entry = _entry(parent, keys[-1])
    if entry is None:
        if isinstance(value, ListChange):
            raise YamlError(path, None, f"has no `{'.'.join(keys)}` list")
        if value is DELETE:
            return 0, 0, ""
        indent = " " * parent.value[0][0].start_mark.column if parent.value else ""
        at = _line_end(text, _content_end(text, parent.value[-1][1])) if parent.value else 0
        line = f"{indent}{_key(keys[-1])}: {scalar(value, None)}{newline}"
        prefix = newline if at == len(text) and text and not text.endswith("\n") else ""
        return at, at, prefix + line
    key_node, value_node = entry
    if isinstance(value, ListChange):
        items = _plain_at(current, keys)
        return _edit_list(text, key_node, value_node, value, items, ".".join(keys), where)
    if value is DELETE:
        start = text.rfind("\n", 0, key_node.start_mark.index) + 1
        if text[start : key_node.start_mark.index].strip():
            raise where.fail(key_node, f"`{keys[-1]}` does not start its line; edit it by hand")
        return start, _line_end(text, _content_end(text, value_node)), ""
    if not isinstance(value_node, ScalarNode):
        raise where.fail(key_node, f"`{keys[-1]}` holds a list or mapping, not one value")
    start, end = value_node.start_mark.index, value_node.end_mark.index
    if start == end:  # an empty value (`assignee:`): write right after the colon
        colon = text.index(":", key_node.end_mark.index) + 1
        return colon, colon, " " + scalar(value, None)
    return start, end, scalar(value, value_node.style)


def _plain_at(data: Any, keys: tuple[str, ...]) -> Any:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _edit_list(
    text: str, key_node: Any, node: Any, change: ListChange, items: Any, name: str, where: _Where
) -> tuple[int, int, str]:
    """The splice that appends to or removes from the list NODE (plain: ITEMS) at NAME."""
    if not isinstance(node, SequenceNode) or not isinstance(items, list):
        raise where.fail(key_node, f"`{name}` is not a list")
    if isinstance(change, Remove):
        if change.item not in items:
            raise where.fail(key_node, f"`{name}` holds no item {_shown(change.item)}")
        return _remove_item(text, key_node, node, items.index(change.item), name, where)
    if isinstance(change.item, dict | list):
        raise where.fail(key_node, f"`{name}`: append adds one value, not a list or mapping")
    if node.flow_style:
        if not node.value:
            return node.start_mark.index, node.end_mark.index, f"[{_flow_scalar(change.item)}]"
        last = node.value[-1]
        at = last.end_mark.index
        return at, at, ", " + _flow_scalar(change.item, getattr(last, "style", None))
    last = node.value[-1]
    dash = _dash(text, last, name, where)
    at = _line_end(text, _content_end(text, last))
    prefix = where.newline if at == len(text) and not text.endswith("\n") else ""
    style = last.style if isinstance(last, ScalarNode) and last.style in ("'", '"') else None
    return at, at, prefix + dash + scalar(change.item, style) + where.newline


def _remove_item(
    text: str, key_node: Any, node: Any, index: int, name: str, where: _Where
) -> tuple[int, int, str]:
    victim = node.value[index]
    if node.flow_style:
        if len(node.value) == 1:
            return node.start_mark.index, node.end_mark.index, "[]"
        if index + 1 < len(node.value):
            return victim.start_mark.index, node.value[index + 1].start_mark.index, ""
        return node.value[index - 1].end_mark.index, victim.end_mark.index, ""
    dash = _dash(text, victim, name, where)
    end = _content_end(text, victim)
    if len(node.value) == 1:  # the last item: the list stays a list, an empty one
        return text.index(":", key_node.end_mark.index) + 1, end, " []"
    return victim.start_mark.index - len(dash), _line_end(text, end), ""


def _dash(text: str, item: Any, name: str, where: _Where) -> str:
    """The `  - ` before a block list's ITEM, which must start its line."""
    dash = text[text.rfind("\n", 0, item.start_mark.index) + 1 : item.start_mark.index]
    if dash.strip() != "-":
        raise where.fail(item, f"`{name}`: an item does not start its line; edit it by hand")
    return dash


def _flow_scalar(value: Any, style: str | None = None) -> str:
    """VALUE as an item of a `[a, b]` list: double-quoted unless it reads back as written
    there (a comma, a bracket or a leading `?` would change what a plain one means)."""
    written = scalar(value, style if style in ("'", '"') else None)
    if not isinstance(value, str) or _reads_back(f"[{written}]", [value]):
        return written
    return _double_quoted(value)


def _shown(item: Any) -> str:
    return repr(item) if not isinstance(item, dict | list) else "equal to the one given"


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


def _reads_back(text: str, value: str | list[str]) -> bool:
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
    if isinstance(value, Append):
        data[keys[-1]].append(value.item)
    elif isinstance(value, Remove):
        data[keys[-1]].remove(value.item)
    elif value is DELETE:
        data.pop(keys[-1], None)
    else:
        data[keys[-1]] = value


def set_value(path: Path, key: str, value: str) -> None:
    """Set top-level KEY to VALUE in the YAML mapping at PATH, changing only that value."""
    text = read_text(path)
    write_text(path, edit_text(text, {(key,): value}, path))
