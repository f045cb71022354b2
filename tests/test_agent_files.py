"""Every agent's adapter files: the right files, valid front matter, pointing at AGENTS.md.

The field rules come from each agent's documentation (summarised in the project's
agents-and-mcp reference); one test per agent checks them on a pilot with every agent.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from pilotkit import clock
from pilotkit.agents import catalog
from pilotkit.pilot.frontmatter import split
from pilotkit.template import engine
from tests.checkpilot import INDEX_REQUIREMENT
from tests.conftest import REPO_ROOT
from tests.pilots import ALL_AGENTS, ALL_SERVERS, CUSTOM_SERVERS, pilot_files, render, render_full

CATALOG = catalog.load()
# Files only some agents get. AGENTS.md is Codex's instruction file but every pilot has it.
AGENT_FILES = {path for a in CATALOG.agents.values() for path in a.paths()} - {"AGENTS.md"}
CLAUDE_TOOLS = {"Read", "Edit", "Write", "Grep", "Glob", "Bash", "WebFetch", "WebSearch"}
COPILOT_TOOLS = {"execute", "read", "edit", "search", "agent", "web", "todo"}
PERMISSION = re.compile(r"^[A-Za-z]+(\([^()]+\))?$")


@pytest.fixture(scope="module")
def pilot(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Path:
    return render_full(tmp_path_factory.mktemp("agents"), shared_cache)


def front_matter(path: Path) -> dict[str, Any]:
    """The front matter of PATH, which must be a YAML mapping, and a non-empty body."""
    parts = split(path.read_text(encoding="utf-8"))
    assert parts.yaml is not None and not parts.unclosed, f"{path.name}: no front matter"
    data = yaml.safe_load(parts.yaml)
    assert isinstance(data, dict), f"{path.name}: front matter is not a mapping"
    assert parts.body.strip(), f"{path.name}: empty body"
    return data


def only_fields(data: dict[str, Any], allowed: set[str], where: Path) -> None:
    unknown = set(data) - allowed
    assert not unknown, f"{where.name}: unknown fields {sorted(unknown)}"


def text(value: Any) -> str:
    assert isinstance(value, str) and value.strip(), f"expected a non-empty string: {value!r}"
    return value


def comma_list(value: Any) -> list[str]:
    """A comma-separated string or a list of strings, as Claude's tool fields allow."""
    if isinstance(value, list):
        return [text(item) for item in value]
    return [item.strip() for item in text(value).split(",")]


def test_copier_exclude_sees_computed_values(tmp_path: Path) -> None:
    """What the template's agent files rely on: copier renders `_exclude` with the
    computed (`when: false`) values, so a catalog can say which files each choice gets."""
    template = tmp_path / "template"
    (template / "files" / "b-dir").mkdir(parents=True)
    (template / "copier.yml").write_text(
        "_subdirectory: files\n"
        "_exclude:\n"
        "  - |-\n"
        "    {%- for name, paths in owners.items() if name not in chosen -%}\n"
        "    {%- for path in paths %}\n"
        "    /{{ path }}\n"
        "    {%- endfor -%}\n"
        "    {%- endfor -%}\n"
        "owners:\n"
        "  type: yaml\n"
        "  when: false\n"
        "  default: {a: [a.txt], b: [b.txt, b-dir]}\n"
        "chosen:\n"
        "  type: yaml\n"
        "  default: [a]\n"
    )
    for name in ("a.txt", "b.txt", "b-dir/inside.txt", "everyone.txt"):
        (template / "files" / name).write_text(name)

    engine.render(str(template), tmp_path / "a-only", {})
    engine.render(str(template), tmp_path / "both", {"chosen": ["a", "b"]})

    assert sorted(p.name for p in (tmp_path / "a-only").iterdir()) == ["a.txt", "everyone.txt"]
    both = {p.relative_to(tmp_path / "both").as_posix() for p in (tmp_path / "both").rglob("*")}
    assert both == {"a.txt", "b.txt", "b-dir", "b-dir/inside.txt", "everyone.txt"}


