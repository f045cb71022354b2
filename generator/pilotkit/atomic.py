"""Write a file all at once: readers see the old content or the new, never half of it.

pilotkit writes only regular files. A symbolic link in a file's place is refused, never
replaced (renaming the new file over it would turn the link into a detached copy and
leave the file it points to as it was) and never followed (a link in a cloned
repository may point anywhere, and `tasks board` would overwrite whatever that is).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from pilotkit.errors import PilotkitError


class LinkError(PilotkitError):
    """A file pilotkit would write is a symbolic link."""

    def __init__(self, path: Path) -> None:
        try:
            target = f" to {path.readlink()}"
        except OSError:
            target = ""
        super().__init__(
            f"{path} is a symbolic link{target}; pilotkit writes only regular files: "
            "replace the link with a copy of the file it points to, then retry"
        )
        self.path = path


def refuse_link(path: Path) -> None:
    """Raise LinkError if PATH is a symbolic link (check every file first, then write)."""
    if path.is_symlink():
        raise LinkError(path)


def write_text(path: Path, text: str) -> None:
    """Replace PATH with TEXT (UTF-8, line endings as given), keeping PATH's permissions.

    A missing parent folder is created; a symbolic link at PATH is refused (LinkError).
    """
    refuse_link(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o7777 if path.exists() else 0o666 & ~_umask()
    handle, scratch = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
        Path(scratch).chmod(mode)
        Path(scratch).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(scratch).unlink()
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
