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

# The public API, by the module under pilotkit.commands that defines it; each name is
# imported on first use. `__all__` and the type checker's view below follow this table.
_PUBLIC = {
    "new": ("new", "NewResult"),
    "check": ("check", "CheckResult"),
    "importing": ("import_project", "Imported"),
    "doctor": ("doctor", "DoctorReport"),
    "log": ("log", "LogResult"),
    "usage": ("usage_import", "ImportResult"),
    "report": ("report", "ReportResult"),
    "update": ("update", "UpdateReport"),
    "backlog.score": ("backlog_score", "Exports", "ScoreResult"),
    "backlog.explain": ("backlog_explain",),
    "backlog.candidates": ("backlog_candidates",),
    "backlog.to_task": ("backlog_to_task", "ToTask"),
    "tasks.add": ("add_task", "NewTask"),
    "tasks.board": ("write_board",),
    "tasks.brief": ("task_brief",),
    "tasks.export": ("export_tasks", "Exported"),
    "tasks.move": ("block_task", "claim_task", "done_task", "release_task", "review_task"),
    "tasks.query": ("list_tasks", "next_tasks", "task_graph"),
    "tasks.sync": ("sync_tasks", "Synced"),
    "template.check": ("template_check", "TemplateCheckReport"),
    "template.init": ("template_init", "TemplateInitResult"),
}
_LAZY = {name: module for module, names in _PUBLIC.items() for name in names}

__all__ = ["ExitCode", "PilotkitError", "__version__", *sorted(_LAZY)]

if TYPE_CHECKING:  # the same names, for type checkers (`x as x` re-exports x)
    from pilotkit.commands.backlog.candidates import backlog_candidates as backlog_candidates
    from pilotkit.commands.backlog.explain import backlog_explain as backlog_explain
    from pilotkit.commands.backlog.score import Exports as Exports
    from pilotkit.commands.backlog.score import ScoreResult as ScoreResult
    from pilotkit.commands.backlog.score import backlog_score as backlog_score
    from pilotkit.commands.backlog.to_task import ToTask as ToTask
    from pilotkit.commands.backlog.to_task import backlog_to_task as backlog_to_task
    from pilotkit.commands.check import CheckResult as CheckResult
    from pilotkit.commands.check import check as check
    from pilotkit.commands.doctor import DoctorReport as DoctorReport
    from pilotkit.commands.doctor import doctor as doctor
    from pilotkit.commands.importing import Imported as Imported
    from pilotkit.commands.importing import import_project as import_project
    from pilotkit.commands.log import LogResult as LogResult
    from pilotkit.commands.log import log as log
    from pilotkit.commands.new import NewResult as NewResult
    from pilotkit.commands.new import new as new
    from pilotkit.commands.report import ReportResult as ReportResult
    from pilotkit.commands.report import report as report
    from pilotkit.commands.tasks.add import NewTask as NewTask
    from pilotkit.commands.tasks.add import add_task as add_task
    from pilotkit.commands.tasks.board import write_board as write_board
    from pilotkit.commands.tasks.brief import task_brief as task_brief
    from pilotkit.commands.tasks.export import Exported as Exported
    from pilotkit.commands.tasks.export import export_tasks as export_tasks
    from pilotkit.commands.tasks.move import block_task as block_task
    from pilotkit.commands.tasks.move import claim_task as claim_task
    from pilotkit.commands.tasks.move import done_task as done_task
    from pilotkit.commands.tasks.move import release_task as release_task
    from pilotkit.commands.tasks.move import review_task as review_task
    from pilotkit.commands.tasks.query import list_tasks as list_tasks
    from pilotkit.commands.tasks.query import next_tasks as next_tasks
    from pilotkit.commands.tasks.query import task_graph as task_graph
    from pilotkit.commands.tasks.sync import Synced as Synced
    from pilotkit.commands.tasks.sync import sync_tasks as sync_tasks
    from pilotkit.commands.template.check import TemplateCheckReport as TemplateCheckReport
    from pilotkit.commands.template.check import template_check as template_check
    from pilotkit.commands.template.init import TemplateInitResult as TemplateInitResult
    from pilotkit.commands.template.init import template_init as template_init
    from pilotkit.commands.update import UpdateReport as UpdateReport
    from pilotkit.commands.update import update as update
    from pilotkit.commands.usage import ImportResult as ImportResult
    from pilotkit.commands.usage import usage_import as usage_import


def __getattr__(name: str) -> Any:
    """Import command functions on first use, keeping `import pilotkit` cheap."""
    if name in _LAZY:
        return getattr(importlib.import_module(f"pilotkit.commands.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'pilotkit' has no attribute {name!r}")
