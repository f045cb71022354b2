"""opencode sessions: `~/.local/share/opencode/opencode.db`, or the JSON files before it.

Read from the client itself (the `opencode-ai` 1.18 package's binary: its schema
migrations, its session processor and its storage module), not guessed:

- the data folder is `$XDG_DATA_HOME/opencode` (default `~/.local/share/opencode`); the
  database is `opencode.db` there (`opencode-<channel>.db` for a pre-release channel, or
  `$OPENCODE_DB`), SQLite in WAL mode, read here read-only;
- table `session` has the session's working `directory`; table `message` keeps each
  message as `id`, `session_id`, `time_created` (ms) and `data`, the message as JSON
  without its id and session id; table `part` the same for the parts of a message;
- an assistant message's `data` has `role: "assistant"`, `modelID`, `providerID`,
  `path: {cwd, root}`, `time: {created, completed}`, `cost` and `tokens: {input, output,
  reasoning, cache: {read, write}}`. The processor sets those `tokens` to the latest
  step's usage when a step finishes (`assistantMessage.tokens = usage.tokens`) and
  writes every step's usage in a `step-finish` part (`tokens`, `cost`): one record per
  `step-finish` part, so a message of several model calls counts each once;
- `getUsage` stores `input` without cache reads and writes, `output` without
  `reasoning`, and cache writes (priced here as 5-minute writes, the providers'
  default); pilotkit's output includes reasoning, so output is `output + reasoning`.

Formats known (fixtures in tests/fixtures/usage/opencode/):

- JSON storage (before the database): `storage/message/<session id>/<message id>.json`
  and `storage/part/<message id>/<part id>.json`, each the whole object with its ids, the
  layout the client's own storage migrations write;
- SQLite (`opencode.db`, 1.x): the tables above.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pilotkit.errors import PilotkitError
from pilotkit.metrics.usage.records import UsageFormatError, UsageRecord, count
from pilotkit.metrics.usage.sources import ReadStats, Scope

Attribute = Callable[[str | None, str], str | None]  # (git branch, time) → task id
_MESSAGES = (
    "SELECT m.id, m.session_id, m.time_created, m.data, s.directory "
    "FROM message m JOIN session s ON s.id = m.session_id"
)
_STEPS = "SELECT id, message_id, data FROM part WHERE data LIKE '%step-finish%'"


def data_dirs(env: Mapping[str, str]) -> list[Path]:
    """opencode's data folder: `$XDG_DATA_HOME/opencode`, else `~/.local/share/opencode`."""
    base = env.get("XDG_DATA_HOME") or str(Path(env.get("HOME") or Path.home()) / ".local/share")
    return [Path(base).expanduser() / "opencode"]


def databases(data: Path, env: Mapping[str, str]) -> list[Path]:
    """The session databases in DATA: every channel's, and `$OPENCODE_DB` when set."""
    found = sorted(data.glob("opencode*.db")) if data.is_dir() else []
    named = env.get("OPENCODE_DB", "").strip()
    if named and named != ":memory:":
        path = Path(named) if Path(named).is_absolute() else data / named
        if path not in found:
            found.append(path)
    return [path for path in found if path.is_file()]


def read(
    dirs: Iterable[Path],
    env: Mapping[str, str],
    scope: Scope,
    stats: ReadStats,
    attribute: Attribute,
) -> dict[str, UsageRecord]:
    """Every usage record of opencode sessions that ran in SCOPE, by record key."""
    found: dict[str, UsageRecord] = {}
    for data in dirs:
        for messages, steps in _storage(data, stats):
            _collect(messages, steps, scope, stats, attribute, found)
        for db in databases(data, env):
            messages, steps = _database(db, stats)
            _collect(messages, steps, scope, stats, attribute, found)
    return found


Message = tuple[str, str, dict[str, Any], str | None, str]  # id, session, data, dir, where
Steps = dict[str, list[tuple[str, dict[str, Any], str]]]  # message id → (part id, data, where)


