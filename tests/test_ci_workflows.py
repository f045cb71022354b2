"""The workflows a pilot gets, and pilotkit's own, pass a workflow security linter (zizmor,
offline) and GitHub's workflow schema (check-jsonschema's copy, offline); CODEOWNERS and
the Copilot setup steps have the shape GitHub documents."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sysconfig
from pathlib import Path
from typing import Any

import pytest
import yaml

from pilotkit.agents import catalog
from pilotkit.commands.new import new
from tests.conftest import REPO_ROOT, Cli, isolated_env
from tests.pilots import ALL_AGENTS, ALL_SERVERS, CUSTOM_SERVERS
from tests.template_repo import TemplateRepo, git

REVIEWERS = "@dana-lee @example-org/pilot-leads"
WORKFLOWS = ("pilot.yml", "pilotkit-update.yml", "copilot-setup-steps.yml")
PINNED = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+(\.\d+)*$")
# What GitHub lets the copilot-setup-steps job set; anything else makes Copilot skip it.
COPILOT_JOB_KEYS = {"steps", "permissions", "runs-on", "services", "snapshot", "timeout-minutes"}


def tool(name: str) -> str:
    """A linter installed with the test extra: beside this Python, else on PATH."""
    beside = Path(sysconfig.get_path("scripts")) / name
    found = str(beside) if beside.is_file() else shutil.which(name)
    assert found, f"{name} is missing: pip install -e '.[test]'"
    return found


@pytest.fixture(scope="module")
def pilots(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> dict[str, Path]:
    """Every agent, every server and every option on; and the default pilot made by a
    pilotkit CI cannot install (its install step fails on purpose)."""
    base = tmp_path_factory.mktemp("ci-workflows")
    with isolated_env(base / "home", shared_cache):
        everything = [
            f"agents={json.dumps(ALL_AGENTS)}",
            f"mcp_servers={json.dumps(ALL_SERVERS)}",
            f"custom_mcp_servers={json.dumps(CUSTOM_SERVERS)}",
            f"reviewers={REVIEWERS}",
            "scheduled_updates=true",
            "pilotkit_requirement=pilotkit @ git+https://github.com/example-org/pilotkit@"
            + "0" * 40,
        ]
        new(base / "full", data=everything, use_git=False)
        new(base / "unset", data=["pilotkit_requirement=", "agents=[copilot]"], use_git=False)
    return {"full": base / "full", "unset": base / "unset"}


def workflow_files(pilots: dict[str, Path]) -> list[Path]:
    return sorted(path for pilot in pilots.values() for path in pilot.glob(".github/workflows/*"))


def zizmor(paths: list[Path]) -> list[dict[str, Any]]:
    """zizmor's findings of medium or higher severity, offline."""
    proc = subprocess.run(
        [tool("zizmor"), "--offline", "--format", "json", "--min-severity", "medium"]
        + [str(path) for path in paths],
        capture_output=True,
        text=True,
    )
    assert proc.stdout.strip(), proc.stderr
    found: list[dict[str, Any]] = json.loads(proc.stdout)
    return found


def schema_check(paths: list[Path]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows"]
        + [str(path) for path in paths],
        capture_output=True,
        text=True,
    )


def test_the_full_pilot_has_every_workflow(pilots: dict[str, Path]) -> None:
    found = {path.name for path in (pilots["full"] / ".github" / "workflows").iterdir()}
    assert found == set(WORKFLOWS)
    unset = {path.name for path in (pilots["unset"] / ".github" / "workflows").iterdir()}
    assert unset == {"pilot.yml", "copilot-setup-steps.yml"}  # no schedule, Copilot chosen
    assert not (pilots["unset"] / ".github" / "CODEOWNERS").exists()  # no reviewers


def test_zizmor_finds_nothing_of_medium_or_higher_severity(pilots: dict[str, Path]) -> None:
    paths = workflow_files(pilots)
    assert len(paths) == 5
    findings = zizmor(paths)
    assert findings == [], json.dumps(findings, indent=2)[:4000]


