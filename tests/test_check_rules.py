"""One planted problem per rule: `check` reports exactly that rule, at the expected line.

Each case edits a fresh copy of the default pilot (which is clean) and returns the
findings it expects as (rule, path, line); the test compares them with everything
`pilotkit check` reports.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from pilotkit import __version__, check
from pilotkit.cli import main
from pilotkit.rules import RULES
from tests.checkpilot import (
    default_render_fixture,  # noqa: F401 (a fixture)
    edit,
    git,
    line_of,
    pilot_fixture,  # noqa: F401 (a fixture)
    task_file,
)

Expected = list[tuple[str, str, int | None]]
CASES: dict[str, Callable[[Path], Expected]] = {}


def case(rule: str) -> Callable[[Callable[[Path], Expected]], Callable[[Path], Expected]]:
    def register(plant: Callable[[Path], Expected]) -> Callable[[Path], Expected]:
        CASES[rule] = plant
        return plant

    return register


def reported(pilot: Path) -> Expected:
    return [(f.rule, f.path, f.line) for f in check(pilot).findings]


def test_default_pilot_is_clean(pilot: Path) -> None:
    result = check(pilot)
    assert result.findings == ()
    assert result.exit_code == 0
    assert (result.tasks, result.requirements) == (6, 4)


# ---------------------------------------------------------------- the pilot itself


@case("PK-P001")
def _(pilot: Path) -> Expected:
    answers = pilot / ".copier-answers.yml"
    answers.write_text(answers.read_text() + "extra: [unclosed\n")
    return [("PK-P001", ".copier-answers.yml", line_of(answers, "extra: [unclosed"))]


@case("PK-P002")
def _(pilot: Path) -> Expected:
    (pilot / "specs" / "design.md").write_bytes(b"# Design\n\ncaf\xe9 au lait\n")
    return [("PK-P002", "specs/design.md", 3)]


@case("PK-P003")
def _(pilot: Path) -> Expected:
    (pilot / ".pilotkit.yaml").write_text("check:\n  ignore: [PK-S006, PK-X999]\n")
    return [("PK-P003", ".pilotkit.yaml", 2)]


@case("PK-P004")
def _(pilot: Path) -> Expected:
    readme = pilot / "README.md"
    conflict = "<<<<<<< before updating\nours\n=======\ntheirs\n>>>>>>> after updating\n"
    readme.write_text(readme.read_text() + conflict)
    (pilot / "AGENTS.md.rej").write_text("@@ -1 +1 @@\n-old\n+new\n")
    return [
        ("PK-P004", "AGENTS.md.rej", None),
        ("PK-P004", "README.md", line_of(readme, "<<<<<<< before updating")),
    ]


@case("PK-P005")
def _(pilot: Path) -> Expected:
    # The pilot's template, a git repository beside it, has a newer version than it records.
    template = pilot.parent / "its-template"
    template.mkdir()
    git(template, "init", "--quiet")
    for tag in ("v1.0.0", "v1.1.0"):
        git(template, "commit", "--quiet", "--allow-empty", "-m", tag)
        git(template, "tag", tag)
    answers = pilot / ".copier-answers.yml"
    lines = [
        "_commit: v1.0.0"
        if line.startswith("_commit:")
        else "_src_path: ../its-template"
        if line.startswith("_src_path:")
        else line
        for line in answers.read_text().splitlines()
    ]
    answers.write_text("\n".join(lines) + "\n")
    return [("PK-P005", ".copier-answers.yml", None)]


# ---------------------------------------------------------------- specs


@case("PK-S001")
def _(pilot: Path) -> Expected:
    (pilot / "specs" / "requirements.md").unlink()
    return [("PK-S001", "specs/requirements.md", None)]


NEW_REQUIREMENT = (
    "\n## {heading}\n\nThe export is kept for 30 days.\n\n"
    "### Acceptance criteria\n\n- An export older than 30 days is gone.\n"
)


@case("PK-S002")
def _(pilot: Path) -> Expected:
    reqs = pilot / "specs" / "requirements.md"
    reqs.write_text(reqs.read_text() + NEW_REQUIREMENT.format(heading="Export retention"))
    return [("PK-S002", "specs/requirements.md", line_of(reqs, "## Export retention"))]


@case("PK-S003")
def _(pilot: Path) -> Expected:
    reqs = pilot / "specs" / "requirements.md"
    reqs.write_text(reqs.read_text() + NEW_REQUIREMENT.format(heading="R2 — Retention"))
    return [("PK-S003", "specs/requirements.md", line_of(reqs, "## R2 — Retention"))]


@case("PK-S004")
def _(pilot: Path) -> Expected:
    reqs = pilot / "specs" / "requirements.md"
    edit(reqs, "- A non-admin gets HTTP 403 and no file.\n", "")
    edit(
        reqs, "- Each export writes one audit entry with the user, the date range and the row ", ""
    )
    edit(reqs, "count.\n", "")
    return [("PK-S004", "specs/requirements.md", line_of(reqs, "### Acceptance criteria", 4))]


@case("PK-S005")
def _(pilot: Path) -> Expected:
    design = pilot / "specs" / "design.md"
    edit(design, "The query reads from the read replica.", "The query reads from TBD.")
    return [("PK-S005", "specs/design.md", line_of(design, "reads from TBD"))]


@case("PK-S006")
def _(pilot: Path) -> Expected:
    reqs = pilot / "specs" / "requirements.md"
    forbidden = "- A non-admin gets HTTP 403 and no file.\n"
    edit(reqs, forbidden, forbidden + "- The form is fast and intuitive.\n")
    line = line_of(reqs, "The form is fast")
    return [
        ("PK-S006", "specs/requirements.md", line),
        ("PK-S006", "specs/requirements.md", line),
    ]


@case("PK-S007")
def _(pilot: Path) -> Expected:
    charter = pilot / "PILOT.md"
    edit(
        charter,
        "An admin exports 12 months of invoices (about 5,000 rows) from the billing page in "
        "under 60 seconds",
        "An admin exports invoices from the billing page quickly",
    )
    return [("PK-S007", "PILOT.md", line_of(charter, "## End point"))]


DATA_GUIDANCE = (
    "Write the tables, files and payloads the feature reads or writes: field names and types,\n"
    "where they live, and the fixtures or datasets the tests use.\n"
)
INTERFACES_GUIDANCE = (
    "Write every function, class, endpoint, event or file format that more than one task\n"
    "touches: its signature or shape, the errors it raises, and the task that owns it.\n"
)


def replace_section(path: Path, title: str, text: str) -> None:
    """Put TEXT in place of what the `## TITLE` section of PATH holds."""
    before, _, rest = path.read_text().partition(f"## {title}\n")
    _, _, after = rest.partition("\n## ")
    path.write_text(f"{before}## {title}\n\n{text}\n## {after}")


@case("PK-S008")
def _(pilot: Path) -> Expected:
    design = pilot / "specs" / "design.md"
    replace_section(design, "Data", DATA_GUIDANCE)
    return [("PK-S008", "specs/design.md", line_of(design, "## Data"))]


@case("PK-S009")
def _(pilot: Path) -> Expected:
    design = pilot / "specs" / "design.md"
    replace_section(design, "Interfaces", INTERFACES_GUIDANCE)
    path = task_file(pilot, "T02")
    edit(path, "status: todo", "status: claimed")
    edit(path, "assignee: null", "assignee: codex-1")
    return [("PK-S009", "specs/design.md", line_of(design, "## Interfaces"))]


# ---------------------------------------------------------------- tasks


@case("PK-T001")
def _(pilot: Path) -> Expected:
    (pilot / "tasks" / "T07-notes.md").write_text("Some notes, no front matter.\n")
    return [("PK-T001", "tasks/T07-notes.md", 1)]


@case("PK-T002")
def _(pilot: Path) -> Expected:
    (pilot / "tasks" / "T07-broken.md").write_text("---\nid: T07\ntitle: [oops\n---\n")
    return [("PK-T002", "tasks/T07-broken.md", 3)]


@case("PK-T003")
def _(pilot: Path) -> Expected:
    path = task_file(pilot, "T03")
    edit(path, "status: todo", "status: doing")
    return [("PK-T003", path.relative_to(pilot).as_posix(), line_of(path, "status: doing"))]


@case("PK-T004")
def _(pilot: Path) -> Expected:
    path = task_file(pilot, "T03")
    edit(path, "status: todo\n", "status: todo\npriority: high\n")
    return [("PK-T004", path.relative_to(pilot).as_posix(), line_of(path, "priority: high"))]


@case("PK-T005")
def _(pilot: Path) -> Expected:
    path = task_file(pilot, "T06")
    renamed = path.with_name("end-to-end.md")
    path.rename(renamed)
    return [("PK-T005", "tasks/end-to-end.md", line_of(renamed, "id: T06"))]


@case("PK-T006")
def _(pilot: Path) -> Expected:
    shutil.rmtree(pilot / "tasks")
    return [("PK-T006", "tasks", None)]


@case("PK-T007")
def _(pilot: Path) -> Expected:
    copy = pilot / "tasks" / "T01b-copy.md"
    shutil.copy(task_file(pilot, "T01"), copy)
    return [("PK-T007", "tasks/T01b-copy.md", line_of(copy, "id: T01"))]


@case("PK-T008")
def _(pilot: Path) -> Expected:
    path = task_file(pilot, "T05")
    edit(path, "depends_on: [T04]", "depends_on: [T04, T99]")
    return [("PK-T008", path.relative_to(pilot).as_posix(), line_of(path, "depends_on"))]


@case("PK-T009")
def _(pilot: Path) -> Expected:
    path = task_file(pilot, "T01")
    edit(path, "depends_on: []", "depends_on: [T06]")
    return [("PK-T009", path.relative_to(pilot).as_posix(), line_of(path, "depends_on"))]


@case("PK-T010")
def _(pilot: Path) -> Expected:
    path = task_file(pilot, "T01")
    edit(path, "requirements: [R2]", "requirements: [R2, R9]")
    return [("PK-T010", path.relative_to(pilot).as_posix(), line_of(path, "requirements:"))]


@case("PK-T011")
def _(pilot: Path) -> Expected:
    reqs = pilot / "specs" / "requirements.md"
    reqs.write_text(reqs.read_text() + NEW_REQUIREMENT.format(heading="R5 — Retention"))
    return [("PK-T011", "specs/requirements.md", line_of(reqs, "## R5 — Retention"))]


@case("PK-T012")
def _(pilot: Path) -> Expected:
    path = task_file(pilot, "T03")
    text = path.read_text()
    start = text.index("## Acceptance criteria")
    path.write_text(text[:start] + text[text.index("## Out of scope") :])
    return [("PK-T012", path.relative_to(pilot).as_posix(), line_of(path, "---", 2) + 1)]


@case("PK-T013")
def _(pilot: Path) -> Expected:
    path = task_file(pilot, "T02")
    last = '  - "tests/billing/export/test_query.py"\n'
    edit(path, last, last + '  - "src/billing/export/csv_*.py"\n')
    return [("PK-T013", path.relative_to(pilot).as_posix(), line_of(path, "csv_*.py"))]


@case("PK-T014")
def _(pilot: Path) -> Expected:
    path = task_file(pilot, "T05")
    edit(path, "status: todo", "status: done")
    return [("PK-T014", path.relative_to(pilot).as_posix(), line_of(path, "depends_on"))]


@case("PK-T015")
def _(pilot: Path) -> Expected:
    path = task_file(pilot, "T01")
    edit(path, "status: todo", "status: claimed")
    return [("PK-T015", path.relative_to(pilot).as_posix(), line_of(path, "assignee:"))]


@case("PK-T016")
def _(pilot: Path) -> Expected:
    path = task_file(pilot, "T01")
    edit(path, "files:\n", 'files:\n  - "../shared/util.py"\n')
    return [("PK-T016", path.relative_to(pilot).as_posix(), line_of(path, "../shared"))]


def one_chain(pilot: Path) -> None:
    """Make the default tasks one chain: T01 → T02 → T03 → T04 → T05 → T06."""
    edit(task_file(pilot, "T02"), "depends_on: []", "depends_on: [T01]")
    edit(task_file(pilot, "T03"), "depends_on: []", "depends_on: [T02]")


@case("PK-T017")
def _(pilot: Path) -> Expected:
    one_chain(pilot)
    return [("PK-T017", "PILOT.md", line_of(pilot / "PILOT.md", "(`parallel_tasks`) | 3 |"))]


@case("PK-T018")
def _(pilot: Path) -> Expected:
    one_chain(pilot)
    charter = pilot / "PILOT.md"
    edit(charter, "(`parallel_tasks`) | 3 |", "(`parallel_tasks`) | 1 |")
    return [("PK-T018", "PILOT.md", line_of(charter, "| Agents |"))]


@case("PK-T019")
def _(pilot: Path) -> Expected:
    path = task_file(pilot, "T03")
    edit(path, "- A non-admin is refused; an admin is allowed.", "- The code is clean.")
    edit(
        path,
        "- The audit entry holds user id, start and end date and row count.",
        "- Permissions work well.",
    )
    return [("PK-T019", path.relative_to(pilot).as_posix(), line_of(path, "The code is clean"))]


@case("PK-T020")
def _(pilot: Path) -> Expected:
    path = task_file(pilot, "T03")
    edit(path, "requirements: [R4]", "requirements: []")
    return [("PK-T020", path.relative_to(pilot).as_posix(), line_of(path, "requirements: []"))]


@case("PK-T021")
def _(pilot: Path) -> Expected:
    estimate = pilot / "metrics" / "estimate.yaml"
    edit(estimate, "  T05: 6\n", "  T05: 12\n")
    edit(estimate, "total: 28", "total: 34")
    path = task_file(pilot, "T05")
    return [("PK-T021", path.relative_to(pilot).as_posix(), line_of(path, "id: T05"))]


# ---------------------------------------------------------------- MCP configs


@case("PK-M001")
def _(pilot: Path) -> Expected:
    (pilot / ".mcp.json").unlink()
    return [("PK-M001", ".mcp.json", None)]


@case("PK-M002")
def _(pilot: Path) -> Expected:
    config = pilot / ".mcp.json"
    edit(config, '"type": "stdio",', '"type": "stdio"')
    return [("PK-M002", ".mcp.json", line_of(config, '"command": "npx"'))]


@case("PK-M003")
def _(pilot: Path) -> Expected:
    config = pilot / ".mcp.json"
    edit(config, '"type": "http",\n', "")
    return [("PK-M003", ".mcp.json", line_of(config, '"url"'))]


@case("PK-M004")
def _(pilot: Path) -> Expected:
    config = pilot / ".mcp.json"
    token = "ghp_" + "Zx8Kq2Lm9Np4Rt7Vw1Ys5Ab3Cd6Ef0Gh2Jk4"
    edit(config, '"Bearer ${GITHUB_PERSONAL_ACCESS_TOKEN}"', f'"Bearer {token}"')
    return [("PK-M004", ".mcp.json", line_of(config, "Bearer ghp_"))]


@case("PK-M005")
def _(pilot: Path) -> Expected:
    config, codex = pilot / ".mcp.json", pilot / ".codex" / "config.toml"
    edit(config, "server-filesystem@2026.8.31", "server-filesystem@latest")
    edit(codex, "server-filesystem@2026.8.31", "server-filesystem@latest")
    return [
        ("PK-M005", ".mcp.json", line_of(config, "server-filesystem@latest")),
        ("PK-M005", ".codex/config.toml", line_of(codex, "server-filesystem@latest")),
    ]


@case("PK-M006")
def _(pilot: Path) -> Expected:
    codex = pilot / ".codex" / "config.toml"
    text = codex.read_text()
    codex.write_text(text[text.index("[mcp_servers.filesystem]") :])
    return [("PK-M006", ".codex/config.toml", 1)]


@case("PK-M007")
def _(pilot: Path) -> Expected:
    codex = pilot / ".codex" / "config.toml"
    edit(codex, '2026.8.31", "."]', '2026.8.31", "/srv"]')
    return [("PK-M007", ".codex/config.toml", line_of(codex, "[mcp_servers.filesystem]"))]


# ---------------------------------------------------------------- guidelines


@case("PK-G001")
def _(pilot: Path) -> Expected:
    (pilot / "CLAUDE.md").unlink()
    return [("PK-G001", "CLAUDE.md", None)]


@case("PK-G002")
def _(pilot: Path) -> Expected:
    edit(pilot / "CLAUDE.md", "@AGENTS.md\n", "Read the guidelines first.\n")
    return [("PK-G002", "CLAUDE.md", 1)]


@case("PK-G003")
def _(pilot: Path) -> Expected:
    planner = pilot / ".claude" / "agents" / "planner.md"
    edit(planner, "name: planner", "name: Planner Agent")
    return [("PK-G003", ".claude/agents/planner.md", line_of(planner, "name: Planner"))]


@case("PK-G004")
def _(pilot: Path) -> Expected:
    agents = pilot / "AGENTS.md"
    agents.write_text(agents.read_text() + ("- One more rule, said at length.\n" * 1100))
    return [("PK-G004", "AGENTS.md", None)]


@case("PK-G005")
def _(pilot: Path) -> Expected:
    edit(pilot / ".copier-answers.yml", "- codex\n", "- codex\n- aider\n")
    return [("PK-G005", ".copier-answers.yml", None)]


# ---------------------------------------------------------------- metrics


@case("PK-E001")
def _(pilot: Path) -> Expected:
    path = task_file(pilot, "T01")
    edit(path, "status: todo\n", "status: claimed\n")
    edit(path, "assignee: null", "assignee: claude-1")
    git(pilot, "commit", "--quiet", "--no-verify", "-am", "T01: claim")
    estimate = pilot / "metrics" / "estimate.yaml"
    edit(estimate, "  T01: 4\n", "  T01: 6\n")
    edit(estimate, "total: 28", "total: 30")
    return [("PK-E001", "metrics/estimate.yaml", line_of(estimate, "T01: 6"))]


@case("PK-E002")
def _(pilot: Path) -> Expected:
    estimate = pilot / "metrics" / "estimate.yaml"
    edit(estimate, "  T06: 4\n", "")
    edit(estimate, "total: 28", "total: 24")
    return [("PK-E002", "metrics/estimate.yaml", line_of(estimate, "tasks:"))]


@case("PK-E003")
def _(pilot: Path) -> Expected:
    estimate = pilot / "metrics" / "estimate.yaml"
    edit(estimate, "total: 28", "total: 30")
    return [("PK-E003", "metrics/estimate.yaml", line_of(estimate, "total: 30"))]


@case("PK-E004")
def _(pilot: Path) -> Expected:
    estimate = pilot / "metrics" / "estimate.yaml"
    edit(estimate, "  T06: 4\n", "  T06: 4\n  T60: 2\n")
    edit(estimate, "total: 28", "total: 30")
    return [("PK-E004", "metrics/estimate.yaml", line_of(estimate, "T60: 2"))]


@case("PK-E005")
def _(pilot: Path) -> Expected:
    edit(task_file(pilot, "T03"), "branch: null\n", "branch: null\nmode: hand\n")
    line = journal_entry(
        pilot,
        '  - kind: session\n    date: "2026-12-01"\n    task: T03\n    minutes: 30\n'
        "    agent: claude-1\n",
    )
    usage = pilot / "metrics" / "usage" / "codex.jsonl"
    usage.parent.mkdir(parents=True, exist_ok=True)
    record = '{"key":"%s","tool":"codex","session":"s","time":"2026-12-01T10:00:00Z",'
    record += '"model":"gpt-5","task":"%s","input":10}\n'
    usage.write_text(record % ("a", "T01") + record % ("b", "T03") + record % ("c", "T03"))
    return [
        ("PK-E005", "metrics/journal.yaml", line),
        ("PK-E005", "metrics/usage/codex.jsonl", 2),
    ]


def journal_entry(pilot: Path, entry: str) -> int:
    """Append ENTRY to the pilot's journal; return the line it starts on."""
    journal = pilot / "metrics" / "journal.yaml"
    edit(journal, "entries: []\n", "entries:\n" + entry)
    return line_of(journal, "entries:", occurrence=2) + 1


