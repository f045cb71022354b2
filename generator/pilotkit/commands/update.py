"""`pilotkit update`: roll a template version out to pilots → one outcome per pilot.

Each pilot is updated by `pilotkit.template.rollout` in a worker process (`--jobs`); pilots that
share one git repository go to the same worker, one after another, so two updates never
race on one index.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pilotkit import git, parallel
from pilotkit.ci import proposal
from pilotkit.errors import ExitCode, PilotkitError
from pilotkit.template import rollout
from pilotkit.template.rollout import Outcome, Request, Status


@dataclass(frozen=True)
class UpdateReport:
    """Every pilot's outcome, in the order the pilots were given."""

    outcomes: tuple[Outcome, ...]
    dry_run: bool = False

    def count(self, status: Status) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status is status)

    @property
    def exit_code(self) -> ExitCode:
        """0 when every pilot is updated or current; 1 when one needs a person; 3 on a bug."""
        if any(outcome.bug for outcome in self.outcomes):
            return ExitCode.BUG
        fine = {Status.UPDATED, Status.CURRENT}
        return ExitCode.OK if all(o.status in fine for o in self.outcomes) else ExitCode.PROBLEMS


def update(
    pilots: Sequence[Path] = (),
    *,
    to: str | None = None,
    dry_run: bool = False,
    commit: bool = False,
    jobs: int = 1,
    on_done: Callable[[Outcome], None] | None = None,
    pull_request: bool = False,
) -> UpdateReport:
    """Update each pilot in PILOTS (default: the current directory) to template version TO.

    TO defaults to the newest version of each pilot's template source. With DRY_RUN
    nothing is written; with COMMIT each updated pilot gets a new branch
    `pilotkit/update-<version>` holding one commit. ON_DONE sees each outcome as it
    finishes (for progress displays). With PULL_REQUEST the one pilot's update is
    committed, pushed to `origin` and proposed as a pull request (`pilotkit.ci.proposal`).
    """
    if jobs < 1:
        raise PilotkitError(f"--jobs {jobs}: give 1 or more pilots to update at a time")
    paths = [path.expanduser().resolve() for path in pilots] or [Path.cwd()]
    if pull_request:
        outcome = _propose(list(dict.fromkeys(paths)), to, dry_run)
        if on_done:
            on_done(outcome)
        return UpdateReport((outcome,))
    requests = [Request(path, to, dry_run, commit) for path in dict.fromkeys(paths)]
    batches = _by_repository(requests)

    def batch_done(outcomes: tuple[Outcome, ...]) -> None:
        for outcome in outcomes:
            if on_done:
                on_done(outcome)

    results = parallel.run_each(rollout.update_batch, batches, jobs, batch_done)
    by_path = {
        outcome_request.path: outcome
        for batch, outs in zip(batches, results, strict=True)
        for outcome_request, outcome in zip(batch, outs, strict=True)
    }
    return UpdateReport(tuple(by_path[request.path] for request in requests), dry_run)


def _propose(paths: Sequence[Path], to: str | None, dry_run: bool) -> Outcome:
    """The update of the one pilot in PATHS, proposed as a pull request."""
    if len(paths) != 1 or dry_run:
        raise PilotkitError(
            "--pull-request updates one pilot, the repository it runs in, for real: "
            "give one PILOT and no --dry-run"
        )
    start = proposal.prepare(paths[0])
    if found := proposal.foreign(start):
        return Outcome(
            paths[0],
            Status.SKIPPED,
            reason=f"{proposal.REMOTE}/{proposal.BRANCH} has a commit a person pushed "
            f"({found}); merge or close its pull request, and the next run proposes again",
        )
    outcome = rollout.update_pilot(Request(paths[0], to, dry_run=False, commit=True))
    try:
        return proposal.propose(outcome, start)
    except PilotkitError as err:
        return replace(outcome, status=Status.FAILED, reason=f"no pull request: {err}")


def _by_repository(requests: Sequence[Request]) -> list[tuple[Request, ...]]:
    groups: dict[str, list[Request]] = {}
    for request in requests:
        groups.setdefault(_repository(request.path), []).append(request)
    return [tuple(group) for group in groups.values()]


def _repository(path: Path) -> str:
    if not path.is_dir():
        return str(path)
    proc = git.run(["rev-parse", "--show-toplevel"], path, check=False)
    return proc.stdout.strip() if proc.returncode == 0 else str(path)
