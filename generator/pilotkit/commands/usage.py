"""`pilotkit usage import`: the agents' local logs → priced usage records in `metrics/usage/`."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pilotkit import git, lock
from pilotkit.errors import PilotkitError
from pilotkit.files import refuse_link
from pilotkit.metrics import prices
from pilotkit.metrics.usage import claude, codex, sources, store
from pilotkit.metrics.usage.attribution import Attributor, claim_windows
from pilotkit.metrics.usage.records import UsageRecord
from pilotkit.metrics.usage.sources import ReadStats, Scope
from pilotkit.pilot.load import load_pilot

log = logging.getLogger(__name__)
LABELS = {"claude": "Claude Code", "codex": "Codex"}


@dataclass(frozen=True)
class ToolImport:
    """What one agent's logs gave."""

    tool: str
    label: str
    files: int
    lines: int
    corrupt: int
    corrupt_at: tuple[str, ...]
    duplicates: int
    found: int
    added: int
    changed: int
    stored: int
    sessions: int
    no_usage_sessions: int
    written: bool
    path: str


@dataclass(frozen=True)
class ImportResult:
    """An import: per agent, then the priced totals of everything stored."""

    root: Path
    dirs: tuple[Path, ...]
    tools: tuple[ToolImport, ...]
    cost: float
    unknown_models: Mapping[str, int]
    unattributed: int
    records: int
    price_label: str


def usage_import(
    path: Path,
    *,
    dirs: Sequence[Path] = (),
    env: Mapping[str, str] | None = None,
) -> ImportResult:
    """Import the Claude Code and Codex usage of the pilot at PATH into `metrics/usage/`.

    Sessions count when they ran in the pilot, in the target repository (when the
    `repository` answer is a local path), in DIRS, or in a git worktree of any of these.
    Nothing is written if a log line has a shape pilotkit does not know.
    """
    env = os.environ if env is None else env
    pilot = load_pilot(path)
    scope = Scope(tuple(scope_dirs(pilot.root, pilot.answers.get("repository"), dirs)))
    log.info("sessions count when they ran in: %s", ", ".join(map(str, scope.dirs)))
    table = prices.load(pilot.root)
    attributor = Attributor(pilot.by_id, claim_windows(pilot.tasks))
    observed = [_observe(tool, scope, attributor, env) for tool in LABELS]
    # Every log was read without a format error: only now is anything written. The stored
    # records are read again under the pilot's lock, so a second import running now
    # cannot write back a file that lacks this one's records (or this one, its).
    with lock.exclusive(pilot.root):
        for tool in LABELS:  # one refused file and none is written
            refuse_link(store.path_for(pilot.root, tool))
        pending = [_merged(pilot.root, tool, stats, found) for tool, stats, found in observed]
        results = [_save(pilot.root, read) for read in pending]
    everything = [record for read in pending for record in read.merged.values()]
    priced = prices.price(table, everything)
    return ImportResult(
        root=pilot.root,
        dirs=scope.dirs,
        tools=tuple(results),
        cost=priced.cost,
        unknown_models=dict(sorted(priced.unknown.items())),
        unattributed=sum(1 for r in everything if r.task is None),
        records=len(everything),
        price_label=table.label(),
    )


@dataclass(frozen=True)
class _Read:
    tool: str
    stats: ReadStats
    merged: dict[str, UsageRecord]
    found: int
    added: int
    changed: int


def _observe(
    tool: str, scope: Scope, attributor: Attributor, env: Mapping[str, str]
) -> tuple[str, ReadStats, list[UsageRecord]]:
    """TOOL's usage records in its local logs, with what reading them found."""
    stats = ReadStats()

    def attribute(branch: str | None, time: str) -> str | None:
        return attributor.task(tool, branch, time)

    if tool == "claude":
        paths = sources.claude_files(sources.claude_roots(env), scope)
        observed = claude.read(paths, scope, stats, attribute)
    else:
        observed = codex.read(sources.codex_files(sources.codex_home(env)), scope, stats, attribute)
    return tool, stats, list(observed.values())


def _merged(root: Path, tool: str, stats: ReadStats, found: list[UsageRecord]) -> _Read:
    merged, added, changed = store.merge(store.load_tool(root, tool), found)
    return _Read(tool, stats, merged, len(found), added, changed)


def _save(root: Path, read: _Read) -> ToolImport:
    stats = read.stats
    return ToolImport(
        tool=read.tool,
        label=LABELS[read.tool],
        files=stats.files,
        lines=stats.lines,
        corrupt=stats.corrupt,
        corrupt_at=tuple(stats.corrupt_at),
        duplicates=stats.duplicates,
        found=read.found,
        added=read.added,
        changed=read.changed,
        stored=len(read.merged),
        sessions=len({r.session for r in read.merged.values()}),
        no_usage_sessions=stats.no_usage_sessions,
        written=store.save_tool(root, read.tool, read.merged.values()),
        path=str(store.path_for(root, read.tool).relative_to(root)),
    )


def scope_dirs(root: Path, repository: object, extra: Iterable[Path]) -> list[Path]:
    """The pilot, the target repository when local, EXTRA, and the worktrees of each."""
    bases = [root]
    if isinstance(repository, str) and repository.strip() and "://" not in repository:
        local = (root / Path(repository.strip()).expanduser()).resolve()
        if local.is_dir():
            bases.append(local)
    for directory in extra:
        path = Path(directory).expanduser().absolute()
        if not path.is_dir():
            raise PilotkitError(f"--dir {directory}: no such directory")
        bases.append(path)
    found: list[Path] = []
    for base in bases:
        for tree in git.worktrees(base):
            for form in (tree.absolute(), tree.resolve()):
                if form not in found:
                    found.append(form)
    return found
