"""The signals page lists every signal of the scorecard, with its weight and default."""

from __future__ import annotations

import re

from pilotkit.backlog.scorecard import SIGNALS
from tests.conftest import REPO_ROOT

PAGE = REPO_ROOT / "docs" / "reference" / "backlog-signals.md"


def test_the_signals_page_matches_the_scorecard() -> None:
    text = PAGE.read_text()
    rows = re.findall(r"^\| `(PK-Q\d+)` \| ([^|]+) \| (\w+) \| (\d+) \| ([\d.]+) \|$", text, re.M)
    table = [(s.id, s.name, s.better, str(s.weight), f"{s.target:g}") for s in SIGNALS]
    assert [(i, n.strip(), b, w, t) for i, n, b, w, t in rows] == table
    for signal in SIGNALS:
        assert f"### `{signal.id}` — {signal.name}\n" in text
        assert f'<a id="{signal.id.lower()}"></a>' in text
