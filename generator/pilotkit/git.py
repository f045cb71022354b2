"""The one place that runs git: every git call in pilotkit goes through `run`."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pilotkit.errors import PilotkitError

# Identity used for commits pilotkit makes inside its own scratch repositories (the
# embedded template bundle), never for commits in a user's pilot.
TOOL_IDENTITY = {
    "GIT_AUTHOR_NAME": "pilotkit",
    "GIT_AUTHOR_EMAIL": "pilotkit@localhost",
    "GIT_COMMITTER_NAME": "pilotkit",
    "GIT_COMMITTER_EMAIL": "pilotkit@localhost",
}


class GitError(PilotkitError):
    """git failed; the message carries git's own last line."""


@dataclass(frozen=True)
class CommitOutcome:
    """What happened when pilotkit tried to commit: a hash, or why not."""

    sha: str | None
    problem: str | None = None


def run(
    args: Sequence[str],
    cwd: Path | None = None,
    *,
    env: Mapping[str, str] | None = None,
    input: bytes | None = None,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    """Run `git ARGS` and return the completed process; raise GitError on failure."""
    full_env = {**os.environ, **env} if env else None
    try:
        child = subprocess.Popen(
            ["git", *args],
            cwd=cwd,
            env=full_env,
            stdin=subprocess.PIPE if input is not None else None,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    except (FileNotFoundError, NotADirectoryError) as err:
        if cwd is not None and not Path(cwd).is_dir():  # the folder, not git, is missing
            raise GitError(f"{cwd} is not a directory") from err
        raise GitError("git is not installed or not on PATH; install git and retry") from err
    with child:
        try:
            out, errors = child.communicate(input.decode() if input is not None else None)
        except BaseException:  # Ctrl-C or SIGTERM: git must be gone before any clean-up
            _stop(child)
            raise
    proc = subprocess.CompletedProcess(child.args, child.returncode, out, errors)
    if check and proc.returncode != 0:
        raise GitError(f"git {args[0]} failed: {last_line(proc.stderr or proc.stdout)}")
    return proc


def _stop(child: subprocess.Popen[str]) -> None:
    """End CHILD and wait for it, so that nothing writes to a repository being restored.

    SIGTERM, not SIGKILL: git removes its lock files (`index.lock`) on SIGTERM, and a
    lock file left behind would make the restore's own git commands fail.
    """
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def last_line(text: str) -> str:
    """The last non-empty line of git's output, which is where it says what went wrong."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no output"


def is_work_tree(path: Path) -> bool:
    """Whether PATH is inside a git work tree."""
    if not path.is_dir():
        return False
    proc = run(["rev-parse", "--is-inside-work-tree"], path, check=False)
    return proc.returncode == 0 and proc.stdout.strip() == "true"


def init(path: Path) -> None:
    """Create a repository at PATH whose first branch is `main`."""
    run(["init", "--quiet", "--initial-branch=main", str(path)])


def commit_all(path: Path, message: str) -> CommitOutcome:
    """Stage everything in PATH and commit; report a missing identity instead of failing."""
    run(["add", "--all"], path)
    proc = run(["commit", "--quiet", "--no-verify", "-m", message], path, check=False)
    if proc.returncode == 0:
        sha = run(["rev-parse", "--short", "HEAD"], path).stdout.strip()
        return CommitOutcome(sha=sha)
    output = proc.stderr + proc.stdout
    if "tell me who you are" in output or "auto-detect email" in output or "empty ident" in output:
        return CommitOutcome(sha=None, problem="git has no user identity")
    raise GitError(f"git commit failed: {last_line(output)}")


def worktrees(path: Path) -> list[Path]:
    """PATH's repository's work trees (the main one first), or just PATH outside git."""
    proc = run(["worktree", "list", "--porcelain"], path, check=False)
    if proc.returncode != 0:
        return [path]
    prefix = "worktree "
    found = [
        Path(line[len(prefix) :]) for line in proc.stdout.splitlines() if line.startswith(prefix)
    ]
    return [tree for tree in found if tree.is_dir()] or [path]


def config_value(key: str, cwd: Path) -> str | None:
    """The value git's configuration gives KEY as seen from CWD, or None when it has none."""
    proc = run(["config", "--get", key], cwd, check=False)
    value = proc.stdout.strip()
    return value if proc.returncode == 0 and value else None


def origin_url(cwd: Path) -> str | None:
    """The URL of the `origin` remote of the repository CWD is in, or None."""
    proc = run(["remote", "get-url", "origin"], cwd, check=False)
    value = proc.stdout.strip()
    return value if proc.returncode == 0 and value else None


def top_level(cwd: Path) -> Path | None:
    """The root of the work tree CWD is in, or None outside a work tree."""
    proc = run(["rev-parse", "--show-toplevel"], cwd, check=False)
    value = proc.stdout.strip()
    return Path(value) if proc.returncode == 0 and value else None
