"""Paths that cannot be used as asked (an output that cannot be written, a folder that is a
file): one line naming the path and the fix, exit 2, nothing written, nothing left behind
and no existing file touched."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.metrics_helpers import default_pilot, place_claude


def listing(path: Path) -> dict[str, bytes | None]:
    """Everything under PATH with the content of each file, to prove nothing changed."""
    return {
        p.relative_to(path).as_posix(): p.read_bytes() if p.is_file() else None
        for p in sorted(path.rglob("*"))
        if ".git" not in p.relative_to(path).parts
    }


@pytest.fixture
def pilot(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return default_pilot(tmp_path_factory, tmp_path / "pilot")


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    """A plain file where a directory would have to be."""
    path = tmp_path / "notes.txt"
    path.write_text("mine\n")
    return path


@pytest.fixture
def unwritable(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A directory in which nothing can be created, even by root; and the reason the system
    gives. Root ignores permissions, so as root it is /sys, which refuses everyone."""
    if os.geteuid() != 0:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o555)
    else:
        folder = Path("/sys")
    try:
        (folder / "pilotkit-probe").mkdir()
    except OSError as err:
        reason = (err.strerror or "").lower()
    else:
        (folder / "pilotkit-probe").rmdir()
        pytest.skip(f"cannot find a directory this user may not write to ({folder} took one)")
    yield folder, reason
    if folder.is_relative_to(tmp_path):
        folder.chmod(0o755)


# The commands that create a repository at DEST: what comes before DEST, and after it.
CREATING = [(["new"], ["--defaults", "--no-git"]), (["template", "init"], [])]


@pytest.mark.parametrize(("before_dest", "after_dest"), CREATING)
def test_a_destination_below_a_file(
    cli: Cli, tmp_path: Path, a_file: Path, before_dest: list[str], after_dest: list[str]
) -> None:
    dest = a_file / "deeper" / "pilot"
    before = listing(tmp_path)

    run = cli(*before_dest, dest, *after_dest)

    assert run.code == 2
    assert run.err == (
        f"pilotkit: error: cannot create {dest}: {a_file} is a file, not a directory; "
        "choose another path\n"
    )
    assert listing(tmp_path) == before


@pytest.mark.parametrize(("before_dest", "after_dest"), CREATING)
def test_a_destination_nobody_may_write(
    cli: Cli,
    tmp_path: Path,
    unwritable: tuple[Path, str],
    before_dest: list[str],
    after_dest: list[str],
) -> None:
    folder, reason = unwritable
    dest = folder / "pilot"
    before = listing(tmp_path)

    run = cli(*before_dest, dest, *after_dest)

    assert run.code == 2
    assert run.err == f"pilotkit: error: cannot create {dest}: {reason}; choose another path\n"
    assert listing(tmp_path) == before
    assert not dest.exists()


