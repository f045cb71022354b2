"""`pilotkit import speckit`: the real sample, the hand-written fixture, and a project
made by the real `specify init` when spec-kit's CLI is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.checkpilot import INDEX_REQUIREMENT  # CI can install it: no PK-C001
from tests.conftest import Cli, python_command
from tests.importers.conftest import FILLER, FIXTURES, NO_SPEC, findings, graph, listing

FIXTURE = FIXTURES / "speckit"
FEATURE = "specs/001-notes-csv-export"


def test_the_real_sample_becomes_34_tasks_in_waves_of_its_phases(
    cli: Cli, sample: Path, tmp_path: Path
) -> None:
    before = listing(sample)
    dest = tmp_path / "pilot"

    run = cli("import", "speckit", sample, dest)

    assert run.code == 0, run.err
    tasks = sorted((dest / "tasks").glob("T*.md"))
    assert len(tasks) == 34
    # Every box of the sample is checked: each task is `done`, a state the state machine
    # reaches (todo → claimed → in-review → done), with nobody holding it any more.
    assert all("\nstatus: done\n" in path.read_text() for path in tasks)
    waves = graph(cli, dest)["waves"]
    # Phase by phase; inside a phase a run of [P] tasks shares a wave, the rest go one by one.
    assert waves == [
        ["T01"], ["T02"], ["T03", "T04"], ["T05"],  # Phase 1: T003 and T004 are [P]
        ["T06", "T07", "T08"], ["T09"], ["T10"],  # Phase 2: T006–T008 are [P]
        ["T11", "T12", "T13"], *[[f"T{n}"] for n in range(14, 21)],  # Phase 3 (US1)
        *[[f"T{n}"] for n in range(21, 25)],  # Phase 4 (US2)
        *[[f"T{n}"] for n in range(25, 29)],  # Phase 5 (US3)
        ["T29", "T30", "T31"], ["T32"], ["T33"], ["T34"],  # Phase 6: T029–T031 are [P]
    ]  # fmt: skip
    first = (dest / "tasks" / "T01-add-include-http-gameserver-to-settings-gradle-k.md").read_text()
    assert "source: spec-kit specs/014-http3-game-server/tasks.md:29 T001\n" in first
    assert '  - "settings.gradle.kts"\n' in first
    assert (
        "## R1 — US1: Play a Game Over HTTP (P1)\n" in (dest / "specs/requirements.md").read_text()
    )
    # The unmapped sections are listed with their file and line, none dropped silently.
    tasks_md = f"{sample}/specs/014-http3-game-server/tasks.md"
    for line, title in (
        (136, "Dependencies & Execution Order"),
        (197, "Notes"),
        (207, "Next Steps"),
    ):
        assert f"  {tasks_md}:{line}: section “{title}”: " in run.out
    assert "Tasks: 34 (T01–T34) in 27 waves; 34 done (checked in the source)" in run.out
    assert listing(sample) == before


def test_the_fixture_imports_with_only_the_gaps_of_its_source(cli: Cli, tmp_path: Path) -> None:
    dest = tmp_path / "pilot"
    run = cli("import", "speckit", FIXTURE, dest, "--data", INDEX_REQUIREMENT)
    assert run.code == 0, run.err
    assert_fixture_pilot(cli, dest)


def assert_fixture_pilot(cli: Cli, dest: Path) -> None:
    """DEST holds the fixture's feature; `check` finds its real gaps and nothing else."""
    waves = graph(cli, dest)["waves"]
    assert waves == [["T01"], ["T02", "T03"], ["T04"], ["T05", "T06"], ["T07"], ["T08"]]
    # spec-kit states functional requirements without acceptance criteria, and the source
    # has no hand estimate: those are the gaps `check` lists, and the only ones.
    expected = [
        ("PK-E002", "metrics/estimate.yaml:15", f"T0{n} has no estimate") for n in range(1, 9)
    ]
    expected += [
        (
            "PK-S004",
            f"specs/requirements.md:{line}",
            f"R{n} has an empty `### Acceptance criteria` list",
        )
        for n, line in ((3, 47), (4, 57), (5, 67))
    ]
    # Its setup, foundational and polish tasks have no acceptance criteria of their own
    # (the user stories' scenarios go to the tasks of their phase); two cover no FR.
    for n, name, line in (
        (1, "create-the-export-package-in-src-notes-export-in", 30),
        (2, "write-the-streaming-csv-writer-with-the-columns", 32),
        (3, "write-the-query-for-one-notebook-s-notes-refusin", 32),
        (8, "document-the-export-for-users-in-docs-notes-expo", 28),
    ):
        expected.append(("PK-T019", f"tasks/T0{n}-{name}.md:{line}", f"T0{n}'s {FILLER}"))
        if n in (1, 8):
            expected.append(("PK-T020", f"tasks/T0{n}-{name}.md:6", f"T0{n} {NO_SPEC}"))
    assert findings(dest) == sorted(expected)
    endpoint = (
        dest / "tasks" / "T04-add-the-export-endpoint-in-src-notes-api-export.md"
    ).read_text()
    assert "depends_on: [T02, T03]\nrequirements: [R1]\n" in endpoint
    writer = (dest / "tasks" / "T02-write-the-streaming-csv-writer-with-the-columns.md").read_text()
    assert "requirements: [R3, R4]\n" in writer  # FR-001 and FR-002 named in its text
    pilot_md = (dest / "PILOT.md").read_text()
    assert "- SC-001: A notebook of 20,000 notes exports in under 10 seconds" in pilot_md
    assert (
        "| Hand estimate | not made yet: the hours of the 8 tasks imported from spec-kit"
        in pilot_md
    )


