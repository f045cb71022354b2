"""`pilotkit backlog explain KEY`: every signal of one ticket, with the lines behind it."""

from __future__ import annotations

from dataclasses import dataclass

from pilotkit.backlog.calibration import Calibration
from pilotkit.backlog.ranking import Exports, find, score_all
from pilotkit.backlog.scoring import Scored
from pilotkit.backlog.ticket import plain_key


@dataclass(frozen=True)
class Explained:
    """One ticket scored, and the calibration it was scored against."""

    scored: Scored
    calibration: Calibration


def backlog_explain(key: str, given: Exports) -> Explained:
    """The score of the ticket KEY in the exports GIVEN, signal by signal."""
    scores = score_all(given)
    by_key = {plain_key(t.key): t for t in scores.backlog.tickets}
    ticket = find(by_key, key, "explain")
    return Explained(scores.scored[ticket.key], scores.calibration)
