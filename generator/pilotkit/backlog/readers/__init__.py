"""Readers of tracker exports, one module per format, all giving `Ticket`s.

`read_exports` takes the files a person names, detects each one's format from its
extension and first bytes (or takes `--input-format`), and gives every ticket once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pilotkit.backlog.config import Config
from pilotkit.backlog.readers import (
    detect,
    github_json,
    gitlab_csv,
    jira_csv,
    jira_json,
    linear_csv,
    markdown_tickets,
)
from pilotkit.backlog.readers.source import Export, ExportError, load
from pilotkit.backlog.ticket import Ticket

FORMATS: dict[str, Callable[[Export, Config], list[Ticket]]] = {
    "jira-csv": jira_csv.read,
    "jira-json": jira_json.read,
    "github-json": github_json.read,
    "gitlab-csv": gitlab_csv.read,
    "linear-csv": linear_csv.read,
    "markdown": markdown_tickets.read,
}

__all__ = ["FORMATS", "Backlog", "ExportError", "read_exports"]


@dataclass(frozen=True)
class Backlog:
    """Every ticket of the exports read, by key, in key order; and the files read."""

    tickets: tuple[Ticket, ...]
    paths: tuple[str, ...]


def read_exports(paths: Sequence[Path], config: Config, input_format: str | None = None) -> Backlog:
    """The tickets of every export in PATHS (the first of a key repeated wins)."""
    if not paths:
        raise ExportError("give at least one export file (Jira CSV or JSON, gh JSON, …)")
    found: dict[str, Ticket] = {}
    for path in paths:
        if path.is_dir():
            tickets = markdown_tickets.read_folder(path, config)
        else:
            export = load(path)
            kind = input_format or detect.detect(export, config)
            tickets = FORMATS[kind](export, config)
        for one in tickets:
            found.setdefault(one.key, one)
    ordered = tuple(found[key] for key in sorted(found, key=_natural))
    return Backlog(ordered, tuple(str(path) for path in paths))


def _natural(key: str) -> tuple[object, ...]:
    """PROJ-9 before PROJ-10: numbers in a key compare as numbers."""
    head, _, number = key.rpartition("-") if "-" in key else ("", "", key.lstrip("#"))
    return (head, int(number)) if number.isdigit() else (head, 1 << 62, key)
