"""Where pilotkit creates a repository (a pilot, a lead's template): never half of one.

The new repository is built in a scratch directory beside its destination and moved into
place in one step only when everything worked; on any failure or Ctrl-C the scratch
directory goes, with any parent directory pilotkit had to create.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pilotkit.errors import PilotkitError
from pilotkit.files import file_in_the_way, why_not_written


def check_destination(dest: Path) -> None:
    """Refuse a DEST that is a file, a directory with something in it, or below a file."""
    blocker = file_in_the_way(dest)
    if blocker is not None:
        raise _cannot_create(dest, f"{blocker} is a file, not a directory")
    if dest.is_file() or dest.is_symlink():
        raise PilotkitError(f"{dest} exists and is not a directory; choose a new path")
    if dest.is_dir() and any(dest.iterdir()):
        raise PilotkitError(f"{dest} exists and is not empty; choose a new path or empty it first")


@contextmanager
def staging(dest: Path) -> Iterator[Path]:
    """A scratch path beside DEST; it and what pilotkit created are removed on failure."""
    created = _outermost_missing(dest)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        holder = Path(tempfile.mkdtemp(prefix=f".{dest.name}.pilotkit-", dir=dest.parent))
    except OSError as err:
        if created is not None:
            shutil.rmtree(created, ignore_errors=True)
        raise _cannot_create(dest, why_not_written(dest, err)[0]) from None
    try:
        yield holder / dest.name
    except BaseException:
        shutil.rmtree(holder, ignore_errors=True)
        if created is not None:
            shutil.rmtree(created, ignore_errors=True)
        raise
    shutil.rmtree(holder, ignore_errors=True)


def _cannot_create(dest: Path, reason: str) -> PilotkitError:
    return PilotkitError(f"cannot create {dest}: {reason}; choose another path")


def _outermost_missing(dest: Path) -> Path | None:
    """The outermost ancestor of DEST that does not exist yet, which pilotkit will create."""
    missing = [parent for parent in dest.parents if not parent.exists()]
    return missing[-1] if missing else None
