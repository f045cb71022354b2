"""A task file saved with a UTF-8 byte order mark (as some Windows editors save it) is
read like any other, and a move keeps the mark where it was."""

from __future__ import annotations

from pathlib import Path

from pilotkit import rules
from tests.checkpilot import (
    default_render_fixture,  # noqa: F401 (a fixture)
    pilot_fixture,  # noqa: F401 (a fixture)
    task_file,
)
from tests.conftest import Cli

BOM = b"\xef\xbb\xbf"


def with_bom(pilot: Path, task_id: str) -> Path:
    path = task_file(pilot, task_id)
    path.write_bytes(BOM + path.read_bytes())
    return path


def test_check_reads_a_task_file_that_starts_with_a_bom(cli: Cli, pilot: Path) -> None:
    with_bom(pilot, "T02")
    run = cli("check", pilot)
    assert "PK-T001" not in run.out
    assert run.out.rstrip().endswith(
        f"in {pilot} (6 tasks, 4 requirements, {len(rules.RULES)} rules)."
    )


def test_tasks_list_shows_a_task_file_that_starts_with_a_bom(cli: Cli, pilot: Path) -> None:
    with_bom(pilot, "T02")
    run = cli("tasks", "list", "--pilot", pilot)
    assert run.code == 0
    assert run.err == ""
    rows = run.out.splitlines()[1:]
    assert [row.split()[0] for row in rows] == ["T01", "T02", "T03", "T04", "T05", "T06"]


def test_a_move_keeps_the_bom_and_every_other_byte(cli: Cli, pilot: Path) -> None:
    path = with_bom(pilot, "T01")
    before = path.read_bytes()

    run = cli("tasks", "claim", "T01", "--as", "kim", "--pilot", pilot)

    assert run.code == 0, run.err
    after = path.read_bytes()
    assert after.startswith(BOM + b"---\n")
    assert b"status: claimed\n" in after and b"assignee: kim\n" in after
    changed = set(after.splitlines()) - set(before.splitlines())
    assert {line.split(b":")[0] for line in changed} == {
        b"status",
        b"assignee",
        b"branch",
        b"claimed_at",
    }
