"""The real agent clients and MCP tools, installed from the npm registry into tests/clients.

`npm ci --prefix tests/clients` (part of the README's test command) installs the versions
pinned in tests/clients/package-lock.json. A test that needs one fails, never skips, when
it is missing. Each client runs with its own HOME, no stdin and npm in offline mode, so
nothing reaches the network or the user's own configuration.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

CLIENTS = REPO_ROOT / "tests" / "clients"
BIN = CLIENTS / "node_modules" / ".bin"
INSTALL = "npm ci --prefix tests/clients"


def binary(name: str) -> Path:
    """The installed client NAME, or a failed test that says how to install it."""
    path = BIN / name
    if not path.exists():
        pytest.fail(
            f"{name} is not installed in tests/clients; run `{INSTALL}` "
            "(the README's test command does)",
            pytrace=False,
        )
    return path


def link_packages(directory: Path) -> None:
    """Let `npx -y PKG@VERSION` under DIRECTORY find the pinned packages without a network.

    npx looks for the exact version in the nearest node_modules above the working
    directory before it asks the registry; the filesystem server pinned in the catalog is
    one of the packages installed in tests/clients.
    """
    binary("mcp-server-filesystem")
    link = directory / "node_modules"
    if not link.exists():
        link.symlink_to(CLIENTS / "node_modules", target_is_directory=True)


def run(
    argv: Sequence[str | os.PathLike[str]],
    *,
    cwd: Path,
    home: Path,
    env: Mapping[str, str] | None = None,
    unset: Sequence[str] = (),
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """Run a client headless: own HOME, no stdin, npm offline, output captured.

    ENV adds variables; UNSET names variables the client must not see at all.
    """
    home.mkdir(parents=True, exist_ok=True)
    environment = {
        **os.environ,
        "HOME": str(home),
        "npm_config_offline": "true",
        "npm_config_update_notifier": "false",
        "NO_COLOR": "1",
        **(env or {}),
    }
    for name in unset:
        environment.pop(name, None)
    return subprocess.run(
        [str(arg) for arg in argv],
        cwd=cwd,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
