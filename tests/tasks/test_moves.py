"""Moving tasks through their states: each move, each refusal (exit 1, one line), the race."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pilotkit.commands.tasks.move import claim_task
from tests.conftest import Cli
from tests.racing import race
from tests.tasks.conftest import set_field, task_file, write_task
from tests.test_yaml_edit import COMMENTED


def front(pilot: Path, task_id: str) -> dict[str, str]:
    text = task_file(pilot, task_id).read_text().split("---\n")[1]
    return dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)


def test_claim_sets_assignee_branch_and_time(cli: Cli, pilot_dir: Path) -> None:
    before = task_file(pilot_dir, "T01").read_text()
    run = cli("tasks", "claim", "T01", "--as", "claude-1", "--pilot", pilot_dir)
    assert run.code == 0, run.err
    assert "T01 claimed by claude-1, branch task/T01-csv-writer-for-invoice-rows." in run.out
    fields = front(pilot_dir, "T01")
    assert fields["status"] == "claimed"
    assert fields["assignee"] == "claude-1"
    assert fields["branch"] == "task/T01-csv-writer-for-invoice-rows"
    assert re.fullmatch(r'"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"', fields["claimed_at"])
    after = task_file(pilot_dir, "T01").read_text()
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert [line.split(":")[0] for line in changed] == [
        "status",
        "assignee",
        "branch",
        "claimed_at",
    ]


def test_claim_with_a_branch_and_a_fixed_time(pilot_dir: Path) -> None:
    moved = claim_task(
        pilot_dir, "t1", name="codex-1", branch="feat/csv", now=datetime(2026, 1, 5, 9, tzinfo=UTC)
    )
    assert (moved.id, moved.before, moved.after, moved.branch) == (
        "T01",
        "todo",
        "claimed",
        "feat/csv",
    )
    assert front(pilot_dir, "T01")["claimed_at"] == '"2026-01-05T09:00:00Z"'


def test_the_whole_way_and_back(cli: Cli, pilot_dir: Path) -> None:
    original = task_file(pilot_dir, "T02").read_text()
    steps = [
        (["claim", "T02", "--as", "a"], "claimed"),
        (["block", "T02", "--reason", "which date format?"], "blocked"),
        (["release", "T02"], "todo"),
    ]
    for argv, status in steps:
        run = cli("tasks", *argv, "--pilot", pilot_dir)
        assert run.code == 0, run.err
        assert front(pilot_dir, "T02")["status"] == status
    # Released: only null spellings differ from the original (no leftover fields).
    assert task_file(pilot_dir, "T02").read_text() == original
    for argv, status in [
        (["claim", "T02", "--as", "a"], "claimed"),
        (["review", "T02"], "in-review"),
        (["done", "T02"], "done"),
    ]:
        run = cli("tasks", *argv, "--pilot", pilot_dir)
        assert run.code == 0, run.err
        assert "T02: " in run.out or "claimed by" in run.out
        assert front(pilot_dir, "T02")["status"] == status
    fields = front(pilot_dir, "T02")
    assert fields["assignee"] == "a" and "blocked_reason" not in fields


def test_block_records_the_reason(cli: Cli, pilot_dir: Path) -> None:
    run = cli("tasks", "block", "T03", "--reason", "needs: a decision", "--pilot", pilot_dir)
    assert run.code == 0
    assert (
        run.out
        == "T03: todo → blocked (tasks/T03-admin-permission-check-and-audit-entry-for-expor.md).\n"
    )
    assert front(pilot_dir, "T03")["blocked_reason"] == '"needs: a decision"'


@pytest.mark.parametrize(
    ("setup", "argv", "message"),
    [
        (
            {"status": "claimed", "assignee": "claude-1"},
            ["claim", "T01", "--as", "codex-1"],
            "T01 is already claimed by claude-1; `pilotkit tasks next` lists the tasks",
        ),
        (
            {"status": "done"},
            ["claim", "T01", "--as", "codex-1"],
            "T01 is done; `claim` moves a task that is todo",
        ),
        (
            {"status": "blocked", "blocked_reason": "no dialect"},
            ["claim", "T01", "--as", "codex-1"],
            "T01 is blocked (no dialect); `pilotkit tasks release T01` first",
        ),
        (
            {},
            ["review", "T01"],
            "T01 is todo; `review` moves a task that is claimed "
            "(next for T01: `pilotkit tasks claim`)",
        ),
        (
            {"status": "claimed", "assignee": "a"},
            ["done", "T01"],
            "T01 is claimed; `done` moves a task that is in-review "
            "(next for T01: `pilotkit tasks review`)",
        ),
        ({"status": "done"}, ["done", "T01"], "T01 is already done"),
        ({}, ["release", "T01"], "T01 is already todo"),
        (
            {"status": "in-review", "assignee": "a"},
            ["release", "T01"],
            "T01 is in-review; `release` moves a task that is claimed or blocked "
            "(next for T01: `pilotkit tasks done`)",
        ),
        (
            {"status": "blocked", "blocked_reason": "x"},
            ["block", "T01", "--reason", "y"],
            "T01 is blocked (x); release it",
        ),
        ({"status": "done"}, ["block", "T01", "--reason", "y"], "T01 is done; `block` moves"),
    ],
)
def test_refused_moves(
    cli: Cli, pilot_dir: Path, setup: dict[str, str], argv: list[str], message: str
) -> None:
    for field, value in setup.items():
        set_field(pilot_dir, "T01", field, value)
    before = task_file(pilot_dir, "T01").read_bytes()
    run = cli("tasks", *argv, "--pilot", pilot_dir)
    assert run.code == 1
    assert run.err.startswith(f"pilotkit: error: {message}"), run.err
    assert run.err.count("\n") == 1 and run.out == ""
    assert task_file(pilot_dir, "T01").read_bytes() == before


def test_claim_refused_until_dependencies_are_done(cli: Cli, pilot_dir: Path) -> None:
    set_field(pilot_dir, "T01", "status", "done")
    set_field(pilot_dir, "T02", "status", "claimed")
    set_field(pilot_dir, "T02", "assignee", "claude-1")
    run = cli("tasks", "claim", "T04", "--as", "codex-1", "--pilot", pilot_dir)
    assert run.code == 1
    assert run.err == (
        "pilotkit: error: T04 cannot be claimed yet: it waits for T02 (claimed by claude-1), "
        "T03 (todo); `pilotkit tasks next` lists the tasks that can start\n"
    )


def test_claim_refused_when_files_overlap_a_held_task(cli: Cli, pilot_dir: Path) -> None:
    write_task(pilot_dir, "T01", status="claimed", assignee="claude-1", files="[src/billing/**]")
    write_task(pilot_dir, "T03", files="[src/billing/export/permissions.py]")
    run = cli("tasks", "claim", "T03", "--as", "codex-1", "--pilot", pilot_dir)
    assert run.code == 1
    assert run.err == (
        "pilotkit: error: T03 cannot be claimed now: its files overlap T01, claimed by claude-1 "
        "(`src/billing/export/permissions.py` and `src/billing/**`); "
        "wait until T01 is done or released\n"
    )
    # The holder of the overlapping task may take it; so may anyone once T01 is released.
    assert cli("tasks", "claim", "T03", "--as", "claude-1", "--pilot", pilot_dir).code == 0
    assert cli("tasks", "release", "T03", "--pilot", pilot_dir).code == 0
    assert cli("tasks", "release", "T01", "--pilot", pilot_dir).code == 0
    assert cli("tasks", "claim", "T03", "--as", "codex-1", "--pilot", pilot_dir).code == 0


def test_claim_refused_with_an_unknown_dependency(cli: Cli, pilot_dir: Path) -> None:
    write_task(pilot_dir, "T01", depends_on="[T99]")
    run = cli("tasks", "claim", "T01", "--as", "a", "--pilot", pilot_dir)
    assert run.code == 1
    assert run.err == (
        "pilotkit: error: T01 cannot be claimed: it depends on T99, which is not a task in "
        "tasks/ (or cannot be read); fix `depends_on` in tasks/T01-a-task.md\n"
    )
    ready = cli("tasks", "next", "--pilot", pilot_dir).out
    assert "T01" not in ready and "T02" in ready


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["claim", "T99", "--as", "a"], "there is no task T99 in tasks/"),
        (["claim", "T01", "--as", "two words"], "--as 'two words': give one name"),
        (["claim", "T01", "--as", "a", "--branch", "bad..name"], "--branch 'bad..name' is not"),
        (["block", "T01", "--reason", "  "], "give the reason with --reason"),
    ],
)
def test_bad_input_exits_2(cli: Cli, pilot_dir: Path, argv: list[str], message: str) -> None:
    run = cli("tasks", *argv, "--pilot", pilot_dir)
    assert run.code == 2
    assert message in run.err and run.err.count("\n") == 1


def test_unreadable_task_file_is_named(cli: Cli, pilot_dir: Path) -> None:
    task_file(pilot_dir, "T01").write_text("---\nid: [T01\n---\n")
    run = cli("tasks", "claim", "T01", "--as", "a", "--pilot", pilot_dir)
    assert run.code == 2
    assert run.err.startswith("pilotkit: error: tasks/T01-csv-writer-for-invoice-rows.md:2: ")


def test_not_a_pilot(cli: Cli, tmp_path: Path) -> None:
    run = cli("tasks", "claim", "T01", "--as", "a", "--pilot", tmp_path)
    assert run.code == 2 and "is not a pilot" in run.err


def test_racing_claims_from_real_processes_have_one_winner(pilot_dir: Path, tmp_path: Path) -> None:
    # Three races at once (five claimers on each of T01, T02, T03): without the lock,
    # at least one of them has two winners almost every time.
    pilot = str(pilot_dir)
    racers = [(task, f"agent-{n}") for task in ("T01", "T02", "T03") for n in range(5)]
    commands = [["tasks", "claim", task, "--as", name, "--pilot", pilot] for task, name in racers]
    results = race(commands, tmp_path / "race", modules=["pilotkit.commands.tasks.move"])
    for task in ("T01", "T02", "T03"):
        mine = [(name, r) for (t, name), r in zip(racers, results, strict=True) if t == task]
        winners = [name for name, run in mine if run.code == 0]
        assert len(winners) == 1, (task, mine)
        assert front(pilot_dir, task)["assignee"] == winners[0]
        for _, run in mine:
            if run.code:
                assert run.code == 1 and run.out == "", run.err
                claimed = f"pilotkit: error: {task} is already claimed by {winners[0]}"
                assert run.err.startswith(claimed)


def test_moves_keep_a_commented_task_file_byte_for_byte(cli: Cli, pilot_dir: Path) -> None:
    path = task_file(pilot_dir, "T01")
    path.write_text(COMMENTED.replace("R2,   R3", "R2"))
    original = path.read_text()
    when = "2026-01-05T09:00:00Z"
    claim_task(pilot_dir, "T01", name="claude-1", now=datetime(2026, 1, 5, 9, tzinfo=UTC))
    claimed = (
        original.replace('status: "todo"', 'status: "claimed"')
        .replace("assignee:     #", "assignee: claude-1     #")
        .replace("branch: ~", "branch: task/T01-csv-writer-for-invoice-rows")
        .replace("# the end", f'claimed_at: "{when}"\n# the end')
    )
    assert path.read_text() == claimed
    assert cli("tasks", "review", "T01", "--pilot", pilot_dir).code == 0
    assert cli("tasks", "done", "T01", "--pilot", pilot_dir).code == 0
    assert path.read_text() == claimed.replace('status: "claimed"', 'status: "done"')


@pytest.mark.parametrize("bom", ["", "\ufeff"], ids=["crlf", "crlf-with-bom"])
def test_a_claim_keeps_the_task_files_line_endings_and_byte_order_mark(
    cli: Cli, pilot_dir: Path, bom: str
) -> None:
    path = task_file(pilot_dir, "T01")
    lf = path.read_text()
    path.write_bytes((bom + lf.replace("\n", "\r\n")).encode())

    run = cli("tasks", "claim", "T01", "--as", "claude-1", "--pilot", pilot_dir)

    assert run.code == 0, run.err
    claimed = (
        lf.replace("status: todo\n", "status: claimed\n")
        .replace("assignee: null\n", "assignee: claude-1\n")
        .replace(
            "branch: null\n",
            'branch: task/T01-csv-writer-for-invoice-rows\nclaimed_at: "2026-11-28T12:00:00Z"\n',
        )
    )
    assert claimed != lf
    assert path.read_bytes().decode() == bom + claimed.replace("\n", "\r\n")