@case("PK-J001")
def _(pilot: Path) -> Expected:
    journal = pilot / "metrics" / "journal.yaml"
    edit(journal, "entries: []\n", "entries: [unclosed\n")
    return [("PK-J001", "metrics/journal.yaml", line_of(journal, "entries: [unclosed"))]


@case("PK-J002")
def _(pilot: Path) -> Expected:
    line = journal_entry(
        pilot, '  - kind: session\n    date: "2026-12-01"\n    task: T01\n    minutes: soon\n'
    )
    return [("PK-J002", "metrics/journal.yaml", line)]


@case("PK-J003")
def _(pilot: Path) -> Expected:
    line = journal_entry(
        pilot, '  - kind: session\n    date: "2026-12-01"\n    task: T09\n    minutes: 30\n'
    )
    return [("PK-J003", "metrics/journal.yaml", line)]


@case("PK-J004")
def _(pilot: Path) -> Expected:
    line = journal_entry(
        pilot,
        '  - kind: session\n    date: "2026-12-01"\n    task: T01\n    minutes: 30\n'
        "    minuts: 4\n",
    )
    return [("PK-J004", "metrics/journal.yaml", line)]


@case("PK-J005")
def _(pilot: Path) -> Expected:
    line = journal_entry(
        pilot,
        '  - kind: correction\n    date: "2026-12-01"\n    task: T01\n    agent: claude-1\n'
        "    what: wrong table\n    minutes: 5\n    cause: gremlins\n",
    )
    return [("PK-J005", "metrics/journal.yaml", line)]


