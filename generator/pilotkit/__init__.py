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
    from pilotkit.commands.usage import ImportResult, usage_import

__all__ = [
    "CheckResult",
    "DoctorReport",
    "ExitCode",
    "ImportResult",
    "LogResult",
    "NewResult",
    "PilotkitError",
    "ReportResult",
    "__version__",
    "check",
    "doctor",
    "log",
    "new",
    "report",
    "usage_import",
]

# Public name → the command module that defines it, imported on first use.
_LAZY = {
    "new": "new",
    "NewResult": "new",
    "check": "check",
    "CheckResult": "check",
    "doctor": "doctor",
    "DoctorReport": "doctor",
    "log": "log",
    "LogResult": "log",
    "usage_import": "usage",
    "ImportResult": "usage",
    "report": "report",
    "ReportResult": "report",
}


def __getattr__(name: str) -> Any:
    """Import command functions on first use, keeping `import pilotkit` cheap."""
    if name in _LAZY:
        return getattr(importlib.import_module(f"pilotkit.commands.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'pilotkit' has no attribute {name!r}")
