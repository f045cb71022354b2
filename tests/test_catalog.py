"""The catalog: one table the template and the checks both read."""

from __future__ import annotations

import json
from pathlib import Path

from pilotkit.agents import catalog
from tests.conftest import Cli


def test_catalog_lists_every_agent_and_server() -> None:
    loaded = catalog.load()
    assert list(loaded.agents) == [
        "claude",
        "codex",
        "copilot",
        "cursor",
        "gemini",
        "windsurf",
        "kiro",
        "opencode",
    ]
    assert set(loaded.servers) == {
        "github",
        "atlassian",
        "filesystem",
        "git",
        "fetch",
        "playwright",
        "context7",
        "sentry",
        "memory",
    }
    assert loaded.agents["claude"].mcp[0].path == ".mcp.json"


def test_no_server_floats_to_latest() -> None:
    for name, server in catalog.load().servers.items():
        assert "@latest" not in json.dumps(server), name


def test_template_renders_servers_from_the_catalog(cli: Cli, tmp_path: Path) -> None:
    dest = tmp_path / "pilot"
    assert cli("new", dest, "--defaults", "--data", "mcp_servers=[filesystem, memory]").code == 0
    servers = json.loads((dest / ".mcp.json").read_text())["mcpServers"]
    expected = catalog.load().servers["memory"]
    assert servers["memory"]["args"] == expected["args"]
