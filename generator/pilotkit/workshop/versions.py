"""The template at two versions, carried by a kit for the template-update exercise.

The older version is the template the kit is rendered from, as it is at the version the
kit renders; the newer one is that plus the exercise's declared `template.changes`, each
one commit and tag in a small git repository of its own. The exercise's base pilot is
rendered from a bundle of the older version alone, carries it at `BUNDLE` and records
that path, relative to the pilot's folder, as its `_src_path`; the plant brings in the
bundle of both versions, as a team receives a template release. A participant's
repository, cloned or handed out as a bundle, so holds its own template: `pilotkit
update` works on any machine, offline.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from pilotkit import git
from pilotkit.workshop import edits
from pilotkit.workshop.exercise import Edit

BUNDLE = ".workshop/template.bundle"  # inside the exercise's pilot
_FIRST = "v1.0.0"  # the older version's tag when the template's own is not a version


@dataclass(frozen=True)
class Versions:
    """The bundles of the older version alone and of both, and their tags."""

    older: Path
    both: Path
    old: str
    new: str


@contextmanager
def two_versions(
    template: str | None, vcs_ref: str | None, changes: Sequence[Edit], *, what: str
) -> Iterator[Versions]:
    """The template TEMPLATE at VCS_REF and, one version later, with CHANGES applied;
    the bundle is removed on exit. WHAT names the changes in errors."""
    from pilotkit.commands.new import resolve_template
    from pilotkit.template.checkout import checkout

    src, ref = resolve_template(template, vcs_ref)
    with (
        checkout(src, ref, instead="name another --template or --vcs-ref") as files,
        tempfile.TemporaryDirectory(prefix="pilotkit-kit-template-") as scratch,
    ):
        repo = Path(scratch) / "template"
        shutil.copytree(files.root, repo, ignore=shutil.ignore_patterns(".git"))
        old, new = tags(files.ref)
        git.init(repo)
        _commit_and_tag(repo, f"The template as the kit renders it ({old})", old)
        edits.apply(repo, changes, what=what)
        _commit_and_tag(repo, f"The template's next version ({new}), for the workshop", new)
        older, both = Path(scratch) / "older.bundle", Path(scratch) / "both.bundle"
        git.run(["bundle", "create", "--quiet", str(older), f"refs/tags/{old}"], repo)
        git.run(["bundle", "create", "--quiet", str(both), "--all"], repo)
        yield Versions(older, both, old, new)


def tags(ref: str | None) -> tuple[str, str]:
    """The tags of the two versions: REF when it is a release version, and the next minor."""
    from pilotkit.template import source

    found = source.version(ref or "")
    if found is None or found.is_prerelease or found.local:
        return _FIRST, "v1.1.0"
    prefix = "v" if (ref or "")[:1] in "vV" else ""
    return ref or _FIRST, f"{prefix}{found.major}.{found.minor + 1}.0"


def _commit_and_tag(repo: Path, message: str, tag: str) -> None:
    git.run(["add", "--all"], repo)
    git.run(
        ["commit", "--quiet", "--no-verify", "--allow-empty", "-m", message],
        repo,
        env=git.TOOL_IDENTITY,
    )
    git.run(["tag", tag], repo)
