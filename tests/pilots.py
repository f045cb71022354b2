"""Pilots for the agent and MCP tests: every agent and every server, rendered once per module.

Module-scoped fixtures run outside the autouse `isolated` fixture, so `isolated_env`
gives them the same isolation (HOME, git identity, copier's settings and cache).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from pilotkit import catalog
from pilotkit.commands.new import new
from tests.conftest import REPO_ROOT

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


@contextmanager
def isolated_env(home: Path, cache: Path) -> Iterator[pytest.MonkeyPatch]:
    """The `isolated` fixture's environment, for fixtures that outlive one test."""
    home.mkdir(parents=True, exist_ok=True)
    gitconfig = home / ".gitconfig"
    gitconfig.write_text(
        "[user]\n\tname = Pilot Tester\n\temail = tester@example.com\n"
        "[init]\n\tdefaultBranch = main\n"
    )
    with pytest.MonkeyPatch.context() as patch:
        for name in list(os.environ):
            if name.startswith(("GIT_", "COPIER_", "PILOTKIT_", "XDG_")):
                patch.delenv(name)
        patch.setenv("HOME", str(home))
        patch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
        patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
        patch.setenv("COPIER_SETTINGS_PATH", str(home / "copier-settings.yml"))
        patch.setenv("COPIER_CACHE_DIR", str(home / "copier-cache"))
        patch.setenv("PILOTKIT_CACHE_DIR", str(cache))
        patch.setenv("NO_COLOR", "1")
        patch.setenv("PYTHONPATH", str(REPO_ROOT / "generator"))
        yield patch


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
