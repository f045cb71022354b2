"""Fixtures for `pilotkit import`: the sources, the real sample, a pilot to import into."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from pilotkit.commands.check import check
from tests.conftest import REPO_ROOT, Cli
from tests.tasks.conftest import pilot_dir, pristine_pilot

__all__ = ["pilot_dir", "pristine_pilot"]

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "import"
# What `check` says of an imported task whose source gives it no acceptance criteria (the
# task file keeps the template's placeholder) or no requirement: real gaps of the source.
FILLER = (
    "acceptance criteria are the template's placeholder "
    "(The steps above are done and every existing test still pass…)"
)
NO_SPEC = "covers no requirement: an agent handed it gets no spec"


def _samples() -> Path | None:
    """The shared samples folder: beside the main checkout's parent, or where
    PILOTKIT_SAMPLES says (read once, before each test's environment is isolated)."""
    candidates = [Path(os.environ["PILOTKIT_SAMPLES"])] if "PILOTKIT_SAMPLES" in os.environ else []
    candidates.append(REPO_ROOT.parent / "shared" / "samples")
    proc = subprocess.run(
        ["git", "rev-parse", "--path-format=absolute", "--git-common-dir"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode == 0 and proc.stdout.strip():
        main_checkout = Path(proc.stdout.strip()).parent
        candidates.append(main_checkout.parent / "shared" / "samples")
    return next((path for path in candidates if path.is_dir()), None)


SAMPLES = _samples()
SAMPLE = SAMPLES / "speckit-tictactoe-014" if SAMPLES else None


@pytest.fixture
def sample() -> Path:
    """The real spec-kit feature of the shared samples (read only; never copied here)."""
    if SAMPLE is None or not SAMPLE.is_dir():
        pytest.skip("the shared samples folder (speckit-tictactoe-014) is not on this machine")
    return SAMPLE


def source_copy(tmp_path: Path, fmt: str) -> Path:
    """A writable copy of the FMT fixture, for tests that break it."""
    dest = tmp_path / f"{fmt}-source"
    shutil.copytree(FIXTURES / fmt, dest)
    return dest


def findings(pilot: Path) -> list[tuple[str, str, str]]:
    """(rule, location, message) of every finding `pilotkit check` makes on PILOT."""
    result = check(pilot)
    return sorted((f.rule, f.location(), f.message) for f in result.findings)


def graph(cli: Cli, pilot: Path) -> dict[str, object]:
    run = cli("tasks", "graph", "--format", "json", "--pilot", pilot)
    assert run.code == 0, run.err
    data: dict[str, object] = json.loads(run.out)
    return data


def listing(path: Path) -> dict[str, bytes]:
    """Every file under PATH (git's own aside) with its bytes."""
    return {
        p.relative_to(path).as_posix(): p.read_bytes()
        for p in sorted(path.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(path).parts
    }