def test_claude_sub_agents_and_commands(pilot: Path) -> None:
    agents = {}
    for path in sorted((pilot / ".claude" / "agents").glob("*.md")):
        data = front_matter(path)
        only_fields(
            data,
            {"name", "description", "tools", "disallowedTools", "model", "permissionMode"}
            | {"maxTurns", "skills", "mcpServers", "hooks", "memory", "background", "effort"}
            | {"isolation", "color", "initialPrompt"},
            path,
        )
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", text(data["name"]))
        text(data["description"])
        assert set(comma_list(data["tools"])) <= CLAUDE_TOOLS
        assert data.get("model", "inherit") in {"sonnet", "opus", "haiku", "inherit"}
        assert data.get("isolation", "worktree") == "worktree"
        agents[data["name"]] = data
    assert set(agents) == {"planner", "implementer", "reviewer"}
    assert agents["implementer"]["isolation"] == "worktree"
    for read_only in ("planner", "reviewer"):
        assert not {"Edit", "Write"} & set(comma_list(agents[read_only]["tools"]))

    for path in sorted((pilot / ".claude" / "commands").glob("*.md")):
        data = front_matter(path)
        # A command takes a skill's fields except `name` and `paths`.
        only_fields(
            data,
            {"description", "when_to_use", "argument-hint", "arguments", "model", "effort"}
            | {"disable-model-invocation", "user-invocable", "allowed-tools", "hooks"}
            | {"disallowed-tools", "context", "agent", "shell", "metadata", "license"}
            | {"compatibility"},
            path,
        )
        text(data["description"])
        for rule in comma_list(data.get("allowed-tools", "Read")):
            assert PERMISSION.match(rule), f"{path.name}: {rule}"
        assert "$ARGUMENTS" in path.read_text()
    assert (pilot / "CLAUDE.md").read_text().splitlines()[0] == "@AGENTS.md"


def test_copilot_instructions_agents_and_prompts(pilot: Path) -> None:
    github = pilot / ".github"
    assert split((github / "copilot-instructions.md").read_text()).yaml is None
    for path in (github / "instructions").glob("*.md"):
        assert path.name.endswith(".instructions.md")
        data = front_matter(path)
        only_fields(data, {"applyTo", "name", "description", "excludeAgent"}, path)
        text(data["applyTo"])
        assert data.get("excludeAgent", "code-review") in {"code-review", "coding-agent"}
    agents = {}
    for path in sorted((github / "agents").glob("*.md")):
        assert path.name.endswith(".agent.md")
        data = front_matter(path)
        only_fields(
            data,
            {"description", "name", "tools", "model", "target", "agents", "user-invocable"}
            | {"disable-model-invocation", "argument-hint", "handoffs", "hooks"}
            | {"mcp-servers", "metadata"},
            path,
        )
        text(data["description"])
        assert isinstance(data["tools"], list)
        assert all(tool in COPILOT_TOOLS or "/" in tool for tool in data["tools"])
        assert data.get("target", "vscode") in {"vscode", "github-copilot"}
        agents[data.get("name", path.name.removesuffix(".agent.md"))] = data
    assert set(agents) == {"planner", "implementer", "reviewer"}
    for read_only in ("planner", "reviewer"):
        assert "edit" not in agents[read_only]["tools"]
    for path in sorted((github / "prompts").glob("*.md")):
        assert path.name.endswith(".prompt.md")
        data = front_matter(path)
        only_fields(data, {"description", "name", "argument-hint", "agent", "model", "tools"}, path)
        text(data["description"])
        assert data.get("agent", "agent") in {"ask", "agent", "plan", *agents}


def test_cursor_rules(pilot: Path) -> None:
    rules = sorted((pilot / ".cursor" / "rules").iterdir())
    assert [rule.suffix for rule in rules] == [".mdc"] * len(rules)
    always = []
    for path in rules:
        data = front_matter(path)
        only_fields(data, {"description", "globs", "alwaysApply"}, path)
        assert isinstance(data["alwaysApply"], bool), f"{path.name}: alwaysApply is not a bool"
        if data["alwaysApply"]:
            always.append(path.name)
        else:
            assert comma_list(data["globs"]), f"{path.name}: neither always nor globs"
        text(data["description"])
    assert always == ["pilot.mdc"]


def test_windsurf_rules(pilot: Path) -> None:
    triggers = {}
    for path in sorted((pilot / ".windsurf" / "rules").glob("*.md")):
        data = front_matter(path)
        only_fields(data, {"trigger", "description", "globs"}, path)
        assert data["trigger"] in {"always_on", "model_decision", "glob", "manual"}
        if data["trigger"] == "glob":
            text(data["globs"])
        if data["trigger"] == "model_decision":
            text(data["description"])
        assert len(path.read_text()) <= 12_000  # Windsurf's limit per rule file
        triggers[path.name] = data["trigger"]
    assert triggers == {"pilot.md": "always_on", "task-files.md": "glob"}


def test_kiro_steering(pilot: Path) -> None:
    inclusions = {}
    for path in sorted((pilot / ".kiro" / "steering").glob("*.md")):
        data = front_matter(path)
        only_fields(data, {"inclusion", "fileMatchPattern", "name", "description"}, path)
        assert data["inclusion"] in {"always", "fileMatch", "manual", "auto"}
        if data["inclusion"] == "fileMatch":
            text(data["fileMatchPattern"])
        inclusions[path.name] = data["inclusion"]
    assert inclusions == {"pilot.md": "always", "task-files.md": "fileMatch"}
    assert "#[[file:AGENTS.md]]" in (pilot / ".kiro" / "steering" / "pilot.md").read_text()


