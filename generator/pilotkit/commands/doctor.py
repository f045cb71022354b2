"""`pilotkit doctor`: is this pilot ready for its agents to start?

For each chosen agent: its files are there, its MCP config parses and lists every chosen
server, and (Codex, Gemini CLI) the user trusts the project so that the servers load.
For each server: the variables it references are set (names only, never values) and its
launch command is installed; with `probe`, each local server is started and asked for
its tools over MCP. Every problem comes with its fix.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pilotkit.agents import trust
from pilotkit.agents.catalog import Agent, Catalog
from pilotkit.agents.catalog import load as load_catalog
from pilotkit.agents.mcp import client
from pilotkit.agents.mcp.configs import ConfigFile, Server, read
from pilotkit.ci import requirement
from pilotkit.numbers import positive
from pilotkit.pilot import textfiles
from pilotkit.pilot.load import Pilot, load_pilot

# An hour: far beyond any server's start-up, and within what a thread's wait accepts.
MOST_TIMEOUT = 3600.0


@dataclass(frozen=True)
class Check:
    """One thing doctor looked at: what, whether it is ready, and the fix if not."""

    subject: str
    ok: bool
    message: str
    fix: str = ""


@dataclass(frozen=True)
class DoctorReport:
    root: Path
    agents: tuple[str, ...]
    servers: tuple[str, ...]
    checks: tuple[Check, ...]

    @property
    def problems(self) -> tuple[Check, ...]:
        return tuple(check for check in self.checks if not check.ok)

    @property
    def ready(self) -> bool:
        return not self.problems


def doctor(
    path: Path,
    *,
    probe: bool = False,
    timeout: float = 30.0,
    env: Mapping[str, str] | None = None,
) -> DoctorReport:
    """Check the pilot at PATH against ENV (default: this process's environment)."""
    positive(timeout, "--timeout", "seconds", most=MOST_TIMEOUT)
    env = dict(os.environ if env is None else env)
    pilot = load_pilot(path)
    catalog = load_catalog()
    checks: list[Check] = []
    agents = _agents(pilot, catalog, checks)
    expected = _expected_servers(pilot)
    configs = {c.path: read(pilot.root, c) for a in agents for c in a.mcp}
    for agent in agents:
        checks.extend(_agent_checks(pilot.root, agent, configs, expected, env))
    servers = [server for config in configs.values() for server in config.servers]
    checks.extend(_variable_checks(servers, env))
    checks.extend(_launch_checks(servers, pilot.root, env))
    if probe:
        checks.extend(_probe_all(servers, pilot.root, env, timeout))
    checks.extend(_ci_check(pilot))
    names = tuple(dict.fromkeys([*expected, *(s.name for s in servers)]))
    return DoctorReport(pilot.root, tuple(a.name for a in agents), names, tuple(checks))


def _agents(pilot: Pilot, catalog: Catalog, checks: list[Check]) -> list[Agent]:
    chosen = pilot.answers.get("agents")
    if not isinstance(chosen, list) or not chosen:
        checks.append(
            Check(
                "agents",
                False,
                ".copier-answers.yml records no agents",
                "choose them again with `copier update -A --data 'agents=[claude]'`",
            )
        )
        return []
    agents = []
    for name in chosen:
        if str(name) in catalog.agents:
            agents.append(catalog.agents[str(name)])
        else:
            known = ", ".join(catalog.agents)
            checks.append(
                Check(str(name), False, f"agent {name} is unknown to this pilotkit", known)
            )
    return agents


def _expected_servers(pilot: Pilot) -> list[str]:
    """The servers the answers chose, by name."""
    chosen = pilot.answers.get("mcp_servers") or []
    custom = pilot.answers.get("custom_mcp_servers") or []
    names = [str(name) for name in chosen] if isinstance(chosen, list) else []
    if isinstance(custom, list):
        names += [str(c["name"]) for c in custom if isinstance(c, dict) and c.get("name")]
    return names


def _agent_checks(
    root: Path,
    agent: Agent,
    configs: Mapping[str, ConfigFile],
    expected: Sequence[str],
    env: Mapping[str, str],
) -> Iterable[Check]:
    missing = [p for p in agent.paths() if not textfiles.present(root / p)]
    for path in missing:
        yield Check(
            agent.label,
            False,
            f"{path} is missing",
            f"restore it from git (`git checkout -- {path}`) or re-render the template "
            "with `copier recopy`",
        )
    configs_read = {config.path for config in agent.mcp}  # their checks say what is wrong
    odd = [p for p in agent.paths() if p not in missing and not (root / p).is_file()]
    for path in odd:
        if path not in configs_read:
            fix = f"replace it with a regular file (`git checkout -- {path}`)"
            yield Check(agent.label, False, f"{path} is not a regular file", fix)
    if not missing and not odd:
        count = len(agent.paths())
        yield Check(agent.label, True, f"{count} file{'s' if count != 1 else ''} in place")
    for config in agent.mcp:
        yield from _config_checks(agent, configs[config.path], expected, missing)
    if agent.name == "windsurf" and expected:
        yield Check(
            agent.label,
            True,
            "MCP servers live in your own ~/.codeium/windsurf/mcp_config.json "
            "(README.md has the snippet); not checked",
        )
    if any(configs[config.path].servers for config in agent.mcp):
        yield from _trust_check(root, agent, env)


def _config_checks(
    agent: Agent, config: ConfigFile, expected: Sequence[str], missing: Sequence[str]
) -> Iterable[Check]:
    if config.path in missing:
        return
    if config.problem:
        where = f"{config.path}:{config.line}" if config.line else config.path
        fix = "fix it, then run doctor again"
        yield Check(agent.label, False, f"{where} {config.problem}", fix)
        return
    listed = {server.name for server in config.servers}
    for name in expected:
        if name not in listed:
            yield Check(
                agent.label,
                False,
                f"{config.path} does not list the MCP server {name}",
                "re-render it with `copier recopy`, or add the server as the other configs have it",
            )


def _trust_check(root: Path, agent: Agent, env: Mapping[str, str]) -> Iterable[Check]:
    try:
        yield from _trusted(root, agent, env)
    except trust.Unreadable as err:
        fix = f"replace {err.path} with a regular file, or remove it"
        yield Check(agent.label, False, f"{err.path} {err.problem}", fix)


def _trusted(root: Path, agent: Agent, env: Mapping[str, str]) -> Iterable[Check]:
    if agent.name == "codex" and not trust.codex_trusts(root, env):
        yield Check(
            agent.label,
            False,
            "Codex ignores .codex/config.toml (its MCP servers) until you trust this project",
            f"run `codex` in {root} once and trust the project",
        )
    if agent.name == "gemini" and not trust.gemini_trusts(root, env):
        yield Check(
            agent.label,
            False,
            "Gemini CLI disables the MCP servers of .gemini/settings.json in an untrusted folder",
            f"run `gemini` in {root} once and trust the folder",
        )


def _ci_check(pilot: Pilot) -> Iterable[Check]:
    """Can the pilot's CI install pilotkit? Only for a template that asks how."""
    answer = pilot.answers.get(requirement.ANSWER)
    if requirement.ANSWER not in pilot.answers:
        return
    found = requirement.problem(answer)
    if found is None:
        yield Check("CI", True, f"CI installs pilotkit as `{str(answer).strip()}`")
    else:
        yield Check("CI", False, found.message, requirement.FIX)


# How to install the launch commands the catalog uses.
INSTALL = {
    "npx": "install Node.js, which brings npx",
    "uvx": "install uv, which brings uvx",
    "docker": "install Docker",
}


def _variable_checks(servers: Sequence[Server], env: Mapping[str, str]) -> Iterable[Check]:
    """One check per variable the servers reference: set or not, never its value."""
    users: dict[str, list[str]] = {}
    for server in servers:
        for name in server.variables:
            users.setdefault(name, [])
            if server.name not in users[name]:
                users[name].append(server.name)
    for name, who in users.items():
        used_by = f"used by {', '.join(who)}"
        if env.get(name):
            yield Check(name, True, f"{name} is set ({used_by})")
        else:
            yield Check(
                name,
                False,
                f"{name} is not set ({used_by})",
                f"export {name} in the shell that starts the agents; .env.example says what it is",
            )


def _launch_checks(
    servers: Sequence[Server], root: Path, env: Mapping[str, str]
) -> Iterable[Check]:
    """One check per launch command of the local servers: can it be started from here?"""
    users: dict[str, list[str]] = {}
    for server in servers:
        if server.transport == "stdio" and server.command:
            users.setdefault(server.command, [])
            if server.name not in users[server.command]:
                users[server.command].append(server.name)
    for command, who in users.items():
        used_by = f"used by {', '.join(who)}"
        if _runnable(command, root, env):
            yield Check(command, True, f"{command} is installed ({used_by})")
        elif "/" in command or os.sep in command:
            fix = f"create {command} in the pilot, or fix the command in the MCP configs"
            yield Check(command, False, f"{command} does not exist or cannot run ({used_by})", fix)
        else:
            fix = INSTALL.get(command, f"install {command}, or fix the command in the MCP configs")
            yield Check(command, False, f"{command} is not on PATH ({used_by})", fix)


def _runnable(command: str, root: Path, env: Mapping[str, str]) -> bool:
    if "/" in command or os.sep in command:
        path = Path(command) if Path(command).is_absolute() else root / command
        return path.is_file() and os.access(path, os.X_OK)
    return shutil.which(command, path=env.get("PATH", os.defpath)) is not None


def _probe_all(
    servers: Sequence[Server], root: Path, env: Mapping[str, str], timeout: float
) -> list[Check]:
    """Start each distinct local server once (several at a time) and count its tools.

    A server whose command cannot run is left out: the launch check already said why.
    """
    distinct: dict[tuple[str, ...], Server] = {}
    for server in servers:
        if server.transport == "stdio" and server.command and _runnable(server.command, root, env):
            distinct.setdefault((server.name, server.command, *server.args), server)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda s: _probe_one(s, root, env, timeout), distinct.values()))
    return results


