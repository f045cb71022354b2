"""The pilot report: estimate against actual, token cost against budget, delivery, ROI.

`build` joins what the other modules read — the pilot's tasks and answers, the hand
estimate, the journal, the imported usage priced with the price table, and the delivery
metrics with their baseline — into one `Report` value that the Markdown, JSON and HTML
renderers share. The evaluation (like with like, controls, forecast, ROI) is in
`evaluation`, the figures per agent in `agents`, corrections by cause in `causes`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from pilotkit.agents.credentials import without_credentials
from pilotkit.metrics.baseline import Baseline
from pilotkit.metrics.delivery import Delivery
from pilotkit.metrics.prices import PriceTable
from pilotkit.metrics.report import agents, causes, evaluation
from pilotkit.metrics.report.agents import AgentFigures
from pilotkit.metrics.report.causes import Causes
from pilotkit.metrics.report.evaluation import Evaluation, Roi
from pilotkit.metrics.report.rows import Row, measured, summed
from pilotkit.metrics.usage.records import UsageRecord
from pilotkit.numbers import is_number
from pilotkit.pilot import graph
from pilotkit.pilot.journal import Entry
from pilotkit.pilot.load import Pilot

DEFINITIONS = (
    (
        "Estimate",
        "hours the engineer estimated to build each task by hand, before any agent "
        "started (metrics/estimate.yaml).",
    ),
    (
        "Engineer hours",
        "minutes logged in metrics/journal.yaml, sessions and course "
        "corrections together, in hours.",
    ),
    (
        "Ratio",
        "engineer hours ÷ estimated hours, shown only for done tasks (and for a wave or "
        "total whose tasks are all done); below 1 the engineer spent less time than the "
        "hand estimate, before token cost. A task not started shows –.",
    ),
    (
        "Done tasks",
        "agent tasks with `status: done`. Effort and ROI count these only, against their "
        "own estimate, so an unfinished pilot is not set against its whole estimate.",
    ),
    (
        "Forecast",
        "the agent tasks not done, at the done tasks' ratio and token cost per estimated "
        "hour: a projection, not a measurement.",
    ),
    (
        "Control task",
        "a task marked `mode: hand`: the engineer builds it by hand and logs the time, to "
        "measure the hand estimate. Controls are left out of the agents' effort and ROI.",
    ),
    (
        "Bias",
        "hand hours ÷ estimated hours over the done control tasks; the corrected "
        "counterfactual is the estimate × the bias, its range the lowest and highest "
        "control's ratio.",
    ),
    (
        "Agent sessions",
        "distinct agent sessions (Claude Code, Codex, Gemini CLI, opencode) with usage "
        "attributed to the task (by the task id in the session's git branch, or by the "
        "task's claim window).",
    ),
    (
        "Tokens",
        "input (not cached), output (reasoning included), cache read, and cache writes "
        "for 5 minutes and 1 hour; disjoint classes, as the agents' logs report them.",
    ),
    (
        "Cost",
        "tokens × the price table's list rate per model and class; tokens of a model "
        "missing from the table are counted but not priced, and flagged.",
    ),
    (
        "Course correction",
        "an entry in the journal where an agent went wrong and the engineer steered it "
        "back; its cause is one of a fixed set (spec gap, scope or files, ignored guideline, "
        "wrong tool or MCP failure, failing tests, rabbit hole, other) or not given.",
    ),
    (
        "Merged change",
        "a merge commit on the main branch (first parent), or a squash-merged "
        "commit whose subject ends in (#N); with a PR export, a merged pull request.",
    ),
    ("PR throughput", "merged changes per calendar week (Monday to Sunday) in the window."),
    ("Lead time", "from the first commit of a change (earliest author date) to its merge."),
    (
        "Change failure rate",
        "share of merged changes that a later commit reverted, or fixed "
        "with a subject saying fix/fixes/fixed/hotfix and naming the change's task id, pull "
        "request #N or commit hash, within the failure window after the merge.",
    ),
    (
        "Baseline",
        "the same delivery figures for the window just before the pilot's, as long "
        "unless --baseline says otherwise; it starts no earlier than the repository's first "
        "commit (or the export's first pull request).",
    ),
    (
        "ROI",
        "over the done agent tasks: their hand estimate × hourly rate (raw, and × the bias "
        "when controls measured one), against their engineer hours and tokens plus their "
        "share of the pilot-wide work (by estimated hours), engineer hours × hourly rate + "
        "token cost.",
    ),
)


@dataclass(frozen=True)
class Budget:
    budget_usd: float | None
    spent_usd: float
    unknown_models: Mapping[str, int]

    @property
    def share(self) -> float | None:
        return self.spent_usd / self.budget_usd if self.budget_usd else None

    @property
    def remaining_usd(self) -> float | None:
        return self.budget_usd - self.spent_usd if self.budget_usd is not None else None


@dataclass(frozen=True)
class About:
    """What a portfolio needs to group pilots: who ran it, on which template version."""

    engineer: str | None
    template_version: str | None  # the `_commit` of the answers: the template's version
    agents: tuple[str, ...]  # the agents chosen
    repository: str | None = None  # the `repository` answer, credentials taken out


@dataclass(frozen=True)
class Report:
    pilot: str
    as_of: date
    tasks: tuple[Row, ...]
    pilot_wide: Row
    waves: tuple[Row, ...]
    total: Row
    budget: Budget
    cost_by_day: tuple[tuple[date, float], ...]
    corrections: tuple[Entry, ...]
    delivery: Delivery
    evaluation: Evaluation
    agents: tuple[AgentFigures, ...]
    products: tuple[AgentFigures, ...]
    causes: Causes
    price_label: str
    baseline: Baseline = field(default_factory=lambda: Baseline(0))
    about: About = field(default_factory=lambda: About(None, None, ()))
    estimate_by: str | None = None
    estimate_on: str | None = None
    definitions: tuple[tuple[str, str], ...] = DEFINITIONS

    @property
    def roi(self) -> Roi:
        return self.evaluation.roi


def build(
    pilot: Pilot,
    *,
    estimate: Mapping[str, float],
    estimate_meta: Mapping[str, str | None],
    entries: Sequence[Entry],
    records: Sequence[UsageRecord],
    table: PriceTable,
    delivery: Delivery,
    hourly_rate: float | None,
    as_of: date,
    baseline: Baseline | None = None,
    min_done: int = evaluation.DEFAULT_MIN_DONE,
) -> Report:
    """The report of PILOT from everything already read and validated."""
    waves = {task: n + 1 for n, group in enumerate(graph.waves(pilot.deps())) for task in group}
    rows = [
        measured(
            task.id,
            task.title,
            [e for e in entries if e.task == task.id],
            [r for r in records if r.task == task.id],
            table,
            status=task.status,
            wave=waves.get(task.id),
            estimate=estimate.get(task.id, task.estimate_hours),
            mode=task.mode,
        )
        for task in pilot.by_id.values()
    ]
    known = set(pilot.by_id)
    wide = measured(
        "pilot-wide",
        "work not tied to one task",
        [e for e in entries if e.task not in known],
        [r for r in records if r.task not in known],
        table,
    )
    wave_rows = tuple(
        summed(f"wave {n}", f"{len(group)} task{'s' if len(group) > 1 else ''}", group)
        for n in sorted({r.wave for r in rows if r.wave is not None})
        for group in [[r for r in rows if r.wave == n]]
    )
    total = summed("total", "all tasks and pilot-wide work", [*rows, wide])
    total = replace(total, agent_sessions=len({(r.tool, r.session) for r in records}))
    answers_budget = pilot.answers.get("token_budget_usd")
    budget_usd = float(answers_budget) if is_number(answers_budget) else None
    unknown: dict[str, int] = {}
    for record in records:
        if table.cost(record) is None:
            unknown[record.model] = unknown.get(record.model, 0) + record.total()
    figures = agents.per_agent(pilot.by_id.values(), entries, records, table, delivery.changes)
    return Report(
        pilot=str(pilot.answers.get("pilot_name") or pilot.root.name),
        as_of=as_of,
        tasks=tuple(rows),
        pilot_wide=wide,
        waves=wave_rows,
        total=total,
        budget=Budget(budget_usd, total.cost, dict(sorted(unknown.items()))),
        cost_by_day=_cost_by_day(records, table),
        corrections=tuple(e for e in entries if e.kind == "correction"),
        delivery=delivery,
        evaluation=evaluation.evaluate(rows, wide, min_done=min_done, hourly_rate=hourly_rate),
        agents=figures,
        products=agents.per_product(figures),
        causes=causes.count(entries),
        price_label=table.label(),
        baseline=baseline or Baseline(0),
        about=_about(pilot),
        estimate_by=estimate_meta.get("estimated_by"),
        estimate_on=estimate_meta.get("estimated_on"),
    )


def _about(pilot: Pilot) -> About:
    answers = pilot.answers
    engineer, commit = answers.get("engineer"), answers.get("_commit")
    chosen = answers.get("agents")
    repository = answers.get("repository")
    return About(
        engineer=str(engineer) if isinstance(engineer, str) and engineer.strip() else None,
        template_version=str(commit) if commit else None,
        agents=tuple(str(a) for a in chosen) if isinstance(chosen, list) else (),
        repository=without_credentials(repository.strip())
        if isinstance(repository, str) and repository.strip()
        else None,
    )


def _cost_by_day(
    records: Iterable[UsageRecord], table: PriceTable
) -> tuple[tuple[date, float], ...]:
    """Cumulative priced cost at the end of each day that had usage."""
    daily: dict[date, float] = {}
    for record in records:
        value = table.cost(record)
        if value is not None:
            day = date.fromisoformat(record.time[:10])
            daily[day] = daily.get(day, 0.0) + value
    running, series = 0.0, []
    for day in sorted(daily):
        running += daily[day]
        series.append((day, running))
    return tuple(series)
