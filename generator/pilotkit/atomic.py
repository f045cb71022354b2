"""Write a file all at once: readers see the old content or the new, never half of it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from pilotkit.files import cannot_write
from pilotkit.links import refuse_link


def write_text(path: Path, text: str) -> None:
    """Replace PATH with TEXT (UTF-8, line endings as given), keeping PATH's permissions.

    When PATH cannot be written, a PilotkitError says why and PATH is left as it was.
    """
    refuse_link(path)  # never detach a link by renaming over it
    try:
        _write(path, text)
    except OSError as err:
        raise cannot_write(path, err) from None


def _write(path: Path, text: str) -> None:
    mode = path.stat().st_mode & 0o7777 if path.exists() else None
    handle, scratch = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
        if mode is not None:
            Path(scratch).chmod(mode)
        else:
            Path(scratch).chmod(0o666 & ~_umask())
        Path(scratch).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(scratch).unlink()
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
