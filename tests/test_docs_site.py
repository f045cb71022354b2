"""The documentation site builds with `mkdocs build --strict`, offline: every page in the
navigation, every link and anchor resolved."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import REPO_ROOT


def nav_pages(items: list[object]) -> list[str]:
    pages: list[str] = []
    for item in items:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        pages += nav_pages(value) if isinstance(value, list) else [str(value)]
    return pages


def test_the_site_builds_strictly_with_every_page(tmp_path: Path) -> None:
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "WARNING" not in proc.stderr, proc.stderr
    config = yaml.safe_load((REPO_ROOT / "mkdocs.yml").read_text())
    assert config["theme"]["name"] == "material"
    pages = nav_pages(config["nav"])
    docs = sorted(
        path.relative_to(REPO_ROOT / "docs").as_posix()
        for path in (REPO_ROOT / "docs").rglob("*.md")
    )
    assert sorted(pages) == docs
    rules = (site / "reference" / "rules" / "index.html").read_text()
    assert 'id="pk-c001"' in rules  # the anchors SARIF output links to survive the build
