"""Fixtures for `--push`: a bare repository in a temp directory as the pilot's remote, and clones.

The remote holds the default pilot (rendered once per session by a real `pilotkit new`);
each clone is a real `git clone` of it, with `origin/main` as its branch's upstream.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.tasks.conftest import pristine_pilot

__all__ = ["pristine_pilot"]


def git(cwd: Path, *args: str) -> str:
    """Run git in CWD and return what it printed (stripped); fail the test if it fails."""
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout.strip()


@pytest.fixture(scope="session")
def pristine_origin(pristine_pilot: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A bare repository holding the default pilot on `main`, made once per session."""
    base = tmp_path_factory.mktemp("origin")
    seed = base / "seed"
    shutil.copytree(pristine_pilot, seed)
    identity = ["-c", "user.name=Pilot Tester", "-c", "user.email=tester@example.com"]
    git(seed, "init", "-q", "-b", "main")
    git(seed, "add", "--all")
    git(seed, *identity, "commit", "-q", "-m", "Start the pilot")
    bare = base / "origin.git"
    git(base, "init", "-q", "--bare", "-b", "main", str(bare))
    git(seed, "push", "-q", str(bare), "main")
    return bare


@pytest.fixture
def origin(pristine_origin: Path, tmp_path: Path) -> Path:
    """The pilot's remote: a bare repository of this test's own, in a temp directory."""
    bare = tmp_path / "origin.git"
    shutil.copytree(pristine_origin, bare)
    return bare


def clone(origin: Path, dest: Path) -> Path:
    """A clone of ORIGIN at DEST, on `main` tracking `origin/main`."""
    git(origin.parent, "clone", "-q", str(origin), str(dest))
    return dest


@pytest.fixture
def mine(origin: Path, tmp_path: Path) -> Path:
    """One agent's clone of the pilot."""
    return clone(origin, tmp_path / "mine")


@pytest.fixture
def theirs(origin: Path, tmp_path: Path) -> Path:
    """Another agent's clone of the pilot, made at the same moment as `mine`."""
    return clone(origin, tmp_path / "theirs")


def remote_file(origin: Path, path: str) -> str:
    """PATH's text on the remote's `main`."""
    return git(origin, "show", f"main:{path}")


def task_path(origin: Path, task_id: str) -> str:
    """The path of TASK_ID's file on the remote's `main`."""
    names = git(origin, "ls-tree", "--name-only", "main", "tasks/").splitlines()
    return next(name for name in names if name.startswith(f"tasks/{task_id}-"))


def front(text: str) -> dict[str, str]:
    """The front matter of a task file's TEXT, as `key: value` strings."""
    head = text.split("---\n")[1]
    return dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)


def state(repo: Path) -> dict[str, object]:
    """Everything of a clone a command must leave as it was: refs, index, every file."""
    files = {
        path.relative_to(repo).as_posix(): path.read_bytes()
        for path in sorted(repo.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(repo).parts
    }
    return {
        "head": git(repo, "rev-parse", "HEAD"),
        "branch": _maybe(repo, "symbolic-ref", "--quiet", "HEAD"),
        "tracking": _maybe(repo, "rev-parse", "--verify", "--quiet", "refs/remotes/origin/main"),
        "status": git(repo, "status", "--porcelain", "--untracked-files=all"),
        "files": files,
    }


def _maybe(repo: Path, *args: str) -> str | None:
    """What `git ARGS` prints in REPO, or None when it fails (no such ref)."""
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=False)
    return proc.stdout.strip() if proc.returncode == 0 else None
