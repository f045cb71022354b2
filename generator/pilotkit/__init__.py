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
    from pilotkit.commands.template_check import TemplateCheckReport, template_check
    from pilotkit.commands.template_init import TemplateInitResult, template_init
    from pilotkit.commands.update import UpdateReport, update

__all__ = [
    "ExitCode",
    "NewResult",
    "PilotkitError",
    "TemplateCheckReport",
    "TemplateInitResult",
    "UpdateReport",
    "__version__",
    "new",
    "template_check",
    "template_init",
    "update",
]

# Public name → the command module that defines it (imported on first use).
_LAZY = {
    "update": "update",
    "UpdateReport": "update",
    "template_init": "template_init",
    "TemplateInitResult": "template_init",
    "template_check": "template_check",
    "TemplateCheckReport": "template_check",
}


def __getattr__(name: str) -> Any:
    """Import command functions on first use, keeping `import pilotkit` cheap."""
    if name in {"new", "NewResult"}:
        from pilotkit.commands import new as module

        return getattr(module, name)
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"pilotkit.commands.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'pilotkit' has no attribute {name!r}")
