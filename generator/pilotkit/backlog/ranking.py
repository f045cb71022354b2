"""Score a whole backlog: read, calibrate on the references, score, rank.

Everything here is independent of the order of the rows in the exports: tickets are keyed,
references and ranks are sorted by score and then by key.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pilotkit.backlog import config as backlog_config
from pilotkit.backlog.calibration import Calibration, Separation, calibrate, separation
from pilotkit.backlog.measures import measure
from pilotkit.backlog.readers import Backlog, ExportError, read_exports
from pilotkit.backlog.scoring import Nearest, Scored, score
from pilotkit.backlog.ticket import Ticket, plain_key


@dataclass(frozen=True)
class Exports:
    """The exports to read (PATHS) and how to read and calibrate them: the flags every
    `backlog` command shares."""

    paths: tuple[Path, ...]
    references: tuple[str, ...] = ()
    reference_file: Path | None = None
    negatives: tuple[str, ...] = ()
    input_format: str | None = None
    config: Path | None = None


@dataclass(frozen=True)
class Scores:
    """Every ticket of the exports scored (by key), the calibration, and the separation of
    the references from the known-poor tickets (when some were named)."""

    backlog: Backlog
    calibration: Calibration
    scored: dict[str, Scored]
    negatives: tuple[str, ...]
    separation: Separation | None
    statuses: tuple[str, ...]


def score_all(given: Exports) -> Scores:
    """Read the exports, calibrate on the references, and score every ticket."""
    settings = backlog_config.load(given.config)
    backlog = read_exports(list(given.paths), settings, given.input_format)
    by_key = {plain_key(t.key): t for t in backlog.tickets}
    references = {t.key: t for t in _references(given, by_key, settings)}
    negatives = tuple(find(by_key, key, "--negative").key for key in given.negatives)
    every = {t.key: t for t in (*references.values(), *backlog.tickets)}  # the exports' win
    measured = {key: measure(t) for key, t in every.items()}
    calibration = calibrate({key: measured[key] for key in references})
    nearest = Nearest(references)
    scored = {
        key: score(t, measured[key], calibration, nearest(t) if references else "")
        for key, t in every.items()
    }
    split = None
    if negatives and references:
        split = separation(
            {k: (scored[k].score, scored[k].per_signal()) for k in references},
            {k: (scored[k].score, scored[k].per_signal()) for k in negatives},
        )
    return Scores(backlog, calibration, scored, negatives, split, settings.backlog_statuses)


def find(by_key: dict[str, Ticket], key: str, flag: str) -> Ticket:
    """The ticket KEY names, or ExportError naming the flag and what the exports hold."""
    found = by_key.get(plain_key(key))
    if found is None:
        some = ", ".join(t.key for t in list(by_key.values())[:5])  # in key order
        more = " …" if len(by_key) > 5 else ""
        raise ExportError(
            f"{flag} {key}: no such ticket in the exports (they hold {some}{more}); "
            "check the key or add the export that has it"
        )
    return found


def select(scores: Scores, types: Sequence[str] = (), statuses: Sequence[str] = ()) -> list[Scored]:
    """The tickets of the exports of those TYPES and STATUSES (default: the configured
    backlog statuses, else all), ranked worst first, ties by key."""
    wanted_types = {t.lower() for t in types}
    wanted = {s.lower() for s in (statuses or scores.statuses)}
    chosen = [
        scores.scored[t.key]
        for t in scores.backlog.tickets
        if (not wanted_types or t.type.lower() in wanted_types)
        and (not wanted or t.status.lower() in wanted)
    ]
    order = {t.key: index for index, t in enumerate(scores.backlog.tickets)}
    return sorted(chosen, key=lambda s: (s.score, order[s.ticket.key]))


def _references(
    given: Exports, by_key: dict[str, Ticket], settings: backlog_config.Config
) -> list[Ticket]:
    found = [find(by_key, key, "--reference") for key in given.references]
    if given.reference_file is not None:
        extra = read_exports([given.reference_file], settings, None).tickets
        if not extra:
            raise ExportError(f"{given.reference_file}: holds no reference tickets")
        found += extra
    return found