def test_a_project_made_by_the_real_specify_init(cli: Cli, tmp_path: Path) -> None:
    specify = shutil.which("specify")
    if specify is None:
        pytest.skip("spec-kit's CLI (`pip install specify-cli`) is not installed")
    project = tmp_path / "project"
    project.mkdir()
    init = [specify, "init", "--here", "--force", "--non-interactive", "--integration", "claude"]
    subprocess.run(
        [*init, "--ignore-agent-tools", "--script", "sh"],
        cwd=project,
        check=True,
        capture_output=True,
    )
    script = project / ".specify/scripts/bash/create-new-feature.sh"
    made = subprocess.run(
        ["bash", str(script), "--json", "--short-name", "notes-csv-export", "Notes CSV export"],
        cwd=project,
        check=True,
        capture_output=True,
        text=True,
    )
    assert "001-notes-csv-export" in made.stdout
    for name in ("spec.md", "plan.md", "tasks.md"):  # written by hand in its documented format
        shutil.copy(FIXTURE / FEATURE / name, project / FEATURE / name)
    dest = tmp_path / "pilot"

    run = cli("import", "speckit", project, dest, "--data", INDEX_REQUIREMENT)

    assert run.code == 0, run.err
    assert_fixture_pilot(cli, dest)


def test_a_feature_folder_and_feature_choice(cli: Cli, tmp_path: Path) -> None:
    source = tmp_path / "src"
    shutil.copytree(FIXTURE, source)
    shutil.copytree(source / FEATURE, source / "specs/002-other")
    run = cli("import", "speckit", source, tmp_path / "a", "--dry-run")
    assert run.code == 2
    assert run.err == (
        f"pilotkit: error: {source}/specs: holds several features (001-notes-csv-export, "
        "002-other); choose one with --feature NAME\n"
    )
    run = cli("import", "speckit", source, tmp_path / "a", "--feature", "002-other", "--dry-run")
    assert run.code == 0, run.err
    assert run.out.startswith("Would import (dry run, nothing written) spec-kit feature 002-other")
    # DEST may also follow the options
    run = cli("import", "speckit", source, "--feature", "002-other", tmp_path / "a", "--dry-run")
    assert run.code == 0, run.err
    assert f"into a new pilot at {tmp_path / 'a'}." in run.out.splitlines()[0]
    run = cli("import", "speckit", source / FEATURE, tmp_path / "b", "--dry-run")
    assert run.code == 0, run.err
    assert "spec-kit feature 001-notes-csv-export" in run.out
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_a_real_process_imports_and_commits(tmp_path: Path) -> None:
    dest = tmp_path / "pilot"
    proc = subprocess.run(
        python_command(
            "import", "speckit", str(FIXTURE), str(dest), "--data", "engineer=Ada Byron"
        ),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    log = subprocess.run(
        ["git", "log", "--format=%s"], cwd=dest, capture_output=True, text=True, check=True
    )
    assert log.stdout.startswith("Start pilot notes-csv-export from template ")
    status = subprocess.run(
        ["git", "status", "--porcelain"], cwd=dest, capture_output=True, text=True, check=True
    )
    assert status.stdout == ""
    assert (
        "Left at the template's defaults (no source gives them): repository, hand_days"
        in proc.stdout
    )
    assert 'estimated_by: "Ada Byron"' in (dest / "metrics/estimate.yaml").read_text()
    answers = (dest / ".copier-answers.yml").read_text()  # the example's lists are gone
    assert "\nrequirements:" not in answers and "\ntasks:" not in answers
    assert "\nplanned_tasks: 8\n" in answers and "\nparallel_tasks: 2\n" in answers
