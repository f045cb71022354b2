"""`pilotkit import kiro|openspec`: the fixtures, and OpenSpec's own CLI when installed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.importers.conftest import FIXTURES, findings, graph

CHANGE = "openspec/changes/add-reading-stats"


def test_kiro_fixture(cli: Cli, tmp_path: Path) -> None:
    dest = tmp_path / "pilot"
    run = cli("import", "kiro", FIXTURES / "kiro", dest)
    assert run.code == 0, run.err
    # Kiro runs its tasks in order: each waits for the one before it.
    assert graph(cli, dest)["waves"] == [["T01"], ["T02"], ["T03"], ["T04"], ["T05"]]
    # Kiro states no measurable outcome and no estimate: the only gaps `check` finds.
    expected = [("PK-S007", "PILOT.md:46", "the end point has no measure")]
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


def test_openspec_fixture(cli: Cli, tmp_path: Path) -> None:
    dest = tmp_path / "pilot"
    run = cli("import", "openspec", FIXTURES / "openspec", dest)
    assert run.code == 0, run.err
    assert graph(cli, dest)["waves"] == [["T01"], ["T02"], ["T03"], ["T04"]]
    # OpenSpec's tasks name no requirement, and it states no end point nor estimate.
    expected = [("PK-S007", "PILOT.md:46", "the end point has no measure")]
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
