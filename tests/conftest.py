"""Shared fixtures: every test runs with its own HOME, git identity and copier settings."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from pilotkit.cli import main

REPO_ROOT = Path(__file__).resolve().parents[1]
# The day every test takes as today (pilotkit's clock): the fixtures' history is dated
# around it, so the suite gives the same results on any day it runs.
TODAY = "2026-11-28"

# CI runs every property test on the same examples (derived from the test itself), so a
# rare example cannot fail one landing and pass the next; locally the search stays random.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")


@dataclass(frozen=True)
class Run:
    """What a user sees from one `pilotkit` invocation."""

    code: int
    out: str
    err: str


@pytest.fixture(scope="session")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One pilotkit cache for the session, so the embedded bundle is built once."""
    return tmp_path_factory.mktemp("pilotkit-cache")


def isolate(patch: pytest.MonkeyPatch, home: Path, cache: Path) -> None:
    """Give HOME, git identity, copier's settings and cache, colour and today to PATCH."""
    home.mkdir(parents=True, exist_ok=True)
    gitconfig = home / ".gitconfig"
    gitconfig.write_text(
        "[user]\n\tname = Pilot Tester\n\temail = tester@example.com\n"
        "[init]\n\tdefaultBranch = main\n"
    )
    for name in list(os.environ):
        if name.startswith(("GIT_", "COPIER_", "PILOTKIT_", "XDG_")):
            patch.delenv(name)
    patch.setenv("HOME", str(home))
    patch.setenv("GIT_CONFIG_GLOBAL", str(gitconfig))
    patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    patch.setenv("COPIER_SETTINGS_PATH", str(home / "copier-settings.yml"))
    patch.setenv("COPIER_CACHE_DIR", str(home / "copier-cache"))
    patch.setenv("PILOTKIT_CACHE_DIR", str(cache))
    patch.setenv("NO_COLOR", "1")
    patch.setenv("PILOTKIT_TODAY", TODAY)
    # Subprocesses (`python -m pilotkit`, the pilot's hooks) run this checkout's package too.
    patch.setenv("PYTHONPATH", str(REPO_ROOT / "generator"))


@contextmanager
def isolated_env(home: Path, cache: Path) -> Iterator[pytest.MonkeyPatch]:
    """The `isolated` fixture's environment, for fixtures that outlive one test."""
    with pytest.MonkeyPatch.context() as patch:
        isolate(patch, home, cache)
        yield patch


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_cache: Path) -> Path:
    """Every test: its own HOME, git identity, copier settings and cache; no colour."""
    isolate(monkeypatch, tmp_path / "home", shared_cache)
    return tmp_path / "home"


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Cli:
    return Cli(capsys)


class Cli:
    """Run `pilotkit ARGS` in-process through `main(argv)` and capture what it prints."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self._capsys = capsys

    def __call__(self, *argv: str | os.PathLike[str]) -> Run:
        self._capsys.readouterr()
        code = main([str(arg) for arg in argv])
        captured = self._capsys.readouterr()
        return Run(code, captured.out, captured.err)


def python_command(*argv: str) -> list[str]:
    """`python -m pilotkit ARGV` with this interpreter, for tests that need a real process."""
    return [sys.executable, "-m", "pilotkit", *argv]
