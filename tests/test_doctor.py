"""`pilotkit doctor`: what a user sees on a ready pilot and on one with problems."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import agent_clients as clients
from tests.conftest import Cli, python_command
from tests.pilots import ALL_SERVER_NAMES, render, render_full

GHOST = {"name": "ghost", "command": "no-such-mcp-server", "args": ["--stdio"]}
FIX = re.compile(r"^FAIL  .+; fix: \S.+$")


@pytest.fixture(scope="module")
def full_pilot(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Path:
    base = tmp_path_factory.mktemp("doctor")
    clients.link_packages(base)
    return render_full(base, shared_cache)


@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """npx may use only what is installed: the probe must not reach the registry."""
    monkeypatch.setenv("npm_config_offline", "true")
    for name in ("GITHUB_PERSONAL_ACCESS_TOKEN", "SENTRY_ACCESS_TOKEN", "BILLING_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("DOCS_TOKEN", raising=False)


def trust(home: Path, pilot: Path) -> None:
    """Record trust in PILOT the way Codex and Gemini CLI do when the user says yes."""
    (home / ".codex").mkdir(exist_ok=True)
    (home / ".codex" / "config.toml").write_text(
        f'[projects.{json.dumps(str(pilot))}]\ntrust_level = "trusted"\n'
    )
    (home / ".gemini").mkdir(exist_ok=True)
    (home / ".gemini" / "trustedFolders.json").write_text(json.dumps({str(pilot): "TRUST_FOLDER"}))


def inspector_tool_count(pilot: Path, home: Path) -> int:
    result = clients.run(
        [
            clients.binary("mcp-inspector"),
            *("--cli", "--config", ".mcp.json", "--server", "filesystem"),
            *("--method", "tools/list"),
        ],
        cwd=pilot,
        home=home,
    )
    assert result.returncode == 0, result.stderr
    return len(json.loads(result.stdout)["tools"])


@pytest.mark.clients
@pytest.mark.usefixtures("offline")
def test_ready_pilot_passes_and_probe_reports_the_real_tool_count(
    cli: Cli, tmp_path: Path, isolated: Path
) -> None:
    clients.link_packages(tmp_path)
    pilot = render(tmp_path / "pilot", agents=["claude", "codex", "gemini"], servers=["filesystem"])
    trust(isolated, pilot)

    run = cli("doctor", pilot, "--probe", "--timeout", "60")

    assert run.code == 0, run.out
    tools = inspector_tool_count(pilot, tmp_path / "inspector-home")
    assert re.search(
        rf"^  ok  MCP server filesystem: answered \(secure-filesystem-server [^)]+\) "
        rf"with {tools} tools$",
        run.out,
        flags=re.MULTILINE,
    ), run.out
    assert "  ok  npx is installed (used by filesystem)" in run.out
    assert "FAIL" not in run.out
    assert run.out.rstrip().endswith("Ready: every check passed.")


@pytest.mark.clients
@pytest.mark.usefixtures("offline")
def test_every_problem_of_a_full_pilot_is_one_line_with_its_fix(
    cli: Cli, full_pilot: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SENTRY_ACCESS_TOKEN", "sntrys_never_print_me_0123456789")

    run = cli("doctor", full_pilot, "--probe", "--timeout", "60")

    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0].startswith(f"Pilot {full_pilot}: agents claude, codex, copilot")
    assert ", ".join(ALL_SERVER_NAMES) in lines[0]
    failures = [line for line in lines if line.startswith("FAIL")]
    for line in failures:
        assert FIX.match(line), line
    expected = [
        "FAIL  GITHUB_PERSONAL_ACCESS_TOKEN is not set (used by github); fix: export "
        "GITHUB_PERSONAL_ACCESS_TOKEN in the shell that starts the agents",
        "FAIL  DOCS_TOKEN is not set (used by docs-search)",
        "FAIL  ./bin/billing-mcp does not exist or cannot run (used by billing-api)",
        "FAIL  OpenAI Codex: Codex ignores .codex/config.toml",
        "FAIL  Gemini CLI disables the MCP servers of .gemini/settings.json",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in failures), (start, run.out)
    assert "  ok  SENTRY_ACCESS_TOKEN is set (used by sentry)" in lines
    assert "sntrys_never_print_me" not in run.out + run.err
    assert re.search(r"^  ok  MCP server filesystem: answered .* with \d+ tools$", run.out, re.M)
    assert "  ok  Windsurf: 2 files in place" in lines
    assert lines[-1] == f"Not ready: {len(failures)} problems."


@pytest.mark.usefixtures("offline")
def test_a_server_whose_command_does_not_exist(cli: Cli, tmp_path: Path) -> None:
    pilot = render(tmp_path / "pilot", agents=["claude"], servers=[], custom=[GHOST])

    run = cli("doctor", pilot, "--probe")

    assert run.code == 1
    assert (
        "FAIL  no-such-mcp-server is not on PATH (used by ghost); fix: install "
        "no-such-mcp-server, or fix the command in the MCP configs"
    ) in run.out.splitlines()
    assert run.out.rstrip().endswith("Not ready: 1 problem.")


def test_missing_and_broken_files_name_the_file_and_line(cli: Cli, tmp_path: Path) -> None:
    pilot = tmp_path / "pilot"
    render(pilot, agents=["cursor", "kiro", "copilot"], servers=["filesystem", "memory"], git=False)
    (pilot / ".cursor" / "rules" / "pilot.mdc").unlink()
    (pilot / ".vscode" / "mcp.json").write_text('{\n  "servers": {\n    "filesystem": ,\n')
    kiro = pilot / ".kiro" / "settings" / "mcp.json"
    config = json.loads(kiro.read_text())
    del config["mcpServers"]["memory"]
    kiro.write_text(json.dumps(config))

    run = cli("doctor", pilot)

    assert run.code == 1
    failures = [line for line in run.out.splitlines() if line.startswith("FAIL")]
    assert failures == [
        "FAIL  GitHub Copilot: .vscode/mcp.json:3 is not valid JSON: Expecting value; "
        "fix: fix it, then run doctor again",
        "FAIL  Cursor: .cursor/rules/pilot.mdc is missing; fix: restore it from git "
        "(`git checkout -- .cursor/rules/pilot.mdc`) or re-render the template with "
        "`copier recopy`",
        "FAIL  Kiro: .kiro/settings/mcp.json does not list the MCP server memory; fix: "
        "re-render it with `copier recopy`, or add the server as the other configs have it",
    ]


def test_not_a_pilot(cli: Cli, tmp_path: Path) -> None:
    run = cli("doctor", tmp_path)
    assert run.code == 2
    assert run.err.strip() == (
        f"pilotkit: error: {tmp_path} is not a pilot: no .copier-answers.yml here or above; "
        "run `pilotkit new`"
    )


@pytest.mark.parametrize("given", ["0", "-1", "nan", "inf", "-inf", "1e9"])
def test_timeout_must_be_a_positive_finite_number(cli: Cli, tmp_path: Path, given: str) -> None:
    run = cli("doctor", tmp_path, "--probe", f"--timeout={given}")
    assert run.code == 2
    assert run.out == ""
    assert run.err == (
        f"pilotkit: error: --timeout {float(given):g}: give a positive number of seconds, "
        "at most 3600\n"
    )


@pytest.mark.skipif(os.name != "posix", reason="a script as a command needs a shebang")
def test_probe_of_a_server_that_floods_stdout_ends_within_the_timeout(tmp_path: Path) -> None:
    flood = {"name": "flood", "command": "./flood.py"}
    pilot = render(tmp_path / "pilot", agents=["claude"], servers=[], custom=[flood], git=False)
    script = pilot / "flood.py"
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys, time\n"
        "end = time.monotonic() + 20  # then stop, whatever the client does\n"
        "while time.monotonic() < end:\n"
        "    sys.stdout.write('not JSON\\n' * 1000)\n"
    )
    script.chmod(0o755)
    started = time.monotonic()

    run = subprocess.run(
        python_command("doctor", str(pilot), "--probe", "--timeout", "2"),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert time.monotonic() - started < 15, run.stdout
    assert run.returncode == 1
    assert (
        "FAIL  MCP server flood: did not start: no answer to initialize within 2 s; "
        "fix: run `./flood.py` in the pilot to see why, or fix the server in .mcp.json"
    ) in run.stdout.splitlines()


@pytest.mark.clients
@pytest.mark.parametrize("trusted", [False, True])
def test_doctor_and_gemini_agree_on_trust(
    cli: Cli, tmp_path: Path, isolated: Path, trusted: bool
) -> None:
    pilot = render(tmp_path / "pilot", agents=["gemini"], servers=[], custom=[GHOST])
    if trusted:
        trust(isolated, pilot)

    gemini = clients.run([clients.binary("gemini"), "mcp", "list"], cwd=pilot, home=isolated)
    doctor = cli("doctor", pilot)

    says_untrusted = "untrusted" in gemini.stdout + gemini.stderr
    assert says_untrusted is not trusted, gemini.stderr
    assert ("Gemini CLI disables the MCP servers" in doctor.out) is not trusted


def test_a_pilot_without_mcp_servers_needs_no_trust(cli: Cli, tmp_path: Path) -> None:
    pilot = render(tmp_path / "pilot", agents=["codex", "gemini", "windsurf"], servers=[])

    run = cli("doctor", pilot)

    assert run.code == 0, run.out
    assert run.out.splitlines()[0] == (
        f"Pilot {pilot}: agents codex, gemini, windsurf; MCP servers none."
    )
    assert "trust" not in run.out
    assert run.out.rstrip().endswith(
        "Ready: every check passed. Add --probe to start each local MCP server."
    )
