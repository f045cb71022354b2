"""Control tasks (`mode: hand`): rendered from the answers, added by `tasks add --hand`,
never claimed by an agent, and kept honest by `check`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from pilotkit import check
from tests.conftest import REPO_ROOT, Cli
from tests.metrics_helpers import default_pilot


def default_tasks() -> list[dict[str, Any]]:
    text = (REPO_ROOT / "copier.yml").read_text().replace("--- !include", "--- #")
    config = next(doc for doc in yaml.safe_load_all(text) if doc and "tasks" in doc)
    tasks: list[dict[str, Any]] = config["tasks"]["default"]
    return tasks


@pytest.fixture
def controlled(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default pilot with T03 and T06 as controls built by hand."""
    tasks = [
        {**task, "mode": "hand"} if task["id"] in ("T03", "T06") else task
        for task in default_tasks()
    ]
    return default_pilot(tmp_path_factory, tmp_path / "pilot", f"tasks={json.dumps(tasks)}")


def task_file(pilot: Path, task_id: str) -> Path:
    return next((pilot / "tasks").glob(f"{task_id}-*.md"))


def test_the_answers_mark_controls_in_their_task_files_and_the_pilot_checks_clean(
    controlled: Path,
) -> None:
    assert "\nbranch: null\nmode: hand\n---\n" in task_file(controlled, "T03").read_text()
    assert "mode:" not in task_file(controlled, "T01").read_text()
    assert check(controlled).findings == ()


def test_a_mode_other_than_hand_or_agent_is_refused_before_anything_is_written(
    tmp_path: Path, cli: Cli
) -> None:
    tasks = [{**default_tasks()[0], "mode": "manual"}]
    run = cli("new", tmp_path / "p", "--defaults", "--data", f"tasks={json.dumps(tasks)}")
    assert run.code == 2
    assert "T01 mode must be hand (a control task built by hand) or agent" in run.err
    assert not (tmp_path / "p").exists()


def test_an_agent_cannot_claim_a_control_and_the_engineer_can(controlled: Path, cli: Cli) -> None:
    before = task_file(controlled, "T03").read_bytes()

    refused = cli("tasks", "claim", "T03", "--as", "claude-1", "--pilot", controlled)

    assert refused.code == 1
    assert refused.err == (
        "pilotkit: error: T03 is a control task (mode: hand): the engineer builds it by hand "
        "to measure the estimate, so claude-1 cannot claim it; claim it under your own name, "
        "or remove `mode: hand` from tasks/T03-admin-permission-check-and-audit-entry-for-"
        "expor.md if the agents should build it\n"
    )
    assert task_file(controlled, "T03").read_bytes() == before
    taken = cli("tasks", "claim", "T03", "--as", "dana", "--pilot", controlled)
    assert taken.code == 0, taken.err
    assert "assignee: dana" in task_file(controlled, "T03").read_text()


def test_tasks_add_hand_writes_a_control(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, cli: Cli
) -> None:
    pilot = default_pilot(tmp_path_factory, tmp_path / "pilot")
    run = cli(
        "tasks",
        "add",
        "--title",
        "Export retention",
        "--hours",
        "3",
        "--criterion",
        "Exports older than a year are deleted.",
        "--hand",
        "--pilot",
        pilot,
    )
    assert run.code == 0, run.err
    text = task_file(pilot, "T07").read_text()
    assert "\nassignee: null\nbranch: null\nmode: hand\n---\n" in text
    assert check(pilot).findings == ()


def test_check_flags_every_sign_of_agent_work_on_a_control(controlled: Path) -> None:
    t03 = task_file(controlled, "T03")
    t03.write_text(
        t03.read_text()
        .replace("status: todo", "status: claimed")
        .replace("assignee: null", "assignee: codex-2")
    )
    journal = controlled / "metrics" / "journal.yaml"
    journal.write_text(
        journal.read_text().replace(
            "entries: []",
            "entries:\n"
            "  - {kind: session, date: 2026-12-01, task: T06, minutes: 60, agent: null}\n"
            "  - {kind: correction, date: 2026-12-01, task: T06, agent: gemini-1,"
            " what: wrong file, minutes: 5, cause: scope}\n",
        )
    )
    usage = controlled / "metrics" / "usage" / "claude.jsonl"
    usage.parent.mkdir(parents=True)
    usage.write_text(
        '{"key":"a","tool":"claude","session":"s","time":"2026-12-01T10:00:00Z",'
        '"model":"claude-sonnet-4-5","task":"T06","input":10}\n'
    )

    found = [
        (f.rule, f.location(), f.message) for f in check(controlled).findings if f.rule == "PK-E005"
    ]

    assert found == [
        (
            "PK-E005",
            "metrics/journal.yaml:33",
            "a course correction with agent gemini-1 on T06, a control task built by hand",
        ),
        (
            "PK-E005",
            "metrics/usage/claude.jsonl:1",
            "1 token usage record(s) of claude are attributed to T06, a control task built by hand",
        ),
        (
            "PK-E005",
            "tasks/T03-admin-permission-check-and-audit-entry-for-expor.md:10",
            "T03 is a control task built by hand, but codex-2 holds it",
        ),
    ]
