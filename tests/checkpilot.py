"""A default pilot rendered once per test session, and a fresh copy of it per test.

Rendering with copier takes about a second; the rule tests plant one problem each in a
copy of the same pilot, so they copy a directory instead (git history included).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from pilotkit import __version__
from pilotkit.cli import main
from tests.conftest import isolated_env


def git(path: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=path, capture_output=True, text=True, check=True)
    return proc.stdout


# The requirement a pilotkit installed from a package index gives its pilots. This
# checkout runs as an editable install, whose pilots CI could not install (PK-C001).
INDEX_REQUIREMENT = f"pilotkit_requirement=pilotkit=={__version__}"


def render_default(dest: Path) -> None:
    """Render the default pilot at DEST, as a pilotkit installed from an index makes it."""
    assert main(["new", str(dest), "--defaults", "--data", INDEX_REQUIREMENT]) == 0


@pytest.fixture(scope="session", name="default_render")
def default_render_fixture(tmp_path_factory: pytest.TempPathFactory, shared_cache: Path) -> Path:
    """The default pilot, rendered once, with the same isolation as every test."""
    base = tmp_path_factory.mktemp("default-pilot")
    with isolated_env(base / "home", shared_cache):
        render_default(base / "pilot")
    return base / "pilot"


@pytest.fixture(name="pilot")
def pilot_fixture(default_render: Path, tmp_path: Path) -> Iterator[Path]:
    """A fresh copy of the default pilot, git history included."""
    dest = tmp_path / "pilot"
    shutil.copytree(default_render, dest, symlinks=True)
    yield dest


def line_of(path: Path, text: str, occurrence: int = 1) -> int:
    """The 1-based line of the OCCURRENCE-th line of PATH containing TEXT."""
    seen = 0
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if text in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{text!r} not in {path}")


def edit(path: Path, old: str, new: str) -> None:
    """Replace OLD (which must be there) with NEW in PATH."""
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def task_file(root: Path, task_id: str) -> Path:
    return next((root / "tasks").glob(f"{task_id}-*.md"))
