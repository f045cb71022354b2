"""The agent and MCP server catalogs, read from the template's `_pilotkit/catalog.yml`.

copier.yml includes that file, so the template renders every agent's files and every
client's MCP config from it; pilotkit reads the same file for its checks and `doctor`.
An installed pilotkit carries a copy beside its template bundle; a source checkout reads
the file in place (`embedded.in_place_root`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pilotkit.errors import PilotkitError
from pilotkit.template.embedded import in_place_root
from pilotkit.yaml import YamlError, read_located

CATALOG_IN_TEMPLATE = Path("template") / "_pilotkit" / "catalog.yml"


@dataclass(frozen=True)
class McpConfig:
    """One project MCP config file an agent reads: path, `json` or `toml`, the servers key,
    and how it references a variable (`vars`: a pattern with NAME, or `names`)."""

    path: str
    format: str
    key: str
    vars: str = "${NAME}"


@dataclass(frozen=True)
class Agent:
    name: str
    label: str
    instructions: tuple[str, ...]
    mcp: tuple[McpConfig, ...]
    files: tuple[str, ...] = ()

    def paths(self) -> tuple[str, ...]:
        """Every file the template writes for this agent, each once, in catalog order."""
        found = [*self.instructions, *self.files, *(config.path for config in self.mcp)]
        return tuple(dict.fromkeys(found))


@dataclass(frozen=True)
class Catalog:
    """Agents by name and MCP servers by name (each server in the neutral shape)."""

    agents: Mapping[str, Agent]
    servers: Mapping[str, Mapping[str, Any]]


def catalog_path(template_root: Path | None = None) -> Path:
    """Where the catalog of TEMPLATE_ROOT (default: the embedded template) is."""
    if template_root is not None:
        return template_root / CATALOG_IN_TEMPLATE
    return in_place_root() / CATALOG_IN_TEMPLATE


@cache
def load(path: Path | None = None) -> Catalog:
    """Read the catalog at PATH (default: the embedded template's)."""
    path = path or catalog_path()
    try:
        data = read_located(path.read_text(encoding="utf-8"), path).data
        agents = data["agent_catalog"]["default"]
        servers = data["mcp_catalog"]["default"]
        return Catalog(
            agents={
                name: Agent(
                    name=name,
                    label=str(spec["label"]),
                    instructions=tuple(spec.get("instructions") or ()),
                    mcp=tuple(McpConfig(**config) for config in spec.get("mcp") or ()),
                    files=tuple(spec.get("files") or ()),
                )
                for name, spec in agents.items()
            },
            servers=dict(servers),
        )
    except (OSError, YamlError, KeyError, TypeError) as err:
        raise PilotkitError(f"{path}: not a pilotkit catalog ({err}); reinstall pilotkit") from None


def agent_of(name: str | None, agents: Iterable[str]) -> str | None:
    """The agent (a catalog key among AGENTS) a worker NAME stands for, or None for a person.

    Agents are named after their product as AGENTS.md asks: `claude-1`, `codex-2`,
    `gemini`; the key must end the name or be followed by something other than a letter
    (`claudette` is a person).
    """
    text = (name or "").strip().lower()
    for key in sorted(agents, key=len, reverse=True):
        if text.startswith(key) and not text[len(key) : len(key) + 1].isalpha():
            return key
    return None
