"""The pre-commit hook: a real `pre-commit run --all-files` in a generated pilot, offline."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import yaml

from pilotkit import __version__
from tests.checkpilot import (
    default_render_fixture,  # noqa: F401 (a fixture)
    edit,
    pilot_fixture,  # noqa: F401 (a fixture)
    task_file,
)
from tests.conftest import REPO_ROOT


def pre_commit(
    pilot: Path, *args: str, home: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run pre-commit in PILOT with this environment's pilotkit first on PATH, no network."""
    scripts = Path(sysconfig.get_path("scripts"))
    env = {
        **os.environ,
        "PATH": f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}",
        "PRE_COMMIT_HOME": str(home or pilot.parent / "pre-commit-home"),
        # Any attempt to fetch a hook repository or a package fails at once.
        "GIT_ALLOW_PROTOCOL": "file",
        "PIP_NO_INDEX": "1",
        "NO_COLOR": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=pilot,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_pre_commit_passes_in_the_default_pilot(pilot: Path) -> None:
    proc = pre_commit(pilot, "run", "--all-files")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert re.search(r"^pilotkit check \(.*\)\.+Passed$", proc.stdout, re.MULTILINE), proc.stdout


def test_pre_commit_fails_with_the_findings(pilot: Path) -> None:
    task = task_file(pilot, "T01")
    edit(task, "depends_on: []", "depends_on: [T06]")
    proc = pre_commit(pilot, "run", "--all-files")
    assert proc.returncode == 1
    assert "dependency cycle: T01 → T06 → T04 → T01" in proc.stdout
    assert f"{task.relative_to(pilot).as_posix()}:5: PK-T009 error" in proc.stdout


def test_an_older_pilotkit_refuses_with_one_line(pilot: Path) -> None:
    config = pilot / ".pre-commit-config.yaml"
    edit(config, f"--min-version {__version__}", "--min-version 99.0.0")
    proc = pre_commit(pilot, "run", "pilotkit-check", "--all-files")
    assert proc.returncode == 1
    assert "pilotkit: error: this pilot's checks need pilotkit 99.0.0 or newer" in proc.stdout


def test_template_pins_its_own_version(pilot: Path) -> None:
    config = yaml.safe_load((pilot / ".pre-commit-config.yaml").read_text())
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["pilotkit-check"]["entry"] == f"pilotkit check --min-version {__version__}"
    # CI installs the pilotkit that made the pilot; this one as from an index (checkpilot).
    workflow = (pilot / ".github" / "workflows" / "pilot.yml").read_text()
    assert f'PILOTKIT_REQUIREMENT: "pilotkit=={__version__}"' in workflow
    assert (
        f"pipx install 'pilotkit=={__version__}'" in (pilot / ".pre-commit-config.yaml").read_text()
    )


def test_published_hook_manifest_is_valid(tmp_path: Path) -> None:
    proc = pre_commit(REPO_ROOT, "validate-manifest", ".pre-commit-hooks.yaml", home=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (hook,) = yaml.safe_load((REPO_ROOT / ".pre-commit-hooks.yaml").read_text())
    assert (hook["id"], hook["entry"]) == ("pilotkit-check", "pilotkit check")
    assert hook["pass_filenames"] is False
