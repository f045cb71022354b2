"""`pilotkit backlog score`: every selected ticket's readiness, ranked worst first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pilotkit.backlog.ranking import Exports, Scores, score_all, select

__all__ = ["Exports", "ScoreResult", "backlog_score"]
from pilotkit.backlog.scoring import Scored


@dataclass(frozen=True)
class ScoreResult:
    """The ranked tickets and what scored them."""

    scores: Scores
    ranked: tuple[Scored, ...]

    def below(self, threshold: int) -> tuple[Scored, ...]:
        """The ranked tickets scoring under THRESHOLD (the `--fail-under` gate)."""
        return tuple(s for s in self.ranked if s.score < threshold)


def backlog_score(
    given: Exports,
    *,
    types: Sequence[str] = (),
    statuses: Sequence[str] = (),
    best_first: bool = False,
) -> ScoreResult:
    """Score the tickets of the exports GIVEN; the selected ones ranked worst (or best) first."""
    scores = score_all(given)
    ranked = select(scores, types, statuses)
    if best_first:
        ranked = sorted(ranked, key=lambda s: -s.score)  # stable: ties stay in key order
    return ScoreResult(scores, tuple(ranked))
