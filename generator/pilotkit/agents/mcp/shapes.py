"""Each MCP client's config shape: what a server entry must look like, and how it launches.

Written from the clients' documented shapes (pilotkit's research note, "MCP configuration
per client"). `CLIENTS` maps each project config path to its client; `problems` lists
every way a parsed file departs from its client's shape, and `launches` turns each valid
entry into a client-neutral `Launch` so that clients can be compared with each other and
with the answers. Keys a client does not document are ignored: clients add fields often.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pilotkit.agents.mcp.documents import Document
from pilotkit.agents.values import BOOL, NUMBER, TEXT, TEXT_LIST, TEXT_MAP, Value


@dataclass(frozen=True)
class Problem:
    """One departure from the shape: where (key path inside the file), what, how to fix."""

    keys: tuple[str, ...]
    message: str
    hint: str


@dataclass(frozen=True)
class Launch:
    """How a server starts, whatever the client: a command line, or a URL."""

    transport: str  # "stdio" or "remote"
    command: tuple[str, ...] = ()
    url: str | None = None

    def describe(self) -> str:
        return " ".join(self.command) if self.transport == "stdio" else str(self.url)


Check = Callable[[Mapping[str, Any]], list[Problem]]


@dataclass(frozen=True)
class Client:
    label: str
    key: str
    jsonc: bool
    check: Check
    launch: Callable[[Mapping[str, Any]], Launch]


def _fields(entry: Mapping[str, Any], kinds: Mapping[str, Value]) -> list[Problem]:
    found = []
    for key, kind in kinds.items():
        if key in entry and not kind.fits(entry[key]):
            words = kind.words
            found.append(Problem((key,), f"`{key}` must be {words}", f"write `{key}` as {words}"))
    return found


def _one_of(entry: Mapping[str, Any], options: tuple[str, ...]) -> list[Problem]:
    present = [key for key in options if key in entry]
    names = " or ".join(f"`{key}`" for key in options)
    if not present:
        return [Problem((), f"has no {names}", f"give the server a {names}")]
    if len(present) > 1:
        return [Problem((present[1],), f"has both {names}", "give exactly one of them")]
    return []


def _enum(entry: Mapping[str, Any], key: str, allowed: tuple[str, ...]) -> list[Problem]:
    value = entry.get(key)
    if key in entry and value not in allowed:
        return [
            Problem((key,), f"`{key}` is {value!r}", f"use one of {', '.join(map(repr, allowed))}")
        ]
    return []


_STDIO = {"command": TEXT, "args": TEXT_LIST, "env": TEXT_MAP}
_REMOTE = {"url": TEXT, "headers": TEXT_MAP}

# ---------------------------------------------------------------- the clients


def _claude(entry: Mapping[str, Any]) -> list[Problem]:
    found = _enum(entry, "type", ("stdio", "http", "streamable-http", "sse", "ws"))
    if found:
        return found
    if entry.get("type", "stdio") == "stdio":
        if "url" in entry and "type" not in entry:
            return [
                Problem(
                    ("url",),
                    "has a `url` but no `type`, so it is read as a stdio server",
                    'add `"type": "http"`',
                )
            ]
        found += _one_of(entry, ("command",)) + _fields(entry, _STDIO)
    else:
        found += _one_of(entry, ("url",)) + _fields(entry, {**_REMOTE, "headersHelper": TEXT})
    return found


def _vscode(entry: Mapping[str, Any]) -> list[Problem]:
    found = _enum(entry, "type", ("stdio", "http", "sse")) + _one_of(entry, ("command", "url"))
    kind = entry.get("type")
    if (kind == "stdio" and "url" in entry) or (kind in ("http", "sse") and "command" in entry):
        found.append(Problem(("type",), f"`type` {kind!r} does not fit the entry", "fix `type`"))
    return found + _fields(entry, {**_STDIO, **_REMOTE, "cwd": TEXT, "envFile": TEXT})


def _family(extra: Mapping[str, Value], remote: tuple[str, ...] = ("url",)) -> Check:
    """Cursor, Kiro and Gemini: `command` (+ args, env) or a URL (+ headers)."""

    def check(entry: Mapping[str, Any]) -> list[Problem]:
        found = _one_of(entry, ("command", *remote))
        url_kinds = {key: TEXT for key in remote}
        return found + _fields(entry, {**_STDIO, **_REMOTE, **url_kinds, **extra})

    return check


def _opencode(entry: Mapping[str, Any]) -> list[Problem]:
    if entry.get("type") not in ("local", "remote"):
        return [Problem(("type",), "`type` must be 'local' or 'remote'", 'add `"type": "local"`')]
    if entry["type"] == "local":
        found = _one_of(entry, ("command",))
        if "command" in entry and not (TEXT_LIST.fits(entry["command"]) and entry["command"]):
            found.append(
                Problem(
                    ("command",),
                    "`command` must be a list: the program, then its arguments",
                    'write `"command": ["npx", "-y", "pkg@1.2.3"]`',
                )
            )
        return found + _fields(entry, {"environment": TEXT_MAP, "enabled": BOOL, "timeout": NUMBER})
    return _one_of(entry, ("url",)) + _fields(entry, {**_REMOTE, "enabled": BOOL})


def _codex(entry: Mapping[str, Any]) -> list[Problem]:
    found = _one_of(entry, ("command", "url"))
    if "bearer_token" in entry:
        found.append(
            Problem(
                ("bearer_token",),
                "Codex refuses an inline `bearer_token`",
                'use `bearer_token_env_var = "NAME"` and set NAME in the environment',
            )
        )
    kinds = {
        **_STDIO,
        "url": TEXT,
        "env_vars": TEXT_LIST,
        "cwd": TEXT,
        "bearer_token_env_var": TEXT,
        "http_headers": TEXT_MAP,
        "env_http_headers": TEXT_MAP,
        "startup_timeout_sec": NUMBER,
        "tool_timeout_sec": NUMBER,
        "enabled": BOOL,
        "enabled_tools": TEXT_LIST,
        "disabled_tools": TEXT_LIST,
    }
    return found + _fields(entry, kinds)


def _generic_launch(entry: Mapping[str, Any]) -> Launch:
    command = entry.get("command")
    if isinstance(command, list):
        return Launch("stdio", tuple(str(part) for part in command))
    if isinstance(command, str):
        args: Any = entry.get("args")
        extra = [str(arg) for arg in args] if TEXT_LIST.fits(args) else []
        return Launch("stdio", (command, *extra))
    url = entry.get("url") or entry.get("httpUrl") or entry.get("serverUrl")
    return Launch("remote", url=str(url) if url else None)


CLIENTS: dict[str, Client] = {
    ".mcp.json": Client("Claude Code", "mcpServers", False, _claude, _generic_launch),
    ".vscode/mcp.json": Client("VS Code", "servers", True, _vscode, _generic_launch),
    ".cursor/mcp.json": Client(
        "Cursor", "mcpServers", True, _family({"envFile": TEXT}), _generic_launch
    ),
    ".gemini/settings.json": Client(
        "Gemini CLI",
        "mcpServers",
        True,
        _family(
            {
                "cwd": TEXT,
                "timeout": NUMBER,
                "trust": BOOL,
                "includeTools": TEXT_LIST,
                "excludeTools": TEXT_LIST,
            },
            remote=("url", "httpUrl"),
        ),
        _generic_launch,
    ),
    ".codex/config.toml": Client("Codex", "mcp_servers", False, _codex, _generic_launch),
    ".kiro/settings/mcp.json": Client(
        "Kiro",
        "mcpServers",
        True,
        _family({"disabled": BOOL, "autoApprove": TEXT_LIST, "disabledTools": TEXT_LIST}),
        _generic_launch,
    ),
    "opencode.json": Client("opencode", "mcp", True, _opencode, _generic_launch),
}


def client(path: str, key: str) -> Client:
    """The client reading PATH, or a generic one for a path pilotkit does not know."""
    known = CLIENTS.get(path)
    if known is not None:
        return known
    return Client(path, key, True, _family({}), _generic_launch)


def servers(doc: Document, key: str) -> Mapping[str, Any]:
    """The server entries of DOC under KEY ({} when absent or not an object)."""
    value = doc.data.get(key) if isinstance(doc.data, dict) else None
    return value if isinstance(value, dict) else {}


def problems(doc: Document, who: Client) -> list[Problem]:
    """Every departure of DOC from WHO's shape."""
    if not isinstance(doc.data, dict):
        return [Problem((), "the file must hold an object at the top level", "start it with {")]
    value = doc.data.get(who.key)
    if who.key in doc.data and not isinstance(value, dict):
        hint = f"map each server name to its settings under `{who.key}`"
        return [Problem((who.key,), f"`{who.key}` must be an object of servers", hint)]
    found = []
    for name, entry in servers(doc, who.key).items():
        if not isinstance(entry, dict):
            found.append(Problem((who.key, name), f"server `{name}` must be an object", ""))
            continue
        for problem in who.check(entry):
            keys = (who.key, name, *problem.keys)
            found.append(Problem(keys, f"server `{name}`: {problem.message}", problem.hint))
    if who.label == "VS Code":
        found += _vscode_inputs(doc)
    return found


