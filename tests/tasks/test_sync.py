"""`tasks sync --from FILE`: states back from gh's or Jira's JSON, through the state machine."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.fake_gh import FakeGh, fake_gh
from tests.tasks.conftest import set_field, task_file

__all__ = ["fake_gh"]

URL = "https://github.com/example-org/shop/issues"


def gh_issue(number: int, state: str, *logins: str, **more: Any) -> dict[str, Any]:
    """One item of `gh issue list --json number,state,assignees,closedAt`."""
    closed = "2026-11-27T10:00:00Z" if state == "CLOSED" else None
    people = [{"id": f"U_{login}", "login": login, "name": ""} for login in logins]
    return {"number": number, "state": state, "assignees": people, "closedAt": closed, **more}


def write(tmp_path: Path, items: Any) -> Path:
    path = tmp_path / "issues.json"
    path.write_text(json.dumps(items, indent=2) + "\n")
    return path


def item_line(path: Path, number: int) -> int:
    """The line on which the issue NUMBER of the export at PATH opens (its `{`)."""
    lines = path.read_text().splitlines()
    return next(i for i, line in enumerate(lines, 1) if f'"number": {number},' in line) - 1


def front(pilot: Path, task_id: str) -> dict[str, str]:
    text = task_file(pilot, task_id).read_text().split("---\n")[1]
    return dict(line.split(": ", 1) for line in text.splitlines() if ": " in line)


def test_export_then_sync_round_trips(
    cli: Cli, pilot_dir: Path, fake_gh: FakeGh, tmp_path: Path
) -> None:
    exported = cli("tasks", "export", "--to", "github", "--run", "--pilot", pilot_dir)
    assert exported.code == 0, exported.err
    numbers = {task: int(front(pilot_dir, task)["issue"]) for task in ("T01", "T02", "T03", "T04")}
    assert numbers == {"T01": 101, "T02": 102, "T03": 103, "T04": 104}  # T05, T06: 105, 106
    t03_before = task_file(pilot_dir, "T03").read_text()
    issues = write(
        tmp_path,
        [
            gh_issue(101, "CLOSED", "Copilot", stateReason="COMPLETED"),  # merged: T01 done
            gh_issue(102, "OPEN", "codex-bot"),  # taken: T02 claimed by codex-bot
            gh_issue(103, "OPEN"),  # nobody yet: T03 stays todo
            gh_issue(104, "CLOSED", "Copilot"),  # T04 waits for T02 and T03: refused
        ],
    )

    run = cli("tasks", "sync", "--from", issues, "--pilot", pilot_dir)

    assert run.code == 1
    assert run.out == (
        "T01: todo → claimed → in-review → done (#101).\n"
        "T02: todo → claimed (#102).\n"
        "Commit the task files; rebuild the board with `pilotkit tasks board`.\n"
    )
    assert run.err == (
        f"pilotkit: error: {issues}:{item_line(issues, 104)}: #104 → T04: "
        "T04 cannot be claimed yet: it waits for "
        "T02 (claimed by codex-bot), T03 (todo); `pilotkit tasks next` lists the tasks that "
        "can start\n"
    )
    t01 = front(pilot_dir, "T01")
    assert (t01["status"], t01["assignee"], t01["branch"]) == (
        "done",
        "Copilot",
        "task/T01-csv-writer-for-invoice-rows",
    )
    assert t01["claimed_at"] == '"2026-11-28T12:00:00Z"'  # the pinned clock, as `tasks claim`
    assert (front(pilot_dir, "T02")["status"], front(pilot_dir, "T02")["assignee"]) == (
        "claimed",
        "codex-bot",
    )
    assert task_file(pilot_dir, "T03").read_text() == t03_before
    assert front(pilot_dir, "T04")["status"] == "todo"
    again = cli("tasks", "export", "--to", "github", "--run", "--pilot", pilot_dir)
    assert again.code == 0, again.err  # T01 is done now; the others are exported already
    assert again.out.endswith("Nothing to export: no selected task is left without an issue.\n")
    assert len(fake_gh.created()) == 6


def test_issues_made_by_the_script_are_recorded_by_their_labels(
    cli: Cli, pilot_dir: Path, tmp_path: Path
) -> None:
    labels = [{"name": "T02"}, {"name": "wave-1"}, {"name": "pilot-invoice-export"}]
    other = [{"name": "T01"}, {"name": "pilot-another-pilot"}]
    issues = write(
        tmp_path,
        [
            gh_issue(7, "OPEN", labels=labels, url=f"{URL}/7", title="T02: Invoice query"),
            gh_issue(8, "OPEN", labels=other, url=f"{URL}/8"),  # another pilot's T01
        ],
    )
    run = cli("tasks", "sync", "--from", issues, "--pilot", pilot_dir)
    assert run.code == 0, run.err
    assert run.out == (
        "T02: recorded #7.\n"
        f"1 issue in {issues} names no task of this pilot.\n"
        "Commit the task files; rebuild the board with `pilotkit tasks board`.\n"
    )
    assert (front(pilot_dir, "T02")["issue"], front(pilot_dir, "T02")["issue_url"]) == (
        "7",
        f"{URL}/7",
    )
    assert "issue" not in front(pilot_dir, "T01")


def test_a_task_exported_to_another_issue_refuses_the_whole_sync(
    cli: Cli, pilot_dir: Path, tmp_path: Path
) -> None:
    set_field(pilot_dir, "T01", "issue", "12")
    before = {task: task_file(pilot_dir, task).read_text() for task in ("T01", "T02")}
    labels = [{"name": "T01"}, {"name": "pilot-invoice-export"}]
    issues = write(
        tmp_path,
        [
            gh_issue(9, "CLOSED", "a", labels=[{"name": "T02"}]),
            gh_issue(15, "OPEN", "b", labels=labels),
        ],
    )
    run = cli("tasks", "sync", "--from", issues, "--pilot", pilot_dir)
    assert run.code == 2
    assert run.err == (
        f"pilotkit: error: {issues}:{item_line(issues, 15)}: #15 is labelled T01, but T01 is "
        f"exported as #12 ({task_file(pilot_dir, 'T01').relative_to(pilot_dir)}); fix the "
        "issue's labels, or the task's `issue`\n"
    )
    assert run.out == ""
    assert {task: task_file(pilot_dir, task).read_text() for task in ("T01", "T02")} == before


@pytest.mark.parametrize(
    ("content", "where", "problem"),
    [
        ('{"items": []}\n', "1", "is neither a list of issues nor an object with `issues`"),
        (
            '[\n  {"number": 1, "state": "OPEN"},\n  {"number": 2}\n]\n',
            "3",
            "issue #2 has no `state` OPEN or CLOSED",
        ),
        (
            '[\n  {"number": 1, "state": "OPEN",}\n]\n',
            "2",
            "is not JSON (Expecting property name enclosed in double quotes)",
        ),
        ('[{"state": "OPEN"}]', "1", "an issue has no `number`"),
        ('{"issues": [{"id": "1"}]}', "1", "a Jira issue needs `key` (PILOT-12) and `fields`"),
    ],
)
def test_an_export_of_the_wrong_shape(
    cli: Cli, pilot_dir: Path, tmp_path: Path, content: str, where: str, problem: str
) -> None:
    path = tmp_path / "issues.json"
    path.write_text(content)
    run = cli("tasks", "sync", "--from", path, "--pilot", pilot_dir)
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        f"pilotkit: error: {path}:{where}: {problem}; give the JSON of `gh issue list --json "
        'number,state,assignees,closedAt`, or a Jira search export (`{"issues": [{"key": …, '
        '"fields": {…}}]}`)\n'
    )


def test_jira_statuses_move_the_tasks(cli: Cli, pilot_dir: Path, tmp_path: Path) -> None:
    def jira(
        key: str, task: str, status: str, category: str, who: dict[str, str] | None
    ) -> dict[str, Any]:
        return {
            "id": "10001",
            "key": key,
            "self": "https://example.atlassian.net/rest/api/2/issue/10001",
            "fields": {
                "summary": f"{task}: …",
                "labels": [task, "wave-1", "pilot-invoice-export"],
                "status": {"name": status, "statusCategory": {"key": category, "name": status}},
                "assignee": who,
            },
        }

    dana = {"displayName": "Dana Lee", "emailAddress": "dana.lee@example.com", "accountId": "5b10"}
    path = write(
        tmp_path,
        {
            "startAt": 0,
            "total": 3,
            "issues": [
                jira("PIL-1", "T01", "Done", "done", dana),
                jira("PIL-2", "T02", "In Review", "indeterminate", dana),
                jira("PIL-3", "T03", "In Progress", "indeterminate", {"displayName": "Sam Roe"}),
            ],
        },
    )
    run = cli("tasks", "sync", "--from", path, "--pilot", pilot_dir)
    assert run.code == 0, run.err
    assert run.out == (
        "T01: recorded PIL-1.\nT02: recorded PIL-2.\nT03: recorded PIL-3.\n"
        "T01: todo → claimed → in-review → done (PIL-1).\n"
        "T02: todo → claimed → in-review (PIL-2).\n"
        "T03: todo → claimed (PIL-3).\n"
        "Commit the task files; rebuild the board with `pilotkit tasks board`.\n"
    )
    t01 = front(pilot_dir, "T01")
    assert (t01["issue"], t01["issue_url"], t01["assignee"]) == (
        "PIL-1",
        "https://example.atlassian.net/browse/PIL-1",
        "dana.lee",
    )
    assert front(pilot_dir, "T03")["assignee"] == "Sam-Roe"


def test_closed_as_not_planned_and_blocked_tasks(cli: Cli, pilot_dir: Path, tmp_path: Path) -> None:
    set_field(pilot_dir, "T01", "issue", "1")
    set_field(pilot_dir, "T02", "issue", "2")
    set_field(pilot_dir, "T02", "status", "blocked")
    set_field(pilot_dir, "T02", "blocked_reason", "waiting for the replica")
    issues = write(
        tmp_path,
        [gh_issue(1, "CLOSED", "a", stateReason="NOT_PLANNED"), gh_issue(2, "CLOSED", "a")],
    )
    run = cli("tasks", "sync", "--from", issues, "--pilot", pilot_dir)
    assert run.code == 1
    assert run.out == "#1 was closed as not planned: T01 stays todo; block or drop it by hand\n"
    assert run.err == (
        f"pilotkit: error: {issues}:{item_line(issues, 2)}: #2 → T02: "
        "T02 is blocked (waiting for the replica); release it\n"
    )
    assert front(pilot_dir, "T02")["status"] == "blocked"
