"""The real clients accept the MCP configs of a pilot with every agent and every server.

Claude Code, Codex and Gemini CLI list every server of their generated file, and the MCP
inspector starts the generated filesystem server and lists its tools: the clients are
the judges of their own formats, not a schema of ours.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from pilotkit.agents import catalog
from tests import agent_clients as clients
from tests.agent_clients import binary
from tests.pilots import ALL_SERVER_NAMES, render_full

pytestmark = pytest.mark.clients

# Variables the servers reference; set to obviously fake values where a test wants them.
VARIABLES = ["GITHUB_PERSONAL_ACCESS_TOKEN", "SENTRY_ACCESS_TOKEN", "BILLING_API_KEY", "DOCS_TOKEN"]


@pytest.fixture(scope="module")
def pilot(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Path:
    base = tmp_path_factory.mktemp("clients")
    clients.link_packages(base)
    return render_full(base, shared_cache)


def test_the_pinned_filesystem_server_is_the_installed_one() -> None:
    # npx resolves `-y PKG@VERSION` offline only if tests/clients holds that exact version.
    lock = json.loads((clients.CLIENTS / "package-lock.json").read_text())
    installed = lock["packages"]["node_modules/@modelcontextprotocol/server-filesystem"]
    args = catalog.load().servers["filesystem"]["args"]
    assert f"@modelcontextprotocol/server-filesystem@{installed['version']}" in args


def test_claude_lists_every_server_with_no_diagnostic_but_missing_variables(
    pilot: Path, tmp_path: Path
) -> None:
    for name in VARIABLES:
        assert name in (pilot / ".env.example").read_text()
    result = clients.run(
        [binary("claude"), "mcp", "list"],
        cwd=pilot,
        home=tmp_path / "home",
        unset=VARIABLES,
    )
    assert result.returncode == 0, result.stderr
    listed = re.findall(r"^([a-z0-9-]+): ", result.stdout, flags=re.MULTILINE)
    assert sorted(listed) == sorted(ALL_SERVER_NAMES)
    diagnostics = re.findall(r"\[(?:Warning|Error)\] (.*)", result.stdout)
    assert diagnostics, result.stdout  # the variables are unset: Claude must say so
    for line in diagnostics:
        assert "Missing environment variables" in line, line


def test_claude_has_no_diagnostic_once_the_variables_are_set(pilot: Path, tmp_path: Path) -> None:
    fake = {name: f"fake-value-for-{name.lower()}" for name in VARIABLES}
    result = clients.run(
        [binary("claude"), "mcp", "list"], cwd=pilot, home=tmp_path / "home", env=fake
    )
    assert result.returncode == 0, result.stderr
    assert "diagnostics" not in result.stdout, result.stdout
    for value in fake.values():
        assert value not in result.stdout + result.stderr


def codex_servers(pilot: Path, codex_home: Path, home: Path) -> dict[str, dict[str, object]]:
    result = clients.run(
        [binary("codex"), "mcp", "list", "--json"],
        cwd=pilot,
        home=home,
        env={"CODEX_HOME": str(codex_home)},
    )
    assert result.returncode == 0, result.stderr
    return {entry["name"]: entry for entry in json.loads(result.stdout)}


def test_codex_lists_every_server_from_the_pilot_config(pilot: Path, tmp_path: Path) -> None:
    # CODEX_HOME gets a copy of the pilot's .codex: Codex writes its own state there.
    codex_home = tmp_path / "codex-home"
    codex_home.mkdir()
    shutil.copy(pilot / ".codex" / "config.toml", codex_home / "config.toml")

    servers = codex_servers(pilot, codex_home, tmp_path / "home")

    assert sorted(servers) == sorted(ALL_SERVER_NAMES)
    github = servers["github"]["transport"]
    assert isinstance(github, dict)
    assert github["type"] == "streamable_http"
    assert github["bearer_token_env_var"] == "GITHUB_PERSONAL_ACCESS_TOKEN"  # noqa: S105 - a name
    sentry = servers["sentry"]["transport"]
    assert isinstance(sentry, dict)
    assert sentry["type"] == "stdio" and sentry["env_vars"] == ["SENTRY_ACCESS_TOKEN"]
    assert all(entry["enabled"] for entry in servers.values())


def test_codex_reads_the_project_config_once_trusted(pilot: Path, tmp_path: Path) -> None:
    codex_home = tmp_path / "codex-home"
    codex_home.mkdir()
    assert codex_servers(pilot, codex_home, tmp_path / "home") == {}
    (codex_home / "config.toml").write_text(
        f'[projects.{json.dumps(str(pilot))}]\ntrust_level = "trusted"\n'
    )
    assert sorted(codex_servers(pilot, codex_home, tmp_path / "home")) == sorted(ALL_SERVER_NAMES)


def test_gemini_lists_every_server_and_finds_no_invalid_setting(
    pilot: Path, tmp_path: Path
) -> None:
    result = clients.run([binary("gemini"), "mcp", "list"], cwd=pilot, home=tmp_path / "home")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Invalid configuration" not in output and "Error" not in output, output
    listed = re.findall(r"^\S+ ([a-z0-9-]+): ", output, flags=re.MULTILINE)
    assert sorted(listed) == sorted(ALL_SERVER_NAMES), output


@pytest.mark.parametrize(
    "config", [".mcp.json", ".cursor/mcp.json", ".kiro/settings/mcp.json", ".gemini/settings.json"]
)
def test_inspector_starts_the_generated_filesystem_server(
    pilot: Path, tmp_path: Path, config: str
) -> None:
    result = clients.run(
        [
            binary("mcp-inspector"),
            "--cli",
            "--config",
            config,
            "--server",
            "filesystem",
            "--method",
            "tools/list",
        ],
        cwd=pilot,
        home=tmp_path / "home",
    )
    assert result.returncode == 0, result.stderr
    tools = {tool["name"] for tool in json.loads(result.stdout)["tools"]}
    assert {"read_text_file", "list_directory"} <= tools
