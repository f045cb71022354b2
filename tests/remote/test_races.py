"""Agents in separate clones racing through one bare remote: git's ref update is the referee."""

from __future__ import annotations

from pathlib import Path

from tests.racing import race
from tests.remote.conftest import clone, front, git, remote_file, task_path
from tests.remote.test_push import _entries
from tests.tasks.conftest import write_task

MODULES = ["pilotkit.commands.tasks.move", "pilotkit.commands.log", "pilotkit.remote"]


def clones(origin: Path, base: Path, count: int) -> list[Path]:
    return [clone(origin, base / f"agent-{n}") for n in range(count)]


def test_ten_agents_claiming_one_task_from_ten_clones_have_one_winner(
    origin: Path, tmp_path: Path
) -> None:
    repos = clones(origin, tmp_path, 10)
    commands = [
        ["tasks", "claim", "T02", "--as", f"agent-{n}", "--push", "--pilot", str(repo)]
        for n, repo in enumerate(repos)
    ]

    runs = race(commands, tmp_path / "race", modules=MODULES)

    winners = [n for n, run in enumerate(runs) if run.code == 0]
    assert len(winners) == 1, [(run.code, run.err) for run in runs]
    winner = f"agent-{winners[0]}"
    assert front(remote_file(origin, task_path(origin, "T02")))["assignee"] == winner
    assert git(origin, "log", "--format=%s", "-1", "main") == f"T02: claim by {winner}"
    head = git(origin, "rev-parse", "main")
    for n, (repo, run) in enumerate(zip(repos, runs, strict=True)):
        assert git(repo, "rev-parse", "HEAD") == head
        assert git(repo, "status", "--porcelain", "--untracked-files=all") == ""
        if n != winners[0]:
            assert run.code == 1 and run.out == "", run.err
            claimed = f"pilotkit: error: origin/main: T02 is already claimed by {winner} since "
            assert run.err.startswith(claimed) and run.err.count("\n") == 1, run.err


def test_ten_agents_claiming_ten_tasks_all_win_after_retries(origin: Path, tmp_path: Path) -> None:
    seed = clone(origin, tmp_path / "seed")
    for old in (seed / "tasks").glob("T0*.md"):
        old.unlink()
    ids = [f"T{n:02d}" for n in range(1, 11)]
    for task_id in ids:
        write_task(seed, task_id, files=f"[src/{task_id.lower()}.py]", title=f"Task {task_id}")
    git(seed, "add", "--all")
    git(seed, "commit", "-q", "-m", "Ten tasks that can run at once")
    git(seed, "push", "-q")
    repos = clones(origin, tmp_path, 10)
    commands = [
        ["tasks", "claim", task_id, "--as", f"agent-{n}", "--push", "--pilot", str(repo)]
        for n, (task_id, repo) in enumerate(zip(ids, repos, strict=True))
    ]

    runs = race(commands, tmp_path / "race", modules=MODULES)

    assert [run.code for run in runs] == [0] * 10, [run.err for run in runs]
    assert any("after" in run.out and "tries" in run.out for run in runs)  # someone retried
    for n, task_id in enumerate(ids):
        fields = front(remote_file(origin, task_path(origin, task_id)))
        assert (fields["status"], fields["assignee"]) == ("claimed", f"agent-{n}")
    subjects = git(origin, "log", "--format=%s", "main~10..main").splitlines()
    assert sorted(subjects) == sorted(f"{t}: claim by agent-{n}" for n, t in enumerate(ids))
    assert git(origin, "rev-list", "--merges", "--count", "main") == "0"


def test_twenty_journal_entries_at_once_from_five_clones_all_reach_the_remote(
    origin: Path, tmp_path: Path
) -> None:
    repos = clones(origin, tmp_path, 5)
    notes = [f"entry-{n}" for n in range(20)]
    commands = [
        ["log", "session", "--minutes", "15", "--note", note, "--push", "--pilot", str(repo)]
        for note, repo in zip(notes, repos * 4, strict=True)
    ]

    runs = race(commands, tmp_path / "race", modules=MODULES)

    assert [run.code for run in runs] == [0] * 20, [run.err for run in runs]
    entries = _entries(remote_file(origin, "metrics/journal.yaml"))
    assert sorted(entry.text or "" for entry in entries) == sorted(notes)
    assert git(origin, "rev-list", "--count", "main") == "21"
