"""MCP findings point at the very line they are about, in every client's config shape.

A code-scanning page shows a SARIF result on its line; a floating `@latest` flagged on
the `"args": [` line two lines above it sends the reader hunting.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pilotkit.agents import catalog
from tests.checkpilot import edit, line_of
from tests.conftest import Cli
from tests.pilots import render_full

PINNED = "server-filesystem@2026.8.31"
FLOATING = "server-filesystem@latest"
CONFIGS = sorted({config.path for agent in catalog.load().agents.values() for config in agent.mcp})


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Path:
    """Every agent, so every client's MCP config shape (JSON, JSONC and TOML)."""
    return render_full(tmp_path_factory.mktemp("mcp-lines"), shared_cache)


@pytest.fixture
def pilot(full: Path, tmp_path: Path) -> Path:
    dest = tmp_path / "pilot"
    shutil.copytree(full, dest, symlinks=True)
    return dest


def floating_findings(cli: Cli, pilot: Path) -> list[tuple[str, int]]:
    """PK-M005 as `check --format json` reports it, and as SARIF does (they must agree)."""
    run = cli("check", pilot, "--select", "PK-M005", "--format", "json")
    found = [(f["path"], f["line"]) for f in json.loads(run.out)["findings"]]
    sarif = json.loads(cli("check", pilot, "--select", "PK-M005", "--format", "sarif").out)
    located = [
        (where["artifactLocation"]["uri"], where["region"]["startLine"])
        for result in sarif["runs"][0]["results"]
        for where in [result["locations"][0]["physicalLocation"]]
    ]
    assert sorted(located) == sorted(found)
    return found


def test_every_client_config_points_at_the_floating_argument(cli: Cli, pilot: Path) -> None:
    for path in CONFIGS:
        edit(pilot / path, PINNED, FLOATING)

    found = floating_findings(cli, pilot)

    assert sorted(found) == sorted((path, line_of(pilot / path, FLOATING)) for path in CONFIGS)
    assert len(CONFIGS) == 7  # JSON (5 shapes), opencode's command list, Codex's TOML


def test_a_toml_array_written_one_item_a_line(cli: Cli, pilot: Path) -> None:
    codex = pilot / ".codex" / "config.toml"
    edit(
        codex,
        f'args = ["-y", "@modelcontextprotocol/{PINNED}", "."]',
        '# the filesystem server\nargs = [\n  "-y",  # no prompt\n'
        '  """@modelcontextprotocol/server-filesystem@latest""",\n  ".",\n]',
    )

    assert floating_findings(cli, pilot) == [(".codex/config.toml", line_of(codex, FLOATING))]


def test_a_floating_program_points_at_its_command(cli: Cli, pilot: Path) -> None:
    """The custom server's program itself floats: the `command` line (opencode: its item)."""
    for path in CONFIGS:
        edit(pilot / path, '"./bin/billing-mcp"', '"./bin/billing-mcp:latest"')

    found = floating_findings(cli, pilot)

    expected = [(path, line_of(pilot / path, "billing-mcp:latest")) for path in CONFIGS]
    assert sorted(found) == sorted(expected)
