"""Where the agents keep their logs, and which log lines belong to a pilot.

A pilot's agents work in its directory, in the target repository, or in git worktrees of
either; `Scope` holds those directories and answers whether a log's working directory is
one of them (or inside one).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

CLAUDE_NAME_LIMIT = 200  # longer project folder names are truncated and hashed


@dataclass(frozen=True)
class Scope:
    """The directories whose agent sessions count for the pilot."""

    dirs: tuple[Path, ...]
    _seen: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    def accepts(self, cwd: str | None) -> bool:
        if not cwd:
            return False
        known = self._seen.get(cwd)
        if known is None:
            path = cwd.rstrip("/") or "/"
            known = any(path == str(d) or path.startswith(f"{d}/") for d in self.dirs)
            self._seen[cwd] = known
        return known


@dataclass
class ReadStats:
    """What reading one agent's logs met; filled in while reading."""

    files: int = 0
    lines: int = 0
    corrupt: int = 0
    duplicates: int = 0
    no_usage_sessions: int = 0
    corrupt_at: list[str] = field(default_factory=list)

    def corrupt_line(self, path: Path, line: int) -> None:
        self.corrupt += 1
        if len(self.corrupt_at) < 5:
            self.corrupt_at.append(f"{path}:{line}")

    def decode(self, raw: bytes, path: Path, line: int) -> dict[str, Any] | None:
        """One JSONL line as an object; a line that is not one is counted and skipped."""
        try:
            entry = json.loads(raw)
        except (ValueError, UnicodeDecodeError, RecursionError):  # nested a thousand deep
            entry = None
        if not isinstance(entry, dict):
            self.corrupt_line(path, line)
            return None
        return entry


def claude_roots(env: Mapping[str, str] | None = None) -> list[Path]:
    """Claude Code's config folders: CLAUDE_CONFIG_DIR (comma-separated) or both defaults."""
    env = os.environ if env is None else env
    configured = [part.strip() for part in env.get("CLAUDE_CONFIG_DIR", "").split(",")]
    if any(configured):
        return [Path(part).expanduser() for part in configured if part]
    home = Path(env.get("HOME") or Path.home())
    config = Path(env.get("XDG_CONFIG_HOME") or home / ".config")
    return [config / "claude", home / ".claude"]


def codex_home(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    configured = env.get("CODEX_HOME", "").strip()
    if configured:
        return Path(configured).expanduser()
    return Path(env.get("HOME") or Path.home()) / ".codex"


def gemini_roots(env: Mapping[str, str] | None = None) -> list[Path]:
    """Gemini CLI's folder: `.gemini` in GEMINI_CLI_HOME, else in the home folder."""
    env = os.environ if env is None else env
    home = env.get("GEMINI_CLI_HOME", "").strip() or env.get("HOME") or str(Path.home())
    return [Path(home).expanduser() / ".gemini"]


def claude_project_name(directory: Path) -> str:
    """The folder name Claude Code gives a working directory: non-alphanumerics become `-`."""
    return re.sub(r"[^A-Za-z0-9]", "-", str(directory))


def claude_files(roots: Iterable[Path], scope: Scope) -> Iterator[Path]:
    """Every transcript (sub-agents' included) of the scope's directories, each once."""
    seen: set[Path] = set()
    for root in roots:
        projects = root / "projects"
        if not projects.is_dir():
            continue
        for directory in scope.dirs:
            name = claude_project_name(directory)
            pattern = f"{name[:CLAUDE_NAME_LIMIT]}*" if len(name) > CLAUDE_NAME_LIMIT else name
            for folder in sorted(projects.glob(pattern)):
                for path in sorted(folder.rglob("*.jsonl")):
                    if path not in seen and path.is_file():
                        seen.add(path)
                        yield path


def codex_files(home: Path) -> Iterator[Path]:
    """Every Codex rollout under HOME's sessions/ and archived_sessions/."""
    for folder in ("sessions", "archived_sessions"):
        base = home / folder
        if base.is_dir():
            yield from sorted(path for path in base.rglob("rollout-*.jsonl") if path.is_file())


_UTC_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$")


def utc_time(value: object) -> str | None:
    """An ISO 8601 timestamp as `YYYY-MM-DDTHH:MM:SSZ` in UTC, or None when unreadable."""
    if not isinstance(value, str) or not value:
        return None
    if _UTC_STAMP.match(value):  # what the agents write: already UTC, keep the seconds
        return value[:19] + "Z"
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
