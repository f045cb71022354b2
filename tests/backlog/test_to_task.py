"""`backlog to-task`: a ready ticket becomes a task that `check` accepts and `tasks brief`
renders; a poor one is refused with its failing signals, and nothing is written."""

from __future__ import annotations

from pathlib import Path

from tests.backlog.helpers import fixture
from tests.conftest import Cli

REFS = ("--reference", "SHOP-3,SHOP-4,SHOP-5")


def tasks_in(pilot: Path) -> set[str]:
    return {p.name for p in (pilot / "tasks").glob("*.md")}


def test_a_ready_ticket_becomes_a_task_check_accepts(cli: Cli, pilot_dir: Path) -> None:
    before = tasks_in(pilot_dir)
    run = cli(
        "backlog", "to-task", "SHOP-6", "--from", fixture("jira.csv"), *REFS,
        "--pilot", pilot_dir, "--requirement", "R1", "--depends-on", "T01",
    )  # fmt: skip
    assert run.code == 0, run.err
    (new,) = tasks_in(pilot_dir) - before
    assert new.startswith("T0") and new.endswith("-download-button-on-the-billing-page.md")
    assert f"Created tasks/{new} (" in run.out and "from SHOP-6." in run.out
    text = (pilot_dir / "tasks" / new).read_text()
    assert 'source:\n  tracker: "jira"\n  key: "SHOP-6"\n---\n' in text
    assert 'files:\n  - "web/src/pages/Billing.tsx"\n  - "web/src/api/invoices.ts"\n' in text
    assert "Accountants start the export from the Billing page they already use" in text
    assert '- A "Download CSV" button appears next to the month picker' in text
    assert "## Out of scope\n\n- A progress bar.\n" in text
    check = cli("check", pilot_dir)
    assert check.code == 0, check.out
    assert new not in check.out, check.out  # no finding about the new task
    task_id = new.split("-")[0]
    brief = cli("tasks", "brief", task_id, "--pilot", pilot_dir)
    assert brief.code == 0, brief.err
    assert "Clicking it downloads `invoices-2026-11.csv` for the month shown." in brief.out


def test_a_poor_ticket_is_refused_with_its_failing_signals(cli: Cli, pilot_dir: Path) -> None:
    before = tasks_in(pilot_dir)
    run = cli(
        "backlog", "to-task", "SHOP-13", "--from", fixture("jira.csv"), *REFS, "--pilot", pilot_dir
    )
    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0] == (
        "SHOP-13 is not ready (score 14); not written. Fix these first, or give --force:"
    )
    assert any(line.startswith("  PK-Q001 acceptance criteria: add an") for line in lines)
    assert any("PK-Q002 measurable criteria" in line and "vague term" not in line for line in lines)
    assert any(line.startswith("  PK-Q007 open ends:") and ": ???)" in line for line in lines)
    assert tasks_in(pilot_dir) == before


def test_force_writes_a_poor_ticket_and_check_says_what_is_missing(
    cli: Cli, pilot_dir: Path
) -> None:
    run = cli(
        "backlog", "to-task", "SHOP-13", "--from", fixture("jira.csv"), *REFS,
        "--pilot", pilot_dir, "--force",
    )  # fmt: skip
    assert run.code == 0, run.err
    assert "`pilotkit check` says:" in run.out
    assert "PK-T" in run.out


def test_as_requirement_adds_the_ticket_to_the_requirements(cli: Cli, pilot_dir: Path) -> None:
    run = cli(
        "backlog", "to-task", "SHOP-7", "--from", fixture("jira.json"), *REFS,
        "--pilot", pilot_dir, "--as-requirement",
    )  # fmt: skip
    assert run.code == 0, run.err
    requirements = (pilot_dir / "specs" / "requirements.md").read_text()
    added = run.out.split(" ", 2)[1]
    assert run.out.startswith(f"Added {added} to specs/requirements.md.")
    assert f"## {added} — Audit log entry for every invoice export\n" in requirements
    assert "- `test_export_writes_audit_event` passes.\n" in requirements
    new = next((pilot_dir / "tasks").glob("*-audit-log-entry-for-every-invoice-export.md"))
    assert f"requirements: [{added}]" in new.read_text()


def test_a_source_that_is_not_a_ticket_is_a_finding() -> None:
    from pilotkit.pilot import tasks

    head = "---\nid: T09\ntitle: X\nstatus: todo\ndepends_on: []\nrequirements: []\nfiles: []\n"
    tail = "assignee: null\nbranch: null\n---\n\n# T09: X\n"
    good, problems = tasks.parse(
        "tasks/T09-x.md", (head + "source:\n  key: SHOP-6\n" + tail).encode()
    )
    assert good is not None and problems == []
    imported, problems = tasks.parse(
        "tasks/T09-x.md", (head + "source: spec-kit tasks.md:29 T001\n" + tail).encode()
    )
    assert imported is not None and problems == []  # a line of text, as `import` writes
    _, problems = tasks.parse(
        "tasks/T09-x.md", (head + "source:\n  project: SHOP\n" + tail).encode()
    )
    assert [(p.rule, p.line, p.message) for p in problems] == [
        ("PK-T003", 8, "`source` must be a line of text or map tracker, key and url to texts")
    ]
