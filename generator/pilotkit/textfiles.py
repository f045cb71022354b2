"""Read a pilot's text files, turning every failure into a PK-P002 finding with its line."""

from __future__ import annotations

from pathlib import Path

from pilotkit.findings import Finding, finding

MAX_BYTES = 1_000_000  # larger files are refused: agents read specs whole


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
            if path.is_dir():
                return "is a folder, not a file", "remove or rename the folder", None
            size = path.stat().st_size
            if size > MAX_BYTES:
                hint = "split it into smaller files: agents read each file whole"
                return f"is {size:,} bytes; pilotkit reads files up to {MAX_BYTES:,}", hint, None
            raw = path.read_bytes()
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
