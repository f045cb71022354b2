"""Which task a usage record belongs to.

In order:

1. the git branch the agent worked on names a task of the pilot (`task/T03-audit`,
   `t03`, `codex/T03`): that task;
2. otherwise the claim windows: a task is held by its assignee from its `claimed_at`
   until the same assignee claims another task (an agent holds one task at a time).
   If exactly one window open at the record's time belongs to an assignee named after
   the agent (`claude-2` for Claude Code, `codex-1` for Codex, `gemini-1`, `opencode-1`),
   that task (Gemini CLI and opencode record no branch: they rely on this);
3. otherwise no task: the usage counts for the pilot as a whole.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime

from pilotkit.pilot.tasks import Task

TASK_IN_TEXT = re.compile(r"(?<![A-Za-z0-9])[Tt](\d{2,})(?![0-9])")


@dataclass(frozen=True)
class Window:
    task: str
    assignee: str
    start: str  # UTC, `YYYY-MM-DDTHH:MM:SSZ`
    end: str | None


def task_in_text(text: str | None, task_ids: Iterable[str]) -> str | None:
    """The first task id of the pilot named in TEXT (a branch name, a commit subject)."""
    if not text:
        return None
    known = set(task_ids)
    for match in TASK_IN_TEXT.finditer(text):
        candidate = f"T{match.group(1)}"
        if candidate in known:
            return candidate
    return None


def claim_windows(tasks: Iterable[Task]) -> list[Window]:
    """Each claimed task's window, from `claimed_at` to its assignee's next claim."""
    starts: dict[str, list[tuple[str, str]]] = {}
    for task in tasks:
        start = _moment(task.extra.get("claimed_at"))
        if task.assignee and start:
            starts.setdefault(task.assignee, []).append((start, task.id))
    windows = []
    for assignee, claims in starts.items():
        claims.sort()
        for index, (start, task_id) in enumerate(claims):
            end = claims[index + 1][0] if index + 1 < len(claims) else None
            windows.append(Window(task_id, assignee, start, end))
    return windows


class Attributor:
    """Gives records their task; build once per import."""

    def __init__(self, task_ids: Iterable[str], windows: Iterable[Window]) -> None:
        self.task_ids = frozenset(task_ids)
        self.by_tool: dict[str, list[Window]] = {}
        for window in windows:
            tool = _tool_of(window.assignee)
            if tool:
                self.by_tool.setdefault(tool, []).append(window)
        self.starts = {tool: sorted(w.start for w in group) for tool, group in self.by_tool.items()}
        for group in self.by_tool.values():
            group.sort(key=lambda w: w.start)

    def task(self, tool: str, branch: str | None, time: str) -> str | None:
        named = task_in_text(branch, self.task_ids)
        if named:
            return named
        group = self.by_tool.get(tool, [])
        upto = bisect_right(self.starts.get(tool, []), time)
        open_ = {w.task for w in group[:upto] if w.end is None or time < w.end}
        return open_.pop() if len(open_) == 1 else None


def _tool_of(assignee: str) -> str | None:
    name = assignee.lower()
    for tool, prefixes in TOOL_NAMES.items():
        if name.startswith(prefixes):
            return tool
    return None


TOOL_NAMES: Mapping[str, tuple[str, ...]] = {
    "claude": ("claude",),
    "codex": ("codex",),
    "gemini": ("gemini",),
    "opencode": ("opencode",),
}


def _moment(value: object) -> str | None:
    """`claimed_at` (a date, a datetime, or their ISO text) as UTC `YYYY-MM-DDTHH:MM:SSZ`."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and value.strip():
        try:
            moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
