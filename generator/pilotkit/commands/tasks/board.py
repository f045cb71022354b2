"""`pilotkit tasks board`: rewrite BOARD.md from the task files.

With `push`, from the remote's task files, and the new board is pushed (`pilotkit.remote`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from pilotkit import files, lock, remote
from pilotkit.findings import Finding
from pilotkit.pilot import board, textfiles
from pilotkit.pilot.load import find_root, load_pilot


@dataclass(frozen=True)
class BoardWritten:
    """Where the board is, and whether this run changed it."""

    path: Path
    changed: bool
    tasks: int
    findings: tuple[Finding, ...] = ()
    pushed: remote.Pushed | None = None  # where the board went, with --push


def write_board(path: Path, *, push: remote.Push | None = None) -> BoardWritten:
    """Render BOARD.md for the pilot at PATH; write it only if its text changes."""
    root = find_root(path)
    written, pushed = remote.apply(root, push, lambda: _write(root), _commit)
    return replace(written, pushed=pushed)


def _commit(written: BoardWritten) -> remote.Commit | None:
    return (
        remote.Commit((board.PATH,), "Board: rebuilt from the task files")
        if written.changed
        else None
    )


def _write(root: Path) -> BoardWritten:
    with lock.exclusive(root):
        pilot = load_pilot(root)
        text = board.render(pilot)
        target = root / board.PATH
        try:
            old: str | None = textfiles.read_text(target)
        except (OSError, UnicodeDecodeError):
            old = None
        changed = old is None or old.replace("\r\n", "\n") != text
        if changed:
            files.write_text(target, text)
    return BoardWritten(target, changed, len(pilot.by_id), pilot.findings)
