"""Drive headless Chromium (Debian's `chromium`) over the DevTools protocol, stdlib only.

`open_page(url)` loads a page and returns what a person would see and what the console
said: the errors logged, the exceptions thrown, every URL requested, the result of a
script evaluated in the page, and a PNG screenshot.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-port=0",
    "--window-size=1000,1400",
)


@dataclass
class Page:
    console_errors: list[str] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    evaluated: Any = None
    screenshot: bytes = b""


def binary() -> str:
    found = shutil.which("chromium")
    if not found:
        raise AssertionError("Chromium is missing: `apt-get install -y chromium` (see .ci/run)")
    return found


@contextmanager
def _browser() -> Iterator[str]:
    # Chromium's helper processes (renderer, GPU, crash handler) may still write into the
    # profile just after the browser exits: the browser runs in a process group of its
    # own, which is stopped whole, and a file written after that does not fail the test.
    # On a loaded machine running tests in parallel a browser now and then exits before it
    # opens its endpoint: that is the machine, not the page, so a fresh one is started.
    for _ in range(TRIES):
        with tempfile.TemporaryDirectory(
            prefix="pilotkit-chromium-", ignore_cleanup_errors=True
        ) as profile:
            proc = subprocess.Popen(
                [binary(), *FLAGS, f"--user-data-dir={profile}", "about:blank"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            try:
                port = _endpoint(proc, Path(profile) / "DevToolsActivePort")
                if port is not None:
                    yield port
                    return
            finally:
                _stop_group(proc)
    raise AssertionError(f"Chromium did not start its DevTools endpoint in {TRIES} tries")


TRIES = 3


def _endpoint(proc: subprocess.Popen[bytes], port_file: Path) -> str | None:
    """The DevTools port once Chromium wrote it; None when it exited or took 30 s."""
    deadline = time.monotonic() + 30
    while not (port_file.is_file() and port_file.read_text().count("\n") >= 1):
        if time.monotonic() > deadline or proc.poll() is not None:
            return None
        time.sleep(0.05)
    return port_file.read_text().splitlines()[0]


def _stop_group(proc: subprocess.Popen[bytes]) -> None:
    """Stop PROC and every process of its group: politely, then by force."""
    for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 10.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break  # the whole group is gone
        try:
            proc.wait(wait)
        except subprocess.TimeoutExpired:
            continue
        deadline = time.monotonic() + wait  # the browser is gone; let its helpers go too
        while time.monotonic() < deadline:
            try:
                os.killpg(proc.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.05)


class _Socket:
    """The client end of a WebSocket: masked text frames out, frames in."""

    def __init__(self, url: str) -> None:
        host_port, path = url.removeprefix("ws://").split("/", 1)
        host, port = host_port.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (
            f"GET /{path} HTTP/1.1\r\nHost: {host_port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
        )
        self.sock.sendall(request.encode())
        response = b""
        while b"\r\n\r\n" not in response:
            response += self.sock.recv(1)
        assert b" 101 " in response.split(b"\r\n", 1)[0], response

    def send(self, text: str) -> None:
        data, mask = text.encode(), os.urandom(4)
        size = len(data)
        if size < 126:
            head = struct.pack("!BB", 0x81, 0x80 | size)
        elif size < 1 << 16:
            head = struct.pack("!BBH", 0x81, 0x80 | 126, size)
        else:
            head = struct.pack("!BBQ", 0x81, 0x80 | 127, size)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        self.sock.sendall(head + mask + masked)

    def receive(self) -> str:
        message = b""
        while True:
            first, second = self._exact(2)
            size = second & 0x7F
            if size == 126:
                (size,) = struct.unpack("!H", self._exact(2))
            elif size == 127:
                (size,) = struct.unpack("!Q", self._exact(8))
            payload = self._exact(size)
            opcode = first & 0x0F
            if opcode in (0x1, 0x0):
                message += payload
                if first & 0x80:
                    return message.decode()
            elif opcode == 0x8:
                raise ConnectionError("the browser closed the DevTools connection")

    def _exact(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = self.sock.recv(size - len(data))
            if not chunk:
                raise ConnectionError("the DevTools connection closed")
            data += chunk
        return data


class _Session:
    def __init__(self, url: str, page: Page) -> None:
        self.ws = _Socket(url)
        self.page = page
        self.next_id = 0

    def call(self, method: str, **params: Any) -> Any:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.receive())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.event(message)

    def wait_for(self, method: str, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            message = json.loads(self.ws.receive())
            self.event(message)
            if message.get("method") == method:
                return
        raise AssertionError(f"no {method} within {seconds} s")

    def event(self, message: dict[str, Any]) -> None:
        method, params = message.get("method"), message.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            args = params.get("args", [])
            self.page.console_errors.append(" ".join(str(a.get("value", a)) for a in args))
        elif method == "Runtime.exceptionThrown":
            self.page.exceptions.append(str(params.get("exceptionDetails", {}).get("text")))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            self.page.console_errors.append(str(params["entry"].get("text")))
        elif method == "Network.requestWillBeSent":
            self.page.requests.append(str(params.get("request", {}).get("url")))


def open_page(url: str, script: str, screenshot: Path | None = None) -> Page:
    """Load URL in a fresh headless Chromium, evaluate SCRIPT (an expression) once loaded."""
    page = Page()
    with _browser() as port:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30) as reply:
            targets = json.load(reply)
        target = next(t for t in targets if t.get("type") == "page")
        session = _Session(target["webSocketDebuggerUrl"], page)
        for domain in ("Page", "Runtime", "Log", "Network"):
            session.call(f"{domain}.enable")
        session.call("Page.navigate", url=url)
        session.wait_for("Page.loadEventFired")
        result = session.call("Runtime.evaluate", expression=script, returnByValue=True)
        page.evaluated = result.get("result", {}).get("value")
        shot = session.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)
        page.screenshot = base64.b64decode(shot["data"])
        if screenshot is not None:
            screenshot.write_bytes(page.screenshot)
        session.call("Runtime.evaluate", expression="0")  # drain events logged after load
    return page
