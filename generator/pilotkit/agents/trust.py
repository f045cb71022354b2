"""Whether Codex and Gemini CLI trust a pilot, as each records it in the user's own files.

Both ignore a project's MCP servers until the user trusts the project: Codex reads
`.codex/config.toml` only for a project marked `trusted` in `$CODEX_HOME/config.toml`;
Gemini CLI disables the servers of `.gemini/settings.json` in a folder that
`~/.gemini/trustedFolders.json` does not trust. pilotkit only reads these files.
"""

from __future__ import annotations

import json
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pilotkit.pilot import textfiles


def codex_trusts(root: Path, env: Mapping[str, str]) -> bool:
    """Codex trusts the project at ROOT (its git root, the key Codex records).

    Raises Unreadable when Codex's config.toml is a FIFO, socket, device or folder.
    """
    home = env.get("CODEX_HOME") or str(_home(env) / ".codex")
    data = _read(Path(home) / "config.toml", toml=True)
    projects = data.get("projects") if isinstance(data, dict) else None
    if not isinstance(projects, dict):
        return False
    project = str(_project_root(root))
    entry = projects.get(project)
    return isinstance(entry, dict) and entry.get("trust_level") == "trusted"


def gemini_trusts(root: Path, env: Mapping[str, str]) -> bool:
    """Gemini CLI trusts ROOT: folder trust is off, or the closest rule trusts it.

    Raises Unreadable when one of Gemini CLI's files is a FIFO, socket, device or folder.
    """
    gemini_home = Path(env.get("GEMINI_CLI_HOME") or _home(env)) / ".gemini"
    settings = _read(gemini_home / "settings.json", toml=False)
    folder_trust = _get(settings, "security", "folderTrust", "enabled")
    if folder_trust is False:
        return True
    rules_path = env.get("GEMINI_CLI_TRUSTED_FOLDERS_PATH") or gemini_home / "trustedFolders.json"
    rules = _read(Path(rules_path), toml=False)
    if not isinstance(rules, dict):
        return False
    target = _real(root)
    best, verdict = -1, None
    for rule, level in rules.items():
        folder = Path(rule).parent if level == "TRUST_PARENT" else Path(rule)
        if (target == _real(folder) or _real(folder) in target.parents) and len(rule) > best:
            best, verdict = len(rule), level
    return verdict in {"TRUST_FOLDER", "TRUST_PARENT"}


def _project_root(root: Path) -> Path:
    for candidate in (root, *root.parents):
        if (candidate / ".git").exists():
            return candidate
    return root


def _home(env: Mapping[str, str]) -> Path:
    return Path(env.get("HOME") or env.get("USERPROFILE") or Path.home())


def _real(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return Path(os.path.abspath(path))  # noqa: PTH100 - resolve() failed (a loop)


class Unreadable(Exception):
    """A user file that trust is recorded in exists but is no regular file pilotkit can read."""

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(f"{path} {problem}")
        self.path = path
        self.problem = problem


def _read(path: Path, *, toml: bool) -> Any:
    """PATH parsed; None when it is missing or does not parse (the client ignores it too)."""
    try:
        text = textfiles.read_text(path)
    except textfiles.NotAFile as err:
        raise Unreadable(path, str(err.strerror)) from None
    except (OSError, UnicodeDecodeError):
        return None
    try:
        return tomllib.loads(text) if toml else json.loads(text)
    except (ValueError, RecursionError):  # the client cannot read it either
        return None


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data
