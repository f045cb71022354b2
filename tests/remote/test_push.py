"""`--push`: each move, `add`, `board` and `log` lands on the remote, made on the remote's state."""

from __future__ import annotations

from pathlib import Path

import pytest

from pilotkit.pilot import journal
from tests.conftest import Cli
from tests.remote.conftest import front, git, remote_file, state, task_path


def claim(cli: Cli, clone: Path, task: str, name: str, *more: str) -> tuple[int, str, str]:
    run = cli("tasks", "claim", task, "--as", name, "--pilot", clone, *more)
    return run.code, run.out, run.err


def test_a_claim_is_one_commit_of_the_task_file_alone_on_the_remote(
    cli: Cli, origin: Path, mine: Path
) -> None:
    code, out, err = claim(cli, mine, "T02", "codex-1", "--push")

    assert code == 0, err
    sha = git(origin, "rev-parse", "--short=7", "main")
    path = task_path(origin, "T02")
    assert out.splitlines() == [
        "T02 claimed by codex-1, branch task/T02-invoice-query-with-date-range-and-size-limit.",
        f"Pushed to origin/main as {sha}.",
        "Next: `pilotkit tasks brief T02` prints the brief to work from.",
    ]
    assert git(origin, "log", "-1", "--format=%s", "main") == "T02: claim by codex-1"
    assert git(origin, "diff", "--name-only", "main~1", "main") == path
    assert git(origin, "rev-list", "--merges", "--count", "main") == "0"
    assert front(remote_file(origin, path))["assignee"] == "codex-1"
    assert git(mine, "rev-parse", "HEAD") == git(origin, "rev-parse", "main")
    assert git(mine, "rev-parse", "origin/main") == git(origin, "rev-parse", "main")
    assert git(mine, "status", "--porcelain") == ""


def test_a_stale_clone_moves_on_the_remote_state_and_catches_up(
    cli: Cli, origin: Path, mine: Path, theirs: Path
) -> None:
    assert claim(cli, theirs, "T01", "claude-1", "--push")[0] == 0
    untracked = mine / "notes.txt"
    untracked.write_text("my own notes\n")

    code, _, err = claim(cli, mine, "T02", "codex-1", "--push")

    assert code == 0, err
    assert git(origin, "log", "--format=%s", "main~2..main").splitlines() == [
        "T02: claim by codex-1",
        "T01: claim by claude-1",
    ]
    assert front(remote_file(origin, task_path(origin, "T01")))["assignee"] == "claude-1"
    assert git(mine, "rev-parse", "HEAD") == git(origin, "rev-parse", "main")
    assert untracked.read_text() == "my own notes\n"  # an untracked file is never touched


def test_a_claim_someone_made_first_is_refused_naming_them_and_the_clone_is_at_the_remote(
    cli: Cli, origin: Path, mine: Path, theirs: Path
) -> None:
    assert claim(cli, theirs, "T02", "claude-1", "--push")[0] == 0
    before = git(origin, "rev-parse", "main")

    code, out, err = claim(cli, mine, "T02", "codex-1", "--push")

    assert code == 1 and out == ""
    assert err.startswith("pilotkit: error: origin/main: T02 is already claimed by claude-1 since ")
    assert err.count("\n") == 1
    assert git(origin, "rev-parse", "main") == before
    assert git(mine, "rev-parse", "HEAD") == before
    assert git(mine, "status", "--porcelain", "--untracked-files=all") == ""


@pytest.mark.parametrize(
    ("steps", "messages"),
    [
        (
            [["review", "T02"], ["done", "T02"]],
            ["T02: review", "T02: done"],
        ),
        (
            [["block", "T02", "--reason", "which date format?"], ["release", "T02"]],
            ["T02: block", "T02: release"],
        ),
    ],
    ids=["review-done", "block-release"],
)
def test_every_move_pushes_its_own_commit(
    cli: Cli, origin: Path, mine: Path, theirs: Path, steps: list[list[str]], messages: list[str]
) -> None:
    assert claim(cli, mine, "T02", "codex-1", "--push")[0] == 0
    for step in steps:
        run = cli("tasks", *step, "--push", "--pilot", theirs)  # the other clone is stale
        assert run.code == 0, run.err
        assert run.out.splitlines()[1].startswith("Pushed to origin/main as ")
    subjects = git(origin, "log", "--format=%s", "main~3..main").splitlines()
    assert subjects == [*reversed(messages), "T02: claim by codex-1"]


