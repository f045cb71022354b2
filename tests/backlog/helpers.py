"""Where the fixtures are, and which keys each export gives the corpus's tickets."""

from __future__ import annotations

from pathlib import Path

from tests.backlog.corpus import POOR, REFERENCES
from tests.conftest import REPO_ROOT

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "backlog"
# Each export, and how it writes SHOP-n's key (GitHub and GitLab number their issues).
EXPORTS = {
    "jira.csv": "SHOP-{}",
    "jira.json": "SHOP-{}",
    "github.json": "#{}",
    "gitlab.csv": "#{}",
    "linear.csv": "SHOP-{}",
    "tickets.md": "SHOP-{}",
}
# Epics are milestones on GitHub and epics of their own on GitLab: not issues there.
WITHOUT_EPICS = ("github.json", "gitlab.csv")


def fixture(name: str) -> Path:
    return FIXTURES / name


def keys(name: str, corpus_keys: tuple[str, ...]) -> list[str]:
    """CORPUS_KEYS as the export NAME writes them (epics left out where they are not issues)."""
    pattern = EXPORTS[name]
    found = []
    for key in corpus_keys:
        if name in WITHOUT_EPICS and key in ("SHOP-1", "SHOP-2"):
            continue
        found.append(pattern.format(key.split("-")[1]))
    return found


def references(name: str) -> str:
    return ",".join(keys(name, REFERENCES))


def poor(name: str) -> list[str]:
    return keys(name, POOR)
