"""Findings: problems in a person's files, reported all at once with file, line and a fix."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: which rule, how bad, where (path relative to the pilot), what, how to fix."""

    path: str
    line: int | None
    column: int | None
    rule: str
    severity: Severity
    message: str
    hint: str

    def location(self) -> str:
        """`path:line:column`, with the parts that are known."""
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


def finding(
    rule: str,
    path: str,
    line: int | None,
    message: str,
    hint: str,
    *,
    severity: Severity = Severity.ERROR,
    column: int | None = None,
) -> Finding:
    """Build a finding with keyword-friendly argument order."""
    return Finding(path, line, column, rule, severity, message, hint)
