"""Pilots for the agent and MCP tests: every agent and every server, rendered once per module.

Module-scoped fixtures run outside the autouse `isolated` fixture, so `isolated_env`
gives them the same isolation (HOME, git identity, copier's settings and cache).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pilotkit.agents import catalog
from pilotkit.commands.new import new
from tests.checkpilot import INDEX_REQUIREMENT
from tests.conftest import isolated_env

ALL_AGENTS = list(catalog.load().agents)
ALL_SERVERS = list(catalog.load().servers)
# One custom server of each kind, each with a variable, as an answers file would give them.
CUSTOM_SERVERS: list[dict[str, Any]] = [
    {
        "name": "billing-api",
        "command": "./bin/billing-mcp",
        "args": ["--read-only"],
        "env": ["BILLING_API_KEY"],
    },
    {"name": "docs-search", "url": "https://docs.example.com/mcp", "bearer_env": "DOCS_TOKEN"},
]
ALL_SERVER_NAMES = [*ALL_SERVERS, *(server["name"] for server in CUSTOM_SERVERS)]


def render(
    dest: Path,
    *,
    agents: Sequence[str],
    servers: Sequence[str],
    custom: Sequence[dict[str, Any]] = (),
    git: bool = True,
) -> Path:
    """Make a pilot at DEST with these agents and servers (the worked example otherwise)."""
    data = [
        f"agents={json.dumps(list(agents))}",
        f"mcp_servers={json.dumps(list(servers))}",
        f"custom_mcp_servers={json.dumps(list(custom))}",
        INDEX_REQUIREMENT,  # as a pilotkit installed from an index makes it: CI can install it
    ]
    new(dest, data=data, use_git=git)
    return dest


def render_full(base: Path, cache: Path) -> Path:
    """Every agent, every catalog server and both custom servers, at BASE/pilot."""
    with isolated_env(base / "render-home", cache):
        return render(base / "pilot", agents=ALL_AGENTS, servers=ALL_SERVERS, custom=CUSTOM_SERVERS)


def pilot_files(pilot: Path) -> set[str]:
    """Every file of PILOT except git's, as relative POSIX paths."""
    return {
        path.relative_to(pilot).as_posix()
        for path in pilot.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(pilot).parts
    }
