"""`tasks export --to github|jira-csv|json`: the script and its JSON, issues created and
recorded, nothing exported twice, and the Jira CSV in its documented columns."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.fake_gh import FakeGh, fake_gh
from tests.tasks.conftest import set_field, task_file

__all__ = ["fake_gh"]

REPO = "example-org/shop"
TITLES = {
    "T01": "CSV writer for invoice rows",
    "T02": "Invoice query with date range and size limit",
    "T03": "Admin permission check and audit entry for exports",
    "T04": "Export API endpoint",
    "T05": "Export form on the billing page",
    "T06": "End-to-end test and user docs",
}


def test_github_script_and_its_json_twin(
    cli: Cli, pilot_dir: Path, fake_gh: FakeGh, tmp_path: Path
) -> None:
    script = tmp_path / "out" / "issues.sh"
    run = cli(
        "tasks",
        "export",
        "--to",
        "github",
        "--ready",
        "--assignee",
        "Copilot",
        "--output",
        script,
        "--pilot",
        pilot_dir,
    )
    assert run.code == 0, run.err
    twin = tmp_path / "out" / "issues.json"
    assert run.out == f"Wrote {script}.\nWrote {twin}.\nReview it, then run it: bash {script}\n"
    data = json.loads((tmp_path / "out" / "issues.json").read_text())
    assert data["repository"] == REPO
    assert [(i["task"], i["title"], i["labels"], i["assignee"]) for i in data["issues"]] == [
        (
            "T02",
            "T02: Invoice query with date range and size limit",
            ["T02", "wave-1", "pilot-invoice-export"],
            "Copilot",
        ),
        (
            "T01",
            "T01: CSV writer for invoice rows",
            ["T01", "wave-1", "pilot-invoice-export"],
            "Copilot",
        ),
        (
            "T03",
            "T03: Admin permission check and audit entry for exports",
            ["T03", "wave-1", "pilot-invoice-export"],
            "Copilot",
        ),
    ]
    body = data["issues"][1]["body"]
    for part in (
        "## Requirements\n\n### R2 — ",
        "## Files you may change\n\n- `src/billing/export/csv_writer.py`",
        "## Acceptance criteria\n\n- The header row lists the seven columns of R2 in order.",
    ):
        assert part in body
    assert subprocess.run(["bash", "-n", str(script)], check=False).returncode == 0
    # The command it suggests for sync asks only for fields gh 2.23 already lists (it
    # refuses stateReason); the comment says when to add it.
    assert (
        "#     --json number,state,assignees,closedAt,title,labels,url > issues.json\n"
        "#   (add stateReason where your gh lists it"
    ) in script.read_text()
    # Run as a person would: the calls it makes are the JSON's issues, bodies included.
    subprocess.run(["bash", str(script)], check=True, capture_output=True)
    created = fake_gh.created()
    assert [call["args"][call["args"].index("--title") + 1] for call in created] == [
        i["title"] for i in data["issues"]
    ]
    assert [call["stdin"] for call in created] == [i["body"] for i in data["issues"]]
    assert created[0]["args"][-4:-2] == ["--assignee", "Copilot"]
    labels = [call["args"][2] for call in fake_gh.calls if call["args"][:2] == ["label", "create"]]
    assert labels == ["T02", "wave-1", "pilot-invoice-export", "T01", "T03"]


def test_run_records_each_issue_and_a_second_export_creates_nothing(
    cli: Cli, pilot_dir: Path, fake_gh: FakeGh
) -> None:
    before = task_file(pilot_dir, "T01").read_text()
    run = cli("tasks", "export", "--to", "github", "--ready", "--run", "--pilot", pilot_dir)
    assert run.code == 0, run.err
    assert run.out == (
        f"T02: created #101 https://github.com/{REPO}/issues/101\n"
        f"T01: created #102 https://github.com/{REPO}/issues/102\n"
        f"T03: created #103 https://github.com/{REPO}/issues/103\n"
        "Recorded 3 issues in the task files; commit them.\n"
    )
    after = task_file(pilot_dir, "T01").read_text()
    assert after == before.replace(
        "branch: null\n",
        f"branch: null\nissue: 102\nissue_url: https://github.com/{REPO}/issues/102\n",
        1,
    )
    again = cli("tasks", "export", "--to", "github", "--ready", "--run", "--pilot", pilot_dir)
    assert again.code == 0, again.err
    assert again.out == (
        "T02: already exported as #101; not exported again.\n"
        "T01: already exported as #102; not exported again.\n"
        "T03: already exported as #103; not exported again.\n"
        "Nothing to export: no selected task is left without an issue.\n"
    )
    assert len(fake_gh.created()) == 3
    check = cli("check", pilot_dir, "--select", "PK-T003,PK-T004")
    assert check.code == 0, check.out  # `issue` and `issue_url` are known fields


@pytest.mark.usefixtures("fake_gh")
def test_a_failing_gh_keeps_what_was_made_and_the_next_run_goes_on(
    cli: Cli, pilot_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAKE_GH_FAIL_ON", "2")
    run = cli("tasks", "export", "--to", "github", "--ready", "--run", "--pilot", pilot_dir)
    assert run.code == 2
    assert run.err == (
        "pilotkit: error: gh issue create failed: GraphQL: Could not resolve to a Repository "
        "with the name 'o/r'. (for T01); T02 (#101) were created and recorded; run the export "
        "again to go on\n"
    )
    assert "issue: 101\n" in task_file(pilot_dir, "T02").read_text()
    assert "issue:" not in task_file(pilot_dir, "T01").read_text()
    monkeypatch.delenv("FAKE_GH_FAIL_ON")
    again = cli("tasks", "export", "--to", "github", "--ready", "--run", "--pilot", pilot_dir)
    assert again.code == 0, again.err
    assert "T01: created #103" in again.out and "T03: created #104" in again.out
    assert "T02: created" not in again.out


def test_run_needs_a_github_repository(cli: Cli, pilot_dir: Path, fake_gh: FakeGh) -> None:
    answers = pilot_dir / ".copier-answers.yml"
    answers.write_text(answers.read_text().replace(f"https://github.com/{REPO}", "/srv/git/shop"))
    run = cli("tasks", "export", "--to", "github", "--run", "--pilot", pilot_dir)
    assert run.code == 2
    assert run.err == (
        "pilotkit: error: --run needs the repository whose issues the agents take: give --repo "
        "OWNER/REPO (the pilot's `repository` answer is not a GitHub address)\n"
    )
    assert fake_gh.calls == []


def test_jira_csv_has_the_documented_columns(cli: Cli, pilot_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "tasks.csv"
    run = cli("tasks", "export", "--to", "jira-csv", "--output", out, "--pilot", pilot_dir)
    assert run.code == 0, run.err
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert rows[0] == [
        "Issue Id", "Summary", "Issue Type", "Description", "Labels", "Labels", "Labels",
        "Inward issue link (Blocks)", "Inward issue link (Blocks)", "Inward issue link (Blocks)",
    ]  # fmt: skip
    pilot = "pilot-invoice-export"
    assert [row[0:3] + row[4:] for row in rows[1:]] == [
        ["1", f"T01: {TITLES['T01']}", "Task", "T01", "wave-1", pilot, "", "", ""],
        ["2", f"T02: {TITLES['T02']}", "Task", "T02", "wave-1", pilot, "", "", ""],
        ["3", f"T03: {TITLES['T03']}", "Task", "T03", "wave-1", pilot, "", "", ""],
        ["4", f"T04: {TITLES['T04']}", "Task", "T04", "wave-2", pilot, "1", "2", "3"],
        ["5", f"T05: {TITLES['T05']}", "Task", "T05", "wave-3", pilot, "4", "", ""],
        ["6", f"T06: {TITLES['T06']}", "Task", "T06", "wave-4", pilot, "4", "5", ""],
    ]
    description = rows[4][3]
    assert description.startswith(
        "Task *T04* of the pilot *invoice-export* (wave 2, estimated at 5 h by hand)."
    )
    assert (
        "\nh2. Requirements\n" in description
        and "\n* {{src/billing/api/export.py}}\n" in description
    )
    assert "\n# Add {{POST /billing/exports}} taking a date range" in description


def test_json_is_the_tasks_with_their_graph(cli: Cli, pilot_dir: Path) -> None:
    set_field(pilot_dir, "T01", "status", "done")
    run = cli("tasks", "export", "--to", "json", "--ready", "--pilot", pilot_dir)
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert [task["id"] for task in data["tasks"]] == ["T02", "T03"]
    assert data["waves"] == [["T01", "T02", "T03"], ["T04"], ["T05"], ["T06"]]
    assert data["tasks"][0]["requirements"] == ["R1", "R3"] and data["tasks"][0]["issue"] is None


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--to", "jira-csv", "--run"], "--run and --repo go with --to github, not --to jira-csv"),
        (["--to", "json", "--assignee", "x"], "--assignee goes with --to github or jira-csv"),
        (
            ["--to", "github", "--output", "i.json"],
            "--output i.json: name the script (issues.sh); its JSON goes beside it",
        ),
        (
            ["--to", "github", "T99"],
            "there is no task T99 in tasks/; `pilotkit tasks list` shows them",
        ),
    ],
)
def test_options_that_do_not_go_together(
    cli: Cli, pilot_dir: Path, argv: list[str], message: str
) -> None:
    run = cli("tasks", "export", *argv, "--pilot", pilot_dir)
    assert (run.code, run.out, run.err) == (2, "", f"pilotkit: error: {message}\n")
