"""`pilotkit new`: the default pilot, answers and overrides, other templates, plain copier."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pilotkit.pilot.frontmatter import split
from tests.conftest import REPO_ROOT, Cli

# The files PRODUCT.md promises in every default pilot (Claude chosen, GitHub + filesystem).
DEFAULT_FILES = [
    ".copier-answers.yml",
    "README.md",
    "PILOT.md",
    "AGENTS.md",
    "CLAUDE.md",
    ".claude/agents/planner.md",
    ".claude/agents/implementer.md",
    ".claude/agents/reviewer.md",
    ".mcp.json",
    ".env.example",
    "specs/requirements.md",
    "specs/design.md",
    "review/spec-review.md",
    "review/guideline-review.md",
    "review/agent-pr-review.md",
    "review/retrospective.md",
    ".github/pull_request_template.md",
    "metrics/estimate.yaml",
    "metrics/journal.yaml",
    ".pre-commit-config.yaml",
    ".github/workflows/pilot.yml",
    ".gitignore",
]
TASK_FIELDS = ["id", "title", "status", "depends_on", "requirements", "files", "assignee", "branch"]


def git(path: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=path, capture_output=True, text=True, check=True
    ).stdout


def tree(path: Path) -> dict[str, bytes]:
    """Every file under PATH except .git, by relative path."""
    return {
        p.relative_to(path).as_posix(): p.read_bytes()
        for p in sorted(path.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(path).parts
    }


def task_front_matter(pilot: Path) -> dict[str, dict[str, object]]:
    found = {}
    for task_file in sorted((pilot / "tasks").glob("T*.md")):
        front = split(task_file.read_text()).yaml
        assert front is not None, f"{task_file.name} has no front matter"
        found[task_file.name] = yaml.safe_load(front)
    return found


def test_defaults_make_a_committed_worked_example(cli: Cli, tmp_path: Path) -> None:
    dest = tmp_path / "pilot"
    run = cli("new", dest, "--defaults")

    assert run.code == 0, run.err
    assert "Created pilot invoice-export" in run.out
    for name in DEFAULT_FILES:
        assert (dest / name).is_file(), f"missing {name}"
    assert git(dest, "log", "--format=%s").splitlines() == [
        "Start pilot invoice-export from template v0.1.0"
    ]
    assert git(dest, "status", "--porcelain") == ""
    assert git(dest, "branch", "--show-current").strip() == "main"


def test_default_pilot_files_parse(cli: Cli, tmp_path: Path) -> None:
    dest = tmp_path / "pilot"
    assert cli("new", dest, "--defaults").code == 0

    for path in dest.rglob("*"):
        if path.suffix in {".yaml", ".yml"}:
            yaml.safe_load(path.read_text())
        if path.suffix == ".json":
            json.loads(path.read_text())
    tasks = task_front_matter(dest)
    assert len(tasks) == 6
    for name, front in tasks.items():
        assert list(front) == TASK_FIELDS, name
        assert front["status"] == "todo"
    first_wave = [f["id"] for f in tasks.values() if not f["depends_on"]]
    assert len(first_wave) >= 2, "the worked example needs parallel tasks"
    estimate = yaml.safe_load((dest / "metrics/estimate.yaml").read_text())
    assert set(estimate["tasks"]) == {f["id"] for f in tasks.values()}
    assert estimate["total"] == sum(estimate["tasks"].values())


def test_answers_record_an_offline_source_for_updates(cli: Cli, tmp_path: Path) -> None:
    dest = tmp_path / "pilot"
    assert cli("new", dest, "--defaults").code == 0

    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    source = Path(answers["_src_path"])
    assert source.is_absolute() and source.is_file() and source.suffix == ".bundle"
    assert answers["_commit"] == "v0.1.0"
    heads = subprocess.run(
        ["git", "bundle", "list-heads", str(source)], capture_output=True, text=True, check=True
    ).stdout
    assert "refs/tags/v0.1.0" in heads


def test_answers_file_and_data_override_defaults(cli: Cli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_text(
        "pilot_name: search-v2\nengineer: Ana Díaz\nagents: [codex]\nmcp_servers: [filesystem]\n"
    )
    dest = tmp_path / "pilot"
    run = cli("new", dest, "--answers", answers, "--data", "engineer=Kim Ode")

    assert run.code == 0, run.err
    recorded = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert recorded["pilot_name"] == "search-v2"
    assert recorded["engineer"] == "Kim Ode"
    assert not (dest / "CLAUDE.md").exists() and not (dest / ".claude").exists()


def test_copied_answers_file_remakes_the_same_pilot(cli: Cli, tmp_path: Path) -> None:
    first = tmp_path / "first"
    assert cli("new", first, "--defaults", "--data", "pilot_name=remade").code == 0
    copy = tmp_path / "answers.yml"
    shutil.copy(first / ".copier-answers.yml", copy)
    second = tmp_path / "second"

    assert cli("new", second, "--answers", copy).code == 0
    assert tree(first) == tree(second)


def test_no_git_leaves_a_plain_directory(cli: Cli, tmp_path: Path) -> None:
    dest = tmp_path / "pilot"
    run = cli("new", dest, "--defaults", "--no-git")

    assert run.code == 0, run.err
    assert (dest / "AGENTS.md").is_file()
    assert not (dest / ".git").exists()


def test_empty_existing_destination_is_used(cli: Cli, tmp_path: Path) -> None:
    dest = tmp_path / "pilot"
    dest.mkdir()
    assert cli("new", dest, "--defaults").code == 0
    assert (dest / "AGENTS.md").is_file()


def test_missing_parents_are_created(cli: Cli, tmp_path: Path) -> None:
    dest = tmp_path / "a" / "b" / "pilot"
    assert cli("new", dest, "--defaults").code == 0
    assert (dest / "AGENTS.md").is_file()


def test_plain_copier_gives_the_same_tree(cli: Cli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_text(
        "pilot_name: same-tree\nagents: [claude, codex]\nestimate_date: '2026-01-05'\n"
    )
    ours = tmp_path / "ours"
    assert cli("new", ours, "--answers", answers, "--no-git").code == 0
    theirs = tmp_path / "theirs"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "copier",
            "copy",
            "--quiet",
            "--vcs-ref",
            "HEAD",
            "--data-file",
            str(answers),
            "--defaults",
            str(REPO_ROOT),
            str(theirs),
        ],
        check=True,
        capture_output=True,
    )

    ours_tree, theirs_tree = tree(ours), tree(theirs)
    ours_answers = yaml.safe_load(ours_tree.pop(".copier-answers.yml"))
    theirs_answers = yaml.safe_load(theirs_tree.pop(".copier-answers.yml"))
    assert ours_tree == theirs_tree
    for meta in ("_src_path", "_commit"):
        ours_answers.pop(meta), theirs_answers.pop(meta)
    assert ours_answers == theirs_answers


def make_template(root: Path, body: str = "Hello {{ name }}\n", version: str | None = None) -> Path:
    """A tiny copier template at ROOT, optionally a git repo tagged VERSION."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "copier.yml").write_text("name:\n  type: str\n  default: world\n")
    (root / "hello.txt.jinja").write_text(body)
    (root / "{{ _copier_conf.answers_file }}.jinja").write_text(
        "{{ _copier_answers | to_nice_yaml }}"
    )
    if version:
        if not (root / ".git").exists():
            subprocess.run(["git", "init", "-q", str(root)], check=True)
        subprocess.run(["git", "add", "-A"], cwd=root, check=True)
        subprocess.run(["git", "commit", "-qm", version], cwd=root, check=True)
        subprocess.run(["git", "tag", version], cwd=root, check=True)
    return root


