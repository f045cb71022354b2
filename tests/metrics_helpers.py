"""Helpers for the journal, usage and report tests: a default pilot, agent logs in place."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pilotkit.cli import main
from pilotkit.metrics.usage.sources import claude_project_name

FIXTURES = Path(__file__).parent / "fixtures" / "usage"
_made: dict[str, Path] = {}


def default_pilot(tmp_path_factory: pytest.TempPathFactory, dest: Path, *data: str) -> Path:
    """A copy of `pilotkit new --defaults` (rendered once per set of DATA) at DEST."""
    key = "\0".join(data)
    if key not in _made:
        source = tmp_path_factory.mktemp("pilot-source") / "pilot"
        argv = ["new", str(source), "--defaults"]
        for item in data:
            argv += ["--data", item]
        assert main(argv) == 0
        _made[key] = source
    shutil.copytree(_made[key], dest, symlinks=True)
    return dest


def git(path: Path, *args: str, env: dict[str, str] | None = None) -> str:
    import os

    full = {**os.environ, **(env or {})}
    proc = subprocess.run(
        ["git", *args], cwd=path, capture_output=True, text=True, check=True, env=full
    )
    return proc.stdout.strip()


def place_claude(home: Path, workdir: Path, fixture: str, session: str) -> Path:
    """Put a Claude Code fixture where Claude Code writes transcripts for WORKDIR."""
    folder = home / ".claude" / "projects" / claude_project_name(workdir)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{session}.jsonl"
    text = (FIXTURES / "claude" / fixture).read_text().replace("__CWD__", str(workdir))
    target.write_text(text)
    return target


def place_codex(home: Path, workdir: Path, fixture: str, day: str = "2026/12/02") -> Path:
    """Put a Codex rollout fixture under CODEX_HOME's sessions/YYYY/MM/DD/."""
    folder = home / ".codex" / "sessions" / day
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"rollout-{day.replace('/', '-')}T08-00-00-{fixture}.jsonl"
    text = (FIXTURES / "codex" / fixture).read_text().replace("__CWD__", str(workdir))
    target.write_text(text)
    return target


def place_gemini(home: Path, workdir: Path, fixture: str, project: str = "pilot") -> Path:
    """Put a Gemini CLI recording where the client writes one for WORKDIR's project."""
    import hashlib

    folder = home / ".gemini" / "tmp" / project / "chats"
    folder.mkdir(parents=True, exist_ok=True)
    source = FIXTURES / "gemini" / fixture
    target = folder / f"session-2026-12-03T09-00-{source.stem.replace('.', '')}{source.suffix}"
    digest = hashlib.sha256(str(workdir).encode()).hexdigest()
    text = source.read_text().replace("__HASH__", digest).replace("__CWD__", str(workdir))
    target.write_text(text)
    return target


def place_opencode(
    data_home: Path, workdir: Path, *, database: bool = True, storage: bool = False
) -> Path:
    """Put opencode's session data for WORKDIR in its data folder under DATA_HOME (what
    XDG_DATA_HOME names, `~/.local/share` by default): the 1.18 database, the JSON storage
    of before it, or both."""
    import sqlite3

    data = data_home / "opencode"
    data.mkdir(parents=True, exist_ok=True)
    if database:
        script = (FIXTURES / "opencode" / "1.18.sql").read_text().replace("__CWD__", str(workdir))
        with sqlite3.connect(data / "opencode.db") as connection:
            connection.executescript(script)
        connection.close()
    if storage:
        for source in (FIXTURES / "opencode" / "storage").rglob("*.json"):
            target = data / "storage" / source.relative_to(FIXTURES / "opencode" / "storage")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(source.read_text().replace("__CWD__", str(workdir)))
    return data


def set_task(pilot: Path, task_id: str, **fields: str) -> None:
    """Set front matter FIELDS of TASK_ID by hand (None-valued ones stay as they are)."""
    path = next((pilot / "tasks").glob(f"{task_id}-*.md"))
    head, rest = path.read_text().split("\n---\n", 1)
    lines = head.splitlines()
    for key, value in fields.items():
        found = [i for i, line in enumerate(lines) if line.startswith(f"{key}:")]
        if found:
            lines[found[0]] = f"{key}: {value}"
        else:
            lines.append(f"{key}: {value}")
    path.write_text("\n".join(lines) + "\n---\n" + rest)


def write_journal(pilot: Path, *entries: str) -> None:
    """Replace the journal's empty entries with ENTRIES, each a YAML flow mapping."""
    journal = pilot / "metrics" / "journal.yaml"
    items = "".join(f"  - {{{entry}}}\n" for entry in entries)
    journal.write_text(journal.read_text().replace("entries: []\n", "entries:\n" + items))


def write_usage(pilot: Path, tool: str, *records: dict[str, object]) -> None:
    """Store usage RECORDS of TOOL as `pilotkit usage import` would."""
    import json

    path = pilot / "metrics" / "usage" / f"{tool}.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = []
    for number, record in enumerate(records):
        full = {"key": f"{tool}:{number}", "tool": tool, "session": "s1", **record}
        lines.append(json.dumps(full) + "\n")
    path.write_text("".join(lines))
