"""Where `--push` pushes: a remote and a branch on it, found before anything is changed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pilotkit import git
from pilotkit.errors import PilotkitError


class RemoteError(PilotkitError):
    """The remote cannot be reached or used as asked (exit 2); the clone is as it was."""


@dataclass(frozen=True)
class Target:
    """The remote branch a command fetches and pushes, and the local branch it moves."""

    remote: str
    branch: str
    local: str

    @property
    def tracking(self) -> str:
        """The remote-tracking ref that holds what was last fetched of the branch."""
        return f"refs/remotes/{self.remote}/{self.branch}"

    def __str__(self) -> str:
        return f"{self.remote}/{self.branch}"


def resolve(root: Path, remote: str | None = None, branch: str | None = None) -> Target:
    """The target for the clone at ROOT: REMOTE and BRANCH if given, else the upstream's."""
    if not git.is_work_tree(root):
        raise RemoteError(
            f"{root} is not in a git repository: --push and --fetch work in a clone of the "
            "pilot's repository (or run without them)"
        )
    local = _current_branch(root)
    upstream_remote = git.config_value(f"branch.{local}.remote", root)
    merge = git.config_value(f"branch.{local}.merge", root)
    remotes = git.run(["remote"], root).stdout.split()
    if not remotes:
        raise RemoteError(
            "the pilot's repository has no remote: add one (`git remote add origin URL`) "
            f"and push {local} to it (`git push -u origin {local}`), or run without --push"
        )
    name = remote or upstream_remote
    if name is None:
        raise RemoteError(
            f"branch {local} has no upstream: set one with `git push -u {remotes[0]} {local}`, "
            f"or name the remote with --remote (or `remote.name` in .pilotkit.yaml)"
        )
    if name == ".":
        raise RemoteError(
            f"branch {local} tracks a local branch, not a remote: set its upstream to the "
            f"pilot's remote (`git branch --set-upstream-to {remotes[0]}/{local}`)"
        )
    if name not in remotes:  # a URL as upstream has no remote-tracking ref to compare with
        raise RemoteError(
            f"no remote named {name!r} (the remotes are {', '.join(remotes)}): "
            "fix --remote or `remote.name` in .pilotkit.yaml, or add it with `git remote add`"
        )
    if branch is None:
        same = merge is not None and name == upstream_remote
        branch = merge.removeprefix("refs/heads/") if same and merge else local
    return Target(name, branch, local)


def _current_branch(root: Path) -> str:
    proc = git.run(["symbolic-ref", "--quiet", "--short", "HEAD"], root, check=False)
    name = proc.stdout.strip()
    if proc.returncode != 0 or not name:
        raise RemoteError(
            "HEAD is detached: check out the pilot's branch (`git switch main`) before "
            "--push, so that the move lands on it"
        )
    return name
