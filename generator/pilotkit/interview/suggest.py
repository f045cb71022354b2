"""Defaults likelier than the template's for this person, in this directory.

The template's defaults describe its worked example. Where the interview can see a
likelier answer, it offers that one instead (and only when the template's validator
accepts it): the pilot name from the destination's name, the engineer from git's
`user.name`, and the repository from the repository pilotkit runs in (its `origin`
remote, else its path).
"""

from __future__ import annotations

import re
from pathlib import Path

from pilotkit import git
from pilotkit.agents.credentials import without_credentials


def pilot_name(dest: Path) -> str:
    """DEST's name as a slug (`Invoice Search` → `invoice-search`); empty when nothing is left."""
    return re.sub(r"[^a-z0-9]+", "-", dest.name.lower()).strip("-")


def from_git(cwd: Path) -> dict[str, str]:
    """The engineer and the repository as git sees them from CWD; empty without git."""
    found: dict[str, str] = {}
    try:
        name = git.config_value("user.name", cwd)
        repository = _repository(cwd)
    except git.GitError:
        return found  # git is not installed: the template's defaults stand
    if name:
        found["engineer"] = name
    if repository:
        found["repository"] = repository
    return found


def checkout(cwd: Path) -> Path | None:
    """The work tree CWD is in, or None (outside one, or without git)."""
    try:
        return git.top_level(cwd)
    except git.GitError:
        return None


def _repository(cwd: Path) -> str | None:
    url = git.origin_url(cwd)
    if url:
        return without_credentials(url)
    top = git.top_level(cwd)
    return str(top) if top else None
