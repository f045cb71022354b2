"""A minimal MCP client over stdio: start a server, `initialize`, `tools/list`, stop it.

MCP's stdio transport is JSON-RPC 2.0, one message per line, on the server's stdin and
stdout; stderr is free-form logging. This is just enough for `pilotkit doctor --probe`
to prove that a server starts and answers, without an SDK. Everything runs under one
deadline, and the server is stopped (with its children) whatever happens.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pilotkit._version import __version__

PROTOCOL_VERSION = "2025-06-18"
MAX_PAGES = 100  # of tools/list; a server that keeps paginating is broken
MAX_LINE = 16 * 1024 * 1024  # bytes of one message; a longer line is dropped unread
MAX_QUEUED = 1_000  # lines read ahead; a server that floods stdout waits for the client
# Lines that only point elsewhere (npm's "A complete log of this run can be found in …").
_POINTER = re.compile(r"complete log of this run|^\S+ (error|ERR!)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Probe:
    """What a server answered: its tool count and name, or why it did not."""

    tools: int | None = None
    server: str | None = None
    error: str | None = None


class _Failed(Exception):
    """The exchange stopped; the message says why, in a person's words."""


def probe(
    argv: Sequence[str], *, cwd: Path, env: Mapping[str, str], timeout: float = 30.0
) -> Probe:
    """Start the server ARGV in CWD with ENV and count its tools, within TIMEOUT seconds
    (and a second or two more to stop a server that does not stop when asked)."""
    program = _resolve(argv[0], env)
    try:
        process = subprocess.Popen(
            [program, *argv[1:]],
            cwd=cwd,
            env=dict(env),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=os.name == "posix",  # so the whole tree can be stopped
        )
    except FileNotFoundError:
        return Probe(error=f"command not found: {argv[0]}")
    except OSError as err:
        return Probe(error=f"cannot start {argv[0]}: {err.strerror or err}")
    session = _Session(process, time.monotonic() + timeout, timeout)
    try:
        return session.run()
    except _Failed as err:
        return Probe(error=str(err))
    finally:
        session.closed.set()
        session.stop()


def _resolve(program: str, env: Mapping[str, str]) -> str:
    """PROGRAM on ENV's PATH (so `npx` finds `npx.cmd` on Windows); paths stay as given."""
    if os.sep in program or (os.altsep and os.altsep in program):
        return program
    return shutil.which(program, path=env.get("PATH")) or program


