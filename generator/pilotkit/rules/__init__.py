"""Every lint rule of `pilotkit check`, in one registry, and the function that runs them.

`RULES` is a plain tuple of `Rule`s with stable ids, grouped by family (the letter after
`PK-`), each family in one module or a few (specs: `specs`, `guidance`; tasks: `tasks`,
`parallelism`, `readiness`). The text signals several rules share are in `signals`. A rule whose
`check` is None is raised while the pilot is loaded (`pilotkit.pilot.load.load`); the others
are small functions from a `Context` to findings. To add a rule, write its function in
the family's module, append it to that module's `RULES`, and document it in
docs/reference/rules.md (a test keeps the two in step).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from pilotkit.findings import Finding, Severity
from pilotkit.rules import (
    board,
    ci,
    guidance,
    guidelines,
    mcp,
    metrics,
    parallelism,
    readiness,
    specs,
    tasks,
    updates,
)
from pilotkit.rules.base import ERROR, Context, Options, Rule

PILOT = (
    Rule("PK-P001", ERROR, "`.copier-answers.yml` cannot be read"),
    Rule("PK-P002", ERROR, "a pilot file cannot be read as UTF-8 text"),
    Rule("PK-P003", ERROR, "`.pilotkit.yaml` is invalid"),
)

RULES: tuple[Rule, ...] = (
    *PILOT,
    *updates.RULES,
    *specs.RULES,
    *guidance.RULES,
    *tasks.RULES,
    *parallelism.RULES,
    *readiness.RULES,
    *mcp.RULES,
    *guidelines.RULES,
    *metrics.RULES,
    *board.RULES,
    *ci.RULES,
)

BY_ID: Mapping[str, Rule] = {rule.id: rule for rule in RULES}


def matching(selectors: Iterable[str], rules: Sequence[Rule] = RULES) -> list[Rule]:
    """The rules whose id starts with any of SELECTORS (`PK-T013`, `PK-T`, `PK`)."""
    chosen = [selector.strip().upper() for selector in selectors if selector.strip()]
    return [rule for rule in rules if any(rule.id.startswith(s) for s in chosen)]


def unknown(selectors: Iterable[str]) -> list[str]:
    """The SELECTORS that match no rule."""
    return [s for s in selectors if s.strip() and not matching([s])]


def run(
    ctx: Context,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    severities: Mapping[str, Severity] | None = None,
) -> list[Finding]:
    """Run the selected rules on CTX; return the pilot's load findings and theirs, sorted."""
    chosen = {rule.id for rule in (matching(select) if select else RULES)}
    chosen -= {rule.id for rule in matching(ignore)}
    found: list[Finding] = [f for f in ctx.pilot.findings if f.rule in chosen]
    for rule in RULES:
        if rule.check is not None and rule.id in chosen:
            found.extend(rule.check(ctx))
    overrides = severities or {}
    result = []
    for item in found:
        known = BY_ID.get(item.rule)
        severity = overrides.get(item.rule, known.severity if known else item.severity)
        if severity != item.severity:
            item = Finding(
                item.path, item.line, item.column, item.rule, severity, item.message, item.hint
            )
        result.append(item)
    return sorted(result, key=sort_key)


def sort_key(item: Finding) -> tuple[str, int, int, str, str]:
    return (item.path, item.line or 0, item.column or 0, item.rule, item.message)


__all__ = ["BY_ID", "RULES", "Context", "Options", "Rule", "matching", "run", "unknown"]
