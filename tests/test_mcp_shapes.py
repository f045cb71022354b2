"""Each MCP client's config shape, from the clients' documented formats: good files pass,
bad ones give a problem at the right key, and every client launches the same server alike."""

from __future__ import annotations

import pytest

from pilotkit.agents.launch import floating, normal, unpinned
from pilotkit.agents.mcp import documents, shapes

FS = "@modelcontextprotocol/server-filesystem@2026.8.31"
GITHUB = "https://api.githubcopilot.com/mcp/"

GOOD = {
    ".mcp.json": f"""{{
  "mcpServers": {{
    "github": {{"type": "http", "url": "{GITHUB}",
               "headers": {{"Authorization": "Bearer ${{GITHUB_PERSONAL_ACCESS_TOKEN}}"}}}},
    "filesystem": {{"type": "stdio", "command": "npx", "args": ["-y", "{FS}", "."]}}
  }}
}}""",
    ".vscode/mcp.json": f"""{{
  // VS Code reads JSON with comments
  "inputs": [
    {{"type": "promptString", "id": "github-token", "description": "GitHub token",
      "password": true}},
  ],
  "servers": {{
    "github": {{"type": "http", "url": "{GITHUB}",
               "headers": {{"Authorization": "Bearer ${{input:github-token}}"}}}},
    "filesystem": {{"type": "stdio", "command": "npx",
                   "args": ["-y", "{FS}", "${{workspaceFolder}}"]}},
  }},
}}""",
    ".cursor/mcp.json": f"""{{"mcpServers": {{
    "github": {{"url": "{GITHUB}",
               "headers": {{"Authorization": "Bearer ${{env:GITHUB_PERSONAL_ACCESS_TOKEN}}"}}}},
    "filesystem": {{"command": "npx", "args": ["-y", "{FS}", "."]}}}}}}""",
    ".gemini/settings.json": f"""{{
  "context": {{"fileName": ["AGENTS.md", "GEMINI.md"]}},
  "mcpServers": {{
    "github": {{"httpUrl": "{GITHUB}",
               "headers": {{"Authorization": "Bearer $GITHUB_PERSONAL_ACCESS_TOKEN"}}}},
    "filesystem": {{"command": "npx", "args": ["-y", "{FS}", "."], "timeout": 30000}}
  }}
}}""",
    ".codex/config.toml": f"""[mcp_servers.github]
url = "{GITHUB}"
bearer_token_env_var = "GITHUB_PERSONAL_ACCESS_TOKEN"

[mcp_servers.filesystem]
command = "npx"
args = ["-y", "{FS}", "."]
startup_timeout_sec = 20

[mcp_servers.filesystem.env]
LOG_LEVEL = "info"
""",
    ".kiro/settings/mcp.json": f"""{{"mcpServers": {{
    "github": {{"url": "{GITHUB}",
               "headers": {{"Authorization": "Bearer ${{GITHUB_PERSONAL_ACCESS_TOKEN}}"}}}},
    "filesystem": {{"command": "npx", "args": ["-y", "{FS}", "."], "disabled": false,
                   "autoApprove": []}}}}}}""",
    "opencode.json": f"""{{
  "$schema": "https://opencode.ai/config.json",
  "instructions": ["AGENTS.md"],
  "mcp": {{
    "github": {{"type": "remote", "url": "{GITHUB}", "enabled": true,
               "headers": {{"Authorization": "Bearer {{env:GITHUB_PERSONAL_ACCESS_TOKEN}}"}}}},
    "filesystem": {{"type": "local", "command": ["npx", "-y", "{FS}", "."], "enabled": true}}
  }}
}}""",
}


def parsed(path: str, text: str) -> documents.Document:
    who = shapes.CLIENTS[path]
    doc = documents.parse(path, text, jsonc=who.jsonc)
    assert isinstance(doc, documents.Document), doc
    return doc


@pytest.mark.parametrize("path", sorted(GOOD))
def test_documented_shapes_pass(path: str) -> None:
    who = shapes.CLIENTS[path]
    doc = parsed(path, GOOD[path])
    assert shapes.problems(doc, who) == []
    launches = shapes.launches(doc, who)
    assert launches["github"].transport == "remote"
    assert launches["github"].url == GITHUB
    assert normal(launches["filesystem"].command) == ("npx", "-y", FS, ".")


