"""pilotkit writes only regular files: a symbolic link where it would write is refused.

Writing replaces a file by renaming a new one over it, which would turn a link into a
detached copy and leave the file it points to as it was. Following the link instead
would let a link in a cloned repository point anywhere (`tasks board` rewrites its file
whole). So the writers refuse, in one line that names the link and the fix.
"""

from __future__ import annotations

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
    """Raise LinkError if PATH is a symbolic link (a command writing several files checks
    each of them before it writes any)."""
    if path.is_symlink():
        raise LinkError(path)
