"""GitLab's issue CSV export (Issues → Export as CSV): `Issue ID`, `URL`, `Title`, `State`,
`Description` (Markdown), `Milestone`, `Weight`, `Labels` (comma-separated), `Time
Estimate` (seconds), and on tiers with epics `Epic ID` / `Epic Title`."""

from __future__ import annotations

from pilotkit.backlog.config import Config
from pilotkit.backlog.readers.source import Export
from pilotkit.backlog.readers.table import Table, number, split_list
from pilotkit.backlog.ticket import Ticket, finish


def read(export: Export, config: Config) -> list[Ticket]:
    table = Table(export, config)
    if not table.has("Issue ID") or not table.has("Title"):
        raise export.fail("has no `Issue ID` and `Title` columns; export it again from GitLab", 1)
    found = []
    for row in table.rows:
        number_ = table.first(row, "Issue ID")
        if not number_:
            raise export.fail("a row has no `Issue ID`; export it again", row.line)
        text, text_line = table.cell(row, "Description")
        seconds = number(table.first(row, "Time Estimate"))
        labels = split_list(table.values(row, "Labels"))
        found.append(
            finish(
                Ticket(
                    key=f"#{number_}",
                    title=table.first(row, "Title"),
                    path=export.path,
                    line=row.line,
                    type="Bug" if any(label.lower() == "bug" for label in labels) else "Issue",
                    status=table.first(row, "State").lower(),
                    text=text,
                    text_line=text_line,
                    labels=labels,
                    points=number(table.first(row, "Weight")),
                    estimate_hours=seconds / 3600 if seconds else None,
                    parent=table.first(row, "Epic Title", "Milestone"),
                    url=table.first(row, "URL"),
                    tracker="gitlab",
                )
            )
        )
    return found
