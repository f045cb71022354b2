"""A template's files at the version copier will render, for reading its questionnaire.

A plain directory is read in place. A git repository, a git bundle or a git URL is
cloned into a scratch directory and checked out at the requested version, or at the
newest release tag chosen as copier chooses it; the caller then renders that same
version, so the questions asked are the questions copier checks.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version

from pilotkit import git
from pilotkit.errors import PilotkitError
from pilotkit.pilot.load import ANSWERS
from pilotkit.template import source


@dataclass(frozen=True)
class Checkout:
    """The template's files at ROOT, and the version they are (None: as they are on disk)."""

    root: Path
    ref: str | None


# What a person can do when the questions cannot be read, by default (`pilotkit new`).
_INSTEAD = "render it without the interview with --answers FILE or --defaults"


@contextmanager
def checkout(src: str, ref: str | None, *, instead: str = _INSTEAD) -> Iterator[Checkout]:
    """The files of template SRC at REF; a clone is removed on exit. When they cannot be
    read, the error ends with what to do INSTEAD."""
    path = Path(src)
    if path.is_dir() and (not (path / ".git").exists() or ref == "HEAD"):
        # `HEAD` of a local repository includes its uncommitted changes, as in copier.
        yield Checkout(path, ref)
        return
    with tempfile.TemporaryDirectory(prefix="pilotkit-template-") as scratch:
        clone = Path(scratch) / "template"
        try:
            plain = src[4:] if src.lower().startswith("git+") else src  # copier's `git+file://`
            git.run(["clone", "--quiet", "--no-checkout", "--", plain, str(clone)])
            ref = ref or newest_release(clone)
            git.run(["checkout", "--quiet", "--detach", ref or "HEAD", "--"], clone)
        except git.GitError as err:
            raise PilotkitError(
                f"cannot read the questions of template {src}: {err}; {instead}"
            ) from None
        yield Checkout(clone, ref)


@contextmanager
def of_pilot(root: Path, answers: Mapping[str, Any], *, instead: str) -> Iterator[Checkout]:
    """The files of the template the pilot at ROOT was made from (`_src_path` in its
    ANSWERS), at the version it records (`_commit`)."""
    recorded, version = answers.get("_src_path"), answers.get("_commit")
    if not isinstance(recorded, str) or not recorded:
        raise PilotkitError(
            f"{ANSWERS} records no template source (_src_path), whose questions say what a "
            f"task may hold; {instead}"
        )
    try:
        src = source.locate(recorded, root)
    except PilotkitError as err:
        raise PilotkitError(f"{err}; {instead}") from None
    with checkout(src.url, str(version) if version else None, instead=instead) as files:
        yield files


def newest_release(repo: Path) -> str | None:
    """The tag copier renders by default: the highest PEP 440 version, pre-releases aside."""
    found = []
    for tag in git.run(["tag", "--list"], repo).stdout.split():
        try:
            version = Version(tag)
        except InvalidVersion:
            continue
        if not version.is_prerelease:
            found.append((version, tag))
    return max(found)[1] if found else None