SHAPE_CASES = [
    # path, text to replace, replacement, words of the problem, text on the reported line
    (".mcp.json", '"type": "http", ', "", "has a `url` but no `type`", f'"url": "{GITHUB}"'),
    (".mcp.json", '"type": "stdio"', '"type": "local"', "`type` is 'local'", '"local"'),
    (".mcp.json", '"args": ["-y", ', '"args": "-y", "x": [', "must be a list", '"args"'),
    (".vscode/mcp.json", '"id": "github-token"', '"id": "gh"', "not declare", '"github"'),
    (
        ".cursor/mcp.json",
        '"command": "npx", ',
        "",
        "has no `command` or `url`",
        '"filesystem"',
    ),
    (".gemini/settings.json", '"timeout": 30000', '"timeout": "30s"', "`timeout`", "30s"),
    (".codex/config.toml", "bearer_token_env_var", "bearer_token", "inline", "bearer_token ="),
    (
        ".kiro/settings/mcp.json",
        '"disabled": false',
        '"disabled": 0',
        "true or false",
        "disabled",
    ),
    ("opencode.json", '"command": ["npx", ', '"command": "npx", "a": [', "must be a list", '"npx"'),
    ("opencode.json", '"type": "remote", ', "", "`type` must be", '"github"'),
]


@pytest.mark.parametrize(("path", "old", "new", "words", "marker"), SHAPE_CASES)
def test_shape_problems(path: str, old: str, new: str, words: str, marker: str) -> None:
    assert old in GOOD[path]
    text = GOOD[path].replace(old, new, 1)
    doc = parsed(path, text)
    found = shapes.problems(doc, shapes.CLIENTS[path])
    assert len(found) == 1, found
    assert words in found[0].message
    lines = text.splitlines()
    assert marker in lines[doc.line(*found[0].keys) - 1]


def test_parse_errors_carry_line_and_column() -> None:
    error = documents.parse(".mcp.json", '{\n  "mcpServers": {,}\n}')
    assert isinstance(error, documents.ParseError)
    assert (error.line, error.column) == (2, 18)
    toml_error = documents.parse(".codex/config.toml", "[mcp_servers.x]\ncommand = \n")
    assert isinstance(toml_error, documents.ParseError)
    assert toml_error.line == 2 and toml_error.problem.startswith("invalid TOML")
    # Claude Code reads strict JSON: a comment is an error there, not in VS Code.
    assert isinstance(
        documents.parse(".mcp.json", '{"mcpServers": {} // x\n}'), documents.ParseError
    )
    assert isinstance(documents.parse("x.json", '{"a": 1, // x\n}', jsonc=True), documents.Document)


def test_jsonc_keeps_strings_with_slashes() -> None:
    doc = documents.parse("x.json", '{"url": "https://a/b", /* c */ "n": "//x",}', jsonc=True)
    assert isinstance(doc, documents.Document)
    assert doc.data == {"url": "https://a/b", "n": "//x"}


@pytest.mark.parametrize(
    ("command", "part"),
    [
        (("npx", "-y", "@scope/pkg@1.2.3"), None),
        (("npx", "-y", "@scope/pkg"), 2),
        (("npx", "-y", "pkg@latest"), 2),
        (("npx", "--yes", "pkg@^1.2"), 2),
        (("npx", "-p", "pkg@2.0.0", "pkg-bin"), None),
        (("npx", "-p", "pkg@^2", "pkg-bin"), 2),
        (("pnpm", "dlx", "pkg@~2.1"), 2),
        (("uv", "tool", "run", "mcp-server-git"), 3),
        (("pipx", "run", "mcp-server-git"), 2),
        (("uvx", "mcp-server-git==2026.10.19", "--repository", "."), None),
        (("uvx", "mcp-server-git"), 1),
        (("uvx", "--python", "3.12", "mcp-server-git"), 3),
        (("uvx", "--from", "tool==1.0", "tool-cli"), None),
        (("uvx", "--from=tool", "tool-cli"), 1),
        (("docker", "run", "-i", "--rm", "-e", "TOKEN", "ghcr.io/org/server"), 6),
        (("docker", "run", "-i", "--rm", "-e", "TOKEN", "ghcr.io/org/server:1.4.0"), None),
        (("docker", "run", "ghcr.io/org/server:latest"), 2),
        (("node", "server.js"), None),
    ],
)
def test_unpinned(command: tuple[str, ...], part: int | None) -> None:
    """Whether COMMAND floats, and which part of it does (where the finding points)."""
    assert (unpinned(command) is not None) is (part is not None)
    found = floating(command)
    assert (found[0] if found else None) == part
    if found:
        assert command[found[0]].endswith(found[1].split("`")[1])  # the part the message names