def test_a_move_the_remote_state_forbids_is_refused_with_the_next_step(
    cli: Cli, origin: Path, mine: Path
) -> None:
    before = git(origin, "rev-parse", "main")
    run = cli("tasks", "done", "T02", "--push", "--pilot", mine)
    assert run.code == 1
    assert run.err == (
        "pilotkit: error: origin/main: T02 is todo; `done` moves a task that is in-review "
        "(next for T02: `pilotkit tasks claim`)\n"
    )
    assert git(origin, "rev-parse", "main") == before


def test_tasks_added_from_two_stale_clones_get_two_ids(
    cli: Cli, origin: Path, mine: Path, theirs: Path
) -> None:
    first = cli("tasks", "add", "--title", "Retry failed exports", "--hours", "2", "--push",
                "--pilot", mine)  # fmt: skip
    second = cli("tasks", "add", "--title", "Export progress bar", "--push", "--pilot", theirs)

    assert first.code == 0, first.err
    assert second.code == 0, second.err
    assert "Created tasks/T07-retry-failed-exports.md (T07)." in first.out
    assert "Created tasks/T08-export-progress-bar.md (T08)." in second.out
    subjects = git(origin, "log", "--format=%s", "main~2..main").splitlines()
    assert subjects == ["T08: add", "T07: add"]
    changed = git(origin, "diff", "--name-only", "main~2", "main~1").splitlines()
    assert changed == ["metrics/estimate.yaml", "tasks/T07-retry-failed-exports.md"]
    assert "T07: 2" in remote_file(origin, "metrics/estimate.yaml")


def test_the_board_is_built_from_the_remote_task_files(
    cli: Cli, origin: Path, mine: Path, theirs: Path
) -> None:
    assert claim(cli, theirs, "T01", "claude-1", "--push")[0] == 0

    run = cli("tasks", "board", "--push", "--pilot", mine)
    again = cli("tasks", "board", "--push", "--pilot", mine)

    assert run.code == 0, run.err
    assert git(origin, "log", "-1", "--format=%s", "main") == "Board: rebuilt from the task files"
    assert "claude-1" in remote_file(origin, "BOARD.md")
    assert again.code == 0
    assert again.out.splitlines()[-1] == "Nothing to push: origin/main has it already."


def test_journal_entries_from_two_stale_clones_both_reach_the_remote(
    cli: Cli, origin: Path, mine: Path, theirs: Path
) -> None:
    for clone, note in ((mine, "mine"), (theirs, "theirs")):
        run = cli("log", "session", "--minutes", "30", "--note", note, "--push", "--pilot", clone)
        assert run.code == 0, run.err
        assert run.out.splitlines()[-1].startswith("Pushed to origin/main as ")

    text = remote_file(origin, "metrics/journal.yaml")
    notes = [entry.text for entry in _entries(text)]
    assert notes == ["mine", "theirs"]
    assert git(origin, "log", "-1", "--format=%s", "main") == "Journal: session"


def test_next_fetch_lists_what_is_ready_on_the_remote_and_leaves_the_clone_alone(
    cli: Cli, origin: Path, mine: Path, theirs: Path
) -> None:
    assert claim(cli, theirs, "T02", "claude-1", "--push")[0] == 0
    (mine / "specs" / "design.md").write_text("work in progress\n")  # dirty is fine for reading
    before = state(mine)

    stale = cli("tasks", "next", "--pilot", mine)
    fresh = cli("tasks", "next", "--fetch", "--pilot", mine)

    assert "T02 " in stale.out
    assert fresh.code == 0, fresh.err
    sha = git(origin, "rev-parse", "--short=7", "main")
    assert fresh.out.splitlines()[0] == f"As on origin/main at {sha}:"
    assert "T02 " not in fresh.out and "T01 " in fresh.out
    assert fresh.out.splitlines()[-1].endswith("--as NAME --push")
    after = state(mine)
    assert after["tracking"] == git(origin, "rev-parse", "main")  # fetched, as `git fetch` does
    assert {**after, "tracking": None} == {**before, "tracking": None}


