"""The task docs cannot drift from the code: the state machine table and diagram."""

from __future__ import annotations

import re

from pilotkit.pilot import workflow
from tests.conftest import REPO_ROOT

PAGE = REPO_ROOT / "docs" / "explanation" / "task-states.md"


def test_state_table_is_the_state_machine() -> None:
    rows = re.findall(r"^\| `(\w+)` \| ([a-z, -]+) \| ([a-z-]+) \|", PAGE.read_text(), re.M)
    documented = {(action, tuple(sources.split(", ")), target) for action, sources, target in rows}
    assert documented == {(t.action, t.sources, t.target) for t in workflow.TRANSITIONS}


def test_state_diagram_is_the_state_machine() -> None:
    edges = re.findall(r"^\s+(\w+) --> (\w+): (\w+)$", PAGE.read_text(), re.M)
    drawn = {
        (action, source.replace("_", "-"), target.replace("_", "-"))
        for source, target, action in edges
    }
    expected = {(t.action, source, t.target) for t in workflow.TRANSITIONS for source in t.sources}
    assert drawn == expected
