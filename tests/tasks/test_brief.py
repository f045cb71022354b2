"""`tasks brief ID`: everything a sub-agent needs for one task, as Markdown or JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import Cli
from tests.tasks.conftest import set_field


def headings(text: str) -> list[str]:
    return re.findall(r"^#{1,2} .*$", text, flags=re.MULTILINE)


def test_markdown_brief(cli: Cli, pilot_dir: Path) -> None:
    for task_id in ("T01", "T03"):
        set_field(pilot_dir, task_id, "status", "done")
    set_field(pilot_dir, "T02", "status", "in-review")
    set_field(pilot_dir, "T02", "assignee", "claude-1")
    set_field(pilot_dir, "T02", "branch", "task/T02-query")
    run = cli("tasks", "brief", "T04", "--pilot", pilot_dir)
    assert run.code == 0 and run.err == ""
    text = run.out
    assert headings(text) == [
        "# Brief for T04: Export API endpoint",
        "## The task",
        "## Requirements",
        "## Files you may change",
        "## Tasks this one waits for",
        "## Acceptance criteria",
        "## Guidelines (from AGENTS.md)",
        "## Pull-request checklist (from review/agent-pr-review.md)",
    ]
    assert "Work on the branch `task/T04-export-api-endpoint`" in text
    assert "wave 2; estimated at 5 h by hand." in text
    # The task's own sections, one level down; its short requirement list is replaced.
    task = text.split("## The task")[1].split("\n## ")[0]
    assert re.findall(r"^### .*$", task, flags=re.MULTILINE) == [
        "### Context",
        "### Steps",
        "### Out of scope",
    ]
    # The full text of each requirement, acceptance criteria included.
    requirements = text.split("## Requirements")[1].split("\n## ")[0]
    assert re.findall(r"^### (R\d)", requirements, flags=re.MULTILINE) == ["R1", "R3", "R4"]
    assert "#### Acceptance criteria\n\n- A non-admin gets HTTP 403 and no file." in requirements
    assert "- `src/billing/api/export.py`\n- `tests/billing/api/test_export.py`" in text
    assert (
        "- **T02** Invoice query with date range and size limit (in-review by claude-1, "
        "branch `task/T02-query`): `src/billing/export/query.py`, "
        "`tests/billing/export/test_query.py`"
    ) in text
    assert "A task above is not done yet: do not start until it is." in text
    assert "## Acceptance criteria\n\n- An admin receives a CSV attachment named" in text
    guidelines = text.split("## Guidelines (from AGENTS.md)")[1].split("\n## ")[0]
    assert "### Branch and pull request" in guidelines and "### Never" in guidelines
    assert "Pick one task" not in guidelines  # the brief is the pick
    assert "- [ ] Every changed file matches the task's `files` globs." in text
    assert text.endswith("`pilotkit tasks done T0N` and `pilotkit tasks board`.\n")


def test_json_brief(cli: Cli, pilot_dir: Path) -> None:
    set_field(pilot_dir, "T01", "requirements", "[R2, R9]")
    run = cli("tasks", "brief", "t1", "--format", "json", "--pilot", pilot_dir)
    data = json.loads(run.out)
    assert data["version"] == 1
    assert (data["id"], data["status"], data["branch"]) == (
        "T01",
        "todo",
        "task/T01-csv-writer-for-invoice-rows",
    )
    assert [(r["id"], r["found"]) for r in data["requirements"]] == [("R2", True), ("R9", False)]
    assert data["requirements"][0]["text"].startswith("## R2 — The export is a UTF-8 CSV file")
    assert data["depends_on"] == []
    assert data["files"] == [
        "src/billing/export/csv_writer.py",
        "tests/billing/export/test_csv_writer.py",
    ]
    assert data["acceptance_criteria"].startswith("- The header row lists the seven columns")
    assert data["checklist"].startswith("Go through this list")
    markdown = cli("tasks", "brief", "T01", "--pilot", pilot_dir).out
    assert "(R9 is not in specs/requirements.md: ask before you start.)" in markdown
    assert "None: this task can start on its own." in markdown


def test_brief_without_guidelines(cli: Cli, pilot_dir: Path) -> None:
    (pilot_dir / "AGENTS.md").unlink()
    (pilot_dir / "specs" / "requirements.md").unlink()
    run = cli("tasks", "brief", "T01", "--pilot", pilot_dir)
    assert run.code == 0
    assert "(AGENTS.md is missing.)" in run.out
    assert "(R2 is not in specs/requirements.md: ask before you start.)" in run.out


def test_brief_of_an_unknown_task(cli: Cli, pilot_dir: Path) -> None:
    run = cli("tasks", "brief", "T42", "--pilot", pilot_dir)
    assert run.code == 2
    assert run.err == (
        "pilotkit: error: there is no task T42 in tasks/; `pilotkit tasks list` shows them\n"
    )
