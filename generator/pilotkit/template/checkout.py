"""A template's files at the version copier will render, for reading its questionnaire.

A plain directory is read in place. A git repository, a git bundle or a git URL is
cloned into a scratch directory and checked out at the requested version, or at the
newest release tag chosen as copier chooses it; the caller then renders that same
version, so the questions asked are the questions copier checks.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from packaging.version import InvalidVersion, Version

from pilotkit import git
from pilotkit.errors import PilotkitError


@dataclass(frozen=True)
class Checkout:
    """The template's files at ROOT, and the version they are (None: as they are on disk)."""

    root: Path
    ref: str | None


@contextmanager
def checkout(src: str, ref: str | None) -> Iterator[Checkout]:
    """The files of template SRC at REF; a clone is removed on exit."""
    path = Path(src)
    if path.is_dir() and (not (path / ".git").exists() or ref == "HEAD"):
        # `HEAD` of a local repository includes its uncommitted changes, as in copier.
        yield Checkout(path, ref)
        return
    with tempfile.TemporaryDirectory(prefix="pilotkit-template-") as scratch:
        clone = Path(scratch) / "template"
        try:
            git.run(["clone", "--quiet", "--no-checkout", "--", src, str(clone)])
            ref = ref or newest_release(clone)
            git.run(["checkout", "--quiet", "--detach", ref or "HEAD", "--"], clone)
        except git.GitError as err:
            raise PilotkitError(
                f"cannot read the questions of template {src}: {err}; "
                "render it without the interview with --answers FILE or --defaults"
            ) from None
        yield Checkout(clone, ref)


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