_INPUT_REF = re.compile(r"\$\{input:([^}]+)\}")


def _vscode_inputs(doc: Document) -> list[Problem]:
    inputs = doc.data.get("inputs", [])
    if not isinstance(inputs, list) or not all(isinstance(item, dict) for item in inputs):
        return [Problem(("inputs",), "`inputs` must be a list of objects", "")]
    found: list[Problem] = []
    declared = set()
    for index, item in enumerate(inputs):
        keys = ("inputs", str(index))
        declared.add(item.get("id"))
        found += [
            Problem((*keys, *p.keys), f"input {index + 1}: {p.message}", p.hint)
            for p in _enum(item, "type", ("promptString", "pickString", "command"))
            + _one_of(item, ("id",))
            + _fields(item, {"id": TEXT, "description": TEXT, "password": BOOL})
        ]
    for name, entry in servers(doc, "servers").items():
        text = repr(entry)
        for ref in _INPUT_REF.findall(text):
            if ref not in declared:
                found.append(
                    Problem(
                        ("servers", name),
                        f"server `{name}` uses ${{input:{ref}}}, which `inputs` does not declare",
                        f'add {{"type": "promptString", "id": "{ref}", "password": true}} '
                        "to inputs",
                    )
                )
    return found


def launches(doc: Document, who: Client) -> dict[str, Launch]:
    """Each well-shaped server of DOC with how it launches."""
    result = {}
    for name, entry in servers(doc, who.key).items():
        if isinstance(entry, dict) and not who.check(entry):
            result[name] = who.launch(entry)
    return result
