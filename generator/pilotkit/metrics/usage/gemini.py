"""Gemini CLI chat recordings: `~/.gemini/tmp/<project>/chats/session-*.jsonl`.

Read from the client's own code (`@google/gemini-cli` 0.61, its bundled
`packages/core/dist/src/services/chatRecordingService.js`), not guessed:

- the folder is `<GEMINI_CLI_HOME or home>/.gemini/tmp/<project id>/chats/`; a sub-agent's
  recording sits one folder deeper, under its parent session's id (`initialize`);
- the first line is the session header `{sessionId, projectHash, startTime, …}`, where
  `projectHash` is the SHA-256 of the project root (`getProjectHash`): that is how a
  recording is matched to the pilot's directories, whatever the project folder is named;
- every later line is a message (it has an `id`), a `$set` metadata update or a
  `$rewindTo`. A message is appended again each time it changes (`pushMessage`), so the
  same `id` can appear several times: one record per id, the largest count of each class;
- a `type: "gemini"` message is one model response; `recordMessageTokens` copies the
  response's usage into `tokens`: `input` (promptTokenCount), `output`
  (candidatesTokenCount), `cached` (cachedContentTokenCount), `thoughts`
  (thoughtsTokenCount), `tool` (toolUsePromptTokenCount) and `total`. The prompt count
  includes the cached tokens (the client's own statistics show input as `input − cached`,
  `uiTelemetry.js` `hydrate`), so pilotkit stores input `input − cached + tool`, cache
  read `cached`, and output `output + thoughts` (thoughts kept as reasoning);
- a rewind removes messages from the conversation, not from the bill: their tokens count.

Formats known (fixtures in tests/fixtures/usage/gemini/):

- `session-*.json`: one JSON object, the header's fields plus `messages: [...]`, the
  format the client converts on resume (`parseLegacyRecordFallback`, then `.json` →
  `.jsonl` with each message appended as it was);
- `session-*.jsonl`: the line format above (0.61).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from pilotkit.metrics.usage.records import UsageFormatError, UsageRecord, count
from pilotkit.metrics.usage.sources import ReadStats, Scope, utc_time

Attribute = Callable[[str | None, str], str | None]  # (git branch, time) → task id
TOKENS = ("input", "output", "cached", "thoughts", "tool")


@dataclass
class _Session:
    id: str
    model: str = "unknown"
    found: dict[str, UsageRecord] = field(default_factory=dict)


def files(roots: Iterable[Path]) -> Iterator[Path]:
    """Every recording under each root's `tmp/*/chats/`, sub-agents' included, each once."""
    seen: set[Path] = set()
    for root in roots:
        base = root / "tmp"
        if not base.is_dir():
            continue
        for chats in sorted(base.glob("*/chats")):
            for path in sorted([*chats.glob("*.json"), *chats.rglob("*.jsonl")]):
                if path not in seen and path.is_file():
                    seen.add(path)
                    yield path


def read(
    paths: Iterator[Path], scope: Scope, stats: ReadStats, attribute: Attribute
) -> dict[str, UsageRecord]:
    """Every usage record of the recordings in PATHS whose project is in SCOPE, by key."""
    hashes = {hashlib.sha256(str(d).encode()).hexdigest() for d in scope.dirs}
    found: dict[str, UsageRecord] = {}
    for path in paths:
        lines = _json_file(path, stats) if path.suffix == ".json" else _jsonl_file(path, stats)
        session = _read(path, lines, hashes, scope, stats, attribute)
        if session is not None:
            stats.files += 1
            if not session.found:
                stats.no_usage_sessions += 1
            found.update(session.found)
    return found


def _json_file(path: Path, stats: ReadStats) -> Iterator[tuple[int, dict[str, Any]]]:
    """A one-object recording: its header holds the messages (all on "line" 1)."""
    stats.lines += 1
    entry = stats.decode(path.read_bytes(), path, 1)
    if entry is None:
        return
    if not isinstance(entry.get("messages"), list):
        raise UsageFormatError(str(path), 1, "the recording has no `messages` list")
    yield 1, entry  # the header with its messages, as the client reads it


def _jsonl_file(path: Path, stats: ReadStats) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            stats.lines += 1
            if raw.strip():
                entry = stats.decode(raw, path, number)
                if entry is not None:
                    yield number, entry


def _read(
    path: Path,
    lines: Iterator[tuple[int, dict[str, Any]]],
    hashes: set[str],
    scope: Scope,
    stats: ReadStats,
    attribute: Attribute,
) -> _Session | None:
    first = next(lines, None)
    if first is None:
        return None
    number, header = first
    session_id, project = header.get("sessionId"), header.get("projectHash")
    if not isinstance(session_id, str) or not isinstance(project, str):
        raise UsageFormatError(
            str(path), number, "the first line is not a session header (`sessionId`, `projectHash`)"
        )
    directories = header.get("directories")
    ours = project in hashes or (
        isinstance(directories, list) and any(scope.accepts(str(d)) for d in directories)
    )
    if not ours:
        return None
    session = _Session(session_id)
    for line, entry in chain([first], lines):
        for message in _messages(entry):
            if isinstance(message.get("id"), str) and message.get("type") == "gemini":
                _message(message, session, path, line, stats, attribute)
    return session


def _messages(entry: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The messages a line holds: itself, or those a header or `$set` lists (the client
    writes the whole list when it rewrites a conversation)."""
    if isinstance(entry.get("id"), str):
        return [entry]
    update = entry.get("$set")
    listed = (update if isinstance(update, dict) else entry).get("messages")
    return [m for m in listed if isinstance(m, dict)] if isinstance(listed, list) else []


def _message(
    entry: Mapping[str, Any],
    session: _Session,
    path: Path,
    number: int,
    stats: ReadStats,
    attribute: Attribute,
) -> None:
    model = entry.get("model")
    if isinstance(model, str) and model:
        session.model = model  # a synthetic message has none: it keeps the session's
    tokens = entry.get("tokens")
    if tokens is None:
        return  # tokens arrive with a later line of the same message, or never
    if not isinstance(tokens, dict) or "input" not in tokens or "output" not in tokens:
        problem = "a message's `tokens` has no `input` and `output`"
        raise UsageFormatError(str(path), number, problem)
    time = utc_time(entry.get("timestamp"))
    if time is None:
        raise UsageFormatError(str(path), number, "a message has no `timestamp`")
    try:
        given = {name: count(tokens.get(name)) for name in TOKENS}
    except ValueError as err:
        raise UsageFormatError(str(path), number, f"`tokens`: {err}") from None
    cached = min(given["cached"], given["input"])
    record = UsageRecord(
        key=f"gemini:{session.id}:{entry['id']}",
        tool="gemini",
        session=session.id,
        time=time,
        model=session.model,
        task=attribute(None, time),  # recordings carry no git branch
        input=given["input"] - cached + given["tool"],
        output=given["output"] + given["thoughts"],
        cache_read=cached,
        reasoning=given["thoughts"],
    )
    known = session.found.get(record.key)
    if known is not None:
        stats.duplicates += 1
        record = known.merged(record)
    session.found[record.key] = record
