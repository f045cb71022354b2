"""Calibration: what "good" means for this team, read from its reference tickets.

Each signal's target is the median of its value over the reference tickets; the size
band runs up to the largest reference estimate (and the criteria count up to half again
the most any reference has). Without references the signals' own defaults stand.
With known-poor tickets, `separation` says whether the references really score above
them, and by which signals.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pilotkit.backlog.measures import Measure
from pilotkit.backlog.scorecard import BAND, LESS, SIGNALS

DEFAULT_MAX_CRITERIA = 12


@dataclass(frozen=True)
class Calibration:
    """The targets each signal is scored against, and the size band, with what set them."""

    targets: Mapping[str, float]
    max_estimate: float | None
    max_criteria: int
    references: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        return {
            "references": list(self.references),
            "targets": dict(self.targets),
            "max_estimate": self.max_estimate,
            "max_criteria": self.max_criteria,
        }


def calibrate(references: Mapping[str, Sequence[Measure]]) -> Calibration:
    """Targets from the measures of the reference tickets (by key); defaults without any."""
    if not references:
        targets = {s.id: float(s.target) for s in SIGNALS}
        return Calibration(targets, None, DEFAULT_MAX_CRITERIA)
    values: dict[str, list[float]] = {s.id: [] for s in SIGNALS}
    for measures in references.values():
        for m in measures:
            values[m.id].append(m.value)
    targets = {}
    for signal in SIGNALS:
        known = [v for v in values[signal.id] if v >= 0]
        targets[signal.id] = float(statistics.median(known)) if known else float(signal.target)
    estimates = [v for v in values["PK-Q006"] if v >= 0]
    most = max(values["PK-Q001"], default=0)
    return Calibration(
        targets,
        max(estimates) if estimates else None,
        max(DEFAULT_MAX_CRITERIA // 2, round(most * 1.5)),
        tuple(sorted(references)),
    )


def signal_score(calibration: Calibration, measure: Measure, default_band: float) -> float:
    """How well MEASURE meets its target, from 0 to 1."""
    target = calibration.targets[measure.id]
    signal = next(s for s in SIGNALS if s.id == measure.id)
    if signal.better == BAND:
        if measure.value < 0:
            return 0.5  # no estimate: nobody knows whether one agent can finish it
        return 1.0 if measure.value <= (calibration.max_estimate or default_band) else 0.5
    if signal.better == LESS:
        return 1.0 if measure.value <= target else 1 / (1 + measure.value - target)
    return 1.0 if target <= 0 else min(1.0, measure.value / target)


def too_big(calibration: Calibration, measures: Sequence[Measure], default_band: float) -> str:
    """Why the ticket is too big for one agent ('' when it is not)."""
    by_id = {m.id: m for m in measures}
    band = calibration.max_estimate or default_band
    if by_id["PK-Q006"].value > band:
        return f"estimate {by_id['PK-Q006'].value:g} is above the reference band (at most {band:g})"
    count = int(by_id["PK-Q001"].value)
    if count > calibration.max_criteria:
        return f"{count} acceptance criteria, more than {calibration.max_criteria}"
    return ""


@dataclass(frozen=True)
class Separation:
    """Whether the references score above the known-poor tickets, and by which signals."""

    separated: bool
    lowest_reference: int
    highest_negative: int
    by_signals: tuple[str, ...]


def separation(
    reference_scores: Mapping[str, tuple[int, Mapping[str, float]]],
    negative_scores: Mapping[str, tuple[int, Mapping[str, float]]],
) -> Separation:
    """Compare the scores (total, per signal) of the references and the known-poor tickets."""
    low = min(total for total, _ in reference_scores.values())
    high = max(total for total, _ in negative_scores.values())
    gaps = []
    for signal in SIGNALS:
        ref = statistics.median(s[signal.id] for _, s in reference_scores.values())
        neg = statistics.median(s[signal.id] for _, s in negative_scores.values())
        if ref > neg:
            gaps.append((-(ref - neg) * signal.weight, signal.id))
    return Separation(low > high, low, high, tuple(sid for _, sid in sorted(gaps)))
