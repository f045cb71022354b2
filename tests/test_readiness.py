"""A pilot that is not ready for agents, as a new user makes it, and `check` saying so.

The scenario: a feature, two requirements, four tasks linked into one chain
(T01 → T02 → T03 → T04) although 2 tasks were said to run at once, T03 covering no
requirement (so its only criterion is the template's placeholder), T04 estimated over a
working day, and `specs/design.md` left as the template wrote it. `check` reports each
problem at its file and line and exits 1; fixing each one in turn removes exactly its
findings, until the pilot is clean.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from pilotkit import check
from tests.checkpilot import (
    INDEX_REQUIREMENT,  # CI can install it: no PK-C001
    default_render_fixture,  # noqa: F401 (a fixture)
    edit,
    line_of,
    pilot_fixture,  # noqa: F401 (a fixture)
    task_file,
)
from tests.conftest import Cli

Found = set[tuple[str, str, int | None]]

SCENARIO: dict[str, Any] = {
    "pilot_name": "search-export",
    "feature": "Support agents export the results of a ticket search as a CSV file.",
    "engineer": "Kim Ode",
    "repository": "https://git.example.com/support/desk",
    "hand_days": 4,
    "planned_tasks": 4,
    "parallel_tasks": 2,
    "end_point": "An agent exports 2,000 matching tickets as CSV in under 10 seconds.",
    "engineer_can_build": True,
    "requirements": [
        {
            "id": "R1",
            "statement": "A support agent can export the results of a ticket search as CSV.",
            "acceptance": [
                'The search page shows an "Export CSV" button above the results.',
                "The export of 2,000 tickets downloads in under 10 seconds.",
            ],
        },
        {
            "id": "R2",
            "statement": "The file has one row per ticket: id, subject, status, created.",
            "acceptance": [
                'The header row is "id,subject,status,created".',
                "Dates are written as ISO 8601, e.g. 2026-11-28.",
            ],
        },
    ],
    # As the interview leaves them: empty.
    **dict.fromkeys(
        ("design_notes", "design_interfaces", "design_data", "design_risks", "design_questions"),
        "",
    ),
    "tasks": [
        {
            "id": "T01",
            "title": "Ticket search query for export",
            "depends_on": [],
            "requirements": ["R1"],
            "files": ["src/search/export_query.py", "tests/search/test_export_query.py"],
            "estimate_hours": 6,
        },
        {
            "id": "T02",
            "title": "CSV writer for tickets",
            "depends_on": ["T01"],
            "requirements": ["R2"],
            "files": ["src/export/tickets_csv.py", "tests/export/test_tickets_csv.py"],
            "estimate_hours": 5,
        },
        {
            "id": "T03",
            "title": "Export job wiring",
            "depends_on": ["T02"],
            "requirements": [],
            "files": ["src/jobs/export_job.py"],
            "estimate_hours": 4,
        },
        {
            "id": "T04",
            "title": "Export button and download",
            "depends_on": ["T03"],
            "requirements": ["R1", "R2"],
            "files": ["web/src/search/ExportButton.tsx", "web/src/search/ExportButton.test.tsx"],
            "estimate_hours": 12,
        },
    ],
    "agents": ["claude", "codex"],
    "mcp_servers": ["filesystem"],
    "custom_mcp_servers": [],
    "token_budget_usd": 200,
}
DESIGN = {
    "Decisions already made": "The export runs in the existing job runner; no new service.",
    "Interfaces": "`export_rows(query) -> Iterator[Ticket]` (T01), `write_csv(rows)` (T02).",
    "Data": "Tickets are read from the `tickets` table on the read replica.",
    "Risks": "A slow query on 2,000 tickets: T01's test times it on the staging dataset.",
    "Open questions": "None: every question was settled before the start.",
}


def reported(cli: Cli, pilot: Path) -> tuple[int, Found]:
    """`pilotkit check`'s exit code and its findings as (rule, path, line)."""
    run = cli("check", pilot, "--format", "json")
    found = json.loads(run.out)["findings"]
    return run.code, {(item["rule"], item["path"], item["line"]) for item in found}


def fix_graph(pilot: Path) -> None:
    # T03 needs the query, not the writer: T02 and T03 run side by side.
    edit(task_file(pilot, "T03"), "depends_on: [T02]", "depends_on: [T01]")


def fix_criteria(pilot: Path) -> None:
    path = task_file(pilot, "T03")
    text = path.read_text()
    start = text.index("- Not written yet:")
    end = text.index("\n## Out of scope")
    path.write_text(
        text[:start] + "- A queued export job writes one CSV file and exits with status 0.\n"
        "- `test_export_job_retries` passes.\n" + text[end:]
    )


def fix_requirement(pilot: Path) -> None:
    edit(task_file(pilot, "T03"), "requirements: []", "requirements: [R1]")


def fix_design(pilot: Path) -> None:
    design = pilot / "specs" / "design.md"
    text = design.read_text()
    head, _, _ = text.partition("\n## ")
    sections = "".join(f"\n## {title}\n\n{body}\n" for title, body in DESIGN.items())
    design.write_text(head + "\n" + sections)


def fix_size(pilot: Path) -> None:
    estimate = pilot / "metrics" / "estimate.yaml"
    edit(estimate, "  T04: 12\n", "  T04: 8\n")
    edit(estimate, "total: 27", "total: 23")


FIXES: list[tuple[str, Callable[[Path], None]]] = [
    ("PK-T017", fix_graph),
    ("PK-T019", fix_criteria),
    ("PK-T020", fix_requirement),
    ("PK-S008", fix_design),
    ("PK-T021", fix_size),
]


@pytest.fixture(name="scenario")
def scenario_fixture(cli: Cli, tmp_path: Path) -> Path:
    answers = tmp_path / "answers.yml"
    answers.write_text(yaml.safe_dump(SCENARIO, allow_unicode=True, sort_keys=False))
    pilot = tmp_path / "search-export"
    run = cli("new", pilot, "--answers", answers, "--data", INDEX_REQUIREMENT)
    assert run.code == 0, run.err
    return pilot


def scenario_findings(pilot: Path) -> Found:
    """What `check` must report on the scenario as rendered at PILOT, at its lines."""
    charter, design = pilot / "PILOT.md", pilot / "specs" / "design.md"
    t03, t04 = task_file(pilot, "T03"), task_file(pilot, "T04")
    t03_path, t04_path = (path.relative_to(pilot).as_posix() for path in (t03, t04))
    return {
        ("PK-T017", "PILOT.md", line_of(charter, "(`parallel_tasks`) | 2 |")),
        *(("PK-S008", "specs/design.md", line_of(design, f"## {title}")) for title in DESIGN),
        ("PK-T019", t03_path, line_of(t03, "- Not written yet:")),
        ("PK-T020", t03_path, line_of(t03, "requirements: []")),
        ("PK-T021", t04_path, line_of(t04, "id: T04")),
    }


def test_the_scenario_is_reported_and_each_fix_removes_exactly_its_findings(
    cli: Cli, scenario: Path
) -> None:
    charter = scenario / "PILOT.md"
    t04_path = task_file(scenario, "T04").relative_to(scenario).as_posix()
    expected = scenario_findings(scenario)
    code, found = reported(cli, scenario)
    assert (code, found) == (1, expected)

    text = cli("check", scenario).out
    assert (
        f"PILOT.md:{line_of(charter, '`parallel_tasks`')}: PK-T017 error: parallel_tasks is 2, "
        "but the task graph lets at most 1 run at a time: the longest chain is "
        "T01 → T02 → T03 → T04 (4 tasks)\n"
        "  fix: question T02's dependency on T01 (they share no files)"
    ) in text
    assert f"{t04_path}:2: PK-T021 warning: T04 is too big for one agent: 12 hours by " in text
    assert "**Verdict: poor candidate.**" in charter.read_text()
    assert (
        "| Tasks that can run at once, by the dependencies entered | 1 | at least 2 | fail |"
        in (charter.read_text())
    )

    for rule, fix in FIXES:
        fix(scenario)
        expected = {item for item in expected if item[0] != rule}
        code, found = reported(cli, scenario)
        errors = any(item[0] in ("PK-T017", "PK-T019") for item in expected)
        assert (code, found) == (1 if errors else 0, expected), rule
    assert cli("check", scenario).out.startswith("No problems found")


def test_the_scenario_answered_by_data_flags_is_reported_the_same(cli: Cli, tmp_path: Path) -> None:
    # Each answer on the command line, the lists as JSON, as a script would give them.
    flags = []
    for key, value in SCENARIO.items():
        given = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        flags += ["--data", f"{key}={given}"]
    pilot = tmp_path / "search-export"
    run = cli("new", pilot, *flags, "--data", INDEX_REQUIREMENT)
    assert run.code == 0, run.err
    assert reported(cli, pilot) == (1, scenario_findings(pilot))


def test_the_default_pilot_has_no_finding(pilot: Path) -> None:
    assert check(pilot).findings == ()


def test_a_task_may_say_why_it_covers_no_requirement(pilot: Path) -> None:
    path = task_file(pilot, "T03")
    edit(path, "requirements: [R4]", "requirements: []")
    context = "## Context\n\n"
    edit(path, context, context + "No requirement: CI.\n\n")
    assert [f.rule for f in check(pilot).findings] == ["PK-T020"]  # too short to say why
    edit(path, "No requirement: CI.", "No requirement: the CI job every task's tests run in.")
    assert check(pilot).findings == ()


def test_a_started_task_on_an_unwritten_interface_is_an_error(pilot: Path) -> None:
    design = pilot / "specs" / "design.md"
    text = design.read_text()
    start = text.index("## Interfaces\n") + len("## Interfaces\n")
    design.write_text(text[:start] + "\n" + text[text.index("## Data") :])  # left empty
    assert [(f.rule, f.message) for f in check(pilot).findings] == [
        ("PK-S008", "`## Interfaces` is empty; T01, T02 and T03 can run at once and meet here")
    ]
    path = task_file(pilot, "T02")
    edit(path, "status: todo", "status: claimed")
    edit(path, "assignee: null", "assignee: codex-1")
    found = check(pilot).findings
    assert [(f.rule, f.severity, f.line) for f in found] == [
        ("PK-S009", "error", line_of(design, "## Interfaces"))
    ]
    assert found[0].message == "`## Interfaces` is empty, but T02 (claimed) already relies on it"


def test_criteria_that_only_say_the_steps_again(pilot: Path) -> None:
    path = task_file(pilot, "T01")
    text = path.read_text()
    start = text.index("## Acceptance criteria\n")
    end = text.index("## Out of scope")
    steps = "- Write a streaming writer that yields CSV lines.\n- Cover quoting with tests.\n"
    path.write_text(text[:start] + "## Acceptance criteria\n\n" + steps + "\n" + text[end:])
    found = check(pilot).findings
    assert [(f.rule, f.line) for f in found] == [
        ("PK-T019", line_of(path, "- Write a streaming writer that yields CSV lines."))
    ]
    steps_at = (line_of(path, "1. Write a streaming"), line_of(path, "2. Cover quoting"))
    assert found[0].message == (
        f"T01's acceptance criteria only say its steps again (lines {steps_at[0]}, {steps_at[1]})"
    )


@pytest.mark.parametrize(
    ("settings", "findings"),
    [
        ("check:\n  max_task_hours: 3.5\n", [("PK-T021", "T01 is too big for one agent")]),
        ("check:\n  max_task_criteria: 2\n", [("PK-T021", "T01 is too big for one agent")]),
        ("check:\n  max_task_files: 1\n", [("PK-T021", "T01 is too big for one agent")]),
        ("check:\n  max_task_hours: 0\n", [("PK-P003", "0 is not a positive number of hours")]),
        ("check:\n  max_task_files: 2.5\n", [("PK-P003", "2.5 is not a positive whole number")]),
        ("check:\n  filler: yes\n", [("PK-P003", "`filler` must be a list of words")]),
    ],
)
def test_the_limits_are_settings(
    pilot: Path, settings: str, findings: list[tuple[str, str]]
) -> None:
    (pilot / ".pilotkit.yaml").write_text(settings)
    found = [
        f
        for f in check(pilot).findings
        if f.path in (".pilotkit.yaml", "tasks/T01-csv-writer-for-invoice-rows.md")
    ]
    assert len(found) == len(findings), found
    pairs = zip(found, findings, strict=True)
    assert [(f.rule, f.message[: len(words)]) for f, (_, words) in pairs] == findings


def test_your_templates_filler_and_verbs_are_settings(pilot: Path) -> None:
    design = pilot / "specs" / "design.md"
    text = design.read_text()
    start = text.index("## Risks\n") + len("## Risks\n")
    design.write_text(text[:start] + "\nList the risks here.\n\n" + text[text.index("## Open") :])
    path = task_file(pilot, "T03")
    edit(path, "- A non-admin is refused; an admin is allowed.", "- Ein Admin darf exportieren.")
    edit(path, "- The audit entry holds user id, start and end date and row count.", "")
    assert check(pilot).findings[0].rule == "PK-T019"
    (pilot / ".pilotkit.yaml").write_text(
        "check:\n  filler: [List the risks here]\n  observable_verbs: [darf]\n"
    )
    assert [(f.rule, f.line) for f in check(pilot).findings] == [
        ("PK-S008", line_of(design, "## Risks"))
    ]
