"""A lead's template for tests: a git repository laid out like this one, released by tags."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.conftest import REPO_ROOT


def git(path: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=path, capture_output=True, text=True, check=True
    ).stdout


def tree(path: Path, *parts: str) -> dict[str, bytes]:
    """Every file under PATH (or only under PARTS of it) except .git, by relative path."""
    roots = [path / part for part in parts] if parts else [path]
    found = {}
    for root in roots:
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        for file in files:
            relative = file.relative_to(path)
            if file.is_file() and ".git" not in relative.parts:
                found[relative.as_posix()] = file.read_bytes()
    return found


class TemplateRepo:
    """copier.yml and template/ of this checkout in a git repository, tagged v0.1.0."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True)
        shutil.copy(REPO_ROOT / "copier.yml", path / "copier.yml")
        shutil.copytree(REPO_ROOT / "template", path / "template")
        git(path, "init", "--quiet", "--initial-branch=main")
        self.release("v0.1.0")

    def replace(self, name: str, old: str, new: str) -> None:
        """Replace OLD by NEW in template/NAME; OLD must be there."""
        file = self.path / "template" / name
        text = file.read_text()
        assert old in text, f"{old!r} not in {name}"
        file.write_text(text.replace(old, new, 1))

    def write(self, name: str, text: str) -> None:
        file = self.path / "template" / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text)

    def delete(self, name: str) -> None:
        (self.path / "template" / name).unlink()

    def release(self, tag: str) -> None:
        """Commit everything and tag it TAG."""
        git(self.path, "add", "--all")
        git(self.path, "commit", "--quiet", "--allow-empty", "-m", f"release {tag}")
        git(self.path, "tag", tag)


def edit(pilot: Path, name: str, old: str, new: str) -> None:
    """Replace OLD by NEW in the pilot's file NAME; OLD must be there."""
    file = pilot / name
    text = file.read_text()
    assert old in text, f"{old!r} not in {name}"
    file.write_text(text.replace(old, new, 1))


def commit(pilot: Path, message: str) -> None:
    git(pilot, "commit", "--quiet", "--all", "-m", message)