def test_zizmor_would_say_so(tmp_path: Path) -> None:
    # The linter runs and reports: the template's workflow before pins and permissions.
    old = tmp_path / "old.yml"
    old.write_text(
        "on: push\njobs:\n  hooks:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v5\n"
    )
    rules = {finding["ident"] for finding in zizmor([old])}
    assert {"unpinned-uses", "artipacked"} <= rules


def test_every_workflow_is_valid_for_github(pilots: dict[str, Path]) -> None:
    proc = schema_check(workflow_files(pilots))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_action_is_pinned_and_every_job_is_bounded(pilots: dict[str, Path]) -> None:
    for path in workflow_files(pilots):
        text = path.read_text()
        uses = [line for line in text.splitlines() if "uses:" in line]
        assert uses, path
        for line in uses:
            assert PINNED.match(line), f"{path.name}: {line}"
        workflow = yaml.safe_load(text)
        assert workflow["permissions"] == {}, path.name
        for name, job in workflow["jobs"].items():
            assert isinstance(job["timeout-minutes"], int), f"{path.name} {name}"
            assert "permissions" in job, f"{path.name} {name}"
            for step in job["steps"]:
                if str(step.get("uses", "")).startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, path.name


def test_ci_installs_the_requirement_and_uploads_the_report(pilots: dict[str, Path]) -> None:
    workflow = yaml.safe_load((pilots["full"] / ".github/workflows/pilot.yml").read_text())
    hooks = workflow["jobs"]["hooks"]["steps"]
    install = next(step for step in hooks if "PILOTKIT_REQUIREMENT" in step.get("env", {}))
    assert install["env"]["PILOTKIT_REQUIREMENT"] == (
        "pilotkit @ git+https://github.com/example-org/pilotkit@" + "0" * 40
    )
    assert install["run"] == 'python -m pip install "pre-commit>=4,<5" "$PILOTKIT_REQUIREMENT"'
    assert hooks[-1]["run"] == "pre-commit run --all-files --show-diff-on-failure"
    report = workflow["jobs"]["report"]
    assert report["if"] == (
        "github.event_name == 'push' && github.ref_name == github.event.repository.default_branch"
    )
    upload = report["steps"][-1]
    assert upload["uses"].startswith("actions/upload-artifact@")
    assert upload["with"]["name"] == "pilotkit-report"
    assert upload["with"]["path"] == "pilotkit-report.json"
    assert "pilotkit report --format json --output pilotkit-report.json" in [
        step.get("run") for step in report["steps"]
    ]


def test_the_scheduled_update_installs_the_newest_pilotkit_from_the_same_url(
    pilots: dict[str, Path],
) -> None:
    # Its pilotkit's template is the version to update to; the update then records that
    # pilotkit's commit, so the pilot's CI installs it (test_ci_install).
    workflow = yaml.safe_load(
        (pilots["full"] / ".github/workflows/pilotkit-update.yml").read_text()
    )
    steps = workflow["jobs"]["update"]["steps"]
    install = next(step for step in steps if "PILOTKIT_REQUIREMENT" in step.get("env", {}))
    assert install["name"] == "Install the newest pilotkit"
    assert install["env"]["PILOTKIT_REQUIREMENT"] == (
        "pilotkit @ git+https://github.com/example-org/pilotkit"
    )
    assert install["run"] == 'python -m pip install --upgrade "$PILOTKIT_REQUIREMENT"'


def test_ci_without_a_requirement_fails_and_says_how_to_set_it(pilots: dict[str, Path]) -> None:
    workflow = yaml.safe_load((pilots["unset"] / ".github/workflows/pilot.yml").read_text())
    step = next(
        s for s in workflow["jobs"]["hooks"]["steps"] if s.get("name") == "Install pilotkit"
    )
    assert "::error::CI cannot install pilotkit" in step["run"]
    assert "--data pilotkit_requirement=" in step["run"]
    assert step["run"].rstrip().endswith("exit 1")


