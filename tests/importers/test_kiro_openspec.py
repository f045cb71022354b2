"""`pilotkit import kiro|openspec`: the fixtures, and OpenSpec's own CLI when installed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.checkpilot import INDEX_REQUIREMENT  # CI can install it: no PK-C001
from tests.conftest import Cli
from tests.importers.conftest import FILLER, FIXTURES, NO_SPEC, findings, graph

CHANGE = "openspec/changes/add-reading-stats"
OPENSPEC_TASKS = (
    "write-the-monthly-count-query-in-src-shelf-stats",
    "add-get-stats-monthly-in-src-shelf-stats-api-py",
    "add-the-stats-page-with-its-bar-chart-in-web-src",
    "link-the-stats-page-from-the-navigation-in-web-s",
)


def chain(length: int) -> str:
    """PK-T018's message for tasks that run one at a time while two agents are chosen."""
    ids = " → ".join(f"T0{n}" for n in range(1, length + 1))
    return (
        "2 agents are chosen, but the tasks run one at a time: "
        f"the longest chain is {ids} ({length} tasks)"
    )


def test_kiro_fixture(cli: Cli, tmp_path: Path) -> None:
    dest = tmp_path / "pilot"
    run = cli("import", "kiro", FIXTURES / "kiro", dest, "--data", INDEX_REQUIREMENT)
    assert run.code == 0, run.err
    # Kiro runs its tasks in order: each waits for the one before it.
    assert graph(cli, dest)["waves"] == [["T01"], ["T02"], ["T03"], ["T04"], ["T05"]]
    # Kiro states no measurable outcome and no estimate, and its tasks run in one chain
    # for the two agents of the default answers: the only gaps `check` finds.
    expected = [("PK-S007", "PILOT.md:47", "the end point has no measure")]
    expected += [("PK-T018", "PILOT.md:11", chain(5))]
    expected += [
        ("PK-E002", "metrics/estimate.yaml:15", f"T0{n} has no estimate") for n in range(1, 6)
    ]
    assert findings(dest) == sorted(expected)
    requirements = (dest / "specs/requirements.md").read_text()
    assert (
        "## R2 — Requirement 2: As a reader, I want to order my reading list, so that the…\n"
        in requirements
    )
    assert (
        "- 2.2 IF the position is outside the list THEN THE SYSTEM SHALL answer HTTP 422 "
        "naming the allowed range\n"
    ) in requirements
    optional = (dest / "tasks/T04-write-api-tests-for-adding-and-reordering.md").read_text()
    assert "requirements: [R1, R2]\n" in optional  # from `_Requirements: 1.1, 1.2, 2.1, 2.2_`
    assert "Optional in the source (`- [ ]*`)" in optional
    assert "source: Kiro .kiro/specs/reading-list/tasks.md:17 2.3\n" in optional
    design = (dest / "specs/design.md").read_text()
    assert "### Steering: product.md\n\nSource: `.kiro/steering/product.md:1`." in design
    tasks_md = FIXTURES / "kiro/.kiro/specs/reading-list/tasks.md"
    assert f"  {tasks_md}:3: text outside any task: left in the source\n" in run.out


_VARIANT_REQUIREMENTS = """# Requirements Document

## Requirements

### Requirement 1

**User Story:** As a reader, I want my notes saved, so that I find them again.

#### Acceptance Criteria

1. WHEN a reader saves a note THE SYSTEM SHALL store it
2. WHEN a reader opens a book THE SYSTEM SHALL list its notes

### Requirement 2

**User Story:** As a reader, I want to search my notes, so that I find one quickly.

#### Acceptance Criteria

1. WHEN a reader searches THE SYSTEM SHALL list the notes holding the words

### Requirement 3

**User Story:** As a reader, I want to export my notes, so that I keep a copy.

#### Acceptance Criteria

1. WHEN a reader exports THE SYSTEM SHALL write one Markdown file per book

## Open Questions

### 1. Shared notes

Whether readers may share a note is not decided.
"""

_VARIANT_TASKS = """# Implementation Plan

## Overview

Work from top to bottom.

## Phase 1: Storage

- [x] 1. Create the notes table in `db/notes.sql`
  - _Requirements: 1.1-1.2_
- [-] 2. Write the notes service in `src/notes/service.py`
  - _Requirements: 1.1–3.1_
- [ ] 3. Check the whole feature end to end
  - _Requirements: All_

## Phase 2: Polish

- [ ]* 4. Tidy the help page in `docs/notes.md`
  - _Requirements: UI polish_

## Done so far

- the notes table
"""


