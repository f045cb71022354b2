"""Build the embedded template: a git bundle with one tagged commit per template version.

copier reads templates from git bundles, copies and updates from them offline, and keeps
`_src_path` + `_commit` (the tag) in each pilot's answers file. Each released version of
this repository (a `v*` tag holding `copier.yml`) becomes a tagged commit holding only
`copier.yml` and `template/`; the working tree becomes the current version on top. A
newer pilotkit therefore ships every older template version too, which is what copier's
3-way update needs to replay the version a pilot was made from.

Commits use a fixed identity and date so the same inputs always give the same bundle.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from packaging.version import InvalidVersion, Version

from pilotkit import git

TEMPLATE_PATHS = ("copier.yml", "template")
_FIXED_DATE = "2000-01-01T00:00:00+0000"


def is_template_root(path: Path) -> bool:
    """Whether PATH holds a copier template laid out like pilotkit's own."""
    return (path / "copier.yml").is_file() and (path / "template").is_dir()


def released_versions(root: Path, current: str) -> list[tuple[Version, str]]:
    """Release tags of the repository at ROOT that hold a template and precede CURRENT."""
    if not (root / ".git").exists():
        return []
    proc = git.run(["tag", "--list", "v*"], root, check=False)
    found = []
    for tag in proc.stdout.split():
        try:
            version = Version(tag[1:])
        except InvalidVersion:
            continue
        has_template = git.run(["cat-file", "-e", f"{tag}:copier.yml"], root, check=False)
        if version < Version(current) and has_template.returncode == 0:
            found.append((version, tag))
    return sorted(found)


def fingerprint(root: Path, current: str) -> str:
    """A digest of everything the bundle is built from, to know when to rebuild it."""
    digest = hashlib.sha256(current.encode())
    for tag_version, tag in released_versions(root, current):
        digest.update(f"{tag_version} {tag}\n".encode())
    for path in _template_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def build(root: Path, current: str, out: Path) -> None:
    """Write the bundle for the template at ROOT, current version CURRENT, to OUT."""
    with tempfile.TemporaryDirectory(prefix="pilotkit-bundle-") as scratch:
        repo = Path(scratch) / "template.git"
        git.run(["init", "--quiet", "--bare", str(repo)])
        if (root / ".git").exists():
            objects = git.run(["rev-parse", "--git-path", "objects"], root).stdout.strip()
            alternates = repo / "objects" / "info" / "alternates"
            alternates.write_text(str((root / objects).resolve()) + "\n")
        parent: str | None = None
        for version, tag in released_versions(root, current):
            tree = _tree_at_tag(root, repo, tag)
            parent = _commit(repo, tree, parent, f"pilotkit template {version}")
            git.run(["tag", f"v{version}", parent], repo)
        tree = _tree_from_disk(root, repo)
        parent = _commit(repo, tree, parent, f"pilotkit template {current}")
        git.run(["tag", f"v{current}", parent], repo)
        git.run(["update-ref", "refs/heads/main", parent], repo)
        git.run(["symbolic-ref", "HEAD", "refs/heads/main"], repo)
        out.parent.mkdir(parents=True, exist_ok=True)
        # A name of its own: two processes may build the same bundle at once (same bytes).
        partial = out.with_name(f"{out.name}.{os.getpid()}.partial")
        git.run(["bundle", "create", "--quiet", str(partial), "--all"], repo)
        partial.replace(out)


def _template_files(root: Path) -> Iterator[Path]:
    yield root / "copier.yml"
    for path in sorted((root / "template").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            yield path


def _tree_at_tag(root: Path, repo: Path, tag: str) -> str:
    listing = git.run(["ls-tree", tag, "--", *TEMPLATE_PATHS], root).stdout
    return git.run(["mktree"], repo, input=listing.encode()).stdout.strip()


def _tree_from_disk(root: Path, repo: Path) -> str:
    with tempfile.TemporaryDirectory(prefix="pilotkit-index-") as scratch:
        env = {
            "GIT_DIR": str(repo),
            "GIT_WORK_TREE": str(root),
            "GIT_INDEX_FILE": str(Path(scratch) / "index"),
        }
        git.run(["add", "--force", "--", *TEMPLATE_PATHS], root, env=env)
        git.run(
            ["rm", "-r", "--cached", "--quiet", "--ignore-unmatch", "*__pycache__*"], root, env=env
        )
        return git.run(["write-tree"], root, env=env).stdout.strip()


def _commit(repo: Path, tree: str, parent: str | None, message: str) -> str:
    env = {**git.TOOL_IDENTITY, "GIT_AUTHOR_DATE": _FIXED_DATE, "GIT_COMMITTER_DATE": _FIXED_DATE}
    args = ["commit-tree", tree, "-m", message]
    if parent:
        args += ["-p", parent]
    return git.run(args, repo, env=env).stdout.strip()