def test_list_fetch_shows_the_remote_holders(cli: Cli, mine: Path, theirs: Path) -> None:
    assert claim(cli, theirs, "T03", "claude-1", "--push")[0] == 0
    run = cli("tasks", "list", "--fetch", "--status", "claimed", "--pilot", mine)
    assert run.code == 0, run.err
    assert "T03" in run.out and "claude-1" in run.out


def test_the_pilot_setting_makes_push_the_default_and_no_push_overrides_it(
    cli: Cli, origin: Path, mine: Path
) -> None:
    (mine / ".pilotkit.yaml").write_text("remote:\n  push: true\n")
    git(mine, "add", ".pilotkit.yaml")
    git(mine, "commit", "-q", "-m", "Push every move")
    git(mine, "push", "-q")

    pushed = claim(cli, mine, "T01", "claude-1")
    local = cli("tasks", "claim", "T02", "--as", "codex-1", "--no-push", "--pilot", mine)

    assert pushed[0] == 0, pushed[2]
    assert git(origin, "log", "-1", "--format=%s", "main") == "T01: claim by claude-1"
    assert local.code == 0
    assert "Next: commit tasks/T02-" in local.out
    assert git(origin, "log", "-1", "--format=%s", "main") == "T01: claim by claude-1"
    assert git(mine, "status", "--porcelain") == f"M {task_path(origin, 'T02')}"


def test_the_setting_names_the_remote_and_branch(cli: Cli, origin: Path, mine: Path) -> None:
    git(mine, "push", "-q", "origin", "main:pilot")
    (mine / ".pilotkit.yaml").write_text("remote:\n  push: true\n  name: origin\n  branch: pilot\n")
    git(mine, "add", ".pilotkit.yaml")
    git(mine, "commit", "-q", "-m", "Settings")
    git(mine, "push", "-q", "origin", "main:pilot")

    code, out, err = claim(cli, mine, "T01", "claude-1")

    assert code == 0, err
    assert "Pushed to origin/pilot as " in out
    assert git(origin, "log", "-1", "--format=%s", "pilot") == "T01: claim by claude-1"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "remote:\n  push: yes please\n",
            ".pilotkit.yaml:2: `remote.push` is 'yes please', not true or false; "
            "write `push: true`",
        ),
        ("remote:\n  pusj: true\n", ".pilotkit.yaml:2: unknown setting `remote.pusj`"),
        ("remote: [push]\n", ".pilotkit.yaml:1: `remote` must be a mapping"),
        ("remote:\n  push: [true\n", ".pilotkit.yaml:2: "),
    ],
    ids=["not-a-bool", "unknown-key", "not-a-mapping", "bad-yaml"],
)
def test_a_bad_setting_is_one_line_naming_its_line_and_nothing_moves(
    cli: Cli, mine: Path, text: str, message: str
) -> None:
    (mine / ".pilotkit.yaml").write_text(text)
    before = state(mine)
    code, _, err = claim(cli, mine, "T01", "claude-1")
    assert code == 2
    assert err.startswith(f"pilotkit: error: {message}") and err.count("\n") == 1
    assert state(mine) == before


def test_check_knows_the_remote_section(cli: Cli, mine: Path) -> None:
    (mine / ".pilotkit.yaml").write_text("remote:\n  push: true\n  name: origin\n")
    assert "PK-P003" not in cli("check", mine, "--select", "PK-P003").out
    (mine / ".pilotkit.yaml").write_text("remote:\n  push: 1\n")
    run = cli("check", mine, "--select", "PK-P003")
    assert run.code == 1
    assert ".pilotkit.yaml:2: PK-P003 error: `remote.push` is 1, not true or false" in run.out


def _entries(text: str) -> list[journal.Entry]:
    from pilotkit.yaml import read_located

    raw = read_located(text, "journal").data["entries"]
    return [entry for item in raw if (entry := journal.parse_entry(item, 1, set())[0])]
