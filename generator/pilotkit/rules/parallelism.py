"""Rules for what the task graph lets run at once, against what the pilot promised.

`parallel_tasks` is the suitability answer that passed the verdict in `PILOT.md`; the
dependencies between the tasks decide what really runs at once. Both rules read the
number `pilotkit tasks graph` prints (its max useful parallelism, by the same function),
computed once per run in time near-linear in the tasks: no pair of tasks is compared.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from pilotkit.findings import Finding, finding
from pilotkit.pilot import globs, graph, plan
from pilotkit.pilot.load import ANSWERS, PILOT_MD, Pilot
from pilotkit.rules.base import ERROR, WARNING, Context, Rule

# The charter's suitability table row of the answer, and the row naming the agents.
_PARALLEL_ROW = re.compile(r"^\|[^|\n]*`parallel_tasks`[^|\n]*\|\s*(\d+)\s*\|", re.MULTILINE)
_AGENTS_ROW = re.compile(r"^\|\s*Agents\s*\|", re.MULTILINE)
# How many links of the longest chain are looked at for one to question.
_LINKS_LOOKED_AT = 50


@dataclass(frozen=True)
class Declared:
    """How many tasks the pilot says can run at once, and where it says so."""

    count: int
    path: str
    line: int | None


def declared(pilot: Pilot) -> Declared | None:
    """The `parallel_tasks` row of `PILOT.md` (the charter a person edits), else the answer."""
    text = pilot.texts.get(PILOT_MD)
    match = _PARALLEL_ROW.search(text) if text is not None else None
    if text is not None and match:
        return Declared(int(match.group(1)), PILOT_MD, text.count("\n", 0, match.start()) + 1)
    value = pilot.answers.get("parallel_tasks")
    if isinstance(value, int) and not isinstance(value, bool):
        return Declared(value, ANSWERS, None)
    return None


def hours(ctx: Context) -> dict[str, float]:
    """The hand-estimate hours of each task, as the plan reads them, once per run."""
    return ctx.shared("hours", lambda: plan.read_hours(ctx.pilot))


def useful_parallelism(ctx: Context) -> int | None:
    """The max useful parallelism `tasks graph` prints, or None when the graph cannot be
    judged: no task, a task file that cannot be read, or a cycle (PK-T006, PK-T001 and
    PK-T009 say why)."""
    pilot = ctx.pilot

    def compute() -> int | None:
        deps = pilot.deps()
        return None if graph.find_cycle(deps) else plan.useful_parallelism(deps, hours(ctx))

    if not pilot.by_id or pilot.unparsed:
        return None
    return ctx.shared("parallelism", compute)


def parallelism_not_in_graph(ctx: Context) -> Iterator[Finding]:
    width, promised = useful_parallelism(ctx), declared(ctx.pilot)
    if width is None or promised is None or promised.count <= width:
        return
    chain = graph.longest_chain(ctx.pilot.deps())
    yield finding(
        "PK-T017",
        promised.path,
        promised.line,
        f"parallel_tasks is {promised.count}, but the task graph lets at most "
        f"{width} run at a time: {describe_chain(chain)}",
        _question(
            ctx.pilot,
            chain,
            f"write {width} in the `parallel_tasks` row of PILOT.md and reconsider the pilot",
        ),
    )


def single_chain(ctx: Context) -> Iterator[Finding]:
    width, agents = useful_parallelism(ctx), ctx.pilot.agents()
    if width != 1 or len(agents) < 2:
        return
    promised = declared(ctx.pilot)
    if promised is not None and promised.count > width:
        return  # PK-T017 says it, with the number the pilot promised
    text = ctx.pilot.texts.get(PILOT_MD, "")
    row = _AGENTS_ROW.search(text)
    line = text.count("\n", 0, row.start()) + 1 if row else None
    chain = graph.longest_chain(ctx.pilot.deps())
    yield finding(
        "PK-T018",
        PILOT_MD,
        line,
        f"{len(agents)} agents are chosen, but the tasks run one at a time: "
        + describe_chain(chain),
        _question(ctx.pilot, chain, "choose one agent: the others would only wait"),
    )


def describe_chain(chain: list[str]) -> str:
    """The longest chain in words, shortened in the middle when it is long."""
    if len(chain) == 1:
        return f"{chain[0]} is the only task"
    shown = chain if len(chain) <= 8 else [*chain[:3], "…", *chain[-3:]]
    return f"the longest chain is {' → '.join(shown)} ({len(chain)} tasks)"


def _question(pilot: Pilot, chain: list[str], otherwise: str) -> str:
    """Which dependency of CHAIN to question first (the first whose two tasks share no
    files), and OTHERWISE: what to do if every dependency holds."""
    if len(chain) < 2:
        return f"add tasks that can run beside {chain[0]}, or {otherwise}"
    links = list(itertools.pairwise(chain))[:_LINKS_LOOKED_AT]
    (before, after), why = links[0], ""
    for first, then in links:
        if not globs.first_overlap(pilot.by_id[first].files, pilot.by_id[then].files):
            (before, after), why = (first, then), " (they share no files)"
            break
    return (
        f"question {after}'s dependency on {before}{why}: if {after} can start without it, "
        f"remove {before} from its `depends_on`; if every dependency holds, {otherwise}"
    )


RULES = (
    Rule(
        "PK-T017",
        ERROR,
        "`parallel_tasks` is more than the task graph lets run at once",
        parallelism_not_in_graph,
    ),
    Rule(
        "PK-T018", WARNING, "several agents are chosen but the tasks form one chain", single_chain
    ),
)
