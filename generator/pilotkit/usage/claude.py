"""Claude Code transcripts: `<config>/projects/<escaped cwd>/<session>.jsonl`.

Usage sits on `type: "assistant"` lines, in `message.usage`. One API response is written
as several lines (one per content block) that share `message.id` and `requestId`; they
are one record, and since counts only grow while a response streams, the largest count
of each class wins. Lines for the model `<synthetic>` are Claude Code's own notices, not
API calls. Formats known (fixtures in tests/fixtures/usage/claude/):

- 1.x: `cache_creation_input_tokens` only (all of it a 5-minute cache write), `costUSD`;
- 2.x: `cache_creation` split into `ephemeral_5m_input_tokens` and
  `ephemeral_1h_input_tokens`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pilotkit.usage.records import UsageFormatError, UsageRecord, count
from pilotkit.usage.sources import ReadStats, Scope, utc_time

Observed = tuple[UsageRecord, str | None]  # the record (task not set yet) and its git branch


def read(paths: Iterator[Path], scope: Scope, stats: ReadStats) -> dict[str, Observed]:
    """Every usage record in PATHS whose working directory is in SCOPE, by record key."""
    found: dict[str, Observed] = {}
    for path in paths:
        stats.files += 1
        for record, branch in read_file(path, scope, stats):
            known = found.get(record.key)
            if known is None:
                found[record.key] = (record, branch)
            else:
                stats.duplicates += 1
                found[record.key] = (known[0].merged(record), known[1] or branch)
    return found


def read_file(path: Path, scope: Scope, stats: ReadStats) -> Iterator[Observed]:
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            stats.lines += 1
            if not raw.strip():
                continue
            try:
                entry = json.loads(raw)
            except (ValueError, UnicodeDecodeError):
                stats.corrupt_line(path, number)
                continue
            if not isinstance(entry, dict):
                stats.corrupt_line(path, number)
                continue
            if entry.get("type") != "assistant":
                continue
            observed = _record(entry, path, number, scope)
            if observed is not None:
                yield observed


def _record(entry: dict[str, Any], path: Path, number: int, scope: Scope) -> Observed | None:
    message = entry.get("message")
    if not isinstance(message, dict):
        raise UsageFormatError(str(path), number, "an assistant line has no `message` object")
    usage = message.get("usage")
    model = message.get("model")
    if usage is None or model == "<synthetic>" or entry.get("isApiErrorMessage"):
        return None
    cwd = entry.get("cwd")
    if cwd is not None and not scope.accepts(cwd):
        return None
    if not isinstance(usage, dict) or "input_tokens" not in usage or "output_tokens" not in usage:
        raise UsageFormatError(
            str(path), number, "`message.usage` has no `input_tokens` and `output_tokens`"
        )
    time = utc_time(entry.get("timestamp"))
    session = entry.get("sessionId")
    if time is None or not isinstance(session, str) or not isinstance(model, str):
        raise UsageFormatError(
            str(path), number, "an assistant line lacks `timestamp`, `sessionId` or `model`"
        )
    try:
        counts = _counts(usage)
    except ValueError as err:
        raise UsageFormatError(str(path), number, f"`message.usage`: {err}") from None
    message_id, request_id = message.get("id"), entry.get("requestId")
    key = f"{message_id}:{request_id}" if message_id and request_id else str(entry.get("uuid"))
    branch = entry.get("gitBranch")
    record = UsageRecord(
        key=f"claude:{key}",
        tool="claude",
        session=session,
        time=time,
        model=model,
        task=None,
        **counts,
    )
    return record, branch if isinstance(branch, str) and branch else None


def _counts(usage: dict[str, Any]) -> dict[str, int]:
    written = count(usage.get("cache_creation_input_tokens"))
    split = usage.get("cache_creation")
    if isinstance(split, dict):
        write_1h = count(split.get("ephemeral_1h_input_tokens"))
        write_5m = count(split.get("ephemeral_5m_input_tokens"))
        write_5m += max(written - write_5m - write_1h, 0)  # any write the split leaves out
    else:
        write_1h, write_5m = 0, written  # before the split, every write was a 5-minute one
    return {
        "input": count(usage.get("input_tokens")),
        "output": count(usage.get("output_tokens")),
        "cache_read": count(usage.get("cache_read_input_tokens")),
        "cache_write_5m": write_5m,
        "cache_write_1h": write_1h,
    }