def test_kiro_variants_seen_in_public_projects(cli: Cli, tmp_path: Path) -> None:
    """Ranges, `All`, `- [-]`, headings between tasks, numbered open questions."""
    spec = tmp_path / "shelf" / ".kiro" / "specs" / "notes"
    spec.mkdir(parents=True)
    (spec / "requirements.md").write_text(_VARIANT_REQUIREMENTS)
    (spec / "tasks.md").write_text(_VARIANT_TASKS)
    dest = tmp_path / "pilot"

    run = cli("import", "kiro", tmp_path / "shelf", dest)

    assert run.code == 0, run.err
    tasks = {path.name[:3]: path.read_text() for path in (dest / "tasks").glob("T*.md")}
    assert sorted(tasks) == ["T01", "T02", "T03", "T04"]
    assert "status: done\n" in tasks["T01"] and "requirements: [R1]\n" in tasks["T01"]
    assert "Section: Phase 1: Storage." in tasks["T01"]
    # `[-]` is Kiro's "in progress": nobody in the pilot holds it yet, so it is todo
    assert "status: todo\n" in tasks["T02"]
    assert "In progress in the source (`- [-]`): imported as todo" in tasks["T02"]
    assert "requirements: [R1, R2, R3]\n" in tasks["T02"]  # the range 1.1–3.1
    assert "requirements: [R1, R2, R3]\n" in tasks["T03"]  # All
    assert "requirements: []\n" in tasks["T04"]
    assert "the notes table" not in tasks["T04"]  # under another heading: no task's text
    requirements = (dest / "specs/requirements.md").read_text()
    assert "## R3 — " in requirements and "## R4" not in requirements
    assert "### 1. Shared notes (requirements.md)\n" in (dest / "specs/design.md").read_text()
    tasks_md = spec / "tasks.md"
    assert run.out.count(f"  {tasks_md}:") == 3
    assert f"  {tasks_md}:5: text outside any task: left in the source\n" in run.out
    assert f"  {tasks_md}:23: text outside any task: left in the source\n" in run.out
    assert (
        f"  {tasks_md}:19: task 4's requirements “UI polish”: name no requirement number: "
        "give its requirements by hand\n"
    ) in run.out


def test_openspec_fixture(cli: Cli, tmp_path: Path) -> None:
    dest = tmp_path / "pilot"
    run = cli("import", "openspec", FIXTURES / "openspec", dest, "--data", INDEX_REQUIREMENT)
    assert run.code == 0, run.err
    assert graph(cli, dest)["waves"] == [["T01"], ["T02"], ["T03"], ["T04"]]
    # OpenSpec's tasks name no requirement nor acceptance criteria, run in one chain, and
    # it states no end point nor estimate.
    expected = [("PK-S007", "PILOT.md:47", "the end point has no measure")]
    expected += [("PK-T018", "PILOT.md:11", chain(4))]
    for n, name in enumerate(OPENSPEC_TASKS, start=1):
        expected += [
            ("PK-T019", f"tasks/T0{n}-{name}.md:28", f"T0{n}'s {FILLER}"),
            ("PK-T020", f"tasks/T0{n}-{name}.md:6", f"T0{n} {NO_SPEC}"),
        ]
    expected += [
        ("PK-E002", "metrics/estimate.yaml:15", f"T0{n} has no estimate") for n in range(1, 5)
    ]
    expected += [
        ("PK-T011", f"specs/requirements.md:{line}", f"R{n} is covered by no task")
        for n, line in ((1, 11), (2, 22))
    ]
    assert findings(dest) == sorted(expected)
    requirements = (dest / "specs/requirements.md").read_text()
    assert "## R1 — reading-stats: Books read per month\n" in requirements
    assert (
        "- A year of reading: WHEN a reader who read 3 books in March requests the stats "
        "THEN the entry for March holds 3 AND the response holds exactly 12 entries\n"
    ) in requirements
    assert (
        f"{FIXTURES / 'openspec'}/openspec/specs: 1 capability the change does not touch" in run.out
    )
    assert "Covered by no imported task (2): R1, R2;" in run.out


def test_openspec_fixture_in_a_project_made_by_the_real_cli(cli: Cli, tmp_path: Path) -> None:
    tool = shutil.which("openspec")
    if tool is None:
        pytest.skip("OpenSpec's CLI (npm package @fission-ai/openspec) is not installed")
    project = tmp_path / "project"
    project.mkdir()
    env = {**os.environ, "OPENSPEC_TELEMETRY": "0"}
    for argv in (["init", "--tools", "none", "."], ["new", "change", "add-reading-stats"]):
        subprocess.run([tool, *argv], cwd=project, env=env, check=True, capture_output=True)
    source = FIXTURES / "openspec" / CHANGE
    for path in source.rglob("*.md"):
        target = project / CHANGE / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    checked = subprocess.run(
        [tool, "validate", "add-reading-stats", "--strict"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr  # the fixture is valid OpenSpec
    dest = tmp_path / "pilot"
    run = cli("import", "openspec", project, dest)
    assert run.code == 0, run.err
    assert graph(cli, dest)["waves"] == [["T01"], ["T02"], ["T03"], ["T04"]]
