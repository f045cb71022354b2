"""PK-E001 reads git history: the estimate freezes when the first task leaves `todo`."""

from __future__ import annotations

import shutil
from pathlib import Path

from pilotkit import check
from tests.checkpilot import (
    default_render_fixture,  # noqa: F401 (a fixture)
    edit,
    git,
    pilot_fixture,  # noqa: F401 (a fixture)
    task_file,
)


def frozen_findings(pilot: Path) -> list[str]:
    return [f.message for f in check(pilot, select=["PK-E001"]).findings]


def claim(pilot: Path, task_id: str = "T01") -> None:
    path = task_file(pilot, task_id)
    edit(path, "status: todo", "status: claimed")
    edit(path, "assignee: null", "assignee: codex-1")


def change_estimate(pilot: Path) -> None:
    estimate = pilot / "metrics" / "estimate.yaml"
    edit(estimate, "  T02: 5\n", "  T02: 3\n")
    edit(estimate, "total: 28", "total: 26")


def test_edits_before_the_start_are_fine(pilot: Path) -> None:
    change_estimate(pilot)
    git(pilot, "commit", "-qam", "Correct the estimate")
    assert frozen_findings(pilot) == []


def test_an_edit_after_a_committed_claim_names_the_commit(pilot: Path) -> None:
    claim(pilot)
    git(pilot, "commit", "-qam", "T01: claim")
    start = git(pilot, "rev-parse", "--short=7", "HEAD").strip()
    change_estimate(pilot)
    git(pilot, "commit", "-qam", "Lower T02")
    assert frozen_findings(pilot) == [
        f"T02 changed from 5 to 3 hours after the first task left todo (in commit {start})"
    ]


def test_claim_and_edit_in_one_commit_are_caught(pilot: Path) -> None:
    claim(pilot)
    change_estimate(pilot)
    git(pilot, "commit", "-qam", "Claim T01 and lower T02")
    assert len(frozen_findings(pilot)) == 1


def test_uncommitted_claim_freezes_the_committed_estimate(pilot: Path) -> None:
    claim(pilot)
    change_estimate(pilot)  # what a pre-commit hook sees: both staged, nothing committed
    assert frozen_findings(pilot) == [
        "T02 changed from 5 to 3 hours after the first task left todo (in the working tree)"
    ]


def test_releasing_every_task_does_not_thaw_it(pilot: Path) -> None:
    claim(pilot)
    git(pilot, "commit", "-qam", "T01: claim")
    path = task_file(pilot, "T01")
    edit(path, "status: claimed", "status: todo")
    edit(path, "assignee: codex-1", "assignee: null")
    git(pilot, "commit", "-qam", "T01: release")
    change_estimate(pilot)
    assert len(frozen_findings(pilot)) == 1


def test_new_tasks_may_get_hours_after_the_start(pilot: Path) -> None:
    claim(pilot)
    git(pilot, "commit", "-qam", "T01: claim")
    estimate = pilot / "metrics" / "estimate.yaml"
    edit(estimate, "  T06: 4\n", "  T06: 4\n  T07: 2\n")
    assert frozen_findings(pilot) == []


def test_outside_git_there_is_nothing_to_compare(pilot: Path) -> None:
    shutil.rmtree(pilot / ".git")
    claim(pilot)
    change_estimate(pilot)
    assert frozen_findings(pilot) == []
