"""`pilotkit template init` and `template check`: a lead's template from start to rollout."""

from __future__ import annotations

import argparse
import json
import subprocess
from pathlib import Path

import pytest

from pilotkit.cli import build_parser
from pilotkit.template import bundle
from pilotkit.template.embedded import embedded_template
from pilotkit.workshop.catalog import exercises
from tests.conftest import REPO_ROOT, Cli
from tests.template_repo import TemplateRepo, git, tree

CHECKLIST = "template/review/agent-pr-review.md"


def test_init_check_tag_and_roll_out(cli: Cli, tmp_path: Path) -> None:
    org = tmp_path / "org-template"
    init = cli("template", "init", org)
    assert init.code == 0, init.err
    assert f"Created template {org} from pilotkit's template 0.1.0." in init.out
    assert git(org, "tag").split() == ["v1.0.0"]
    assert git(org, "status", "--porcelain") == ""
    assert "pilotkit template check" in (org / "README.md").read_text()
    pilot = tmp_path / "pilot"
    assert cli("new", pilot, "--defaults", "--template", org).code == 0

    checklist = org / CHECKLIST
    checklist.write_text(checklist.read_text() + "\n## Migrations\n\n- [ ] Reversible.\n")
    check = cli("template", "check", org, "--jobs", "2")

    assert check.code == 0, check.out + check.err
    lines = check.out.splitlines()
    assert lines[0] == f"Template {org} at HEAD: 24 combinations"
    for name in ("agent kiro alone", "server sentry, every agent", "custom servers, every agent"):
        assert f"ok    {name}" in lines
    # ... and the built-in workshop exercises still work with the lead's template.
    assert "ok    workshop exercise mcp-hygiene" in lines
    assert "ok    workshop exercise template-update" in lines
    assert lines[-1] == f"{24 + len(exercises())} passed, 0 failed"

    git(org, "commit", "--quiet", "--all", "-m", "Ask for reversible migrations")
    git(org, "tag", "v1.1.0")
    update = cli("update", pilot)
    assert update.code == 0, update.out
    assert f"{pilot}: updated 1.0.0 → 1.1.0" in update.out
    assert "- [ ] Reversible." in (pilot / "review/agent-pr-review.md").read_text()


def test_init_copies_the_installed_bundle_not_a_checkout(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = TemplateRepo(tmp_path / "source")
    repo.replace("review/agent-pr-review.md", "# Agent pull-request review", "# Bundle only")
    built = tmp_path / "venv" / "pilotkit" / "_embedded" / "template.bundle"
    bundle.build(repo.path, "0.3.0", built)
    monkeypatch.setenv("PILOTKIT_TEMPLATE_BUNDLE", str(built))

    run = cli("template", "init", tmp_path / "org", "--tag", "v0.1.0")

    assert run.code == 0, run.err
    assert "from pilotkit's template 0.3.0" in run.out
    org = tmp_path / "org"
    assert (org / CHECKLIST).read_text().startswith("# Bundle only")
    assert tree(org, "copier.yml", "template") == tree(repo.path, "copier.yml", "template")
    assert git(org, "tag").split() == ["v0.1.0"]


def test_init_from_the_real_embedded_template(cli: Cli, tmp_path: Path) -> None:
    embedded = embedded_template()
    clone = tmp_path / "embedded"
    subprocess.run(["git", "clone", "-q", str(embedded.path), str(clone)], check=True)
    git(clone, "checkout", "--quiet", embedded.ref)

    assert cli("template", "init", tmp_path / "org").code == 0

    assert tree(tmp_path / "org", "copier.yml", "template") == tree(clone, "copier.yml", "template")


def test_check_names_the_failing_combination_and_why(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = tmp_path / "org"
    assert cli("template", "init", org).code == 0
    kiro_only = org / "template" / ".kiro" / "steering"
    kiro_only.mkdir(parents=True, exist_ok=True)
    (kiro_only / "broken.md.jinja").write_text("Pilot {{ no_such_answer }}\n")
    (task_template,) = (org / "template" / "tasks").iterdir()
    text = task_template.read_text()
    broken = "{% if tasks | length == 1 %}status: [unclosed\n{% endif %}"
    task_template.write_text(text.replace("status: todo", broken + "status: todo", 1))
    monkeypatch.chdir(org)  # SRC defaults to the current directory

    run = cli("template", "check", "--only", "kiro", "--only", "single", "--only", "worked")

    assert run.code == 1
    lines = run.out.splitlines()
    assert lines[0] == f"Template {org} at HEAD: 3 combinations"
    assert lines[1] == "ok    worked example (defaults)"
    assert lines[2] == "FAIL  agent kiro alone"
    assert lines[3] == (
        f"      template {org} failed to render in template/.kiro/steering/broken.md.jinja:1: "
        "'no_such_answer' is undefined"
    )
    assert lines[4] == "FAIL  a single task"
    assert any(
        line.startswith("      tasks/T01-show-the-last-export-date.md:") for line in lines[5:]
    )
    assert lines[-1] == "1 passed, 2 failed"

    data = cli("template", "check", "--only", "single", "--format", "json")
    (combination,) = json.loads(data.out)["combinations"]
    assert combination["passed"] is False
    paths = [item["path"] for item in combination["findings"]]
    assert "tasks/T01-show-the-last-export-date.md" in paths


def test_what_template_commands_refuse(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")

    not_template = cli("template", "check", tmp_path)
    taken = cli("template", "init", tmp_path / "full")
    bad_tag = cli("template", "init", tmp_path / "new", "--tag", "first")
    nothing = cli("template", "check", tmp_path / "missing")

    assert (not_template.code, taken.code, bad_tag.code, nothing.code) == (2, 2, 2, 2)
    assert (
        not_template.err == f"pilotkit: error: {tmp_path} is not a template: it has no copier.yml\n"
    )
    assert "is not empty" in taken.err
    assert "--tag first: give a version tag such as v1.0.0" in bad_tag.err
    assert "does not exist" in nothing.err
    assert not (tmp_path / "new").exists()


def test_every_template_action_and_flag_is_documented() -> None:
    """test_docs checks the flags of commands; `template` has actions with their own."""
    page = (REPO_ROOT / "docs" / "reference" / "commands.md").read_text()
    template = _subcommands(build_parser())["template"]
    for action, parser in _subcommands(template).items():
        section = page.split(f"## `pilotkit template {action}", 1)[1].split("\n## ", 1)[0]
        for option in parser._actions:
            for flag in option.option_strings:
                if flag.startswith("--") and flag != "--help":
                    assert f"`{flag}" in section, f"template {action} {flag}"


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_check_reads_the_catalog_of_a_bundle_at_its_newest_tag(cli: Cli, tmp_path: Path) -> None:
    org = tmp_path / "org"
    assert cli("template", "init", org).code == 0
    catalog = org / "template" / "_pilotkit" / "catalog.yml"
    catalog.write_text(catalog.read_text().replace("\n    memory:\n", "\n    notes:\n", 1))
    git(org, "commit", "--quiet", "--all", "-m", "Rename the memory server")
    git(org, "tag", "v1.1.0")
    catalog.write_text(catalog.read_text().replace("\n    notes:\n", "\n    draft:\n", 1))
    handed_out = tmp_path / "org.bundle"
    git(org, "bundle", "create", "--quiet", str(handed_out), "--all")

    run = cli("template", "check", handed_out, "--only", "server notes")

    assert run.code == 0, run.out + run.err
    assert run.out.splitlines() == [
        f"Template {handed_out}: 1 combination",
        "ok    server notes, every agent",
        "1 passed, 0 failed",
    ]
