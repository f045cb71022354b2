"""Codex rollouts: `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-*.jsonl`.

Each line is `{timestamp, type, payload}`. The first, `session_meta`, names the session,
its working directory and git branch; `turn_context` lines carry the model of the turns
that follow; `event_msg` lines whose payload is a `token_count` carry usage, as
`info.total_token_usage` (cumulative for the session) and `info.last_token_usage` (the
latest turn). pilotkit takes the difference of the cumulative totals, so an event that
is written twice counts once, and falls back to `last_token_usage` when a log has no
totals. `input_tokens` includes `cached_input_tokens`; `output_tokens` includes
`reasoning_output_tokens`. Formats known (fixtures in tests/fixtures/usage/codex/):

- before 0.30 (2025-09): a first line without `type`, and no token counts at all;
- 0.30 and later: the typed lines above; `info` may be null (rate limits only).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pilotkit.metrics.usage.records import UsageFormatError, UsageRecord, count
from pilotkit.metrics.usage.sources import ReadStats, Scope, utc_time

Attribute = Callable[[str | None, str], str | None]  # (git branch, time) → task id
FIELDS = ("input_tokens", "cached_input_tokens", "output_tokens", "reasoning_output_tokens")


@dataclass
class _Session:
    id: str
    branch: str | None
    model: str = "unknown"
    totals: dict[str, int] | None = None


def read(
    paths: Iterator[Path], scope: Scope, stats: ReadStats, attribute: Attribute
) -> dict[str, UsageRecord]:
    """Every usage record of the rollouts in PATHS whose session ran in SCOPE, by key."""
    found: dict[str, UsageRecord] = {}
    for path in paths:
        for record in read_file(path, scope, stats, attribute):
            found[record.key] = record
    return found


def read_file(
    path: Path, scope: Scope, stats: ReadStats, attribute: Attribute
) -> Iterator[UsageRecord]:
    with path.open("rb") as lines:
        first = _first_entry(path, lines, stats)
        if first is None:
            return
        session = _session(first, path, scope, stats)
        if session is None:
            return
        stats.files += 1
        usage_seen = False
        for number, raw in enumerate(lines, start=2):
            stats.lines += 1
            if not raw.strip():
                continue
            entry = stats.decode(raw, path, number)
            if entry is None:
                continue
            record = _entry(entry, session, path, number, attribute)
            if record is not None:
                usage_seen = True
                yield record
        if not usage_seen:
            stats.no_usage_sessions += 1


def _first_entry(path: Path, lines: Any, stats: ReadStats) -> dict[str, Any] | None:
    raw = lines.readline()
    stats.lines += 1
    try:
        entry = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        stats.files += 1
        stats.corrupt_line(path, 1)
        return None
    return entry if isinstance(entry, dict) else None


def _session(first: dict[str, Any], path: Path, scope: Scope, stats: ReadStats) -> _Session | None:
    if first.get("type") == "session_meta" and isinstance(first.get("payload"), dict):
        meta = first["payload"]
    elif "type" not in first and "id" in first and "timestamp" in first:
        # A rollout from before token counts were logged: nothing to import, ever.
        if scope.accepts(str(first.get("cwd") or "")):
            stats.files += 1
            stats.no_usage_sessions += 1
        return None
    else:
        raise UsageFormatError(str(path), 1, "the first line is not a `session_meta` line")
    if not scope.accepts(meta.get("cwd")):
        return None
    git = meta.get("git")
    branch = git.get("branch") if isinstance(git, dict) else None
    session_id = meta.get("id")
    if not isinstance(session_id, str) or not session_id:
        raise UsageFormatError(str(path), 1, "`session_meta` has no session `id`")
    return _Session(session_id, branch if isinstance(branch, str) and branch else None)


def _entry(
    entry: dict[str, Any], session: _Session, path: Path, number: int, attribute: Attribute
) -> UsageRecord | None:
    kind, payload = entry.get("type"), entry.get("payload")
    if not isinstance(payload, dict):
        return None
    if kind == "turn_context":
        model = payload.get("model")
        if isinstance(model, str) and model:
            session.model = model
        return None
    if kind != "event_msg" or payload.get("type") != "token_count":
        return None
    info = payload.get("info")
    if info is None:
        return None  # a rate-limit update without token counts
    delta = _delta(info, session, path, number)
    if delta is None or not any(delta.values()):
        return None  # the same totals written again
    time = utc_time(entry.get("timestamp"))
    if time is None:
        raise UsageFormatError(str(path), number, "a `token_count` line has no `timestamp`")
    model = info.get("model") if isinstance(info.get("model"), str) else session.model
    cached = min(delta["cached_input_tokens"], delta["input_tokens"])
    return UsageRecord(
        key=f"codex:{session.id}:{number}",
        tool="codex",
        session=session.id,
        time=time,
        model=model,
        task=attribute(session.branch, time),
        input=delta["input_tokens"] - cached,
        output=delta["output_tokens"],
        cache_read=cached,
        reasoning=delta["reasoning_output_tokens"],
    )


def _delta(info: Any, session: _Session, path: Path, number: int) -> dict[str, int] | None:
    if not isinstance(info, dict):
        raise UsageFormatError(str(path), number, "`token_count` info is not an object")
    total, last = info.get("total_token_usage"), info.get("last_token_usage")
    try:
        if isinstance(total, dict) and "input_tokens" in total:
            current = {name: count(total.get(name)) for name in FIELDS}
            before = session.totals or dict.fromkeys(FIELDS, 0)
            session.totals = current
            return {name: max(current[name] - before[name], 0) for name in FIELDS}
        if isinstance(last, dict) and "input_tokens" in last:
            return {name: count(last.get(name)) for name in FIELDS}
    except ValueError as err:
        raise UsageFormatError(str(path), number, f"`token_count`: {err}") from None
    raise UsageFormatError(
        str(path), number, "`token_count` has neither `total_token_usage` nor `last_token_usage`"
    )
