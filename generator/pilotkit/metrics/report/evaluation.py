"""Like with like: effort and ROI over done tasks, a labelled forecast for the rest, and the
hand estimate's bias measured on control tasks.

The hand estimate of the whole feature set against the work of the tasks done so far
flatters any pilot that is not finished. So the effort ratio and the ROI count the agent
tasks that are done, and only those: their estimate against the engineer time and tokens
spent on them, plus their share of the pilot-wide work (spec review, MCP setup), shared
out by estimated hours. The tasks not done get a forecast at the done tasks' ratio,
labelled as one. Control tasks (`mode: hand`), built by the engineer by hand, measure how
far the estimate is off: actual hand hours ÷ estimated hours on the done ones is the bias,
and the counterfactual (what the done agent tasks would have cost by hand) is shown raw
and corrected by it, with the range the controls allow.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pilotkit.metrics.report.rows import Row

DEFAULT_MIN_DONE = 3  # fewer done tasks than this, and the report says it is too early


@dataclass(frozen=True)
class Progress:
    """How far the agent tasks are, in tasks and in estimated hours; controls apart."""

    tasks: int
    done: int
    in_progress: int
    estimate_hours: float
    done_estimate_hours: float
    controls: int
    controls_done: int
    min_done: int

    @property
    def not_started(self) -> int:
        return self.tasks - self.done - self.in_progress

    @property
    def too_early(self) -> bool:
        return self.done < self.min_done


@dataclass(frozen=True)
class Effort:
    """Estimate against engineer time and tokens, over the done agent tasks only."""

    tasks: tuple[str, ...]
    estimate_hours: float
    engineer_minutes: int
    corrections: int
    cost: float
    unpriced_tokens: int

    @property
    def engineer_hours(self) -> float:
        return self.engineer_minutes / 60

    @property
    def ratio(self) -> float | None:
        return self.engineer_hours / self.estimate_hours if self.estimate_hours else None


@dataclass(frozen=True)
class Forecast:
    """The agent tasks not done, at the done tasks' ratio and cost per estimated hour: a
    forecast, not a measurement."""

    tasks: tuple[str, ...]
    estimate_hours: float
    ratio: float
    engineer_hours: float
    cost: float
    spent_minutes: int  # already logged on them


@dataclass(frozen=True)
class Control:
    id: str
    title: str
    status: str
    estimate_hours: float | None
    engineer_minutes: int

    @property
    def done(self) -> bool:
        return self.status == "done"

    @property
    def ratio(self) -> float | None:
        if not self.done or not self.estimate_hours:
            return None
        return self.engineer_minutes / 60 / self.estimate_hours


@dataclass(frozen=True)
class Controls:
    """The control tasks, and the estimate's bias they measure once done."""

    tasks: tuple[Control, ...]

    @property
    def measured(self) -> tuple[Control, ...]:
        return tuple(c for c in self.tasks if c.ratio is not None)

    @property
    def estimate_hours(self) -> float:
        return sum(c.estimate_hours or 0.0 for c in self.measured)

    @property
    def hand_hours(self) -> float:
        return sum(c.engineer_minutes for c in self.measured) / 60

    @property
    def bias(self) -> float | None:
        """Actual hand hours ÷ estimated hours, pooled over the done controls."""
        return self.hand_hours / self.estimate_hours if self.measured else None

    @property
    def low(self) -> float | None:
        return min((c.ratio for c in self.measured if c.ratio is not None), default=None)

    @property
    def high(self) -> float | None:
        return max((c.ratio for c in self.measured if c.ratio is not None), default=None)

    def note(self) -> str:
        """What the controls allow, in one sentence."""
        count = len(self.measured)
        if not self.tasks:
            return (
                "No control task: the hand estimate cannot be checked for bias, so the "
                "counterfactual is the raw estimate. Mark a typical task `mode: hand` and "
                "build it by hand to measure it."
            )
        if not count:
            return (
                f"{len(self.tasks)} control task(s), none done yet: no bias measured, so "
                "the counterfactual is the raw estimate."
            )
        if count == 1:
            return (
                "One control done: the bias rests on a single task and gives no range; "
                "read the corrected figures as a hint."
            )
        return f"{count} controls done: the range is their lowest and highest ratio."