@pytest.mark.parametrize(
    ("options", "named", "reason"),
    [
        (["--html", "{dir}"], "--html {dir}", "it is a directory"),
        (["--output", "{dir}"], "--output {dir}", "it is a directory"),
        (["--format", "json", "--output", "{dir}"], "--output {dir}", "it is a directory"),
        (["--html", "{file}/r.html"], "--html {file}/r.html", "{file} is a file, not a directory"),
        (["--output", "{file}/r.md"], "--output {file}/r.md", "{file} is a file, not a directory"),
        # The Markdown report would be fine; the refused page keeps it from being written too.
        (
            ["--html", "{file}/new/r.html"],
            "--html {file}/new/r.html",
            "{file} is a file, not a directory",
        ),
    ],
)
def test_a_report_output_that_cannot_be_written(
    cli: Cli,
    tmp_path: Path,
    pilot: Path,
    a_file: Path,
    options: list[str],
    named: str,
    reason: str,
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (pilot / "metrics" / "REPORT.md").write_text("last week's report\n")

    def filled(text: str) -> str:
        return text.format(dir=folder, file=a_file)

    before = listing(tmp_path)

    run = cli("report", "--pilot", pilot, *map(filled, options))

    assert run.code == 2
    assert run.err == f"pilotkit: error: {filled(named)}: {filled(reason)}; give another path\n"
    assert run.out == ""
    assert listing(tmp_path) == before


def test_a_refused_page_leaves_no_directory_made_for_the_report(
    cli: Cli, tmp_path: Path, pilot: Path, a_file: Path
) -> None:
    before = listing(tmp_path)

    run = cli(
        "report",
        "--pilot",
        pilot,
        "--output",
        tmp_path / "new" / "deeper" / "r.md",
        "--html",
        a_file / "r.html",
    )

    assert run.code == 2
    assert run.err.startswith(f"pilotkit: error: --html {a_file / 'r.html'}: ")
    assert listing(tmp_path) == before


def test_the_report_where_a_directory_holds_its_place(
    cli: Cli, tmp_path: Path, pilot: Path
) -> None:
    report = pilot / "metrics" / "REPORT.md"
    report.unlink(missing_ok=True)
    report.mkdir()
    before = listing(tmp_path)

    run = cli("report", "--pilot", pilot)

    assert run.code == 2
    assert run.err == (
        f"pilotkit: error: cannot write {report}: it is a directory; move {report} away, "
        "then run the command again\n"
    )
    assert listing(tmp_path) == before


def test_the_board_where_a_directory_holds_its_place(cli: Cli, tmp_path: Path, pilot: Path) -> None:
    board = pilot / "BOARD.md"
    board.mkdir()
    before = listing(tmp_path)

    run = cli("tasks", "board", "--pilot", pilot)

    assert run.code == 2
    assert run.err == (
        f"pilotkit: error: cannot write {board}: it is a directory; move {board} away, "
        "then run the command again\n"
    )
    assert listing(tmp_path) == before
    # A claim changes the task file alone, never the board, so it is not in the way.
    claimed = cli("tasks", "claim", "T01", "--as", "kim", "--pilot", pilot)
    assert claimed.code == 0, claimed.err
    assert board.is_dir() and not any(board.iterdir())


def test_usage_where_a_file_holds_the_place_of_its_directory(
    cli: Cli, tmp_path: Path, pilot: Path, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("CLAUDE_CONFIG_DIR", "CODEX_HOME"):
        monkeypatch.delenv(name, raising=False)
    place_claude(isolated, pilot, "2.0.jsonl", "5f0c1d2e")
    usage = pilot / "metrics" / "usage"
    if usage.is_dir():
        for child in usage.iterdir():
            child.unlink()
        usage.rmdir()
    usage.write_text("not a folder\n")
    before = listing(tmp_path)

    run = cli("usage", "import", "--pilot", pilot)

    target = usage / "claude.jsonl"
    assert run.code == 2
    assert run.err == (
        f"pilotkit: error: cannot write {target}: {usage} is a file, not a directory; "
        f"move {usage} away, then run the command again\n"
    )
    assert listing(tmp_path) == before


@pytest.mark.parametrize("kind", ["file", "missing"])
def test_a_report_repo_that_is_not_a_directory(
    cli: Cli, tmp_path: Path, pilot: Path, a_file: Path, kind: str
) -> None:
    repo = a_file if kind == "file" else tmp_path / "missing"
    before = listing(tmp_path)

    run = cli("report", "--pilot", pilot, "--repo", repo)

    assert run.code == 2
    assert run.err == (
        f"pilotkit: error: {repo} is not a git repository; give --repo a clone of the target\n"
    )
    assert listing(tmp_path) == before


def test_tasks_add_where_a_file_holds_the_place_of_tasks(
    cli: Cli, tmp_path: Path, pilot: Path
) -> None:
    tasks = pilot / "tasks"
    for child in tasks.iterdir():
        child.unlink()
    tasks.rmdir()
    tasks.write_text("not a folder\n")
    before = listing(tmp_path)

    run = cli("tasks", "add", "--title", "Export", "--pilot", pilot)

    assert run.code == 2
    assert run.err == (
        f"pilotkit: error: cannot write {tasks / 'T01-export.md'}: {tasks} is a file, not a "
        f"directory; move {tasks} away, then run the command again\n"
    )
    assert listing(tmp_path) == before


def test_tasks_add_takes_back_the_task_when_the_estimate_cannot_be_written(
    cli: Cli, tmp_path: Path, pilot: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Root may write anywhere, so the refusal of the estimate's folder is simulated where
    pilotkit writes it; what a person sees afterwards is real."""
    from pilotkit import files

    stage = files._stage

    def refuse_the_estimate(path: Path, text: str, made: list[Path]) -> Path:
        if path.name == "estimate.yaml":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return stage(path, text, made)

    monkeypatch.setattr(files, "_stage", refuse_the_estimate)
    metrics = pilot / "metrics"
    before = listing(tmp_path)

    run = cli("tasks", "add", "--title", "Export", "--hours", "3", "--pilot", pilot)

    assert run.code == 2
    assert run.err == (
        f"pilotkit: error: cannot write {metrics / 'estimate.yaml'}: permission denied; "
        f"make {metrics} writable, then run the command again\n"
    )
    assert listing(tmp_path) == before
