"""Fixtures for `pilotkit tasks`: a default pilot rendered once, copied fresh for each test."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.checkpilot import INDEX_REQUIREMENT
from tests.conftest import REPO_ROOT, python_command


@pytest.fixture(scope="session")
def pristine_pilot(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Path:
    """The default pilot, rendered once per session by a real `pilotkit new` process."""
    home = tmp_path_factory.mktemp("pristine-home")
    (home / ".gitconfig").write_text("[user]\n\tname = T\n\temail = t@example.com\n")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "COPIER_"))},
        "HOME": str(home),
        "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "COPIER_SETTINGS_PATH": str(home / "copier-settings.yml"),
        "PILOTKIT_CACHE_DIR": str(shared_cache),
        "PYTHONPATH": str(REPO_ROOT / "generator"),
    }
    dest = tmp_path_factory.mktemp("pristine") / "pilot"
    # As a pilotkit installed from an index makes it: CI can install it (no PK-C001).
    argv = python_command("new", str(dest), "--defaults", "--no-git", "--data", INDEX_REQUIREMENT)
    subprocess.run(argv, env=env, check=True, capture_output=True)
    return dest


@pytest.fixture
def pilot_dir(pristine_pilot: Path, tmp_path: Path) -> Path:
    """A fresh copy of the default pilot in a git repository of its own."""
    dest = tmp_path / "pilot"
    shutil.copytree(pristine_pilot, dest)
    subprocess.run(["git", "init", "-q", "-b", "main", str(dest)], check=True)
    return dest


def task_file(pilot: Path, task_id: str) -> Path:
    """The file of TASK_ID in PILOT."""
    return next((pilot / "tasks").glob(f"{task_id}-*.md"))


def set_field(pilot: Path, task_id: str, field: str, value: str) -> None:
    """Rewrite one front matter line by hand, as a person would."""
    path = task_file(pilot, task_id)
    lines = path.read_text().splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith(f"{field}:"):
            lines[index] = f"{field}: {value}\n"
            break
    else:
        closing = lines.index("---\n", 1)
        lines.insert(closing, f"{field}: {value}\n")
    path.write_text("".join(lines))


def write_task(
    pilot: Path,
    task_id: str,
    *,
    status: str = "todo",
    depends_on: str = "[]",
    files: str = "[src/x.py]",
    assignee: str = "null",
    extra: str = "",
    title: str = "A task",
) -> Path:
    """Replace TASK_ID's file with a small task of the given fields."""
    for old in (pilot / "tasks").glob(f"{task_id}-*.md"):
        old.unlink()
    path = pilot / "tasks" / f"{task_id}-a-task.md"
    path.write_text(
        f"---\nid: {task_id}\ntitle: {title}\nstatus: {status}\ndepends_on: {depends_on}\n"
        f"requirements: [R1]\nfiles: {files}\nassignee: {assignee}\nbranch: null\n{extra}---\n\n"
        "## Acceptance criteria\n\n- It works.\n"
    )
    return path
