"""What a rule is, and what every rule is given: the loaded pilot and the check options."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from pilotkit.agents.guidelines import AGENTS_MD_MAX_BYTES
from pilotkit.findings import Finding, Severity
from pilotkit.pilot.load import Pilot

T = TypeVar("T")


@dataclass(frozen=True)
class Options:
    """Per-pilot settings of the rules (the `check:` section of `.pilotkit.yaml`)."""

    agents_md_max_bytes: int = AGENTS_MD_MAX_BYTES
    vague_terms: tuple[str, ...] = ()  # added to the built-in list
    markers: tuple[str, ...] = ()  # added to the built-in list
    filler: tuple[str, ...] = ()  # a template's own phrases, added to the built-in list
    observable_verbs: tuple[str, ...] = ()  # added to the built-in list
    # PK-T021: what one agent can hold in one pull request.
    max_task_hours: float = 8.0  # one working day by hand
    max_task_criteria: int = 8
    max_task_files: int = 10


@dataclass(frozen=True)
class Context:
    """What a rule reads: the pilot, loaded once, and the options."""

    pilot: Pilot
    options: Options = field(default_factory=Options)
    # What several rules derive from the same files, computed once per run (see `shared`).
    memo: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def shared(self, key: str, compute: Callable[[], T]) -> T:
        """The value of COMPUTE, computed on first use in this run and kept for the rest."""
        if key not in self.memo:
            self.memo[key] = compute()
        return cast(T, self.memo[key])


Check = Callable[[Context], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A lint rule: a stable id, its severity, one line saying what it flags, and its check.

    `check` is None for the rules that `pilotkit.pilot.load.load` raises while reading files.
    The severity here is the one reported, whatever the check put in its findings.
    """

    id: str
    severity: Severity
    summary: str
    check: Check | None = None


ERROR = Severity.ERROR
WARNING = Severity.WARNING
