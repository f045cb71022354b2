"""Loading a pilot: the default pilot loads clean; bad files become findings, never crashes."""

from __future__ import annotations

from pathlib import Path

import pytest

from pilotkit.errors import PilotkitError
from pilotkit.pilot.load import load_pilot
from tests.conftest import Cli


@pytest.fixture
def default_pilot(cli: Cli, tmp_path: Path) -> Path:
    dest = tmp_path / "pilot"
    assert cli("new", dest, "--defaults").code == 0
    return dest


def test_default_pilot_loads_clean(default_pilot: Path) -> None:
    loaded = load_pilot(default_pilot)
    assert loaded.findings == ()
    assert [task.id for task in loaded.tasks] == ["T01", "T02", "T03", "T04", "T05", "T06"]
    assert loaded.answers["pilot_name"] == "invoice-export"
    assert loaded.deps()["T04"] == ["T01", "T02", "T03"]


def test_load_from_a_subdirectory(default_pilot: Path) -> None:
    assert load_pilot(default_pilot / "tasks").root == default_pilot


def test_not_a_pilot(tmp_path: Path) -> None:
    with pytest.raises(PilotkitError, match="is not a pilot"):
        load_pilot(tmp_path / "home")


def test_bad_files_in_tasks_become_findings(default_pilot: Path) -> None:
    tasks = default_pilot / "tasks"
    (tasks / "T90-binary.md").write_bytes(b"\x00\x01\x02")
    (tasks / "T91-empty.md").write_text("")
    (tasks / "T92-loop.md").symlink_to(tasks / "T92-loop.md")
    (tasks / "notes.txt").write_text("not a task")
    (tasks / "sub").mkdir()

    loaded = load_pilot(default_pilot)

    assert len(loaded.tasks) == 6
    assert sorted((f.path, f.rule) for f in loaded.findings) == [
        ("tasks/T90-binary.md", "PK-T001"),
        ("tasks/T91-empty.md", "PK-T001"),
        ("tasks/T92-loop.md", "PK-T001"),
    ]


def test_missing_tasks_folder(default_pilot: Path) -> None:
    for path in (default_pilot / "tasks").iterdir():
        path.unlink()
    (default_pilot / "tasks").rmdir()
    loaded = load_pilot(default_pilot)
    assert [f.rule for f in loaded.findings] == ["PK-T006"]
