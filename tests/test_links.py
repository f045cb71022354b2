"""A symbolic link where pilotkit writes a person's file: refused in one line, never detached.

Renaming a new file over a link would leave a regular file in its place and the file it
points to unchanged; following it would let a link in a cloned pilot point anywhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli, Run
from tests.metrics_helpers import default_pilot, place_codex

TASK = "tasks/T01-csv-writer-for-invoice-rows.md"


@pytest.fixture
def pilot(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return default_pilot(tmp_path_factory, tmp_path / "pilot")


def link_out(pilot: Path, name: str, elsewhere: Path) -> Path:
    """Move the pilot's file NAME to ELSEWHERE and leave a symbolic link to it in its place."""
    target = elsewhere / Path(name).name
    target.parent.mkdir(parents=True, exist_ok=True)
    if (pilot / name).exists():
        (pilot / name).replace(target)
    else:  # BOARD.md, before the first `tasks board`
        target.write_text("# An old board that `tasks board` would rewrite\n")
    (pilot / name).symlink_to(target)
    return target


def names(folder: Path) -> list[str]:
    return sorted(entry.name for entry in folder.iterdir())


def assert_refused(run: Run, pilot: Path, name: str, target: Path, before: bytes) -> None:
    code, out, err = run.code, run.out, run.err
    assert code == 2, out + err
    assert err == (
        f"pilotkit: error: {pilot / name} is a symbolic link to {target}; pilotkit writes "
        "only regular files: replace the link with a copy of the file it points to, then retry\n"
    )
    assert (pilot / name).is_symlink() and (pilot / name).readlink() == target
    assert target.read_bytes() == before


@pytest.mark.parametrize(
    ("name", "argv"),
    [
        (TASK, ["tasks", "claim", "T01", "--as", "claude-1"]),
        ("metrics/journal.yaml", ["log", "session", "--task", "T01", "--minutes", "30"]),
        ("BOARD.md", ["tasks", "board"]),
    ],
    ids=["claim", "log", "board"],
)
def test_a_linked_file_is_refused_and_kept(
    pilot: Path, tmp_path: Path, cli: Cli, name: str, argv: list[str]
) -> None:
    target = link_out(pilot, name, tmp_path / "elsewhere")
    before = target.read_bytes()

    run = cli(*argv, "--pilot", pilot)

    assert_refused(run, pilot, name, target, before)


def test_tasks_add_with_a_linked_estimate_writes_no_task(
    pilot: Path, tmp_path: Path, cli: Cli
) -> None:
    target = link_out(pilot, "metrics/estimate.yaml", tmp_path / "elsewhere")
    tasks_before = names(pilot / "tasks")

    run = cli("tasks", "add", "--title", "Rate limit", "--hours", "3", "--pilot", pilot)

    assert_refused(run, pilot, "metrics/estimate.yaml", target, target.read_bytes())
    assert names(pilot / "tasks") == tasks_before


def test_usage_import_with_a_linked_store_writes_nothing(
    pilot: Path, tmp_path: Path, isolated: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLAUDE_CONFIG_DIR", raising=False)
    monkeypatch.delenv("CODEX_HOME", raising=False)
    place_codex(isolated, pilot, "0.46.jsonl")
    store = pilot / "metrics" / "usage"
    store.mkdir()
    shared = tmp_path / "elsewhere" / "codex.jsonl"
    shared.parent.mkdir()
    shared.write_text("")  # shared by several pilots, say, and nothing imported yet
    (store / "codex.jsonl").symlink_to(shared)
    before = shared.read_bytes()

    run = cli("usage", "import", "--pilot", pilot)

    assert_refused(run, pilot, "metrics/usage/codex.jsonl", shared, before)
    assert names(store) == ["codex.jsonl"]
