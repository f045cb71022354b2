"""A CSV export as rows of cells, each cell with the export line it starts on.

Columns are positional: Jira repeats a header once per value (`Labels`, `Sprint`,
`Component/s` …), so a name maps to every column that carries it, in order.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pilotkit.backlog.config import Config
from pilotkit.backlog.readers.source import Export

csv.field_size_limit(10_000_000)  # a long description is one cell; the default is 128 KiB
_NUMBER = re.compile(r"^\s*\d+(?:[.,]\d+)?\s*$")


@dataclass(frozen=True)
class Row:
    """A record: LINE where it starts, its CELLS, and the line each cell starts on."""

    line: int
    cells: tuple[str, ...]
    lines: tuple[int, ...]


class Table:
    """A CSV export read positionally, with its header's names resolved by the config."""

    def __init__(self, export: Export, config: Config) -> None:
        self.export = export
        rows = list(_rows(export))
        if not rows:
            raise export.fail("is empty; export the tickets again")
        self.header = tuple(config.header(name).lower() for name in rows[0].cells)
        self.rows = rows[1:]
        self._columns: dict[str, list[int]] = {}
        for index, name in enumerate(self.header):
            self._columns.setdefault(name, []).append(index)

    def has(self, *names: str) -> bool:
        return any(name.lower() in self._columns for name in names)

    def columns(self, *names: str) -> list[int]:
        """Every column named one of NAMES (case does not matter), in order."""
        found: list[int] = []
        for name in names:
            found += self._columns.get(name.lower(), [])
        return sorted(found)

    def first(self, row: Row, *names: str) -> str:
        """The first non-empty cell of ROW under one of NAMES."""
        return next(iter(self.values(row, *names)), "")

    def values(self, row: Row, *names: str) -> list[str]:
        """Every non-empty cell of ROW under NAMES, trimmed."""
        return self.at(row, self.columns(*names))

    @staticmethod
    def at(row: Row, columns: list[int]) -> list[str]:
        """The non-empty cells of ROW in COLUMNS, trimmed."""
        cells = row.cells
        return [cells[i].strip() for i in columns if i < len(cells) and cells[i].strip()]

    def cell(self, row: Row, *names: str) -> tuple[str, int]:
        """The first non-empty cell of ROW under NAMES and the line it starts on."""
        for index in self.columns(*names):
            if index < len(row.cells) and row.cells[index].strip():
                return row.cells[index], row.lines[index]
        return "", row.line


def number(text: str) -> float | None:
    """A cell as a number (`3`, `3.0`, `2,5`), or None when it holds none."""
    if not _NUMBER.match(text):
        return None
    return float(text.strip().replace(",", "."))


def split_list(values: Sequence[str]) -> tuple[str, ...]:
    """Cells that each hold one value, or several separated by commas, as one tuple."""
    found = [part.strip() for value in values for part in value.split(",")]
    return tuple(dict.fromkeys(part for part in found if part))


def _rows(export: Export) -> Iterator[Row]:
    lines = export.text.splitlines(keepends=True)
    reader = csv.reader(iter(lines), strict=True)
    start = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                yield Row(start, tuple(cells), _cell_lines(start, cells))
            start = reader.line_num + 1
    except csv.Error as err:
        raise export.fail(f"is not valid CSV ({err}); export it again", start) from None


def _cell_lines(start: int, cells: Sequence[str]) -> tuple[int, ...]:
    lines = []
    line = start
    for cell in cells:
        lines.append(line)
        line += cell.count("\n")
    return tuple(lines)
