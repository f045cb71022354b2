"""Writing files so that an interruption never leaves half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pilotkit.links import refuse_link


def write_atomically(path: Path, text: str) -> None:
    """Replace PATH with TEXT in one step, keeping PATH's permissions (0644 for a new file)."""
    refuse_link(path)  # never detach a link by renaming over it
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    scratch = Path(name)
    try:
        scratch.chmod(mode)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        scratch.replace(path)
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise
