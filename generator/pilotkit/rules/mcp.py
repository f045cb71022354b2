"""Rules for the MCP config files: present, in their client's shape, free of literal
secrets and floating versions, and in agreement with each other and with the answers.

PK-M002 (a file that does not parse) is raised while the pilot is loaded.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pilotkit.agents import catalog, credentials
from pilotkit.agents.launch import floating, normal
from pilotkit.agents.mcp import documents, shapes
from pilotkit.agents.mcp.shapes import Launch
from pilotkit.findings import Finding, finding
from pilotkit.rules.base import ERROR, Context, Rule

_USE_REFERENCES = (
    "put the value in the environment (and its name in .env.example) and reference it: "
    "${NAME} (Claude Code, Kiro, Gemini CLI), ${env:NAME} (Cursor), ${input:id} (VS Code), "
    "{env:NAME} (opencode), bearer_token_env_var / env_vars (Codex)"
)


def chosen_configs(ctx: Context) -> dict[str, str]:
    """The MCP config files of the chosen agents: path → servers key."""
    agents = catalog.load().agents
    found: dict[str, str] = {}
    for name in ctx.pilot.agents():
        agent = agents.get(name)
        for config in agent.mcp if agent else ():
            found.setdefault(config.path, config.key)
    return found


def expected_servers(answers: Mapping[str, Any]) -> list[str]:
    names = [str(name) for name in answers.get("mcp_servers") or [] if isinstance(name, str)]
    for custom in answers.get("custom_mcp_servers") or []:
        if isinstance(custom, dict) and custom.get("name"):
            names.append(str(custom["name"]))
    return names


def missing_config(ctx: Context) -> Iterator[Finding]:
    if not expected_servers(ctx.pilot.answers):
        return
    for path in chosen_configs(ctx):
        if not ctx.pilot.exists(path):
            yield finding(
                "PK-M001",
                path,
                None,
                "is missing: a chosen agent reads its MCP servers from it",
                "restore it from the template with `pilotkit update`, or write it in that "
                "client's shape",
            )


def shape(ctx: Context) -> Iterator[Finding]:
    for path, _, doc, who in _parsed(ctx, _all_configs(ctx)):
        for problem in shapes.problems(doc, who):
            yield finding(
                "PK-M003",
                path,
                doc.line(*problem.keys),
                f"not in {who.label}'s shape: {problem.message}",
                problem.hint or f"see {who.label}'s MCP documentation",
            )


def literal_secrets(ctx: Context) -> Iterator[Finding]:
    for path in _all_configs(ctx):
        text = ctx.pilot.texts.get(path)
        if text is None:
            continue
        flagged: set[int] = set()
        for number, line in enumerate(text.splitlines(), start=1):
            match = credentials.TOKENS.search(line)
            if match:
                flagged.add(number)
                kind = credentials.PREFIX.match(match.group(0))
                shown = kind.group(0) if kind else ""
                yield _secret(path, number, f"holds a literal token ({shown}…)")
        doc = ctx.pilot.configs.get(path)
        if doc is None:
            continue
        for keys, value in documents.walk_strings(doc.data):
            if not any(part in credentials.SECRET_KEYS for part in keys[2:3] + keys[-1:]):
                continue
            at = doc.line(*keys)
            if at not in flagged and credentials.looks_secret(value):
                flagged.add(at)
                yield _secret(path, at, f"`{keys[-1]}` holds a literal value that looks secret")


def _secret(path: str, line: int, message: str) -> Finding:
    return finding("PK-M004", path, line, message, _USE_REFERENCES)


def floating_versions(ctx: Context) -> Iterator[Finding]:
    for path, key, doc, who in _parsed(ctx, _all_configs(ctx)):
        for name, launch in shapes.launches(doc, who).items():
            found = floating(launch.command) if launch.transport == "stdio" else None
            if found:
                part, problem = found
                entry = shapes.servers(doc, key)[name]
                yield finding(
                    "PK-M005",
                    path,
                    doc.line(key, name, *_command_part(entry, part)),
                    f"server `{name}`: {problem}",
                    "pin an exact version (npx pkg@1.2.3, uvx pkg==1.2.3, image:1.2.3) so "
                    "every agent runs the same server",
                )


def _command_part(entry: Mapping[str, Any], part: int) -> tuple[str, ...]:
    """The key path, inside a server ENTRY, of the PART-th word of its command line."""
    if isinstance(entry.get("command"), list):  # opencode: program and arguments in one list
        return ("command", str(part))
    return ("command",) if part == 0 else ("args", str(part - 1))


def against_answers(ctx: Context) -> Iterator[Finding]:
    expected = expected_servers(ctx.pilot.answers)
    if not ctx.pilot.answers:
        return
    wanted = _wanted_launches(ctx)
    for path, key, doc, who in _parsed(ctx, chosen_configs(ctx)):
        present = shapes.servers(doc, key)
        for name in expected:
            if name not in present:
                yield finding(
                    "PK-M006",
                    path,
                    doc.line(key),
                    f"has no server `{name}`, which the answers choose",
                    "add it in this client's shape, or re-render with `pilotkit update`",
                )
        launches = shapes.launches(doc, who)
        for name in present:
            if name not in expected:
                yield finding(
                    "PK-M006",
                    path,
                    doc.line(key, name),
                    f"server `{name}` is not in the answers (mcp_servers, custom_mcp_servers)",
                    "remove it, or add it to the answers with `copier update -A --data ...`",
                )
            elif name in launches and name in wanted:
                problem = _differs(wanted[name], launches[name])
                if problem:
                    yield finding(
                        "PK-M006", path, doc.line(key, name), f"server `{name}`: {problem}",
                        "make it match the answers, or re-render with `pilotkit update`",
                    )  # fmt: skip


def _wanted_launches(ctx: Context) -> dict[str, Launch]:
    """What the answers fix about each server: custom servers fully, catalog ones by kind."""
    answers = ctx.pilot.answers
    wanted: dict[str, Launch] = {}
    servers = catalog.load().servers
    for name in answers.get("mcp_servers") or []:
        spec = servers.get(str(name))
        if spec is None:
            continue
        url = answers.get("atlassian_url") if name == "atlassian" else None
        wanted[str(name)] = Launch(
            "remote" if spec.get("transport") == "http" else "stdio", url=url
        )
    for custom in answers.get("custom_mcp_servers") or []:
        if isinstance(custom, dict) and custom.get("name"):
            if custom.get("url"):
                wanted[str(custom["name"])] = Launch("remote", url=str(custom["url"]))
            else:
                args = [str(a) for a in custom.get("args") or []]
                wanted[str(custom["name"])] = Launch("stdio", (str(custom.get("command")), *args))
    return wanted


def _differs(want: Launch, have: Launch) -> str | None:
    if want.transport != have.transport:
        kind = {"stdio": "a local (stdio) server", "remote": "a remote server"}
        return f"is {kind[have.transport]}, the answers give {kind[want.transport]}"
    if want.url and _url(want.url) != _url(have.url):
        return f"url is {have.url}, the answers give {want.url}"
    if want.command and normal(want.command) != normal(have.command):
        return f"runs `{have.describe()}`, the answers give `{want.describe()}`"
    return None


def between_clients(ctx: Context) -> Iterator[Finding]:
    first: dict[str, tuple[str, Launch]] = {}
    for path, key, doc, who in _parsed(ctx, chosen_configs(ctx)):
        for name, launch in shapes.launches(doc, who).items():
            if name not in first:
                first[name] = (path, launch)
                continue
            other_path, other = first[name]
            if _same(launch, other):
                continue
            yield finding(
                "PK-M007",
                path,
                doc.line(key, name),
                f"server `{name}` runs `{launch.describe()}` here but "
                f"`{other.describe()}` in {other_path}",
                "give every client the same server; re-render with `pilotkit update`",
            )


def _same(a: Launch, b: Launch) -> bool:
    if a.transport != b.transport:
        return False
    if a.transport == "remote":
        return _url(a.url) == _url(b.url)
    return normal(a.command) == normal(b.command)


def _url(url: str | None) -> str:
    return (url or "").rstrip("/")


def _parsed(
    ctx: Context, configs: Mapping[str, str]
) -> Iterator[tuple[str, str, documents.Document, shapes.Client]]:
    """Each of CONFIGS (path → servers key) that parses: its path, key, document, and the
    client that reads it. One that does not parse is PK-M002's, said once."""
    for path, key in configs.items():
        doc = ctx.pilot.configs.get(path)
        if doc is not None:
            yield path, key, doc, shapes.client(path, key)


def _all_configs(ctx: Context) -> dict[str, str]:
    """Every MCP config file the catalog knows and the pilot has: path → servers key."""
    found: dict[str, str] = {}
    for agent in catalog.load().agents.values():
        for config in agent.mcp:
            if ctx.pilot.exists(config.path):
                found.setdefault(config.path, config.key)
    return found


RULES = (
    Rule("PK-M001", ERROR, "a chosen agent's MCP config file is missing", missing_config),
    Rule("PK-M002", ERROR, "an MCP config file does not parse"),
    Rule("PK-M003", ERROR, "an MCP config file is not in its client's shape", shape),
    Rule("PK-M004", ERROR, "an MCP config file holds a literal secret", literal_secrets),
    Rule("PK-M005", ERROR, "an MCP server runs a floating version", floating_versions),
    Rule("PK-M006", ERROR, "an MCP config disagrees with the answers", against_answers),
    Rule("PK-M007", ERROR, "two clients' MCP configs disagree about a server", between_clients),
)
