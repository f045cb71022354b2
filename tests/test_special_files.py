"""Only regular files are read: a FIFO or a device where pilotkit expects a file is a finding
(`check`, `tasks`, `doctor`) or a one-line error (`new --answers`, `log`, `report`), never a
hang. Each command runs in a real process with a deadline, so a hang fails the test."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.checkpilot import (
    default_render_fixture,  # noqa: F401 (a fixture)
    pilot_fixture,  # noqa: F401 (a fixture)
)
from tests.conftest import python_command

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
DEADLINE = 60  # seconds; each command below takes one or two when it does not hang


def pilotkit(*argv: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = python_command(*(str(arg) for arg in argv))
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=DEADLINE)


def fifo(path: Path) -> Path:
    """A FIFO at PATH (replacing a file there): opening it for reading waits for a writer."""
    path.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)
    return path


def findings(out: str) -> list[str]:
    return [line for line in out.splitlines() if ": PK-" in line]


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("tasks/T07-pipe.md", "tasks/T07-pipe.md: PK-T001 error: is a FIFO (named pipe)"),
        ("specs/design.md", "specs/design.md: PK-P002 error: is a FIFO (named pipe)"),
        (".mcp.json", ".mcp.json: PK-P002 error: is a FIFO (named pipe)"),
        (".pilotkit.yaml", ".pilotkit.yaml: PK-P002 error: is a FIFO (named pipe)"),
        ("metrics/estimate.yaml", "metrics/estimate.yaml: PK-P002 error: is a FIFO (named pipe)"),
        ("metrics/journal.yaml", "metrics/journal.yaml: PK-J001 error: is a FIFO (named pipe)"),
        (
            ".copier-answers.yml",
            ".copier-answers.yml: PK-P001 error: cannot be read: is a FIFO (named pipe)",
        ),
    ],
)
def test_check_reports_a_fifo_as_a_finding(pilot: Path, relative: str, expected: str) -> None:
    fifo(pilot / relative)

    run = pilotkit("check", pilot)

    assert run.returncode == 1, run.stdout + run.stderr
    assert run.stderr == ""
    assert [line for line in findings(run.stdout) if "FIFO" in line] == [
        f"{expected}, not a regular file" + ("; give a regular file" if "J001" in expected else "")
    ]


def test_check_reports_a_device_as_a_finding_and_reads_none_of_it(pilot: Path) -> None:
    # /dev/zero never ends: a reader that opened it would fill the memory.
    (pilot / "tasks" / "T08-zero.md").symlink_to("/dev/zero")

    run = pilotkit("check", pilot)

    assert run.returncode == 1, run.stdout + run.stderr
    assert findings(run.stdout) == [
        "tasks/T08-zero.md: PK-T001 error: is a character device, not a regular file"
    ]
    assert "fix: replace it with a regular file, or remove it from tasks/" in run.stdout


def test_tasks_list_leaves_a_fifo_out_and_lists_the_rest(pilot: Path) -> None:
    fifo(pilot / "tasks" / "T07-pipe.md")

    run = pilotkit("tasks", "list", "--pilot", pilot)

    assert run.returncode == 0, run.stderr
    assert [line.split()[0] for line in run.stdout.splitlines()[1:]] == [
        "T01",
        "T02",
        "T03",
        "T04",
        "T05",
        "T06",
    ]
    assert run.stderr.strip() == (
        "pilotkit: warning: tasks/T07-pipe.md: is a FIFO (named pipe), not a regular file; "
        "run `pilotkit check` (tasks it cannot read are left out)"
    )


def test_new_refuses_an_answers_fifo_and_writes_nothing(tmp_path: Path) -> None:
    answers = fifo(tmp_path / "answers.yml")
    before = sorted(tmp_path.iterdir())

    run = pilotkit("new", tmp_path / "pilot", "--answers", answers)

    assert run.returncode == 2
    assert run.stderr.splitlines() == [
        f"pilotkit: error: {answers}: is a FIFO (named pipe), not a regular file; "
        "give a regular file"
    ]
    assert sorted(tmp_path.iterdir()) == before


def test_doctor_reports_a_fifo_in_place_of_codex_config(pilot: Path, isolated: Path) -> None:
    config = fifo(isolated / ".codex" / "config.toml")

    run = pilotkit("doctor", pilot)

    assert run.returncode == 1, run.stdout + run.stderr
    assert (
        f"FAIL  OpenAI Codex: {config} is a FIFO (named pipe), not a regular file; "
        f"fix: replace {config} with a regular file, or remove it"
    ) in run.stdout.splitlines()


def test_doctor_reports_a_fifo_in_place_of_an_mcp_config(pilot: Path) -> None:
    fifo(pilot / ".mcp.json")

    run = pilotkit("doctor", pilot)

    assert run.returncode == 1
    assert (
        "FAIL  Claude Code: .mcp.json is a FIFO (named pipe), not a regular file; "
        "fix: fix it, then run doctor again"
    ) in run.stdout.splitlines()


def test_log_refuses_a_fifo_journal_in_one_line(pilot: Path) -> None:
    journal = fifo(pilot / "metrics" / "journal.yaml")

    run = pilotkit("log", "session", "--minutes", "5", "--pilot", pilot)

    assert run.returncode == 2
    assert run.stderr.splitlines() == [
        f"pilotkit: error: {journal}: is a FIFO (named pipe), not a regular file; "
        "give a regular file"
    ]


def test_report_refuses_a_fifo_estimate_in_one_line(pilot: Path) -> None:
    estimate = fifo(pilot / "metrics" / "estimate.yaml")

    run = pilotkit("report", "--pilot", pilot, "--output", "-")

    assert run.returncode == 2, run.stdout
    assert run.stderr.splitlines() == [
        f"pilotkit: error: {estimate}: is a FIFO (named pipe), not a regular file; "
        "give a regular file"
    ]
