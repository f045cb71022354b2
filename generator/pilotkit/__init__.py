"""pilotkit: scaffold, run and measure a pilot of async coding agents.

The public API is the functions below; the command line (`pilotkit.cli`) is a thin layer
over them. Heavy dependencies (copier, ruamel.yaml) are imported only when a function
needs them, so `pilotkit --help` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pilotkit._version import __version__
from pilotkit.errors import ExitCode, PilotkitError

if TYPE_CHECKING:
    from pilotkit.commands.new import NewResult, new
    from pilotkit.commands.tasks.add import NewTask, add_task
    from pilotkit.commands.tasks.board import write_board
    from pilotkit.commands.tasks.brief import task_brief
    from pilotkit.commands.tasks.move import (
        block_task,
        claim_task,
        done_task,
        release_task,
        review_task,
    )
    from pilotkit.commands.tasks.query import list_tasks, next_tasks, task_graph

__all__ = ["ExitCode", "NewResult", "PilotkitError", "__version__", "new"]
__all__ += [
    "NewTask",
    "add_task",
    "block_task",
    "claim_task",
    "done_task",
    "list_tasks",
    "next_tasks",
    "release_task",
    "review_task",
    "task_brief",
    "task_graph",
    "write_board",
]

# `pilotkit tasks …`: public name → module under pilotkit.commands.tasks
_TASKS_API = {
    "NewTask": "add",
    "add_task": "add",
    "write_board": "board",
    "task_brief": "brief",
    **dict.fromkeys(
        ("block_task", "claim_task", "done_task", "release_task", "review_task"), "move"
    ),
    **dict.fromkeys(("list_tasks", "next_tasks", "task_graph"), "query"),
}


def __getattr__(name: str) -> Any:
    """Import command functions on first use, keeping `import pilotkit` cheap."""
    if name in {"new", "NewResult"}:
        from pilotkit.commands import new as module

        return getattr(module, name)
    if name in _TASKS_API:
        import importlib

        return getattr(importlib.import_module(f"pilotkit.commands.tasks.{_TASKS_API[name]}"), name)
    raise AttributeError(f"module 'pilotkit' has no attribute {name!r}")
