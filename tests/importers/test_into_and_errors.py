"""`pilotkit import --into`: new ids after the pilot's own; bad input: one line, exit 2,
nothing written, into a new pilot or an existing one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.importers.conftest import FIXTURES, findings, listing, source_copy


def test_into_an_existing_pilot_adds_after_t06_and_r4(cli: Cli, pilot_dir: Path) -> None:
    before = listing(pilot_dir)

    run = cli("import", "speckit", FIXTURES / "speckit", "--into", pilot_dir)

    assert run.code == 0, run.err
    after = listing(pilot_dir)
    added = sorted(set(after) - set(before))
    assert added == [
        "tasks/T07-create-the-export-package-in-src-notes-export-in.md",
        "tasks/T08-write-the-streaming-csv-writer-with-the-columns.md",
        "tasks/T09-write-the-query-for-one-notebook-s-notes-refusin.md",
        "tasks/T10-add-the-export-endpoint-in-src-notes-api-export.md",
        "tasks/T11-add-the-export-csv-button-in-web-src-notebook-ex.md",
        "tasks/T12-write-the-round-trip-test-of-quoted-text-in.md",
        "tasks/T13-add-the-owner-check-and-the-audit-entry-in.md",
        "tasks/T14-document-the-export-for-users-in-docs-notes-expo.md",
    ]
    changed = sorted(path for path in before if before[path] != after[path])
    assert changed == ["specs/design.md", "specs/requirements.md"]
    for path in changed:  # only added to: what was there stays byte for byte
        assert after[path].startswith(before[path].rstrip(b"\n"))
    requirements = after["specs/requirements.md"].decode()
    assert "## R5 — US1: Export one notebook (P1)\n" in requirements
    assert (
        "## R9 — FR-003: The export endpoint MUST refuse notebooks of more than…\n" in requirements
    )
    t10 = after["tasks/T10-add-the-export-endpoint-in-src-notes-api-export.md"].decode()
    assert "depends_on: [T08, T09]\nrequirements: [R5]\n" in t10
    assert "Requirements: 5 (R5–R9): US1 → R5, US2 → R6," in run.out
    rules = {rule for rule, _, _ in findings(pilot_dir)}
    # The new tasks' hours, FR-001…FR-003's criteria, and the tasks of the source that
    # have no criteria or cover no requirement (see test_speckit's fixture pilot).
    assert rules == {"PK-E002", "PK-S004", "PK-T019", "PK-T020"}


def test_into_a_dry_run_writes_nothing(cli: Cli, pilot_dir: Path) -> None:
    before = listing(pilot_dir)
    run = cli("import", "kiro", FIXTURES / "kiro", "--into", pilot_dir, "--dry-run")
    assert run.code == 0, run.err
    assert run.out.startswith("Would import (dry run, nothing written) Kiro feature reading-list")
    assert "Tasks: 5 (T07–T11) in 5 waves" in run.out
    assert listing(pilot_dir) == before


def _line(path: Path, text: str) -> int:
    return path.read_text().splitlines().index(text) + 1


def _break_speckit(source: Path) -> str:
    tasks = source / "specs/001-notes-csv-export/tasks.md"
    good = '- [ ] T005 [P] [US1] Add the "Export CSV" button in web/src/notebook/ExportButton.tsx'
    bad = '- [ ] [P] [US1] Add the "Export CSV" button in web/src/notebook/ExportButton.tsx'
    line = _line(tasks, good)
    tasks.write_text(tasks.read_text().replace(good, bad))
    return (
        f"{tasks}:{line}: `{bad}` is not a spec-kit task line; "
        "write `- [ ] T012 [P] [US1] Description with file path`"
    )


def _break_kiro(source: Path) -> str:
    tasks = source / ".kiro/specs/reading-list/tasks.md"
    line = _line(tasks, "  - _Requirements: 3.1_")
    tasks.write_text(
        tasks.read_text().replace("  - _Requirements: 3.1_", "  - _Requirements: 7.2_")
    )
    return (
        f"{tasks}:{line}: task 3 refers to requirement 7.2, but requirements.md has no "
        "requirement 7 (it has: 1, 2, 3); fix the reference"
    )


def _break_kiro_criterion(source: Path) -> str:
    tasks = source / ".kiro/specs/reading-list/tasks.md"
    line = _line(tasks, "  - _Requirements: 3.1_")
    tasks.write_text(
        tasks.read_text().replace("  - _Requirements: 3.1_", "  - _Requirements: 3.4_")
    )
    return (
        f"{tasks}:{line}: task 3 refers to 3.4, but requirement 3 has 1 acceptance criteria; "
        "fix the reference"
    )


def _twice_kiro(source: Path) -> str:
    tasks = source / ".kiro/specs/reading-list/tasks.md"
    first = _line(tasks, "- [ ] 2.2 Reorder the list")
    line = _line(tasks, "- [ ] 3. Mark a book as read")
    tasks.write_text(tasks.read_text().replace("- [ ] 3. Mark", "- [ ] 2.2 Mark"))
    return f"{tasks}:{line}: task 2.2 is also the task on line {first}; give each task its own id"


def _break_openspec(source: Path) -> str:
    tasks = source / "openspec/changes/add-reading-stats/tasks.md"
    tasks.unlink()
    return (
        f"{tasks}: is missing: the change has no tasks; write the change's tasks "
        "(`- [ ] 1.1 …` under `## 1. Group`) first"
    )


def _empty_speckit(source: Path) -> str:
    for path in sorted(source.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    return (
        f"{source}: is not a spec-kit project: looked for specs/<feature>/tasks.md and "
        "spec.md, or a feature folder holding them; give the project's root or its feature "
        "folder"
    )


BREAKS = {
    "speckit-malformed-task-line": ("speckit", _break_speckit),
    "kiro-unknown-requirement": ("kiro", _break_kiro),
    "kiro-unknown-criterion": ("kiro", _break_kiro_criterion),
    "kiro-task-number-twice": ("kiro", _twice_kiro),
    "openspec-change-without-tasks": ("openspec", _break_openspec),
    "not-a-speckit-project": ("speckit", _empty_speckit),
}


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_bad_source_into_a_new_pilot(cli: Cli, tmp_path: Path, case: str) -> None:
    fmt, breaker = BREAKS[case]
    source = source_copy(tmp_path, fmt)
    message = breaker(source)
    dest = tmp_path / "pilot"

    run = cli("import", fmt, source, dest)

    assert (run.code, run.out, run.err) == (2, "", f"pilotkit: error: {message}\n")
    assert not dest.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home", f"{fmt}-source"]


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_bad_source_into_a_pilot_changes_nothing(
    cli: Cli, tmp_path: Path, pilot_dir: Path, case: str
) -> None:
    fmt, breaker = BREAKS[case]
    source = source_copy(tmp_path, fmt)
    message = breaker(source)
    before = listing(pilot_dir)

    run = cli("import", fmt, source, "--into", pilot_dir)

    assert (run.code, run.err) == (2, f"pilotkit: error: {message}\n")
    assert listing(pilot_dir) == before


def test_a_file_that_cannot_be_written_stops_the_whole_import(cli: Cli, pilot_dir: Path) -> None:
    design = pilot_dir / "specs" / "design.md"
    (pilot_dir / "design-copy.md").write_bytes(design.read_bytes())
    design.unlink()
    design.symlink_to(pilot_dir / "design-copy.md")
    before = listing(pilot_dir)
    run = cli("import", "speckit", FIXTURES / "speckit", "--into", pilot_dir)
    assert run.code == 2
    assert run.err == (
        f"pilotkit: error: {design} is a symbolic link to {pilot_dir / 'design-copy.md'}; "
        "pilotkit writes only regular files: replace the link with a copy of the file it "
        "points to, then retry\n"
    )
    assert listing(pilot_dir) == before  # no task file, no requirement: all or nothing


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["DEST", "--into", "PILOT"],
            "--into adds to an existing pilot: drop DEST, --answers, --data and --template",
        ),
        ([], "give DEST for a new pilot, or --into PILOT for an existing one"),
    ],
)
def test_where_to_import_must_be_one_place(
    cli: Cli, tmp_path: Path, argv: list[str], message: str
) -> None:
    args = [str(tmp_path / a) if a in ("PILOT", "DEST") else a for a in argv]
    run = cli("import", "kiro", FIXTURES / "kiro", *args)
    assert (run.code, run.err) == (2, f"pilotkit: error: {message}\n")


def test_a_destination_that_is_not_empty_is_refused_before_reading(
    cli: Cli, tmp_path: Path
) -> None:
    dest = tmp_path / "pilot"
    dest.mkdir()
    (dest / "mine.txt").write_text("mine\n")
    run = cli("import", "kiro", FIXTURES / "kiro", dest)
    assert run.code == 2
    assert "not empty" in run.err and run.err.count("\n") == 1
    assert (dest / "mine.txt").read_text() == "mine\n"
