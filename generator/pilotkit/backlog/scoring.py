"""A ticket's readiness score (0–100) and verdict, explained signal by signal.

Each signal scores 0 to 1 against the calibrated target; the score is their weighted
mean. Verdicts: `split` when the ticket is bigger than one agent's work (whatever its
score), else `ready` from READY up, `needs work` from NEEDS_WORK up, `not ready` below.
Each ticket names its nearest reference (most words in common) as the example to imitate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pilotkit.backlog.calibration import Calibration, signal_score, too_big
from pilotkit.backlog.measures import Hit, Measure
from pilotkit.backlog.scorecard import BY_ID, SIGNALS
from pilotkit.backlog.ticket import Ticket
from pilotkit.rules import signals as text_signals

READY, NEEDS_WORK = 80, 50
DEFAULT_BAND = 8.0  # points (or hours) one agent finishes, when no reference says otherwise
READY_VERDICT, NEEDS_WORK_VERDICT, NOT_READY, SPLIT = "ready", "needs work", "not ready", "split"


@dataclass(frozen=True)
class SignalScore:
    """One signal of one ticket: its raw VALUE, SCORE (0–1), EVIDENCE and FIX."""

    id: str
    name: str
    value: float
    target: float
    score: float
    evidence: tuple[Hit, ...]
    fix: str


@dataclass(frozen=True)
class Scored:
    """A ticket's score, verdict, signals, top fixes and nearest reference."""

    ticket: Ticket
    score: int
    verdict: str
    signals: tuple[SignalScore, ...]
    fixes: tuple[str, ...]
    nearest_reference: str
    split_reason: str = ""

    def per_signal(self) -> dict[str, float]:
        return {s.id: s.score for s in self.signals}


def score(
    ticket: Ticket,
    measures: Sequence[Measure],
    calibration: Calibration,
    nearest_reference: str = "",
) -> Scored:
    """TICKET's score from its MEASURES against CALIBRATION."""
    parts = []
    for m in measures:
        signal = BY_ID[m.id]
        value = signal_score(calibration, m, DEFAULT_BAND)
        target = calibration.targets[m.id]
        parts.append(
            SignalScore(m.id, signal.name, m.value, target, round(value, 3), m.evidence, signal.fix)
        )
    total = sum(s.score * BY_ID[s.id].weight for s in parts) / sum(s.weight for s in SIGNALS)
    points = round(total * 100)
    reason = too_big(calibration, measures, DEFAULT_BAND)
    verdict = _verdict(points, reason)
    losses = sorted(((1 - s.score) * BY_ID[s.id].weight, s.id) for s in parts if s.score < 1)
    fixes = tuple(BY_ID[sid].fix for _, sid in sorted(losses, key=lambda x: (-x[0], x[1]))[:3])
    return Scored(ticket, points, verdict, tuple(parts), fixes, nearest_reference, reason)


def _verdict(points: int, too_big: str) -> str:
    if too_big:
        return SPLIT
    if points >= READY:
        return READY_VERDICT
    return NEEDS_WORK_VERDICT if points >= NEEDS_WORK else NOT_READY


class Nearest:
    """Which reference ticket says most alike (shared words over all words; ties by key)."""

    def __init__(self, references: Mapping[str, Ticket]) -> None:
        self._words = {key: _words(t) for key, t in sorted(references.items())}

    def __call__(self, ticket: Ticket) -> str:
        mine = _words(ticket)
        best, best_key = -1.0, ""
        for key, theirs in self._words.items():
            if key == ticket.key:
                continue
            union = len(mine | theirs)
            share = len(mine & theirs) / union if union else 0.0
            if share > best:
                best, best_key = share, key
        return best_key


def _words(ticket: Ticket) -> frozenset[str]:
    return text_signals.words(f"{ticket.title}\n{ticket.text}")
