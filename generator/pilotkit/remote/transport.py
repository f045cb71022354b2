"""Talking to the remote: fetch its branch, push one commit onto it, never with force.

git asks no question on a terminal here (`GIT_TERMINAL_PROMPT=0` unless you set it):
a command that may fetch and push several times must fail with a line saying why, not
wait for a password. Credential helpers and SSH keys work as they do for `git fetch`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from pilotkit import git
from pilotkit.remote import clone
from pilotkit.remote.target import RemoteError, Target

# `user:token@` in a URL that git quotes in a message: never shown.
_CREDENTIALS = re.compile(r"(?<=://)[^/@\s]+@")


@dataclass(frozen=True)
class Rejection:
    """The remote refused the update: git's status for it, and what the remote said."""

    status: str
    said: str

    def __str__(self) -> str:
        return f"{self.status}: {self.said}" if self.said else self.status


def fetch(root: Path, target: Target) -> str:
    """Fetch TARGET's branch into its remote-tracking ref, forced, and return its commit."""
    refspec = f"+refs/heads/{target.branch}:{target.tracking}"
    proc = git.run(
        ["fetch", "--quiet", "--no-tags", target.remote, refspec], root, env=_env(), check=False
    )
    if proc.returncode != 0:
        reason = _reason(proc.stderr)
        if "couldn't find remote ref" in reason:
            raise RemoteError(
                f"{target.remote} has no branch {target.branch}: push it there once "
                f"(`git push -u {target.remote} {target.local}`) or name another with "
                "--remote-branch; nothing was changed"
            )
        raise RemoteError(
            f"could not fetch {target}: {reason}; make `git fetch {target.remote}` work (the "
            "remote's address, your credentials, the network), then retry; nothing was changed"
        )
    sha = clone.rev(root, target.tracking)
    if sha is None:  # git said it fetched, but the ref is not there: say so, never guess
        raise RemoteError(f"git fetch left no {target.tracking}; retry")
    return sha


def push(root: Path, target: Target, sha: str) -> Rejection | None:
    """Push SHA as TARGET's branch, without force: None when it landed, else the refusal.

    Raises RemoteError when the push failed without an answer (the connection broke, the
    credentials were refused): whether the remote took the commit is then unknown.
    """
    ref = f"refs/heads/{target.branch}"
    argv = ["push", "--porcelain", "--no-verify", target.remote, f"{sha}:{ref}"]
    proc = git.run(argv, root, env=_env(), check=False)
    for line in proc.stdout.splitlines():
        fields = line.split("\t")
        if len(fields) < 3 or not fields[1].endswith(f":{ref}"):
            continue
        if fields[0] != "!":
            return None if proc.returncode == 0 else Rejection(fields[2], _said(proc.stderr))
        return Rejection(fields[2], _said(proc.stderr))
    raise RemoteError(
        f"could not push to {target}: {_reason(proc.stderr or proc.stdout)}; the clone is as "
        f"it was; whether {target.remote} took the change is unknown: "
        "`pilotkit tasks list --fetch` shows it"
    )


def contended(rejection: Rejection) -> bool:
    """Whether REJECTION says someone else updated the branch first (so: fetch, retry)."""
    status = rejection.status
    if status.startswith("[rejected]"):  # fetch first, non-fast-forward
        return True
    reasons = ("failed to update ref", "failed to lock", "cannot lock ref", "incorrect old value")
    return any(reason in status or reason in rejection.said for reason in reasons)


def redact(text: str) -> str:
    """TEXT without the credentials a URL in it may carry."""
    return _CREDENTIALS.sub("", text)


def _env() -> dict[str, str]:
    return {"GIT_TERMINAL_PROMPT": os.environ.get("GIT_TERMINAL_PROMPT", "0")}


def _reason(stderr: str) -> str:
    """The line of git's output that says what went wrong (the first `fatal:`)."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    for prefix in ("fatal: ", "error: "):
        for line in lines:
            if line.startswith(prefix):
                return redact(line.removeprefix(prefix))
    return redact(lines[-1] if lines else "no output")


def _said(stderr: str) -> str:
    """The remote's own last words (`remote: …` lines), such as a hook's message."""
    said = [
        line.strip().removeprefix("remote:").strip()
        for line in stderr.splitlines()
        if line.strip().startswith("remote:") and line.strip() != "remote:"
    ]
    return redact(said[-1]) if said else ""
