"""The stdio MCP client behind `doctor --probe`, against small servers that misbehave on purpose.

The real filesystem server is probed in test_doctor.py; these servers are real processes
too, written to show each way a server can fail.
"""

from __future__ import annotations

import os
import sys
import textwrap
import time
from pathlib import Path

import pytest

from pilotkit.agents.mcp.client import Probe, probe

PRELUDE = """
import json, sys

def read():
    line = sys.stdin.readline()
    if not line:
        sys.exit(0)
    return json.loads(line)

def reply(message, result):
    print(json.dumps({"jsonrpc": "2.0", "id": message["id"], "result": result}), flush=True)

def initialize(capabilities={"tools": {}}):
    message = read()
    assert message["method"] == "initialize", message
    reply(message, {"protocolVersion": message["params"]["protocolVersion"],
                    "capabilities": capabilities,
                    "serverInfo": {"name": "fake", "version": "1.2.3"}})
    assert read()["method"] == "notifications/initialized"
"""


# libfaketime (used to run the suite on a shifted calendar) also shifts CLOCK_MONOTONIC,
# which Python's lock and queue timeouts wait on, so a timeout under it waits for the
# shifted days instead: the tests of the probe's timeouts need the real clock.
real_clock = pytest.mark.skipif(
    "faketime" in os.environ.get("LD_PRELOAD", ""),
    reason="timeouts under libfaketime wait on its shifted monotonic clock",
)


def server(tmp_path: Path, body: str) -> list[str]:
    script = tmp_path / "server.py"
    script.write_text(PRELUDE + textwrap.dedent(body))
    return [sys.executable, str(script)]


def run(argv: list[str], tmp_path: Path, timeout: float = 10) -> Probe:
    return probe(argv, cwd=tmp_path, env=dict(os.environ), timeout=timeout)


def test_counts_tools_across_pages_and_ignores_noise(tmp_path: Path) -> None:
    argv = server(
        tmp_path,
        """
        print("starting up (a server should log to stderr, some do not)", flush=True)
        initialize()
        message = read()
        # A request from the server arrives before the answer; the client must refuse it.
        print(json.dumps({"jsonrpc": "2.0", "id": "s1", "method": "roots/list"}), flush=True)
        refusal = read()
        assert refusal["id"] == "s1" and refusal["error"]["code"] == -32601, refusal
        reply(message, {"tools": [{"name": "a"}, {"name": "b"}], "nextCursor": "page2"})
        message = read()
        assert message["params"] == {"cursor": "page2"}, message
        reply(message, {"tools": [{"name": "c"}]})
        read()
        """,
    )
    result = run(argv, tmp_path)
    assert result == Probe(tools=3, server="fake 1.2.3")


def test_a_server_without_tools(tmp_path: Path) -> None:
    argv = server(tmp_path, "initialize(capabilities={'prompts': {}})\nread()\n")
    assert run(argv, tmp_path).tools == 0


@real_clock
def test_a_server_that_never_answers(tmp_path: Path) -> None:
    argv = server(tmp_path, "import time\nsys.stderr.write('warming up\\n')\ntime.sleep(60)\n")
    started = time.monotonic()
    result = run(argv, tmp_path, timeout=1)
    assert result.error == "no answer to initialize within 1 s; it said: warming up"
    assert time.monotonic() - started < 8


def test_a_server_that_exits(tmp_path: Path) -> None:
    argv = server(tmp_path, "sys.stderr.write('boom: no config\\n')\nsys.exit(3)\n")
    result = run(argv, tmp_path)
    assert result.error == "exited with code 3 before answering; it said: boom: no config"


def test_a_server_that_refuses_to_initialize(tmp_path: Path) -> None:
    argv = server(
        tmp_path,
        """
        message = read()
        print(json.dumps({"jsonrpc": "2.0", "id": message["id"],
                          "error": {"code": -32602, "message": "unsupported protocol"}}),
              flush=True)
        read()
        """,
    )
    assert run(argv, tmp_path).error == "initialize failed: unsupported protocol"


def test_a_command_that_does_not_exist(tmp_path: Path) -> None:
    result = run(["no-such-mcp-server", "--stdio"], tmp_path)
    assert result.error == "command not found: no-such-mcp-server"


@pytest.mark.skipif(os.name != "posix", reason="process groups are POSIX")
def test_the_server_and_its_children_are_stopped(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    argv = server(
        tmp_path,
        f"""
        import subprocess, signal
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a server that ignores a polite stop
        child = subprocess.Popen(["sleep", "300"])
        open({str(pid_file)!r}, "w").write(str(child.pid))
        initialize()
        message = read()
        reply(message, {{"tools": []}})
        import time
        time.sleep(300)
        """,
    )
    assert run(argv, tmp_path).tools == 0
    assert not alive(int(pid_file.read_text()))


def alive(pid: int) -> bool:
    """PID runs (a zombie waiting for a parent that does not reap it is dead)."""
    time.sleep(0.2)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "\nState:\tZ" in status.read_text())


# Servers that flood stdout stop by themselves after this long, so a client that never
# gives up fails its test instead of hanging the suite or leaving a process behind.
FLOOD_FOR = 20
FLOODS = {
    "lines that are not JSON": 'sys.stdout.write("not JSON\\n" * 1000)',
    "one line without end": 'sys.stdout.write("x" * 65536)',
    "notifications, never an answer": (
        'sys.stdout.write(json.dumps({"jsonrpc": "2.0", "method": "notifications/message",'
        ' "params": {"level": "info", "data": "busy"}}) + "\\n")'
    ),
}


@real_clock
@pytest.mark.parametrize("name", sorted(FLOODS))
def test_a_server_that_floods_stdout_is_given_up_on_time(tmp_path: Path, name: str) -> None:
    argv = server(
        tmp_path,
        f"""
        import signal, time
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # and ignores a polite stop
        end = time.monotonic() + {FLOOD_FOR}
        while time.monotonic() < end:
            {FLOODS[name]}
        """,
    )
    started = time.monotonic()
    result = run(argv, tmp_path, timeout=2)
    elapsed = time.monotonic() - started
    assert result.error == "no answer to initialize within 2 s"
    assert elapsed < 2 + 4, f"the probe took {elapsed:.1f} s"


def test_a_server_that_answers_between_floods_still_counts(tmp_path: Path) -> None:
    argv = server(
        tmp_path,
        """
        for _ in range(5000):
            print("log line on the wrong stream", flush=False)
        initialize()
        message = read()
        sys.stdout.write("y" * (17 * 1024 * 1024) + "\\n")  # longer than a message may be
        reply(message, {"tools": [{"name": "a"}]})
        read()
        """,
    )
    assert run(argv, tmp_path) == Probe(tools=1, server="fake 1.2.3")
