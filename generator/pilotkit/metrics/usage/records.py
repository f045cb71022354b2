"""The normalised usage record: token counts by class, with model, time, session and task.

Nothing else from an agent's log is kept: no prompt, no answer, no code, no path.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from pilotkit.errors import PilotkitError
from pilotkit.numbers import is_number, is_whole

# Token classes, disjoint: every token counted is in exactly one of them.
CLASSES = ("input", "output", "cache_read", "cache_write_5m", "cache_write_1h")
TOOLS = ("claude", "codex")


class UsageFormatError(PilotkitError):
    """An agent log line whose shape pilotkit does not know (a new log format version)."""

    def __init__(self, path: str, line: int, problem: str) -> None:
        super().__init__(
            f"{path}:{line}: {problem}; this log format is not one pilotkit knows, so nothing "
            "was imported: upgrade pilotkit, or report the line's shape (not its content)"
        )


@dataclass(frozen=True, slots=True)
class UsageRecord:
    """One priced unit of agent work: one API response (Claude) or one turn (Codex).

    `key` identifies the unit across imports (so re-importing changes nothing);
    `reasoning` is informational and already counted in `output`.
    """

    key: str
    tool: str
    session: str
    time: str
    model: str
    task: str | None
    input: int = 0
    output: int = 0
    cache_read: int = 0
    cache_write_5m: int = 0
    cache_write_1h: int = 0
    reasoning: int = 0

    def tokens(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in CLASSES}

    def total(self) -> int:
        return sum(self.tokens().values())

    def merged(self, other: UsageRecord) -> UsageRecord:
        """The same unit seen twice: counts only grow while a response streams, keep the max."""
        if other == self:
            return self
        counts = {
            name: max(getattr(self, name), getattr(other, name)) for name in (*CLASSES, "reasoning")
        }
        return replace(self, task=self.task or other.task, **counts)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "key": self.key,
            "tool": self.tool,
            "session": self.session,
            "time": self.time,
            "model": self.model,
            "task": self.task,
        }
        for name in (*CLASSES, "reasoning"):
            data[name] = getattr(self, name)
        return data

    @classmethod
    def from_json(cls, data: Any) -> UsageRecord:
        """Rebuild a stored record; ValueError when a field is missing or of the wrong type."""
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        texts: dict[str, str] = {}
        for name in ("key", "tool", "session", "time", "model"):
            value = data.get(name)
            if not isinstance(value, str) or not value:
                raise ValueError(f"`{name}` must be a non-empty string")
            texts[name] = value
        task = data.get("task")
        if task is not None and not isinstance(task, str):
            raise ValueError("`task` must be a task id or null")
        counts: dict[str, int] = {}
        for name in (*CLASSES, "reasoning"):
            value = data.get(name, 0)
            if not is_whole(value, least=0):
                raise ValueError(f"`{name}` must be a whole number of tokens")
            counts[name] = value
        return cls(
            key=texts["key"],
            tool=texts["tool"],
            session=texts["session"],
            time=texts["time"],
            model=texts["model"],
            task=task,
            **counts,
        )


def count(value: Any) -> int:
    """A token count from a log field: a non-negative int, or 0 when absent."""
    if value is None:
        return 0
    if not is_number(value, least=0):
        raise ValueError(f"{value!r} is not a token count")
    return int(value)