def _probe_one(server: Server, root: Path, env: Mapping[str, str], timeout: float) -> Check:
    server_env = {**env, **{k: _resolve(v, env) for k, v in server.env.items()}}
    argv = [str(server.command), *server.args]
    result = client.probe(argv, cwd=root, env=server_env, timeout=timeout)
    subject = f"MCP server {server.name}"
    if result.error is not None:
        message = _redact(result.error, server, env)
        return Check(subject, False, f"did not start: {message}", _probe_fix(server))
    what = f" ({result.server})" if result.server else ""
    return Check(subject, True, f"answered{what} with {result.tools} tools")


def _probe_fix(server: Server) -> str:
    line = " ".join([str(server.command), *server.args])
    return f"run `{line}` in the pilot to see why, or fix the server in {server.source}"


def _resolve(value: str, env: Mapping[str, str]) -> str:
    """A config's env value with its variable references replaced by the values in ENV."""
    from pilotkit.agents.mcp.configs import references

    for pattern in ("${NAME}", "${env:NAME}", "{env:NAME}", "${input:NAME}"):
        for name in references(value, pattern):
            ref = pattern.replace("NAME", name)
            value = value.replace(ref, env.get(name, ""))
    return value


def _redact(text: str, server: Server, env: Mapping[str, str]) -> str:
    """TEXT without the value of any variable the server uses: doctor prints names only."""
    for name in (*server.variables, *server.env):
        value = env.get(name)
        if value and len(value) >= 4:
            text = text.replace(value, f"<{name}>")
    return text
