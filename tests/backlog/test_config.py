"""The organisation's own names: `.pilotkit-backlog.yaml`, and reference tickets kept in an
export of their own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.backlog.helpers import fixture
from tests.conftest import Cli


def test_own_field_names_statuses_and_aliases(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".pilotkit-backlog.yaml").write_text(
        "story_points: Effort\nacceptance_criteria: Done means\n"
        "backlog_statuses: [Ready for dev]\naliases:\n  Ticket: Issue key\n  Headline: Summary\n"
    )
    (tmp_path / "export.csv").write_text(
        "Headline,Ticket,Status,Description,Custom field (Effort),Custom field (Done means)\n"
        'Rate limit exports,API-12,Ready for dev,Exports are expensive.,3,"* The 11th export '
        'in an hour returns 429.\n* The limit resets at 00:00 UTC."\n'
        "Old one,API-2,Done,,1,\n"
    )
    run = cli("backlog", "score", "export.csv", "--format", "json")
    assert run.code == 0, run.err
    (ticket,) = json.loads(run.out)["tickets"]  # only the configured backlog status
    assert ticket["key"] == "API-12"
    signals = {s["id"]: s for s in ticket["signals"]}
    assert signals["PK-Q001"]["value"] == 2
    assert signals["PK-Q001"]["evidence"][0] == {
        "line": 2,
        "kind": "criterion",
        "text": "The 11th export in an hour returns 429.",
        "earns": True,
    }
    assert signals["PK-Q006"]["value"] == 3  # the points, from the configured field


def test_references_from_a_file_of_their_own(cli: Cli, tmp_path: Path) -> None:
    references = tmp_path / "references.md"
    references.write_text(
        fixture("tickets.md").read_text().split("## SHOP-6:")[0]  # SHOP-1 … SHOP-5
    )
    run = cli("backlog", "score", fixture("jira.csv"), "--reference-file", references)
    assert run.code == 0, run.err
    assert run.out.startswith(
        "Calibrated on 5 reference tickets (SHOP-1, SHOP-2, SHOP-3, SHOP-4, SHOP-5)"
    )
