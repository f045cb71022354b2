"""An export file read as text, with errors a person can act on."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pilotkit.errors import PilotkitError
from pilotkit.pilot import textfiles

BOM = "\ufeff"


class ExportError(PilotkitError):
    """An export that cannot be read: the message names the file (and line) and the fix."""


@dataclass(frozen=True)
class Export:
    """An export's PATH (as the person gave it) and its TEXT: UTF-8, without a BOM, with
    `\\n` line ends (CRLF and CR made LF, so lines count the same everywhere)."""

    path: str
    text: str

    def fail(self, problem: str, line: int | None = None) -> ExportError:
        where = f"{self.path}:{line}" if line else self.path
        return ExportError(f"{where}: {problem}")


def load(path: Path) -> Export:
    """PATH as an Export; ExportError when it is missing, not a file, or not UTF-8."""
    try:
        raw = textfiles.read_bytes(path)
    except FileNotFoundError:
        raise ExportError(f"{path}: no such file; give the path of an export") from None
    except textfiles.NotAFile as err:
        raise ExportError(f"{path}: {err.strerror}; give an export file") from None
    except PermissionError:
        raise ExportError(f"{path}: cannot be read (permission denied)") from None
    except OSError as err:
        raise ExportError(f"{path}: cannot be read: {err.strerror or err}") from None
    return Export(str(path), decode(raw, str(path)))


def decode(raw: bytes, path: str) -> str:
    """RAW as text, or ExportError naming the line of the first byte that is not UTF-8."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ExportError(
            f"{path}:{line}: is not UTF-8 text; export it again as UTF-8 "
            "(or convert it, e.g. `iconv -f cp1252 -t utf-8`)"
        ) from None
    if "\0" in text:
        raise ExportError(f"{path}: is a binary file, not an export")
    return text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")
