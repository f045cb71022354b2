"""Claude Code transcripts: `<config>/projects/<escaped cwd>/<session>.jsonl`.

Usage sits on `type: "assistant"` lines, in `message.usage`. One API response is written
as several lines (one per content block) that share `message.id` and `requestId`; they
are one record, and since counts only grow while a response streams, the largest count
of each class wins. Lines for the model `<synthetic>` are Claude Code's own notices, not
API calls. A line without the word `assistant` cannot hold usage and is not parsed (so a
corrupt line is counted only when it could have held usage). Formats known (fixtures in
tests/fixtures/usage/claude/):

- 1.x: `cache_creation_input_tokens` only (all of it a 5-minute cache write), `costUSD`;
- 2.x: `cache_creation` split into `ephemeral_5m_input_tokens` and
  `ephemeral_1h_input_tokens`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pilotkit.metrics.usage.records import CLASSES, UsageFormatError, UsageRecord, count
from pilotkit.metrics.usage.sources import ReadStats, Scope, utc_time

Attribute = Callable[[str | None, str], str | None]  # (git branch, time) → task id


@dataclass
class _Response:
    """One API response as its lines are read; counts merged with max()."""

    session: str
    time: str
    model: str
    branch: str | None
    counts: list[int]


def read(
    paths: Iterator[Path], scope: Scope, stats: ReadStats, attribute: Attribute
) -> dict[str, UsageRecord]:
    """Every usage record in PATHS whose working directory is in SCOPE, by record key."""
    found: dict[str, _Response] = {}
    for path in paths:
        stats.files += 1
        _read_file(path, scope, stats, found)
    return {
        key: UsageRecord(
            key=key,
            tool="claude",
            session=r.session,
            time=r.time,
            model=r.model,
            task=attribute(r.branch, r.time),
            **dict(zip(CLASSES, r.counts, strict=True)),
        )
        for key, r in found.items()
    }


def _read_file(path: Path, scope: Scope, stats: ReadStats, found: dict[str, _Response]) -> None:
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            stats.lines += 1
            if b"assistant" not in raw:
                continue
            entry = stats.decode(raw, path, number)
            if entry is not None and entry.get("type") == "assistant":
                _add(entry, path, number, scope, stats, found)


def _add(
    entry: dict[str, Any],
    path: Path,
    number: int,
    scope: Scope,
    stats: ReadStats,
    found: dict[str, _Response],
) -> None:
    message = entry.get("message")
    if not isinstance(message, dict):
        raise UsageFormatError(str(path), number, "an assistant line has no `message` object")
    usage = message.get("usage")
    model = message.get("model")
    if usage is None or model == "<synthetic>" or entry.get("isApiErrorMessage"):
        return
    cwd = entry.get("cwd")
    if cwd is not None and not scope.accepts(cwd):
        return
    if not isinstance(usage, dict) or "input_tokens" not in usage or "output_tokens" not in usage:
        raise UsageFormatError(
            str(path), number, "`message.usage` has no `input_tokens` and `output_tokens`"
        )
    try:
        counts = _counts(usage)
    except ValueError as err:
        raise UsageFormatError(str(path), number, f"`message.usage`: {err}") from None
    message_id, request_id = message.get("id"), entry.get("requestId")
    key = "claude:" + (
        f"{message_id}:{request_id}" if message_id and request_id else str(entry.get("uuid"))
    )
    known = found.get(key)
    if known is not None:
        stats.duplicates += 1
        known.counts = [max(a, b) for a, b in zip(known.counts, counts, strict=True)]
        return
    time = utc_time(entry.get("timestamp"))
    session = entry.get("sessionId")
    if time is None or not isinstance(session, str) or not isinstance(model, str):
        raise UsageFormatError(
            str(path), number, "an assistant line lacks `timestamp`, `sessionId` or `model`"
        )
    branch = entry.get("gitBranch")
    found[key] = _Response(
        session, time, model, branch if isinstance(branch, str) and branch else None, counts
    )


def _counts(usage: dict[str, Any]) -> list[int]:
    """input, output, cache read, 5-minute and 1-hour cache writes, in CLASSES order."""
    written = count(usage.get("cache_creation_input_tokens"))
    split = usage.get("cache_creation")
    if isinstance(split, dict):
        write_1h = count(split.get("ephemeral_1h_input_tokens"))
        write_5m = count(split.get("ephemeral_5m_input_tokens"))
        write_5m += max(written - write_5m - write_1h, 0)  # any write the split leaves out
    else:
        write_1h, write_5m = 0, written  # before the split, every write was a 5-minute one
    return [
        count(usage.get("input_tokens")),
        count(usage.get("output_tokens")),
        count(usage.get("cache_read_input_tokens")),
        write_5m,
        write_1h,
    ]