@dataclass(frozen=True)
class Roi:
    """Hand cost against actual cost of the done agent tasks and their share of the
    pilot-wide work; the hand cost raw and corrected by the controls' bias."""

    hourly_rate: float | None
    estimate_hours: float
    engineer_hours: float
    token_cost: float
    overhead_share: float
    overhead_hours: float
    overhead_cost: float
    bias: float | None = None
    bias_low: float | None = None
    bias_high: float | None = None

    @property
    def hours(self) -> float:
        return self.engineer_hours + self.overhead_hours

    @property
    def tokens(self) -> float:
        return self.token_cost + self.overhead_cost

    @property
    def hand_cost(self) -> float | None:
        return self.estimate_hours * self.hourly_rate if self.hourly_rate is not None else None

    @property
    def actual_cost(self) -> float | None:
        return self.hours * self.hourly_rate + self.tokens if self.hourly_rate is not None else None

    @property
    def saving(self) -> float | None:
        hand, actual = self.hand_cost, self.actual_cost
        return hand - actual if hand is not None and actual is not None else None

    @property
    def ratio(self) -> float | None:
        hand, actual = self.hand_cost, self.actual_cost
        return actual / hand if hand and actual is not None else None

    def corrected(self, factor: float | None) -> float | None:
        """The hand cost with the estimate multiplied by FACTOR (the bias, or a bound)."""
        hand = self.hand_cost
        return hand * factor if hand is not None and factor is not None else None

    def corrected_saving(self, factor: float | None) -> float | None:
        hand, actual = self.corrected(factor), self.actual_cost
        return hand - actual if hand is not None and actual is not None else None


@dataclass(frozen=True)
class Evaluation:
    progress: Progress
    effort: Effort
    forecast: Forecast | None
    controls: Controls
    roi: Roi


def evaluate(
    tasks: Sequence[Row], pilot_wide: Row, *, min_done: int, hourly_rate: float | None
) -> Evaluation:
    """Progress, like-with-like effort, the forecast, the controls and the ROI of TASKS."""
    agent = [r for r in tasks if r.mode == "agent"]
    done = [r for r in agent if r.complete]
    rest = [r for r in agent if not r.complete]
    hand = [r for r in tasks if r.mode == "hand"]
    controls = Controls(
        tuple(Control(r.id, r.title, r.status, r.estimate_hours, r.engineer_minutes) for r in hand)
    )
    progress = Progress(
        tasks=len(agent),
        done=len(done),
        in_progress=sum(1 for r in rest if r.started),
        estimate_hours=_hours(agent),
        done_estimate_hours=_hours(done),
        controls=len(hand),
        controls_done=sum(1 for r in hand if r.complete),
        min_done=min_done,
    )
    effort = Effort(
        tasks=tuple(r.id for r in done),
        estimate_hours=_hours(done),
        engineer_minutes=sum(r.engineer_minutes for r in done),
        corrections=sum(r.corrections for r in done),
        cost=sum(r.cost for r in done),
        unpriced_tokens=sum(r.unpriced_tokens for r in done),
    )
    share = progress.done_estimate_hours / progress.estimate_hours if progress.estimate_hours else 0
    roi = Roi(
        hourly_rate=hourly_rate,
        estimate_hours=effort.estimate_hours,
        engineer_hours=effort.engineer_hours,
        token_cost=effort.cost,
        overhead_share=share,
        overhead_hours=pilot_wide.engineer_hours * share,
        overhead_cost=pilot_wide.cost * share,
        bias=controls.bias,
        bias_low=controls.low,
        bias_high=controls.high,
    )
    return Evaluation(progress, effort, _forecast(effort, rest), controls, roi)


def _forecast(effort: Effort, rest: Sequence[Row]) -> Forecast | None:
    ratio = effort.ratio
    if ratio is None or not rest:
        return None
    hours = _hours(rest)
    return Forecast(
        tasks=tuple(r.id for r in rest),
        estimate_hours=hours,
        ratio=ratio,
        engineer_hours=hours * ratio,
        cost=hours * effort.cost / effort.estimate_hours,
        spent_minutes=sum(r.engineer_minutes for r in rest),
    )


def _hours(rows: Sequence[Row]) -> float:
    return sum(r.estimate_hours or 0.0 for r in rows)
