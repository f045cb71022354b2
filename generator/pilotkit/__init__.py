"""pilotkit: scaffold, run and measure a pilot of async coding agents.

The public API is the functions below; the command line (`pilotkit.cli`) is a thin layer
over them. Heavy dependencies (copier, ruamel.yaml) are imported only when a function
needs them, so `pilotkit --help` stays fast.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pilotkit._version import __version__
from pilotkit.errors import ExitCode, PilotkitError

if TYPE_CHECKING:
    from pilotkit.commands.check import CheckResult, check
    from pilotkit.commands.doctor import DoctorReport, doctor
    from pilotkit.commands.log import LogResult, log
    from pilotkit.commands.new import NewResult, new
    from pilotkit.commands.report import ReportResult, report
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
    from pilotkit.commands.template_check import TemplateCheckReport, template_check
    from pilotkit.commands.template_init import TemplateInitResult, template_init
    from pilotkit.commands.update import UpdateReport, update
    from pilotkit.commands.usage import ImportResult, usage_import

# Public name → the module under pilotkit.commands that defines it, imported on first use.
_LAZY = {
    "new": "new",
    "NewResult": "new",
    "check": "check",
    "CheckResult": "check",
    "NewTask": "tasks.add",
    "add_task": "tasks.add",
    "write_board": "tasks.board",
    "task_brief": "tasks.brief",
    **dict.fromkeys(
        ("block_task", "claim_task", "done_task", "release_task", "review_task"), "tasks.move"
    ),
    **dict.fromkeys(("list_tasks", "next_tasks", "task_graph"), "tasks.query"),
    "doctor": "doctor",
    "DoctorReport": "doctor",
    "log": "log",
    "LogResult": "log",
    "usage_import": "usage",
    "ImportResult": "usage",
    "report": "report",
    "ReportResult": "report",
    "update": "update",
    "UpdateReport": "update",
    "template_init": "template_init",
    "TemplateInitResult": "template_init",
    "template_check": "template_check",
    "TemplateCheckReport": "template_check",
}

__all__ = [
    "CheckResult",
    "DoctorReport",
    "ExitCode",
    "ImportResult",
    "LogResult",
    "NewResult",
    "NewTask",
    "PilotkitError",
    "ReportResult",
    "TemplateCheckReport",
    "TemplateInitResult",
    "UpdateReport",
    "__version__",
    "add_task",
    "block_task",
    "check",
    "claim_task",
    "doctor",
    "done_task",
    "list_tasks",
    "log",
    "new",
    "next_tasks",
    "release_task",
    "report",
    "review_task",
    "task_brief",
    "task_graph",
    "template_check",
    "template_init",
    "update",
    "usage_import",
    "write_board",
]


def __getattr__(name: str) -> Any:
    """Import command functions on first use, keeping `import pilotkit` cheap."""
    if name in _LAZY:
        return getattr(importlib.import_module(f"pilotkit.commands.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'pilotkit' has no attribute {name!r}")