def _collect(
    messages: Iterable[Message],
    steps: Steps,
    scope: Scope,
    stats: ReadStats,
    attribute: Attribute,
    found: dict[str, UsageRecord],
) -> None:
    for message_id, session, data, directory, where in messages:
        if data.get("role") != "assistant":
            continue
        path = data.get("path")
        cwd = path.get("cwd") if isinstance(path, dict) else None
        if not scope.accepts(cwd if isinstance(cwd, str) else directory):
            continue
        time = _time(data, where)
        model = data.get("modelID") if isinstance(data.get("modelID"), str) else "unknown"
        parts = steps.get(message_id) or [(message_id, data, where)]
        for part_id, part, at in parts:
            counts = _tokens(part.get("tokens"), at)
            if not any(counts.values()):
                continue
            key = f"opencode:{part_id}"
            if key in found:
                stats.duplicates += 1
            found[key] = UsageRecord(
                key=key,
                tool="opencode",
                session=session,
                time=time,
                model=str(model),
                task=attribute(None, time),  # opencode records no git branch
                **counts,
            )


def _tokens(tokens: Any, where: str) -> dict[str, int]:
    if not isinstance(tokens, dict) or "input" not in tokens or "output" not in tokens:
        raise UsageFormatError(where, None, "`tokens` has no `input` and `output`")
    given = tokens.get("cache")
    cache: dict[str, Any] = given if isinstance(given, dict) else {}
    try:
        reasoning = count(tokens.get("reasoning"))
        return {
            "input": count(tokens.get("input")),
            "output": count(tokens.get("output")) + reasoning,
            "cache_read": count(cache.get("read")),
            "cache_write_5m": count(cache.get("write")),
            "reasoning": reasoning,
        }
    except ValueError as err:
        raise UsageFormatError(where, None, f"`tokens`: {err}") from None


def _time(data: Mapping[str, Any], where: str) -> str:
    created = data.get("time", {}).get("created") if isinstance(data.get("time"), dict) else None
    if isinstance(created, bool) or not isinstance(created, int | float) or created < 0:
        raise UsageFormatError(where, None, "an assistant message has no `time.created`")
    moment = datetime.fromtimestamp(created / 1000, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _database(db: Path, stats: ReadStats) -> tuple[list[Message], Steps]:
    stats.files += 1
    try:
        with sqlite3.connect(f"file:{quote(str(db))}?mode=ro", uri=True) as connection:
            rows = connection.execute(_MESSAGES).fetchall()
            parts = connection.execute(_STEPS).fetchall()
    except sqlite3.OperationalError as err:
        if "no such" in str(err):  # a table or column this version does not have
            raise UsageFormatError(
                str(db), None, f"the database has another shape ({err})"
            ) from None
        raise PilotkitError(
            f"{db}: cannot be read ({err}); try again when opencode is idle"
        ) from None
    except sqlite3.DatabaseError as err:
        raise PilotkitError(f"{db}: not an opencode database ({err})") from None
    messages: list[Message] = []
    for message_id, session, _created, raw, directory in rows:
        stats.lines += 1
        where = f"{db} (message {message_id})"
        data = _decode(raw, where, stats)
        if data is not None:
            messages.append((str(message_id), str(session), data, directory, where))
    steps: Steps = {}
    for part_id, message_id, raw in parts:
        stats.lines += 1
        where = f"{db} (part {part_id})"
        data = _decode(raw, where, stats)
        if data is not None and data.get("type") == "step-finish":
            steps.setdefault(str(message_id), []).append((str(part_id), data, where))
    return messages, steps


def _decode(raw: Any, where: str, stats: ReadStats) -> dict[str, Any] | None:
    try:
        data = json.loads(raw)
    except (TypeError, ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        stats.corrupt += 1
        if len(stats.corrupt_at) < 5:
            stats.corrupt_at.append(where)
        return None
    return data


def _storage(data: Path, stats: ReadStats) -> Iterator[tuple[list[Message], Steps]]:
    """The JSON storage's messages, one session folder at a time, with their steps."""
    base = data / "storage"
    for folder in sorted(base.glob("message/*")):
        messages: list[Message] = []
        steps: Steps = {}
        for path in sorted(folder.glob("*.json")):
            stats.files += 1
            stats.lines += 1
            message = _decode(path.read_bytes(), str(path), stats)
            if message is None or message.get("role") != "assistant":
                continue
            message_id = str(message.get("id") or path.stem)
            session = str(message.get("sessionID") or folder.name)
            messages.append((message_id, session, message, None, str(path)))
            for part_path in sorted((base / "part" / message_id).glob("*.json")):
                stats.lines += 1
                part = _decode(part_path.read_bytes(), str(part_path), stats)
                if part is not None and part.get("type") == "step-finish":
                    part_id = str(part.get("id") or part_path.stem)
                    steps.setdefault(message_id, []).append((part_id, part, str(part_path)))
        yield messages, steps
