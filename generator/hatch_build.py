"""Wheel build hook: put the embedded template bundle into the wheel.

The bundle holds `copier.yml` and `template/` for every released version of this
repository (its `v*` tags) plus the working tree as the current version; see
`pilotkit.template.bundle`. Editable installs skip this: they build the bundle from the
source checkout at run time.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CustomBuildHook(BuildHookInterface):  # type: ignore[type-arg]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        sys.path.insert(0, str(root / "generator"))
        try:
            from pilotkit._version import __version__
            from pilotkit.template import bundle
            from pilotkit.template.embedded import READ_IN_PLACE
        finally:
            sys.path.pop(0)
        out = Path(tempfile.mkdtemp(prefix="pilotkit-wheel-")) / "template.bundle"
        bundle.build(root, __version__, out)
        build_data["force_include"][str(out)] = "pilotkit/_embedded/template.bundle"
        for name in READ_IN_PLACE:  # copier.yml and the catalog, read without a checkout
            build_data["force_include"][str(root / name)] = f"pilotkit/_embedded/{name}"
