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
    from pilotkit.commands.check import CheckResult, check
    from pilotkit.commands.new import NewResult, new

__all__ = ["CheckResult", "ExitCode", "NewResult", "PilotkitError", "__version__", "check", "new"]


def __getattr__(name: str) -> Any:
    """Import command functions on first use, keeping `import pilotkit` cheap."""
    if name in {"new", "NewResult"}:
        from pilotkit.commands import new as module

        return getattr(module, name)
    if name in {"check", "CheckResult"}:
        from pilotkit.commands import check as check_module

        return getattr(check_module, name)
    raise AttributeError(f"module 'pilotkit' has no attribute {name!r}")
