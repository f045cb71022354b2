"""The permissions of the files pilotkit writes: a new file follows the person's umask, as
any program's (and git's checkout) would, and a file that exists keeps its own."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import pytest

from tests.conftest import python_command
from tests.metrics_helpers import default_pilot


@pytest.fixture
def pilot(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return default_pilot(tmp_path_factory, tmp_path / "pilot")


def pilotkit(pilot: Path, *argv: str, umask: int = 0o022) -> None:
    """Run `pilotkit ARGV --pilot PILOT` in a process of its own, with UMASK."""
    command = python_command(*argv, "--pilot", str(pilot))
    proc = subprocess.run(command, capture_output=True, text=True, umask=umask, check=False)
    assert proc.returncode == 0, proc.stderr


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002], ids=oct)
def test_new_files_and_folders_follow_the_umask(pilot: Path, tmp_path: Path, umask: int) -> None:
    report = tmp_path / "reports" / "june" / "report.md"

    pilotkit(pilot, "tasks", "board", umask=umask)
    pilotkit(pilot, "tasks", "add", "--title", "Rate limit", umask=umask)
    pilotkit(pilot, "report", "--output", str(report), umask=umask)

    for made in (pilot / "BOARD.md", pilot / "tasks" / "T07-rate-limit.md", report):
        assert mode(made) == 0o666 & ~umask, made
    for folder in (report.parent, report.parent.parent):
        assert mode(folder) == 0o777 & ~umask, folder


def test_a_file_that_exists_keeps_its_permissions(pilot: Path) -> None:
    """Whatever the umask: the person chose these modes, and a rewrite is not a new file."""
    task = next((pilot / "tasks").glob("T01-*.md"))
    chosen = {
        pilot / "metrics" / "estimate.yaml": 0o600,
        pilot / "metrics" / "journal.yaml": 0o640,
        task: 0o604,
    }
    for path, wanted in chosen.items():
        path.chmod(wanted)

    pilotkit(pilot, "tasks", "add", "--title", "Rate limit", "--hours", "3")
    pilotkit(pilot, "tasks", "claim", "T01", "--as", "kim")
    pilotkit(pilot, "log", "session", "--task", "T01", "--minutes", "30")

    assert "T07: 3" in (pilot / "metrics" / "estimate.yaml").read_text()
    assert "claimed" in task.read_text()
    assert "minutes: 30" in (pilot / "metrics" / "journal.yaml").read_text()
    assert {path: mode(path) for path in chosen} == chosen
    assert not [p for p in pilot.rglob(".*.tmp")]  # no scratch file left behind
