"""A pilot's CI installs the pilotkit that made it: pilotkit installed for real into a
virtualenv, from a git URL and from a local folder, then its own `pilotkit new`,
`doctor` and `check` run as a person would run them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml

from pilotkit import __version__
from tests.conftest import REPO_ROOT
from tests.template_repo import TemplateRepo, git
from tests.test_bundle import lend_dependencies

pytestmark = pytest.mark.slow
REQUIREMENT_LINE = "          PILOTKIT_REQUIREMENT: "


def run(*argv: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the installed one
    return subprocess.run(
        [str(arg) for arg in argv], cwd=cwd, env=env, capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """This checkout, as a clone a person would have: a git repository and its commit."""
    src = tmp_path_factory.mktemp("pilotkit-source") / "pilotkit"
    ignored = shutil.ignore_patterns(".git", ".venv", "*cache*", "build", "site", "node_modules")
    shutil.copytree(REPO_ROOT, src, ignore=ignored)
    identity = {**os.environ, "GIT_AUTHOR_NAME": "A Maintainer", "GIT_COMMITTER_NAME": "A"}
    identity |= {"GIT_AUTHOR_EMAIL": "m@example.com", "GIT_COMMITTER_EMAIL": "m@example.com"}
    for argv in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "pilotkit"]):
        subprocess.run(["git", *argv], cwd=src, env=identity, check=True, capture_output=True)
    sha = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=src, capture_output=True, text=True, check=True
    ).stdout.strip()
    return src, sha


def install(requirement: str, env_dir: Path) -> Path:
    """pilotkit installed by pip from REQUIREMENT into a new virtualenv; its `bin/`."""
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    lend_dependencies(python)
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet"]
    flags = ["--no-deps", "--no-build-isolation", "--no-index"]  # this environment's copier …
    proc = subprocess.run([*pip, *flags, requirement], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return env_dir / "bin"


def record(bin_dir: Path) -> Path:
    (found,) = bin_dir.parent.glob(f"lib/python*/site-packages/pilotkit-{__version__}.dist-info")
    return found / "direct_url.json"


def test_a_pilot_made_by_a_pilotkit_from_a_git_url_installs_that_url_and_commit(
    source: tuple[Path, str], tmp_path: Path
) -> None:
    src, sha = source
    bin_dir = install(f"git+{src.as_uri()}@{sha}", tmp_path / "venv")

    made = run(bin_dir / "pilotkit", "new", tmp_path / "pilot", "--defaults", cwd=tmp_path)

    assert made.returncode == 0, made.stderr
    requirement = f"pilotkit @ git+{src.as_uri()}@{sha}"
    workflow = (tmp_path / "pilot" / ".github" / "workflows" / "pilot.yml").read_text()
    steps = yaml.safe_load(workflow)["jobs"]["hooks"]["steps"]
    (install_step,) = [step for step in steps if "PILOTKIT_REQUIREMENT" in step.get("env", {})]
    assert install_step["env"]["PILOTKIT_REQUIREMENT"] == requirement
    answers = yaml.safe_load((tmp_path / "pilot" / ".copier-answers.yml").read_text())
    assert answers["pilotkit_requirement"] == requirement
    # A file: URL is exactly what was installed, and only this machine reaches it: said so.
    assert made.stderr.startswith(
        f"pilotkit: warning: pilotkit_requirement names git+{src.as_uri()}"
    )
    assert "which only this machine can reach" in made.stderr


def test_a_pilot_made_from_a_local_clone_says_ci_cannot_install_it_until_given(
    source: tuple[Path, str], tmp_path: Path
) -> None:
    src, _ = source
    bin_dir = install(str(src), tmp_path / "venv")
    pilot = tmp_path / "pilot"

    made = run(bin_dir / "pilotkit", "new", pilot, "--defaults", cwd=tmp_path)

    assert made.returncode == 0, made.stderr
    warning = [line for line in made.stderr.splitlines() if line.startswith("pilotkit: warning:")]
    assert warning == [
        "pilotkit: warning: pilotkit_requirement is empty, so CI (.github/workflows/pilot.yml) "
        f"cannot install pilotkit (this pilotkit is an install from the local folder {src}); "
        "to fix it, run `copier update --defaults --vcs-ref=:current: --data "
        "pilotkit_requirement='pilotkit @ git+https://github.com/ORG/pilotkit@COMMIT'` in the "
        "pilot and commit (`pilotkit==VERSION` once pilotkit is on your package index)"
    ]
    doctor = run(bin_dir / "pilotkit", "doctor", pilot, cwd=tmp_path)
    assert doctor.returncode == 1
    assert "FAIL  CI: pilotkit_requirement is empty, so CI" in doctor.stdout
    check = run(bin_dir / "pilotkit", "check", pilot, cwd=tmp_path)
    assert check.returncode == 0, check.stdout  # a warning
    assert ".copier-answers.yml:" in check.stdout and "PK-C001 warning" in check.stdout

    given = tmp_path / "given"
    made = run(
        bin_dir / "pilotkit", "new", given, "--defaults",
        "--data", "pilotkit_requirement=pilotkit==0.1.0", cwd=tmp_path,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "warning" not in made.stderr
    doctor = run(bin_dir / "pilotkit", "doctor", given, cwd=tmp_path)
    assert "  ok  CI installs pilotkit as `pilotkit==0.1.0`" in doctor.stdout
    check = run(bin_dir / "pilotkit", "check", given, cwd=tmp_path)
    assert "PK-C001" not in check.stdout

    # No install record: installed from a package index, as PEP 610 says.
    record(bin_dir).unlink()
    indexed = tmp_path / "indexed"
    made = run(bin_dir / "pilotkit", "new", indexed, "--defaults", cwd=tmp_path)
    assert made.returncode == 0 and "warning" not in made.stderr, made.stderr
    workflow = (indexed / ".github" / "workflows" / "pilot.yml").read_text()
    assert f'PILOTKIT_REQUIREMENT: "pilotkit=={__version__}"' in workflow

    # A record that is not JSON: one line, exit 2, nothing written; --data still works.
    record(bin_dir).write_text("{not json")
    broken = tmp_path / "broken"
    made = run(bin_dir / "pilotkit", "new", broken, "--defaults", cwd=tmp_path)
    assert made.returncode == 2
    assert made.stderr.count("\n") == 1 and "Traceback" not in made.stderr
    assert made.stderr.startswith(
        "pilotkit: error: pilotkit_requirement: cannot tell how this pilotkit was installed: "
        f"{record(bin_dir)} is not valid JSON"
    )
    assert "give the requirement CI installs with --data pilotkit_requirement=" in made.stderr
    assert not broken.exists()
    made = run(
        bin_dir / "pilotkit", "new", broken, "--defaults",
        "--data", "pilotkit_requirement=pilotkit==0.1.0", cwd=tmp_path,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr


def test_an_update_run_by_a_newer_pilotkit_from_the_same_url_moves_ci_to_it(
    source: tuple[Path, str], tmp_path: Path
) -> None:
    src, sha = source
    bin_dir = install(f"git+{src.as_uri()}@{sha}", tmp_path / "venv")
    repo = TemplateRepo(tmp_path / "org-template")
    pilot, older = tmp_path / "pilot", f"pilotkit @ git+{src.as_uri()}@{'0' * 40}"
    made = run(
        bin_dir / "pilotkit", "new", pilot, "--defaults", "--template", repo.path,
        "--data", f"pilotkit_requirement={older}", cwd=tmp_path,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    repo.replace("AGENTS.md.jinja", "## When you are blocked", "## When you are stuck")
    repo.release("v0.2.0")

    updated = run(bin_dir / "pilotkit", "update", pilot, "--commit", cwd=tmp_path)

    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert "updated 0.1.0 → 0.2.0" in updated.stdout
    newer = f"pilotkit @ git+{src.as_uri()}@{sha}"
    answers = yaml.safe_load((pilot / ".copier-answers.yml").read_text())
    assert answers["pilotkit_requirement"] == newer
    workflow = (pilot / ".github" / "workflows" / "pilot.yml").read_text()
    assert f"{REQUIREMENT_LINE}{json.dumps(newer)}\n" in workflow and older not in workflow
    message = git(pilot, "log", "-1", "--format=%B")
    assert "- modified .github/workflows/pilot.yml" in message
    assert "- modified AGENTS.md" in message
