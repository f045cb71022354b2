"""The readers on the hand-made exports: every format gives the same tickets, with the
lines of the export they came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from pilotkit.backlog.config import Config
from pilotkit.backlog.readers import read_exports
from pilotkit.backlog.ticket import Ticket
from tests.backlog import make_fixtures
from tests.backlog.corpus import TICKETS
from tests.backlog.helpers import EXPORTS, WITHOUT_EPICS, fixture


def read(*paths: Path, input_format: str | None = None) -> dict[str, Ticket]:
    backlog = read_exports(list(paths), Config(), input_format)
    return {t.key: t for t in backlog.tickets}


def test_fixtures_are_current() -> None:
    for name, data in make_fixtures.outputs().items():
        assert fixture(name).read_bytes() == data, (
            f"run python -m tests.backlog.make_fixtures ({name})"
        )


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_every_format_gives_every_ticket(name: str) -> None:
    tickets = read(fixture(name))
    expected = len(TICKETS) - (2 if name in WITHOUT_EPICS else 0)
    assert len(tickets) == expected
    pattern = EXPORTS[name]
    five = tickets[pattern.format(5)]
    assert five.title == "Export endpoint for one month of invoices"
    assert [s.title for s in five.sections] == ["Scope", "Acceptance criteria", "How to test"]
    assert "GET /api/invoices/export?month=2026-11" in five.text
    empty = tickets[pattern.format(16)]
    assert empty.text == "" and empty.title == "Newsletter signup"


def test_jira_csv_reads_repeated_headers_ids_and_wiki_markup() -> None:
    tickets = read(fixture("jira.csv"))
    five = tickets["SHOP-5"]
    assert five.links == ("SHOP-3", "SHOP-4")  # two `Outward issue link (Blocks)` columns
    assert five.components == ("api",)
    assert five.points == 5 and five.type == "Story" and five.status == "Done"
    assert five.parent == "SHOP-1"  # `Parent` holds the epic's issue id, 10001
    assert tickets["SHOP-1"].labels == ("billing",)
    # `h3.` became a heading, `*` a bullet, `{{…}}` inline code: line for line.
    assert "### Acceptance criteria" in five.text
    assert "- Returns 200 with `Content-Type: text/csv` and" in five.text
    assert tickets["SHOP-4"].checklist == ()
    assert "1. The header row is `number,date,customer,net,vat,gross` exactly." in (
        tickets["SHOP-4"].text
    )


def test_jira_csv_text_lines_are_the_lines_of_the_file() -> None:
    raw = fixture("jira.csv").read_bytes().decode("utf-8-sig").split("\r\n")
    tickets = read(fixture("jira.csv"))
    for key, needle in (("SHOP-13", "Should we cache?"), ("SHOP-3", "only the second")):
        ticket = tickets[key]
        number = next(n for n, line in enumerate(ticket.text.split("\n"), 1) if needle in line)
        assert needle in raw[ticket.where(number) - 1]


def test_a_hand_written_jira_csv_with_every_hard_part(tmp_path: Path) -> None:
    # A BOM, CRLF, a header repeated per value, a quoted cell running over three lines
    # (with a quoted quote), an empty trailing cell, and a line the export ends without.
    export = tmp_path / "export.csv"
    export.write_bytes(
        "\ufeffSummary,Issue key,Issue id,Labels,Labels,Description,"
        "Custom field (Story Points),Original Estimate,Parent\r\n"
        'Pay by card,PAY-7,20007,payments,checkout,"h3. Why\r\nCards fail with ""do not '
        "honour\"\".\r\n* A declined card shows ''Try another card''\",2.0,14400,\r\n"
        "Payments,PAY-1,20001,,,,,,".encode()
    )
    tickets = read(export)
    pay = tickets["PAY-7"]
    assert pay.labels == ("payments", "checkout")
    assert pay.points == 2 and pay.estimate_hours == 4
    assert pay.text.split("\n") == [
        "### Why",
        'Cards fail with "do not honour".',
        "- A declined card shows ''Try another card''",
    ]
    assert pay.where(3) == 4  # the third line of the description is the file's fourth
    assert tickets["PAY-1"].text == ""


def test_jira_json_flattens_the_document_format() -> None:
    tickets = read(fixture("jira.json"))
    five = tickets["SHOP-5"]
    assert [item.text for item in five.checklist][
        2
    ] == "A user without the `accountant` role gets 403."
    assert five.links == ("SHOP-3", "SHOP-4") and five.parent == "SHOP-1"
    assert five.points == 5 and five.components == ("api",)
    text = fixture("jira.json").read_text().split("\n")
    assert '"description"' in text[five.text_line - 1]


def test_github_json_keys_milestones_and_labels() -> None:
    tickets = read(fixture("github.json"))
    bug = tickets["#19"]
    assert bug.type == "Bug" and bug.url.endswith("/issues/19")
    assert tickets["#5"].parent == "Invoice export for accountants"
    assert "Done when" in tickets["#5"].parent_text
    assert [i.text for i in tickets["#5"].checklist][1].startswith("A month written as")


def test_markdown_folder_with_front_matter(tmp_path: Path) -> None:
    folder = tmp_path / "tickets"
    folder.mkdir()
    (folder / "api-12.md").write_text(
        "---\nkey: API-12\ntype: Story\nstatus: To Do\npoints: 3\nparent: API-1\n"
        "labels: [api, limits]\n---\n# Rate limit exports\n\n## Acceptance criteria\n\n"
        "- The 11th export in an hour returns 429.\n"
    )
    (folder / "notes.md").write_text("Just a note.\n")
    tickets = read(folder)
    api = tickets["API-12"]
    assert (api.title, api.points, api.parent, api.labels) == (
        "Rate limit exports",
        3,
        "API-1",
        ("api", "limits"),
    )
    assert api.where(5) == 13  # the body starts on the file's line 9
    assert tickets["notes"].title == "notes"


def test_input_format_overrides_detection(tmp_path: Path) -> None:
    export = tmp_path / "backlog.txt"
    export.write_bytes(fixture("linear.csv").read_bytes())
    assert "SHOP-5" in read(export, input_format="linear-csv")


def test_jira_json_v2_descriptions_are_wiki_markup(tmp_path: Path) -> None:
    export = tmp_path / "search.json"
    export.write_text(
        '{"issues": [{"key": "OPS-4", "fields": {"summary": "Rotate keys",'
        ' "description": "h2. Acceptance criteria\\r\\n# Old keys fail with 401\\r\\n'
        '# {{rotate.sh}} exits 0", "customfield_10002": 2, "timeoriginalestimate": 7200}}]}'
    )
    ops = read(export)["OPS-4"]
    assert ops.text == "## Acceptance criteria\n1. Old keys fail with 401\n1. `rotate.sh` exits 0"
    assert (ops.points, ops.estimate_hours, ops.flat) == (2, 2, True)
