"""The board rule: BOARD.md must show the task files as they are now."""

from __future__ import annotations

from collections.abc import Iterator

from pilotkit.findings import Finding, finding
from pilotkit.pilot import board
from pilotkit.rules.base import WARNING, Context, Rule


def stale_board(ctx: Context) -> Iterator[Finding]:
    reason = board.stale_reason(ctx.pilot)
    if reason:
        yield finding("PK-B001", board.PATH, None, reason, board.HINT, severity=WARNING)


# A warning, not an error: agents commit their task file alone (AGENTS.md), and an error
# would make the pre-commit hook refuse those commits until someone rebuilds the board.
RULES = (Rule("PK-B001", WARNING, "BOARD.md is stale against the task files", stale_board),)