def test_copilot_setup_steps_has_githubs_documented_shape(pilots: dict[str, Path]) -> None:
    workflow = yaml.safe_load(
        (pilots["full"] / ".github/workflows/copilot-setup-steps.yml").read_text()
    )
    assert list(workflow["jobs"]) == ["copilot-setup-steps"]
    job = workflow["jobs"]["copilot-setup-steps"]
    assert set(job) <= COPILOT_JOB_KEYS
    assert job["timeout-minutes"] <= 59  # GitHub's limit for this job
    assert "workflow_dispatch" in workflow[True]  # PyYAML reads the key `on` as True
    runs = "\n".join(str(step.get("run", "")) for step in job["steps"])
    assert '"pre-commit>=4,<5" "$PILOTKIT_REQUIREMENT"' in runs
    servers = catalog.load().servers
    for name in ALL_SERVERS:
        server = servers[name]
        if server.get("command") in ("npx", "uvx"):
            package = next(arg for arg in server["args"] if not arg.startswith("-"))
            assert f"'{package}'" in runs, name


def test_codeowners_cover_what_steers_the_agents(pilots: dict[str, Path]) -> None:
    lines = (pilots["full"] / ".github" / "CODEOWNERS").read_text().splitlines()
    rules = dict(line.split(" ", 1) for line in lines if line and not line.startswith("#"))
    assert set(rules.values()) == {REVIEWERS}
    expected = {"/specs/", "/AGENTS.md", "/metrics/estimate.yaml", "/.github/workflows/"}
    for agent in catalog.load().agents.values():
        expected |= {f"/{path}" for path in agent.paths()}  # adapters and MCP configs
    assert expected <= set(rules)


def test_pilotkits_own_workflows_pass_the_same_checks() -> None:
    paths = sorted((REPO_ROOT / ".github" / "workflows").glob("*.yml"))
    assert [path.name for path in paths] == ["ci.yml", "release.yml"]
    assert zizmor(paths) == []
    proc = schema_check(paths)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for path in paths:
        for line in path.read_text().splitlines():
            if "uses:" in line:
                assert PINNED.match(line), f"{path.name}: {line}"


def test_one_pin_per_action_across_the_template_and_pilotkits_own_workflows() -> None:
    from tests.test_docs import questions

    pins = questions()["github_actions"]["default"]
    assert isinstance(pins, dict)
    template = {str(pin).split("@")[0]: str(pin) for pin in pins.values()}
    for path in (REPO_ROOT / ".github" / "workflows").glob("*.yml"):
        for match in map(PINNED.match, path.read_text().splitlines()):
            if match and match.group(1) in template:
                assert template[match.group(1)].startswith(f"{match.group(1)}@{match.group(2)}")


def test_the_readme_test_command_is_what_ci_runs() -> None:
    readme = (REPO_ROOT / "README.md").read_text()
    command = re.findall(r"```sh\n(.*?)```", readme.split("---", 1)[0], flags=re.DOTALL)[1]
    ci = yaml.safe_load((REPO_ROOT / ".github" / "workflows" / "ci.yml").read_text())
    runs = [step.get("run") for step in ci["jobs"]["test"]["steps"]]
    assert command.strip() in runs
    python = ci["jobs"]["test"]["strategy"]["matrix"]["python-version"]
    assert python[0] == "3.11"  # requires-python's floor, in pyproject.toml


def test_an_update_brings_new_pins_to_a_pilot(cli: Cli, tmp_path: Path) -> None:
    repo = TemplateRepo(tmp_path / "org-template")
    pilot = tmp_path / "pilot"
    assert cli("new", pilot, "--defaults", "--template", repo.path).code == 0
    config = repo.path / "copier.yml"
    old = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1"
    bumped = "actions/checkout@" + "1" * 40 + " # v7.0.2"
    assert old in config.read_text()
    config.write_text(config.read_text().replace(old, bumped))
    repo.release("v0.2.0")

    run = cli("update", pilot, "--commit")

    assert run.code == 0, run.out + run.err
    workflow = (pilot / ".github" / "workflows" / "pilot.yml").read_text()
    assert f"- uses: {bumped}" in workflow and old not in workflow
    assert "- modified .github/workflows/pilot.yml" in git(pilot, "log", "-1", "--format=%B")
