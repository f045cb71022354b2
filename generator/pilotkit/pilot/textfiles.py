"""Reading files people control: regular files only, and a pilot's text files as findings.

Every reader of a file a person (or another program) put in place goes through
`open_regular`, `read_bytes` or `read_text`: a FIFO opened for reading waits for a writer
that may never come, and a device may never end, so anything but a regular file is
refused before a byte is read. `Reader` turns every failure into a PK-P002 finding.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from pilotkit.findings import Finding, finding

MAX_BYTES = 1_000_000  # larger files are refused: agents read specs whole
# A FIFO never blocks an open with O_NONBLOCK; the flag does not change reading a regular file.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class NotAFile(OSError):
    """PATH exists but is not a regular file (a FIFO, socket, device or folder).

    `strerror` says what it is (`is a FIFO (named pipe), not a regular file`) and `kind`
    names it (`a folder`, `a FIFO (named pipe)` …).
    """

    def __init__(self, path: Path, kind: str) -> None:
        code = errno.EISDIR if kind == "a folder" else errno.EINVAL
        super().__init__(code, f"is {kind}, not a regular file", str(path))
        self.kind = kind


def open_regular(path: Path) -> BinaryIO:
    """PATH opened for reading in binary, if it is a regular file; else NotAFile.

    The path is checked before it is opened (so a device is never opened at all) and
    the open file again (so a file swapped for a FIFO in between is caught too); the
    open itself never blocks.
    """
    _check(path, path.stat().st_mode)
    handle = os.open(path, _OPEN_FLAGS)
    try:
        _check(path, os.fstat(handle).st_mode)
    except BaseException:
        os.close(handle)
        raise
    return os.fdopen(handle, "rb")


def read_bytes(path: Path) -> bytes:
    """The bytes of PATH, a regular file (NotAFile otherwise; other OSErrors as raised)."""
    with open_regular(path) as stream:
        return stream.read()


def read_text(path: Path) -> str:
    """PATH, a regular file, as UTF-8 text (UnicodeDecodeError when it is not UTF-8)."""
    return read_bytes(path).decode("utf-8")


def _check(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    raise NotAFile(path, kind)


def under(root: Path, folder: str, pattern: str) -> list[str]:
    """Files (and symlinks) below ROOT/FOLDER matching PATTERN, relative, sorted."""
    base = root / folder
    if not base.is_dir() or base.is_symlink():
        return []
    return sorted(
        path.relative_to(root).as_posix()
        for path in base.rglob(pattern)
        if path.is_symlink() or not path.is_dir()
    )


def present(path: Path) -> bool:
    """Whether PATH exists, counting a broken or looping symlink as present."""
    return path.is_symlink() or path.exists()


class Reader:
    """Reads text files of one pilot, turning every failure into a PK-P002 finding."""

    def __init__(self, root: Path, problems: list[Finding]) -> None:
        self.root = root
        self.problems = problems
        self.texts: dict[str, str] = {}
        self.unreadable: set[str] = set()

    def read(self, relative: str) -> str | None:
        path = self.root / relative
        if not present(path):
            return None
        problem, hint, line = self._problem(path)
        if problem is None:
            return self.texts[relative]
        self.unreadable.add(relative)
        self.problems.append(finding("PK-P002", relative, line, problem, hint))
        return None

    def _problem(self, path: Path) -> tuple[str | None, str, int | None]:
        relative = path.relative_to(self.root).as_posix()
        try:
            with open_regular(path) as stream:
                size = os.fstat(stream.fileno()).st_size
                if size > MAX_BYTES:
                    hint = "split it into smaller files: agents read each file whole"
                    problem = f"is {size:,} bytes; pilotkit reads files up to {MAX_BYTES:,}"
                    return problem, hint, None
                raw = stream.read()
        except NotAFile as err:
            if err.kind == "a folder":
                return "is a folder, not a file", "remove or rename the folder", None
            return str(err.strerror), "replace it with a regular file", None
        except OSError as err:
            hint = "fix or remove the file (is it a broken or looping symlink?)"
            return f"cannot be read: {err.strerror or err}", hint, None
        if b"\0" in raw:
            return "is a binary file, not text", "replace it with a text file", None
        try:
            self.texts[relative] = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            line = raw[: err.start].count(b"\n") + 1
            return "is not UTF-8 text", "save it as UTF-8", line
        return None, "", None
