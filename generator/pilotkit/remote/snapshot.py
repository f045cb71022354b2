"""The pilot as its remote branch has it, to read (`tasks next --fetch`), not to change.

The remote's commit is written to a scratch folder through a scratch index, so the
clone's own branch, index and files stay exactly as they are, however stale or dirty;
only its remote-tracking ref moves, as `git fetch` moves it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pilotkit import git, lock
from pilotkit.remote import settings, transport
from pilotkit.remote.loop import Push
from pilotkit.remote.target import Target, resolve


@dataclass(frozen=True)
class Snapshot:
    """The pilot's root in the scratch copy, the remote branch it came from, its commit."""

    root: Path
    target: Target
    commit: str

    @property
    def source(self) -> str:
        return f"{self.target} at {self.commit[:7]}"


@contextmanager
def fetched(root: Path, where: Push | None = None) -> Iterator[Snapshot]:
    """Fetch the pilot's remote branch and give its files, removed again after the block."""
    where = where or Push()
    name, branch = where.remote, where.branch
    if name is None or branch is None:
        found = settings.read(root)
        name, branch = name or found.name, branch or found.branch
    with lock.exclusive(root):  # a `--push` in this clone fetches too
        target = resolve(root, name, branch)
        head = transport.fetch(root, target)
    top = Path(git.run(["rev-parse", "--show-toplevel"], root).stdout.strip())
    prefix = git.run(["rev-parse", "--show-prefix"], root).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="pilotkit-fetched-") as scratch:
        tree = Path(scratch) / "tree"
        env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
        git.run(["read-tree", head], top, env=env)
        git.run(["checkout-index", "--all", f"--prefix={tree}/"], top, env=env)
        yield Snapshot(tree / prefix, target, head)
