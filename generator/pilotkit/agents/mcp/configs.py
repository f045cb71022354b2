"""Read the MCP servers back out of a client's project config file, in one neutral shape.

The template writes the same servers in every chosen client's own syntax; the agent
catalog says where each file is, which key holds the servers, and how it references an
environment variable (`vars`). Reading the files back, rather than the answers, shows
what each agent will really start, local edits included.
"""

from __future__ import annotations

import json
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pilotkit.agents.catalog import McpConfig
from pilotkit.pilot import textfiles

_NAME = r"([A-Za-z_][A-Za-z0-9_]*)"
_REMOTE_TYPES = {"http", "sse", "streamable-http", "streamableHttp", "ws", "remote"}
_URL_KEYS = ("url", "serverUrl", "httpUrl")
_TOML_LINE = re.compile(r"at line (\d+)")


@dataclass(frozen=True)
class Server:
    """One server entry as a client will read it.

    `variables` are the environment variables the entry needs: those it references
    without a default, or names it (Codex). VS Code's `${input:…}` prompts are not
    environment variables and are not listed.
    """

    name: str
    transport: str
    source: str
    command: str | None = None
    args: tuple[str, ...] = ()
    env: Mapping[str, str] = field(default_factory=dict)
    url: str | None = None
    variables: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConfigFile:
    """The servers of one config file, or why they could not be read (with the line)."""

    path: str
    servers: tuple[Server, ...] = ()
    problem: str | None = None
    line: int | None = None


def read(root: Path, config: McpConfig) -> ConfigFile:
    """Read CONFIG (a catalog entry) in the pilot at ROOT."""
    file = root / config.path
    try:
        text = textfiles.read_text(file)
    except FileNotFoundError:
        return ConfigFile(config.path, problem="is missing")
    except textfiles.NotAFile as err:
        return ConfigFile(config.path, problem=str(err.strerror))
    except (OSError, UnicodeDecodeError) as err:
        return ConfigFile(config.path, problem=f"cannot be read: {err}")
    try:
        data = _parse(text, config.format)
    except RecursionError:
        return ConfigFile(config.path, problem="is nested too deeply to parse")
    except json.JSONDecodeError as err:
        return ConfigFile(config.path, problem=f"is not valid JSON: {err.msg}", line=err.lineno)
    except tomllib.TOMLDecodeError as err:
        match = _TOML_LINE.search(str(err))
        line = int(match.group(1)) if match else None
        return ConfigFile(config.path, problem=f"is not valid TOML: {err}", line=line)
    servers = data.get(config.key, {}) if isinstance(data, dict) else None
    if not isinstance(servers, dict):
        return ConfigFile(config.path, problem=f"has no `{config.key}` table of servers")
    found: list[Server] = []
    for name, entry in servers.items():
        if not isinstance(entry, dict):
            return ConfigFile(config.path, problem=f"server {name} is not an object")
        server = _server(str(name), entry, config)
        if server.transport == "stdio" and not server.command:
            return ConfigFile(config.path, problem=f"server {name} has neither command nor url")
        found.append(server)
    return ConfigFile(config.path, tuple(found))


def references(text: str, pattern: str) -> list[str]:
    """The variable names TEXT references in PATTERN's syntax (`${NAME}`, `{env:NAME}` …).

    A `${NAME:-default}` reference has a fallback and needs no variable.
    """
    prefix, _, suffix = pattern.partition("NAME")
    regex = re.escape(prefix) + _NAME + r"(:-[^}]*)?" + re.escape(suffix)
    return [m.group(1) for m in re.finditer(regex, text) if not m.group(2)]


def _parse(text: str, format_: str) -> Any:
    if format_ == "toml":
        return tomllib.loads(text)
    return json.loads(text)


def _server(name: str, entry: dict[str, Any], config: McpConfig) -> Server:
    remote = any(key in entry for key in _URL_KEYS) or entry.get("type") in _REMOTE_TYPES
    command, args = _command(entry)
    url = next((str(entry[key]) for key in _URL_KEYS if key in entry), None)
    env = entry.get("env") or entry.get("environment") or {}
    env = {str(k): str(v) for k, v in env.items()} if isinstance(env, dict) else {}
    return Server(
        name=name,
        transport="http" if remote else "stdio",
        source=config.path,
        command=None if remote else command,
        args=() if remote else args,
        env=env,
        url=url if remote else None,
        variables=tuple(dict.fromkeys(_variables(entry, config.vars))),
    )


def _command(entry: dict[str, Any]) -> tuple[str | None, tuple[str, ...]]:
    command: Any = entry.get("command")
    args: Any = entry.get("args") or []
    if isinstance(command, list):  # opencode: program and arguments in one list
        command, args = (command[0] if command else None), command[1:]
    if not isinstance(command, str) or not command.strip():
        return None, ()
    return command, tuple(str(arg) for arg in args) if isinstance(args, list) else ()


def _variables(entry: dict[str, Any], pattern: str) -> Iterator[str]:
    if pattern == "names":  # Codex names the variables instead of interpolating them
        yield from (str(name) for name in entry.get("env_vars") or [])
        if entry.get("bearer_token_env_var"):
            yield str(entry["bearer_token_env_var"])
        yield from (str(name) for name in (entry.get("env_http_headers") or {}).values())
        return
    if "input:" in pattern:  # VS Code prompts for inputs; they are not environment variables
        return
    for text in _strings(entry):
        yield from references(text, pattern)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