@case("PK-B001")
def _(pilot: Path) -> Expected:
    assert main(["tasks", "board", "--pilot", str(pilot)]) == 0
    assert reported(pilot) == []  # a fresh board is not stale
    task = pilot / "tasks" / "T01-csv-writer-for-invoice-rows.md"
    edit(task, "status: todo", "status: blocked")
    edit(task, "assignee: null", "assignee: claude-1\nblocked_reason: waiting for R2 answer")
    return [("PK-B001", "BOARD.md", None)]


# ---------------------------------------------------------------- CI and reviews


@case("PK-C001")
def _(pilot: Path) -> Expected:
    answers = pilot / ".copier-answers.yml"
    edit(answers, f"pilotkit_requirement: pilotkit=={__version__}", "pilotkit_requirement: ''")
    return [("PK-C001", ".copier-answers.yml", line_of(answers, "pilotkit_requirement:"))]


@case("PK-C002")
def _(pilot: Path) -> Expected:
    answers = pilot / ".copier-answers.yml"
    edit(
        answers,
        f"pilotkit_requirement: pilotkit=={__version__}",
        "pilotkit_requirement: pilotkit @ not a url",
    )
    return [("PK-C002", ".copier-answers.yml", line_of(answers, "pilotkit_requirement:"))]


@case("PK-C003")
def _(pilot: Path) -> Expected:
    answers = pilot / ".copier-answers.yml"
    edit(answers, "reviewers: ''", "reviewers: dana-lee")
    return [("PK-C003", ".copier-answers.yml", line_of(answers, "reviewers:"))]


# ---------------------------------------------------------------- the tests


def test_every_rule_has_a_planted_case() -> None:
    assert sorted(CASES) == sorted(rule.id for rule in RULES)


@pytest.mark.parametrize("rule", sorted(CASES))
def test_planted_problem(rule: str, pilot: Path) -> None:
    expected = CASES[rule](pilot)
    assert expected and all(item[0] == rule for item in expected)
    assert reported(pilot) == sorted(expected, key=lambda item: (item[1], item[2] or 0))
