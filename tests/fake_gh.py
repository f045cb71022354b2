"""A stand-in for GitHub's `gh` on PATH: it records each call and answers like gh.

`gh issue create` prints the new issue's address (numbers from 101 up); with
FAKE_GH_FAIL_ON=N the Nth `gh issue create` fails the way gh does, on stderr.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

SCRIPT = """#!{python}
import json, os, sys
from pathlib import Path
log = Path(os.environ["FAKE_GH_LOG"])
calls = json.loads(log.read_text()) if log.exists() else []
body = sys.stdin.read() if "--body-file" in sys.argv else None
calls.append({{"args": sys.argv[1:], "stdin": body}})
log.write_text(json.dumps(calls))
if sys.argv[1:3] == ["issue", "create"]:
    count = sum(1 for c in calls if c["args"][:2] == ["issue", "create"])
    if str(count) == os.environ.get("FAKE_GH_FAIL_ON"):
        print("GraphQL: Could not resolve to a Repository with the name 'o/r'.", file=sys.stderr)
        sys.exit(1)
    repo = sys.argv[sys.argv.index("--repo") + 1] if "--repo" in sys.argv else "here/repo"
    print("Creating issue in " + repo, file=sys.stderr)
    print("https://github.com/%s/issues/%d" % (repo, 100 + count))
"""


class FakeGh:
    """The calls the stand-in received, in order."""

    def __init__(self, log: Path) -> None:
        self.log = log

    @property
    def calls(self) -> list[dict[str, Any]]:
        return list(json.loads(self.log.read_text())) if self.log.exists() else []

    def created(self) -> list[dict[str, Any]]:
        return [call for call in self.calls if call["args"][:2] == ["issue", "create"]]


@pytest.fixture
def fake_gh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeGh:
    folder = tmp_path / "fake-bin"
    folder.mkdir()
    gh = folder / "gh"
    gh.write_text(SCRIPT.format(python=sys.executable))
    gh.chmod(0o755)
    log = tmp_path / "gh-calls.json"
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_GH_LOG", str(log))
    return FakeGh(log)
