"""A pilot's template source: where its template is now, and which versions it has.

A pilot records `_src_path` (where its template was) and `_commit` (the version tag). For
pilotkit's embedded template that path is a bundle inside some installation of pilotkit,
which may have moved or gone since; the installed bundle holds every older version too,
so such pilots are read from it instead. Other sources (a lead's git repository, path or
bundle) are read where they are; a relative path is taken from the pilot's directory.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from packaging.version import InvalidVersion, Version

from pilotkit import git
from pilotkit.errors import PilotkitError
from pilotkit.template.embedded import embedded_template, is_embedded_source

_SHORTCUTS = ("gh:", "gl:")
_URL = re.compile(r"^([a-z][a-z0-9+.-]*://|git@|gh:|gl:)", re.IGNORECASE)


def local_folder(repository: str, base: Path) -> Path | None:
    """REPOSITORY (a pilot's `repository` answer: a URL or a path) as a folder on this
    machine, a relative path taken from BASE; None for a URL or a path to no folder."""
    text = repository.strip()
    if not text or _URL.match(text):
        return None
    path = base / Path(text).expanduser()
    return path if path.is_dir() else None


@dataclass(frozen=True)
class Source:
    """Where to read a pilot's template from, and what the pilot recorded."""

    url: str
    recorded: str
    embedded: bool
    relative: bool = False  # RECORDED is a path relative to the pilot (a kit's template)

    @property
    def moved(self) -> bool:
        """Whether the pilot's `_src_path` must be pointed at URL before copier runs."""
        return self.url != self.recorded


def is_url(src: str) -> bool:
    """Whether SRC names a remote git source (a URL, `git@…`, `gh:`, `gl:`), not a path."""
    return bool(_URL.match(src))


def locate(recorded: str, pilot_root: Path) -> Source:
    """The source to read for a pilot that recorded `_src_path` RECORDED."""
    if is_url(recorded):
        return Source(recorded, recorded, embedded=False)
    if is_embedded_source(recorded):
        return Source(str(embedded_template().path), recorded, embedded=True)
    path = Path(recorded).expanduser()
    if not path.is_absolute():
        path = (pilot_root / path).resolve()
    if not path.exists():
        raise PilotkitError(f"template source {recorded} does not exist")
    return Source(str(path), recorded, embedded=False, relative=path != Path(recorded))


def tags(url: str) -> Mapping[str, str] | None:
    """Every tag of the git repository or bundle at URL, mapped to its commit.

    None for copier's host shortcuts (`gh:`, `gl:`), which copier expands itself: the
    update then goes to copier's newest tag, and "already current" is known afterwards.
    """
    if url.lower().startswith(_SHORTCUTS):
        return None
    plain = url[4:] if url.lower().startswith("git+") else url  # copier's `git+file://`
    proc = git.run(["ls-remote", "--tags", "--refs", "--", plain], check=False)
    if proc.returncode != 0:
        raise PilotkitError(f"cannot read template {url}: {git.last_line(proc.stderr)}")
    found = {}
    for line in proc.stdout.splitlines():
        sha, _, ref = line.partition("\t")
        found[ref.removeprefix("refs/tags/")] = sha
    return found


def newest(tag_names: Mapping[str, str] | list[str]) -> str | None:
    """The newest release tag by PEP 440 (pre-releases left out), as copier picks it."""
    releases = [(v, tag) for tag in tag_names if (v := version(tag)) and not v.is_prerelease]
    return max(releases)[1] if releases else None


def version(tag: str) -> Version | None:
    try:
        return Version(tag)
    except InvalidVersion:
        return None


def label(ref: str) -> str:
    """How a version is shown to people: `v0.2.0` → `0.2.0`; other refs as they are."""
    return ref[1:] if ref[:1] in "vV" and version(ref) else ref