def test_other_template_at_a_chosen_version(cli: Cli, tmp_path: Path) -> None:
    source = make_template(tmp_path / "tpl", "one {{ name }}\n", version="v1.0.0")
    make_template(source, "two {{ name }}\n", version="v2.0.0")
    dest = tmp_path / "pilot"

    run = cli("new", dest, "--template", source, "--vcs-ref", "v1.0.0", "--data", "name=lead")

    assert run.code == 0, run.err
    assert (dest / "hello.txt").read_text() == "one lead\n"
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert answers["_commit"] == "v1.0.0"
    assert answers["_src_path"] == str(source)


def test_other_template_from_a_bundle(cli: Cli, tmp_path: Path) -> None:
    source = make_template(tmp_path / "tpl", version="v1.0.0")
    bundle = tmp_path / "tpl.bundle"
    subprocess.run(["git", "bundle", "create", "-q", str(bundle), "--all"], cwd=source, check=True)
    dest = tmp_path / "pilot"

    assert cli("new", dest, "--template", bundle, "--defaults").code == 0
    assert (dest / "hello.txt").read_text() == "Hello world\n"


def test_python_dash_m_runs_the_cli() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pilotkit", "--version"], capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert proc.stdout.startswith("pilotkit ")


@pytest.mark.parametrize("flag", ["--defaults", "--no-git"])
def test_help_lists_the_flag(cli: Cli, flag: str) -> None:
    run = cli("new", "--help")
    assert run.code == 0
    assert flag in run.out
