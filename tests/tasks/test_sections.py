"""A task body's `## ` sections are read the way Markdown reads them: a `## Acceptance
criteria` line inside fenced code is an example, not the task's criteria. `tasks brief`
hands the real ones to the agent and `check` judges the real ones."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import python_command
from tests.tasks.conftest import task_file

CRITERIA = (
    "## Acceptance criteria\n\n"
    "- The header row lists the seven columns of R2 in order.\n"
    "- A field with a comma, a quote and a line break round-trips through Python's csv reader.\n"
    "- Memory use stays flat when writing 50,000 rows (test with a generator).\n"
)
LAST_STEP = "2. Cover quoting, decimals and dates with table-driven tests.\n"


def pilotkit(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(python_command(*argv), capture_output=True, text=True, check=False)


def fence_in_steps(pilot: Path, example: str, *, keep_criteria: bool) -> Path:
    """T01 with a fenced `## Acceptance criteria` EXAMPLE at the end of its steps, and its
    own criteria kept or removed."""
    path = task_file(pilot, "T01")
    text = path.read_text()
    assert CRITERIA in text and LAST_STEP in text
    fence = f"\nA finished task's report looks like this:\n\n```markdown\n{example}```\n"
    text = text.replace(LAST_STEP, LAST_STEP + fence)
    if not keep_criteria:
        text = text.replace(CRITERIA + "\n", "")
    path.write_text(text)
    return path


def brief_criteria(pilot: Path) -> str:
    """The acceptance criteria part of T01's brief, as the agent reads it."""
    run = pilotkit("tasks", "brief", "T01", "--pilot", str(pilot))
    assert run.returncode == 0, run.stderr
    after = run.stdout.rsplit("\n## Acceptance criteria\n\n", 1)[1]
    return after.split("\n## ", 1)[0]


def test_a_fenced_heading_does_not_hide_the_real_criteria(pilot_dir: Path) -> None:
    fence_in_steps(pilot_dir, "## Acceptance criteria\n\nAll met.\n", keep_criteria=True)

    checked = pilotkit("check", str(pilot_dir))

    assert (checked.returncode, checked.stderr) == (0, "")
    assert checked.stdout.startswith("No problems found in ")
    assert brief_criteria(pilot_dir) == CRITERIA.split("\n\n", 1)[1]


@pytest.mark.parametrize("example", ["- Looks done.\n", "1. Looks done.\n"])
def test_a_fenced_list_is_not_taken_for_criteria(pilot_dir: Path, example: str) -> None:
    path = fence_in_steps(pilot_dir, f"## Acceptance criteria\n\n{example}", keep_criteria=False)
    body_line = path.read_text().splitlines().index("---", 1) + 2

    checked = pilotkit("check", str(pilot_dir))

    assert checked.returncode == 1, checked.stderr
    assert checked.stdout.splitlines()[:2] == [
        f"tasks/{path.name}:{body_line}: PK-T012 error: T01 has no acceptance criteria",
        "  fix: add a `## Acceptance criteria` list: how the reviewer knows the task is done",
    ]
    assert brief_criteria(pilot_dir) == "(None written: ask.)\n"


def test_the_criteria_heading_is_read_in_any_case(pilot_dir: Path) -> None:
    """`brief` leaves the section out of the task text in any case, so it must find it so."""
    path = task_file(pilot_dir, "T01")
    path.write_text(path.read_text().replace("## Acceptance criteria", "## Acceptance Criteria"))

    checked = pilotkit("check", str(pilot_dir))

    assert (checked.returncode, checked.stderr) == (0, "")
    assert brief_criteria(pilot_dir) == CRITERIA.split("\n\n", 1)[1]


def test_a_list_in_a_fence_under_the_criteria_is_not_a_criterion(pilot_dir: Path) -> None:
    """The section's own text may hold code; a list item inside it is not a criterion."""
    path = task_file(pilot_dir, "T01")
    fenced = "## Acceptance criteria\n\n```text\n- looks done\n```\n"
    path.write_text(path.read_text().replace(CRITERIA, fenced))

    checked = pilotkit("check", str(pilot_dir), "--select", "PK-T012")

    assert checked.returncode == 1, checked.stderr
    assert f"tasks/{path.name}:" in checked.stdout
    assert "PK-T012 error: T01 has no acceptance criteria" in checked.stdout
