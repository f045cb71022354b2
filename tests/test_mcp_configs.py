"""One server list in every client's shape: the same servers, secrets only as references."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from pilotkit.agents import catalog
from pilotkit.agents.mcp import configs
from tests.pilots import (
    ALL_AGENTS,
    ALL_SERVER_NAMES,
    ALL_SERVERS,
    CUSTOM_SERVERS,
    pilot_files,
    render,
    render_full,
)

CATALOG = catalog.load()
# The variable each server needs, by server (catalog env and bearer_env, custom servers).
NEEDS = {
    "github": ["GITHUB_PERSONAL_ACCESS_TOKEN"],
    "sentry": ["SENTRY_ACCESS_TOKEN"],
    "billing-api": ["BILLING_API_KEY"],
    "docs-search": ["DOCS_TOKEN"],
}
CONFIGS = {config.path: config for agent in CATALOG.agents.values() for config in agent.mcp}


@pytest.fixture(scope="module")
def pilot(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Path:
    return render_full(tmp_path_factory.mktemp("mcp"), shared_cache)


@pytest.mark.parametrize("path", sorted(CONFIGS))
def test_every_config_lists_every_server_with_its_variables(pilot: Path, path: str) -> None:
    config = CONFIGS[path]
    read = configs.read(pilot, config)
    assert read.problem is None
    assert [server.name for server in read.servers] == ALL_SERVER_NAMES
    text = (pilot / path).read_text()
    for server in read.servers:
        expected = NEEDS.get(server.name, [])
        if config.vars == "${input:NAME}":
            assert server.variables == ()  # VS Code prompts instead
            for name in expected:
                assert f"${{input:{name}}}" in text
        else:
            assert list(server.variables) == expected, server.name
    spec = {s["name"]: s for s in CUSTOM_SERVERS}
    for server in read.servers:
        source = CATALOG.servers.get(server.name) or spec[server.name]
        if server.transport == "stdio":
            assert server.command == source["command"]
            assert list(server.args) == list(source.get("args") or [])
        else:
            assert "url" in source and server.url == source["url"]


def test_vscode_asks_for_every_secret_as_a_password(pilot: Path) -> None:
    inputs = json.loads((pilot / ".vscode" / "mcp.json").read_text())["inputs"]
    assert sorted(i["id"] for i in inputs) == sorted(n for names in NEEDS.values() for n in names)
    for entry in inputs:
        assert entry["type"] == "promptString" and entry["password"] is True
        assert entry["description"].strip()


def test_env_example_names_every_variable_and_its_server(pilot: Path) -> None:
    example = (pilot / ".env.example").read_text()
    for server, names in NEEDS.items():
        for name in names:
            assert re.search(rf"^{name}=$", example, flags=re.MULTILINE), name
            comment = example.split(f"\n{name}=")[0].rsplit("\n\n", 1)[-1]
            assert server in comment, f"{name}: the comment above it does not name {server}"


def test_windsurf_snippet_in_the_readme_lists_every_server(pilot: Path) -> None:
    readme = (pilot / "README.md").read_text()
    block = re.search(r"```json\n(.*?)```", readme, flags=re.DOTALL)
    assert block is not None
    snippet = json.loads(block.group(1))
    assert list(snippet["mcpServers"]) == ALL_SERVER_NAMES
    assert snippet["mcpServers"]["github"]["serverUrl"] == CATALOG.servers["github"]["url"]
    assert "${env:SENTRY_ACCESS_TOKEN}" in block.group(1)


def test_no_version_floats(pilot: Path) -> None:
    for path in CONFIGS:
        assert "@latest" not in (pilot / path).read_text(), path


def test_no_secret_value_reaches_the_pilot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secrets = {
        "GITHUB_PERSONAL_ACCESS_TOKEN": "ghp_" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8",
        "SENTRY_ACCESS_TOKEN": "sntrys_" + "eyJpYXQiOjE3NjQ2MjQ1MDcuMDc2Njk2fQ",
        "BILLING_API_KEY": "sk-" + "live-9f8e7d6c5b4a39281706f5e4d3c2b1a0",
        "DOCS_TOKEN": "xoxb-" + "123456789012-abcdefghijklmnop",
        "ANTHROPIC_API_KEY": "sk-ant-" + "api03-Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2",
        "OPENAI_API_KEY": "sk-proj-" + "Qq1Ww2Ee3Rr4Tt5Yy6Uu7Ii8Oo9",
        "GEMINI_API_KEY": "AIza" + "SyD-1234567890abcdefghijklmnopqrs",
    }
    for name, value in secrets.items():
        monkeypatch.setenv(name, value)
    pilot = render(
        tmp_path / "pilot", agents=ALL_AGENTS, servers=ALL_SERVERS, custom=CUSTOM_SERVERS
    )
    assert ".env" not in pilot_files(pilot)
    everything = [pilot / name for name in pilot_files(pilot)]
    everything += [p for p in (pilot / ".git").rglob("*") if p.is_file()]
    history = subprocess.run(
        ["git", "log", "-p", "--all"], cwd=pilot, capture_output=True, text=True, check=True
    ).stdout
    assert "GITHUB_PERSONAL_ACCESS_TOKEN" in history  # the names are there, by design
    for name, value in secrets.items():
        assert value not in history, name
        for path in everything:
            assert value.encode() not in path.read_bytes(), f"{name} in {path}"


@pytest.mark.parametrize(
    ("path", "text", "problem", "line"),
    [
        (".mcp.json", '{"mcpServers": {\n  "a": {"command": "npx",}\n}}', "is not valid JSON", 2),
        (
            ".codex/config.toml",
            "[mcp_servers.a]\ncommand = npx\n",
            "is not valid TOML",
            2,
        ),
        (".mcp.json", "[]", "has no `mcpServers` table of servers", None),
        (".cursor/mcp.json", '{"mcpServers": {"a": "npx"}}', "server a is not an object", None),
        (
            ".kiro/settings/mcp.json",
            '{"mcpServers": {"a": {"args": []}}}',
            "server a has neither",
            None,
        ),
    ],
)
def test_a_broken_config_says_what_and_where(
    tmp_path: Path, path: str, text: str, problem: str, line: int | None
) -> None:
    (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / path).write_text(text)
    read = configs.read(tmp_path, CONFIGS[path])
    assert read.servers == ()
    assert read.problem is not None and read.problem.startswith(problem), read.problem
    assert read.line == line


def test_references_with_a_default_need_no_variable() -> None:
    text = "Bearer ${TOKEN} ${HOST:-example.com} {env:OTHER}"
    assert configs.references(text, "${NAME}") == ["TOKEN"]
    assert configs.references(text, "{env:NAME}") == ["OTHER"]