def test_gemini_settings_and_commands(pilot: Path) -> None:
    settings = json.loads((pilot / ".gemini" / "settings.json").read_text())
    assert "AGENTS.md" in settings["context"]["fileName"]
    commands = sorted((pilot / ".gemini" / "commands").iterdir())
    assert [c.name for c in commands] == [
        "pilot-review.toml",
        "pilot-spec.toml",
        "pilot-tasks.toml",
    ]
    for path in commands:
        data = tomllib.loads(path.read_text())
        assert set(data) <= {"prompt", "description"}, path.name
        assert "{{args}}" in text(data["prompt"])
        text(data["description"])


def test_opencode_config(pilot: Path) -> None:
    config = json.loads((pilot / "opencode.json").read_text())
    assert config["$schema"] == "https://opencode.ai/config.json"
    assert config["instructions"] == ["AGENTS.md"]
    for name, server in config["mcp"].items():
        assert server["type"] in {"local", "remote"}, name
        assert server["enabled"] is True
        if server["type"] == "local":
            assert all(isinstance(part, str) for part in server["command"])
        else:
            assert server["url"].startswith("https://")


def test_every_instruction_file_points_at_agents_md(pilot: Path) -> None:
    for agent in CATALOG.agents.values():
        for path in set(agent.instructions) - {"AGENTS.md"}:
            assert "AGENTS.md" in (pilot / path).read_text(), path


def test_every_json_and_toml_file_parses(pilot: Path) -> None:
    checked = 0
    for path in pilot.rglob("*"):
        if ".git" in path.relative_to(pilot).parts or not path.is_file():
            continue
        if path.suffix == ".json":
            json.loads(path.read_text())
            checked += 1
        elif path.suffix == ".toml":
            tomllib.loads(path.read_text())
            checked += 1
    assert checked == 10  # 6 JSON configs; Codex config.toml and 3 Gemini commands


def test_the_catalog_lists_exactly_the_agent_files(pilot: Path) -> None:
    assert pilot_files(pilot) >= AGENT_FILES


@pytest.mark.parametrize("agent", ALL_AGENTS)
def test_one_agent_pilot_has_no_other_agents_files(agent: str, pilot: Path, tmp_path: Path) -> None:
    alone = render(
        tmp_path / "pilot", agents=[agent], servers=ALL_SERVERS, custom=CUSTOM_SERVERS, git=False
    )
    files = pilot_files(alone)
    own = set(CATALOG.agents[agent].paths()) - {"AGENTS.md"}
    assert files & AGENT_FILES == own
    # Everything else is common to every pilot: no agent file the catalog does not list.
    assert files - AGENT_FILES == pilot_files(pilot) - AGENT_FILES
    # and no folder of another agent's is left behind, empty.
    assert [p for p in alone.rglob("*") if p.is_dir() and not any(p.iterdir())] == []


def tree(root: Path) -> dict[str, str]:
    """Every file under ROOT but the answers file (which names its source) and git's, with
    its text."""
    return {
        path: (root / path).read_text(encoding="utf-8")
        for path in pilot_files(root)
        if path != ".copier-answers.yml"
    }


@pytest.mark.parametrize(
    "agents",
    # .mcp.json is both Claude's and Copilot's; .github holds the pilot's workflow as well
    [["copilot", "opencode"], ["claude", "kiro", "windsurf"]],
    ids=["copilot+opencode", "claude+kiro+windsurf"],
)
def test_plain_copier_copy_gives_the_tree_pilotkit_new_gives(
    agents: list[str], tmp_path: Path
) -> None:
    """The template is a plain copier template: someone without pilotkit gets the same
    pilot, agent files and exclusions included, from `copier copy`."""
    servers = ["filesystem", "github"]
    by_pilotkit = render(tmp_path / "new", agents=agents, servers=servers, git=False)
    run = subprocess.run(
        [
            *(sys.executable, "-m", "copier", "copy", "--quiet", "--defaults", "--vcs-ref", "HEAD"),
            *("--data", f"agents={json.dumps(agents)}"),
            *("--data", f"mcp_servers={json.dumps(servers)}"),
            # plain copier reads the real clock; pilotkit's is pinned for the tests
            *("--data", f"estimate_date={clock.today().isoformat()}"),
            # what `new` computes from pilotkit's install record, given as `render` gives it
            *("--data", INDEX_REQUIREMENT),
            *(str(REPO_ROOT), str(tmp_path / "copier")),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr

    by_copier = tree(tmp_path / "copier")
    assert by_copier == tree(by_pilotkit)
    others = AGENT_FILES - {path for agent in agents for path in CATALOG.agents[agent].paths()}
    assert others & set(by_copier) == set()
