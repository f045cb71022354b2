"""Writing a person's files: whole or not at all, regular files only, and a refusal that
says why.

Every file pilotkit writes in a pilot (task files, the board, the estimate, the journal,
usage records, reports, the answers file) goes through `write_all`, so one set of rules
holds for all of them:

- a text goes to a scratch file beside its target, which is renamed over the target only
  once every file of the call is staged: readers see the old content or the new, and a
  refused `--html` leaves the Markdown report as it was;
- a file that exists keeps its permissions; a new file gets the ones any other program
  would give it (0666 less the umask), as git gives the files it checks out;
- missing parent directories are made, and removed again when the write is refused;
- a symbolic link where pilotkit would write is refused (`LinkError`): renaming over it
  would detach it, and following it would let a link in a cloned pilot point anywhere.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pilotkit.errors import PilotkitError

# Errors that a person fixes by writing somewhere else or by changing permissions.
_NOT_ALLOWED = {errno.EACCES, errno.EPERM, errno.EROFS}


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


@dataclass(frozen=True)
class Output:
    """A file to write: where, what, the option that named it (`--html`), if any, and
    whether it must be NEW (never written over a file that is there)."""

    path: Path
    text: str
    flag: str | None = None
    new: bool = False


def write_text(path: Path, text: str, *, flag: str | None = None) -> None:
    """Replace PATH with TEXT (UTF-8, line endings as given) in one step.

    When PATH cannot be written, a PilotkitError says why and leaves everything as it
    was; FLAG (`--output`) names the option that gave PATH, for the message.
    """
    write_all([Output(path, text, flag)])


def write_all(outputs: Sequence[Output]) -> None:
    """Write every output or, when one cannot be written, none (and say why).

    A NEW output that finds a file in its place raises FileExistsError, and nothing is
    written; a new file already in place when a later output is refused is removed.
    """
    for output in outputs:  # a link anywhere, and nothing is written
        refuse_link(output.path)
    staged: list[tuple[Path, Output]] = []
    made: list[Path] = []
    created: list[Path] = []
    try:
        for output in outputs:
            try:
                staged.append((_stage(output.path, output.text, made), output))
            except OSError as err:
                raise cannot_write(output.path, err, output.flag) from None
        for scratch, output in staged:
            _commit(scratch, output)
            if output.new:
                created.append(output.path)
    except BaseException:
        for scratch, _ in staged:
            scratch.unlink(missing_ok=True)
        for path in created:
            path.unlink(missing_ok=True)
        for folder in reversed(made):
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _stage(path: Path, text: str, made: list[Path]) -> Path:
    """A scratch file beside PATH holding TEXT, with the permissions PATH will have; MADE
    gets the directories created for it."""
    made.extend(reversed([parent for parent in path.parents if not parent.exists()]))
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
    scratch, handle = _scratch_beside(path)
    try:
        if mode is not None:
            scratch.chmod(mode)
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8"))
    except BaseException:
        scratch.unlink(missing_ok=True)
        raise
    return scratch


def _scratch_beside(path: Path) -> tuple[Path, int]:
    """A new empty file beside PATH and its open descriptor. Made with mode 0666 so the
    kernel applies the umask, as for any new file (mkstemp would make it 0600)."""
    while True:
        scratch = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            return scratch, os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue


def _commit(scratch: Path, output: Output) -> None:
    """Put the staged SCRATCH in OUTPUT's place: renamed over what is there, or for a NEW
    output only where nothing is."""
    try:
        if output.new:
            _link(scratch, output.path)
        else:
            scratch.replace(output.path)
    except FileExistsError:
        raise  # a NEW output found a file in its place: its caller says what to do
    except OSError as err:
        raise cannot_write(output.path, err, output.flag) from None


def _link(scratch: Path, path: Path) -> None:
    """SCRATCH at PATH, or FileExistsError when a file is there (made meanwhile, even)."""
    try:
        os.link(scratch, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: claim the name, then rename
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        try:
            scratch.replace(path)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        return
    scratch.unlink()


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
