"""Writing files so that an interruption never leaves half of one, and a refusal says why."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pilotkit.errors import PilotkitError
from pilotkit.links import refuse_link

# Errors that a person fixes by writing somewhere else or by changing permissions.
_NOT_ALLOWED = {errno.EACCES, errno.EPERM, errno.EROFS}


@dataclass(frozen=True)
class Output:
    """A file to write: where, what, and the option that named it (`--html`), if any."""

    path: Path
    text: str
    flag: str | None = None


def write_atomically(path: Path, text: str, *, flag: str | None = None) -> None:
    """Replace PATH with TEXT in one step, keeping PATH's permissions (0644 for a new file).

    When PATH cannot be written, a PilotkitError says why and leaves everything as it
    was; FLAG (`--output`) names the option that gave PATH, for the message.
    """
    write_all([Output(path, text, flag)])


def write_all(outputs: Sequence[Output]) -> None:
    """Write every output or, when one cannot be written, none (and say why).

    Each text goes to a scratch file beside its target first; the targets are replaced
    only once every scratch file is written, so a refused `--html` leaves the Markdown
    report as it was, and no directory made for a refused output is left behind.
    """
    for output in outputs:  # a link anywhere, and nothing is written
        refuse_link(output.path)
    staged: list[tuple[Path, Output]] = []
    made: list[Path] = []
    try:
        for output in outputs:
            try:
                staged.append((_stage(output.path, output.text, made), output))
            except OSError as err:
                raise cannot_write(output.path, err, output.flag) from None
        for scratch, output in staged:
            try:
                scratch.replace(output.path)
            except OSError as err:
                raise cannot_write(output.path, err, output.flag) from None
    except BaseException:
        for scratch, _ in staged:
            scratch.unlink(missing_ok=True)
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _stage(path: Path, text: str, made: list[Path]) -> Path:
    """A scratch file beside PATH holding TEXT, with PATH's permissions; MADE gets the
    directories created for it."""
    made.extend(reversed([parent for parent in path.parents if not parent.exists()]))
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    scratch = Path(name)
    try:
        scratch.chmod(mode)
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(text)
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise
    return scratch


def cannot_write(path: Path, err: OSError, flag: str | None = None) -> PilotkitError:
    """The one-line error for PATH that could not be written (ERR): why, and the fix.

    With FLAG the fix is another path; without, PATH is where pilotkit keeps the file,
    so the fix is to clear the way.
    """
    reason, in_the_way = why_not_written(path, err)
    if flag:
        return PilotkitError(f"{flag} {path}: {reason}; give another path")
    if in_the_way is not None:
        fix = f"move {in_the_way} away, then run the command again"
    elif err.errno in _NOT_ALLOWED:
        fix = f"make {path.parent} writable, then run the command again"
    else:
        fix = "fix that, then run the command again"
    return PilotkitError(f"cannot write {path}: {reason}; {fix}")


def why_not_written(path: Path, err: OSError) -> tuple[str, Path | None]:
    """Why PATH could not be written, in a few words, and the path in the way if any.

    The common causes are named from the file system (PATH is a directory, a parent of
    PATH is a file) rather than from ERR, whose errno differs between the step that
    failed and between systems.
    """
    if path.is_dir():
        return "it is a directory", path
    blocker = file_in_the_way(path)
    if blocker is not None:
        return f"{blocker} is a file, not a directory", blocker
    return (err.strerror or str(err)).lower(), None


def file_in_the_way(path: Path) -> Path | None:
    """The nearest existing parent of PATH when it is not a directory, else None."""
    for parent in path.parents:
        if parent.exists() or parent.is_symlink():
            return None if parent.is_dir() else parent
    return None
