"""`tasks board` writes BOARD.md: deterministic, complete, and stale-detectable."""

from __future__ import annotations

from pathlib import Path

from pilotkit.pilot import board
from pilotkit.pilot.load import load_pilot
from tests.conftest import Cli
from tests.tasks.conftest import set_field, task_file


def test_board_of_a_pilot_in_progress(cli: Cli, pilot_dir: Path) -> None:
    assert cli("tasks", "claim", "T02", "--as", "claude-1", "--pilot", pilot_dir).code == 0
    set_field(pilot_dir, "T02", "claimed_at", '"2026-01-05T09:30:00Z"')
    assert cli("tasks", "claim", "T01", "--as", "codex-1", "--pilot", pilot_dir).code == 0
    assert cli("tasks", "review", "T01", "--pilot", pilot_dir).code == 0
    assert cli("tasks", "done", "T01", "--pilot", pilot_dir).code == 0
    reason = "which | separator?"
    assert cli("tasks", "block", "T03", "--reason", reason, "--pilot", pilot_dir).code == 0

    run = cli("tasks", "board", "--pilot", pilot_dir)

    assert run.code == 0 and run.err == ""
    assert run.out == f"Wrote {pilot_dir / 'BOARD.md'} (6 tasks).\n"
    text = (pilot_dir / "BOARD.md").read_text()
    assert text.startswith("# Board: invoice-export\n")
    assert (
        "**1 of 6 tasks done** (17%, 4 h of 28 h estimated) · 1 in progress · 1 blocked · "
        "0 ready to start\n\nCritical path: 20 h (T02 → T04 → T05 → T06).\n\n"
        "4 waves; at most 3 tasks can usefully run at once.\n"
    ) in text
    t02 = "[T02](tasks/T02-invoice-query-with-date-range-and-size-limit.md)"
    assert (
        f"| {t02} | Invoice query with date range and size limit | claimed | claude-1 | "
        "2026-01-05T09:30:00Z | `task/T02-invoice-query-with-date-range-and-size-limit` |"
    ) in text
    assert "| — | which \\| separator? |" in text  # a pipe cannot break the table
    assert "| 1 | 3 | 1 | 1 | 1 | 13 h | ▰▰▰▱▱▱▱▱▱▱ 33% |" in text
    assert "## Ready to start\n\nNo task is ready to start.\n" in text


def test_board_is_deterministic(cli: Cli, pilot_dir: Path) -> None:
    assert cli("tasks", "board", "--pilot", pilot_dir).code == 0
    first = (pilot_dir / "BOARD.md").read_bytes()
    again = cli("tasks", "board", "--pilot", pilot_dir)
    assert again.out.startswith("Unchanged: ")
    assert (pilot_dir / "BOARD.md").read_bytes() == first
    assert board.render(load_pilot(pilot_dir)).encode() == first


def test_ready_section_lists_best_first(cli: Cli, pilot_dir: Path) -> None:
    cli("tasks", "board", "--pilot", pilot_dir)
    text = (pilot_dir / "BOARD.md").read_text()
    ready = text.split("## Ready to start")[1].split("##")[0]
    rows = [line.split("]")[0].lstrip("| [") for line in ready.splitlines() if "](" in line]
    assert rows == ["T02", "T01", "T03"]
    assert "| 1 | 5 | on the critical path |" in ready


def test_stale_reason(cli: Cli, pilot_dir: Path) -> None:
    assert board.stale_reason(load_pilot(pilot_dir)) is None  # no board yet: nothing to say
    cli("tasks", "board", "--pilot", pilot_dir)
    assert board.stale_reason(load_pilot(pilot_dir)) is None
    crlf = (pilot_dir / "BOARD.md").read_text().replace("\n", "\r\n")
    (pilot_dir / "BOARD.md").write_bytes(crlf.encode())
    assert board.stale_reason(load_pilot(pilot_dir)) is None  # git may convert line endings
    assert cli("tasks", "claim", "T01", "--as", "a", "--pilot", pilot_dir).code == 0
    assert board.stale_reason(load_pilot(pilot_dir)) == (
        "BOARD.md does not match the task files (it was not rebuilt after a change)"
    )
    assert board.HINT == "run `pilotkit tasks board` and commit BOARD.md"
    cli("tasks", "board", "--pilot", pilot_dir)
    assert board.stale_reason(load_pilot(pilot_dir)) is None


def test_board_names_problems(cli: Cli, pilot_dir: Path) -> None:
    task_file(pilot_dir, "T06").write_text("---\nid: [\n---\n")
    set_field(pilot_dir, "T01", "depends_on", "[T05]")
    run = cli("tasks", "board", "--pilot", pilot_dir)
    assert run.code == 0
    assert run.err.startswith("pilotkit: warning: tasks/T06-end-to-end-test-and-user-docs.md:")
    text = (pilot_dir / "BOARD.md").read_text()
    assert text.endswith(
        "## Problems\n\n"
        "- A dependency cycle: T01 → T05 → T04 → T01 keeps its tasks (and those that wait "
        "on them) out of every wave.\n"
        "- 1 file(s) in tasks/ have problems: tasks/T06-end-to-end-test-and-user-docs.md; "
        "run `pilotkit check`.\n"
    )
