"""`pilotkit check` as a user runs it: output formats, rule selection, settings, exit codes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest

from pilotkit.rules import RULES
from tests.checkpilot import (
    default_render_fixture,  # noqa: F401 (a fixture)
    edit,
    line_of,
    pilot_fixture,  # noqa: F401 (a fixture)
    task_file,
)
from tests.conftest import REPO_ROOT, Cli, python_command

SARIF_SCHEMA = json.loads((Path(__file__).parent / "sarif-schema-2.1.0.json").read_text())


def plant_two(pilot: Path) -> tuple[str, int, int]:
    """A dependency on a missing task (error) and a vague word (warning)."""
    task = task_file(pilot, "T05")
    edit(task, "depends_on: [T04]", "depends_on: [T04, T99]")
    reqs = pilot / "specs" / "requirements.md"
    forbidden = "- A non-admin gets HTTP 403 and no file.\n"
    edit(reqs, forbidden, forbidden + "- The page stays responsive.\n")
    return (
        task.relative_to(pilot).as_posix(),
        line_of(task, "depends_on"),
        line_of(reqs, "responsive"),
    )


def test_clean_pilot_text(cli: Cli, pilot: Path) -> None:
    run = cli("check", pilot)
    assert run.code == 0, run.out
    assert run.out.startswith(f"No problems found in {pilot} (6 tasks, 4 requirements, ")
    assert run.err == ""


def test_text_names_file_line_rule_and_fix(cli: Cli, pilot: Path) -> None:
    task, line, vague_line = plant_two(pilot)
    run = cli("check", pilot)
    assert run.code == 1
    lines = run.out.splitlines()
    assert f"{task}:{line}: PK-T008 error: T05 depends on T99, which is not a task" in lines
    assert "  fix: fix the id, or remove the dependency" in lines
    assert any(
        entry.startswith(f"specs/requirements.md:{vague_line}:") and "PK-S006 warning" in entry
        for entry in lines
    )
    assert lines[-1].startswith("1 error, 1 warning in ")


def test_warnings_alone_exit_zero(cli: Cli, pilot: Path) -> None:
    edit(pilot / "specs" / "requirements.md", "no file.\n", "no file.\n- It is robust.\n")
    run = cli("check", pilot)
    assert run.code == 0
    assert "PK-S006 warning: vague term `robust` without a measure" in run.out


def test_runs_from_inside_the_pilot(cli: Cli, pilot: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(pilot / "tasks")
    assert cli("check").code == 0


def test_json_shape(cli: Cli, pilot: Path) -> None:
    task, line, _ = plant_two(pilot)
    run = cli("check", pilot, "--format", "json")
    assert run.code == 1
    document = json.loads(run.out)
    assert document["format"] == "pilotkit-check"
    assert document["format_version"] == 1
    assert document["pilot"] == str(pilot)
    assert document["summary"] == {
        "errors": 1,
        "warnings": 1,
        "tasks": 6,
        "requirements": 4,
        "rules": len(RULES),
    }
    error = next(f for f in document["findings"] if f["severity"] == "error")
    assert error == {
        "rule": "PK-T008",
        "severity": "error",
        "path": task,
        "line": line,
        "column": None,
        "message": "T05 depends on T99, which is not a task",
        "hint": "fix the id, or remove the dependency",
    }


@pytest.mark.parametrize("planted", [False, True])
def test_sarif_validates_against_the_schema(cli: Cli, pilot: Path, planted: bool) -> None:
    if planted:
        plant_two(pilot)
        (pilot / "CLAUDE.md").unlink()  # a finding without a line
    run = cli("check", pilot, "--format", "sarif")
    log = json.loads(run.out)
    jsonschema.validate(log, SARIF_SCHEMA)
    results = log["runs"][0]["results"]
    assert len(results) == (3 if planted else 0)
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert [rule["id"] for rule in rules] == [rule.id for rule in RULES]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert (pilot / location["uri"]).exists() or result["ruleId"] == "PK-G001"


def test_sarif_rules_carry_their_help_for_a_code_scanning_page(cli: Cli, pilot: Path) -> None:
    """Each rule: what it flags, how to fix it (text and Markdown), and a link to its docs."""
    log = json.loads(cli("check", pilot, "--format", "sarif").out)
    jsonschema.validate(log, SARIF_SCHEMA)
    driver = log["runs"][0]["tool"]["driver"]
    page = (REPO_ROOT / "docs" / "reference" / "rules.md").read_text()
    assert urlsplit(driver["informationUri"]).path.endswith("/docs/reference/rules.md")
    by_id = {rule.id: rule for rule in RULES}
    assert [item["id"] for item in driver["rules"]] == list(by_id)
    for item in driver["rules"]:
        rule = by_id[item["id"]]
        level = "error" if str(rule.severity) == "error" else "warning"
        assert item["defaultConfiguration"] == {"level": level}
        assert item["shortDescription"]["text"] == rule.summary.replace("`", "")
        short = item["shortDescription"]["text"]
        assert item["fullDescription"]["text"].lower().startswith(short.lower() + ". fix: ")
        fix = item["help"]["markdown"].split("**Fix:** ", 1)[1].split("\n\n")[0]
        assert len(fix) > 20 and "`" not in item["help"]["text"]
        assert f"Fix: {fix.replace('`', '')}" in item["help"]["text"]
        assert f"Fix: {fix}" in " ".join(page.split())  # the reference says the same
        # An absolute address (SARIF's `format: uri`) whose anchor the reference defines.
        uri = urlsplit(item["helpUri"])
        assert (
            uri.scheme == "https"
            and uri.netloc
            and uri.path == urlsplit(driver["informationUri"]).path
        )
        assert uri.fragment == rule.id.lower()
        assert f'<a id="{uri.fragment}"></a>\n\n### `{rule.id}`' in page
        assert f"]({item['helpUri']})" in item["help"]["markdown"]


def test_select_and_ignore(cli: Cli, pilot: Path) -> None:
    plant_two(pilot)
    only_tasks = json.loads(cli("check", pilot, "--format", "json", "--select", "PK-T").out)
    assert [f["rule"] for f in only_tasks["findings"]] == ["PK-T008"]
    assert only_tasks["summary"]["rules"] == sum(rule.id.startswith("PK-T") for rule in RULES)
    ignored = cli("check", pilot, "--ignore", "PK-T008,PK-S006")
    assert ignored.code == 0 and "No problems found" in ignored.out


def test_unknown_rule_is_a_usage_error(cli: Cli, pilot: Path) -> None:
    run = cli("check", pilot, "--select", "PK-Z9")
    assert run.code == 2
    assert run.err.startswith("pilotkit: error: --select PK-Z9: no such rule")


def test_not_a_pilot(cli: Cli, tmp_path: Path) -> None:
    run = cli("check", tmp_path)
    assert run.code == 2
    assert "is not a pilot" in run.err and "Traceback" not in run.err


def test_min_version(cli: Cli, pilot: Path) -> None:
    assert cli("check", pilot, "--min-version", "0.0.1").code == 0
    run = cli("check", pilot, "--min-version", "99.0")
    assert run.code == 2
    assert "this pilot's checks need pilotkit 99.0 or newer" in run.err
    assert cli("check", pilot, "--min-version", "soon").code == 2


def test_list_rules(cli: Cli) -> None:
    run = cli("check", "--list-rules")
    assert run.code == 0
    assert [line.split()[0] for line in run.out.splitlines()] == [rule.id for rule in RULES]


def test_settings_file(cli: Cli, pilot: Path) -> None:
    plant_two(pilot)
    edit(pilot / "AGENTS.md", "# Agent guidelines", "# Agent guidelines\n\nKeep it snappy.")
    (pilot / ".pilotkit.yaml").write_text(
        "# pilotkit check settings\n"
        "check:\n"
        "  ignore: [PK-T008]\n"
        "  severity:\n"
        "    PK-S006: error\n"
        "  agents_md_max_bytes: 1000\n"
        "  vague_terms: [snappy]\n"
    )
    document = json.loads(cli("check", pilot, "--format", "json").out)
    found = {(f["rule"], f["severity"]) for f in document["findings"]}
    assert found == {("PK-S006", "error"), ("PK-G004", "error")}


def test_bad_settings_are_findings(cli: Cli, pilot: Path) -> None:
    (pilot / ".pilotkit.yaml").write_text("check:\n  ignore: PK-S006\n  colour: red\n")
    run = cli("check", pilot)
    assert run.code == 1
    assert ".pilotkit.yaml:2: PK-P003 error: `ignore` must be a list of words" in run.out
    assert ".pilotkit.yaml:3: PK-P003 error: unknown setting `check.colour`" in run.out
    # Like every rule, PK-P003 only reports when it is selected.
    assert cli("check", pilot, "--select", "PK-T").code == 0


def test_sarif_from_a_real_process(pilot: Path) -> None:
    proc = subprocess.run(
        python_command("check", str(pilot), "--format", "sarif"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    jsonschema.validate(json.loads(proc.stdout), SARIF_SCHEMA)
