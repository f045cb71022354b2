"""Where the embedded template lives: a bundle in the installed package, or built from source.

An installed pilotkit carries `pilotkit/_embedded/template.bundle` (built into the wheel).
Run from a source checkout (an editable install), pilotkit builds the same bundle from the
checkout into its cache, at a stable path, and rebuilds it when the template changes.
Either way pilots record an absolute `_src_path` to a bundle that a newer pilotkit
replaces in place, so `copier update` finds every older version there, offline.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pilotkit import bundle
from pilotkit._version import __version__
from pilotkit.errors import PilotkitError

PACKAGED_BUNDLE = Path(__file__).parent / "_embedded" / "template.bundle"
SOURCE_ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class EmbeddedTemplate:
    """The template shipped with this pilotkit: a bundle path and the version tag to use."""

    path: Path
    ref: str


def cache_dir() -> Path:
    """pilotkit's cache: PILOTKIT_CACHE_DIR, else XDG_CACHE_HOME/pilotkit, else ~/.cache."""
    if explicit := os.environ.get("PILOTKIT_CACHE_DIR"):
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pilotkit"


def embedded_template() -> EmbeddedTemplate:
    """The embedded template, building it from the source checkout when needed."""
    ref = f"v{__version__}"
    if PACKAGED_BUNDLE.is_file():
        return EmbeddedTemplate(PACKAGED_BUNDLE, ref)
    if not bundle.is_template_root(SOURCE_ROOT):
        raise PilotkitError(
            "this pilotkit installation has no embedded template; "
            "reinstall it with `pip install pilotkit`"
        )
    target = cache_dir() / "embedded" / "template.bundle"
    stamp = target.with_name("template.bundle.fingerprint")
    current = bundle.fingerprint(SOURCE_ROOT, __version__)
    if not target.is_file() or not stamp.is_file() or stamp.read_text() != current:
        bundle.build(SOURCE_ROOT, __version__, target)
        stamp.write_text(current)
    return EmbeddedTemplate(target, ref)
