"""`pilotkit tasks board`: rewrite BOARD.md from the task files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pilotkit import files, lock
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


def write_board(path: Path) -> BoardWritten:
    """Render BOARD.md for the pilot at PATH; write it only if its text changes."""
    root = find_root(path)
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
