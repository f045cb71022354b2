"""Apply an exercise's plant or solution edits to a pilot, with the round-trip editors
`tasks` uses: a changed field keeps every other byte of the file as it was."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pilotkit import git
from pilotkit.errors import PilotkitError
from pilotkit.files import write_text
from pilotkit.workshop.exercise import Edit
from pilotkit.yaml import (
    Append,
    Remove,
    YamlError,
    append_to_list,
    edit_front_matter,
    edit_text,
)


class EditError(PilotkitError):
    """An edit that does not fit the pilot (an anchor not found, a field missing)."""


def apply(root: Path, edits: Sequence[Edit], *, what: str) -> None:
    """Apply EDITS to the pilot at ROOT in order; WHAT names them in errors."""
    for number, item in enumerate(edits, 1):
        try:
            _apply(root, item)
        except (OSError, ValueError, KeyError, IndexError, TypeError, YamlError) as err:
            raise EditError(f"{what}, edit {number} ({item.op} {item.path}): {err}") from None


def _apply(root: Path, item: Edit) -> None:
    if item.op == "commit":
        git.commit_all(root, item.message or "Workshop edit")
        return
    if item.op == "update":
        _update(root)
        return
    path = root / item.path
    if item.op == "write":
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text(path, item.text)
    elif item.op == "delete":
        path.unlink()
    elif item.op == "append" and isinstance(item.value, dict) and path.suffix != ".json":
        _append_entry(path, item)
    else:
        # Bytes decoded, not read as text: reading as text would turn CRLF into LF.
        write_text(path, _edited(path.read_bytes().decode("utf-8"), item))


def _update(root: Path) -> None:
    """`pilotkit update` to the newest version, as a participant runs it: a conflict is left
    in the files, with its markers, for the edits after it to resolve."""
    from pilotkit.template import rollout  # the copier seam: only for this edit

    outcome = rollout.update_pilot(rollout.Request(root.resolve()))
    if outcome.status not in (rollout.Status.UPDATED, rollout.Status.CONFLICTS):
        raise ValueError(f"pilotkit update: {outcome.status}, {outcome.reason or 'no change'}")


def _edited(text: str, item: Edit) -> str:
    if item.op == "set_field":
        return edit_front_matter(text, {item.key: item.value}, item.path)
    if item.op == "set_yaml":
        return edit_text(text, {tuple(item.key.split(".")): item.value}, item.path)
    if item.op == "set_json":
        return _set_json(text, item)
    if item.op == "set_toml":
        return _set_toml(text, item)
    if item.op in ("append", "remove"):
        return _edit_list(text, item)
    if item.op == "replace":
        if text.count(item.anchor) != 1:
            raise ValueError(f"the anchor must occur once, found {text.count(item.anchor)} times")
        return text.replace(item.anchor, item.text)
    return _delete_section(text, item.heading)


def _append_entry(path: Path, item: Edit) -> None:
    """Append a whole mapping (a journal entry, say) to the list at a top-level key of a YAML
    file, as `pilotkit log` appends: a round trip that keeps the rest of the file."""
    if "." in item.key or path.suffix == ".md":
        raise ValueError(f"`{item.key}`: a mapping is appended only at a top-level YAML key")
    append_to_list(path, item.key, item.value)


def _edit_list(text: str, item: Edit) -> str:
    """TEXT with ITEM's value appended to or removed from the list at ITEM's key: a
    Markdown file's front-matter field, or a dotted key path of a YAML or JSON file."""
    change = Append(item.value) if item.op == "append" else Remove(item.value)
    if item.path.endswith(".md"):
        return edit_front_matter(text, {item.key: change}, item.path)
    if item.path.endswith(".json"):
        return _json_list(text, item)
    return edit_text(text, {tuple(item.key.split(".")): change}, item.path)


def _json_list(text: str, item: Edit) -> str:
    data = json.loads(text)
    node: Any = data
    for key in item.key.split("."):
        node = node[int(key)] if isinstance(node, list) else node[key]
    if not isinstance(node, list):
        raise ValueError(f"`{item.key}` is not a list")
    if item.op == "append":
        node.append(item.value)
    elif item.value in node:
        node.remove(item.value)
    else:
        raise ValueError(f"`{item.key}` holds no item {item.value!r}")
    return json.dumps(data, indent=2) + "\n"


def _set_json(text: str, item: Edit) -> str:
    data = json.loads(text)
    node: Any = data
    keys = item.key.split(".")
    for key in keys[:-1]:
        node = node[int(key)] if isinstance(node, list) else node[key]
    last = keys[-1]
    if isinstance(node, list):
        node[int(last)] = item.value
    else:
        node[last] = item.value
    return json.dumps(data, indent=2) + "\n"


def _set_toml(text: str, item: Edit) -> str:
    """TEXT with the value of the TOML key ITEM names (a dotted path, e.g.
    `mcp_servers.filesystem.args`) replaced on its line; every other byte stays. The key
    must be there with its value on one line; the result is parsed again to prove it."""
    from pilotkit.agents.mcp.documents import toml_lines  # the TOML line index `check` uses

    keys = tuple(item.key.split("."))
    expected = tomllib.loads(text)
    node = expected
    for key in keys[:-1]:
        node = node[key]
    if keys[-1] not in node:
        raise KeyError(f"`{item.key}` is not set; set_toml changes a key that is there")
    node[keys[-1]] = item.value
    lines = text.splitlines(keepends=True)
    number = toml_lines(text).get(keys, 0) - 1
    line = lines[number] if number >= 0 else ""
    body = line.rstrip("\r\n")
    named = body.partition("=")[0].strip().strip("\"'")
    if "=" not in body or named != keys[-1]:  # inside an inline table, say
        raise ValueError(f"`{item.key}` has no line of its own; edit it with `replace`")
    lines[number] = body[: body.index("=") + 1] + " " + _toml(item.value) + line[len(body) :]
    result = "".join(lines)
    try:
        if tomllib.loads(result) == expected:
            return result
    except tomllib.TOMLDecodeError:
        pass
    raise ValueError(f"`{item.key}` spans more than its line; edit it with `replace`")


def _toml(value: Any) -> str:
    """VALUE as a TOML inline value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml(part) for part in value) + "]"
    if isinstance(value, dict):
        pairs = ", ".join(f"{json.dumps(str(key))} = {_toml(part)}" for key, part in value.items())
        return "{ " + pairs + " }" if pairs else "{}"
    raise ValueError(f"{value!r} cannot be written as a TOML value")


def _delete_section(text: str, heading: str) -> str:
    level = len(heading) - len(heading.lstrip("#"))
    lines = text.splitlines(keepends=True)
    starts = [n for n, line in enumerate(lines) if line.rstrip() == heading]
    if len(starts) != 1:
        raise ValueError(f"the heading {heading!r} must occur once, found {len(starts)}")
    end = next(
        (
            n
            for n in range(starts[0] + 1, len(lines))
            if lines[n].startswith("#") and len(lines[n]) - len(lines[n].lstrip("#")) <= level
        ),
        len(lines),
    )
    return "".join(lines[: starts[0]] + lines[end:])
