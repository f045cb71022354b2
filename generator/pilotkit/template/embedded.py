"""Where the embedded template lives: a bundle in the installed package, or built from source.

An installed pilotkit carries `pilotkit/_embedded/template.bundle` (built into the wheel).
Run from a source checkout (an editable install), pilotkit builds the same bundle from the
checkout into its cache, at a stable path, and rebuilds it when the template changes.
Either way pilots record an absolute `_src_path` to a bundle that a newer pilotkit
replaces in place, so `copier update` finds every older version there, offline.

`PILOTKIT_TEMPLATE_BUNDLE` names another bundle to use as the embedded template (an
organisation's offline mirror, or a test's older or newer build); its newest version tag
is then the current version.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from packaging.version import InvalidVersion, Version

from pilotkit import git
from pilotkit._version import __version__
from pilotkit.errors import PilotkitError
from pilotkit.template import bundle

PACKAGED_BUNDLE = Path(__file__).parents[1] / "_embedded" / "template.bundle"
SOURCE_ROOT = Path(__file__).resolve().parents[3]
# The embedded template's files pilotkit reads in place, without a checkout of the bundle:
# the questionnaire (for its computed values) and the catalog it includes. The wheel
# carries them beside the bundle, at these paths.
READ_IN_PLACE = ("copier.yml", "template/_pilotkit/catalog.yml")
BUNDLE_ENV = "PILOTKIT_TEMPLATE_BUNDLE"
# Where any pilotkit keeps its bundle: `…/pilotkit/_embedded/` in an installed package,
# `…/pilotkit/embedded/` in the cache of a source checkout.
_BUNDLE_DIRS = ("_embedded", "embedded")


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
    if override := os.environ.get(BUNDLE_ENV):
        return _override(Path(override).expanduser().absolute())
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


def in_place_root() -> Path:
    """Where the files of READ_IN_PLACE are: beside the bundle of an installed pilotkit,
    else in the source checkout."""
    packaged = PACKAGED_BUNDLE.parent
    return packaged if (packaged / READ_IN_PLACE[0]).is_file() else SOURCE_ROOT


def is_embedded_source(src_path: str) -> bool:
    """Whether a pilot's recorded `_src_path` is some pilotkit's embedded template bundle.

    Such a pilot may have been made by an older or another installation, whose bundle
    has moved or gone; `pilotkit update` then reads the installed bundle, which holds
    every older version too.
    """
    path = Path(src_path)
    if (override := os.environ.get(BUNDLE_ENV)) and path == Path(override).expanduser():
        return True
    return path.name == "template.bundle" and path.parent.name in _BUNDLE_DIRS


def _override(path: Path) -> EmbeddedTemplate:
    proc = git.run(["ls-remote", "--tags", "--refs", str(path)], check=False)
    if proc.returncode != 0:
        raise PilotkitError(f"{BUNDLE_ENV}={path}: not a git bundle ({git.last_line(proc.stderr)})")
    versions = []
    for line in proc.stdout.splitlines():
        tag = line.rpartition("refs/tags/")[2]
        try:
            versions.append((Version(tag), tag))
        except InvalidVersion:
            continue
    if not versions:
        raise PilotkitError(f"{BUNDLE_ENV}={path}: the bundle has no version tag (v1.0.0 …)")
    return EmbeddedTemplate(path, max(versions)[1])