class _Session:
    """One running server: its pipes, read by two threads, and the deadline.

    The deadline bounds everything: waiting for lines, skipping lines that are not
    protocol (however many a server prints), and stopping the server.
    """

    def __init__(self, process: subprocess.Popen[bytes], deadline: float, timeout: float):
        self.process = process
        self.stdin: IO[bytes] = _pipe(process.stdin)
        self.deadline = deadline
        self.timeout = timeout
        self.lines: queue.Queue[bytes | None] = queue.Queue(maxsize=MAX_QUEUED)
        self.closed = threading.Event()
        self.stderr: deque[str] = deque(maxlen=20)
        self.next_id = 0
        threading.Thread(target=self._pump, args=(_pipe(process.stdout),), daemon=True).start()
        threading.Thread(target=self._drain, args=(_pipe(process.stderr),), daemon=True).start()

    def run(self) -> Probe:
        init = self.request(
            "initialize",
            {
                "protocolVersion": PROTOCOL_VERSION,
                "capabilities": {},
                "clientInfo": {"name": "pilotkit-doctor", "version": __version__},
            },
        )
        self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        info = init.get("serverInfo")
        parts = [info.get(k) for k in ("name", "version")] if isinstance(info, dict) else []
        name = " ".join(str(part) for part in parts if part) or None
        capabilities = init.get("capabilities")
        if not isinstance(capabilities, dict) or "tools" not in capabilities:
            return Probe(tools=0, server=name)
        return Probe(tools=self.count_tools(), server=name)

    def count_tools(self) -> int:
        count, cursor = 0, None
        for _ in range(MAX_PAGES):
            page = self.request("tools/list", {"cursor": cursor} if cursor else {})
            tools = page.get("tools")
            if not isinstance(tools, list):
                raise _Failed("tools/list answered without a list of tools")
            count += len(tools)
            cursor = page.get("nextCursor")
            if not cursor:
                return count
        raise _Failed(f"tools/list kept paginating past {MAX_PAGES} pages")

    def request(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            message = self.receive(method)
            if message.get("id") == self.next_id and "method" not in message:
                if "error" in message:
                    raise _Failed(f"{method} failed: {_error_text(message['error'])}")
                result = message.get("result")
                return result if isinstance(result, dict) else {}
            if "method" in message and "id" in message:  # a request from the server
                self.send(
                    {
                        "jsonrpc": "2.0",
                        "id": message["id"],
                        "error": {"code": -32601, "message": "not supported by pilotkit"},
                    }
                )

    def send(self, message: dict[str, Any]) -> None:
        try:
            self.stdin.write(json.dumps(message).encode() + b"\n")
            self.stdin.flush()
        except (BrokenPipeError, OSError):
            raise _Failed(self._exited()) from None

    def receive(self, waiting_for: str) -> dict[str, Any]:
        while True:
            left = self.deadline - time.monotonic()
            try:
                if left <= 0:  # checked on every line: a flood never leaves the queue empty
                    raise queue.Empty
                line = self.lines.get(timeout=left)
            except queue.Empty:
                raise _Failed(
                    f"no answer to {waiting_for} within {self.timeout:g} s{self._last_words()}"
                ) from None
            if line is None:
                raise _Failed(self._exited())
            try:
                message = json.loads(line)
            except ValueError:
                continue  # not protocol: a server should log to stderr, but some do not
            if isinstance(message, dict):
                return message

    def stop(self) -> None:
        """Close stdin, then terminate and kill the server and its children if needed.

        A polite stop gets what is left of the deadline (at most a second for each step);
        past the deadline the server is killed at once.
        """
        with contextlib.suppress(OSError):
            self.stdin.close()
        for sig in (None, signal.SIGTERM, getattr(signal, "SIGKILL", signal.SIGTERM)):
            if sig is not None:
                self._signal(sig)
            left = self.deadline - time.monotonic()
            try:
                self.process.wait(timeout=min(max(left, 0.0), 1.0) if sig is None else 1.0)
                break
            except subprocess.TimeoutExpired:
                continue
        if os.name == "posix":
            self._signal(signal.SIGKILL)  # children the server left behind

    def _signal(self, sig: int) -> None:
        try:
            if os.name == "posix":
                os.killpg(self.process.pid, sig)
            else:
                self.process.kill()
        except (ProcessLookupError, PermissionError, OSError):
            pass

    def _pump(self, stream: IO[bytes]) -> None:
        for line in _lines(stream):
            if line.strip() and not self._put(line):
                return
        self._put(None)

    def _put(self, line: bytes | None) -> bool:
        """Queue LINE, waiting while the queue is full; False once the session is over."""
        while not self.closed.is_set():
            try:
                self.lines.put(line, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _drain(self, stream: IO[bytes]) -> None:
        for line in _lines(stream):
            text = line[:1000].decode("utf-8", "replace").strip()
            if text:
                self.stderr.append(text)

    def _exited(self) -> str:
        try:
            code = self.process.wait(timeout=min(max(self.deadline - time.monotonic(), 0.1), 2))
        except subprocess.TimeoutExpired:
            return f"closed its output before answering{self._last_words()}"
        return f"exited with code {code} before answering{self._last_words()}"

    def _last_words(self) -> str:
        """The server's last telling line on stderr, if any (pointers to log files skipped)."""
        time.sleep(0.05)  # let the stderr thread catch the last line
        telling = [line for line in self.stderr if not _POINTER.search(line)]
        lines: Iterable[str] = telling[-1:]
        return "".join(f"; it said: {_clip(line)}" for line in lines)


def _lines(stream: IO[bytes]) -> Iterable[bytes]:
    """STREAM's lines; a line longer than MAX_LINE is dropped as it is read, never held."""
    while True:
        line = stream.readline(MAX_LINE)
        if not line:
            return
        if len(line) < MAX_LINE or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):  # the rest of the overlong line
            line = stream.readline(MAX_LINE)


def _pipe(stream: IO[bytes] | None) -> IO[bytes]:
    if stream is None:  # never: every stream is a pipe
        raise _Failed("the server has no pipe to talk through")
    return stream


def _error_text(error: Any) -> str:
    if isinstance(error, dict):
        return str(error.get("message") or error)
    return str(error)


def _clip(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
