"""Linear's CSV export (Settings → Import / export → Export CSV): `ID` (ENG-12), `Title`,
`Description` (Markdown), `Status`, `Estimate` (points), `Labels` (comma-separated),
`Project`, `Parent issue`."""

from __future__ import annotations

from pilotkit.backlog.config import Config
from pilotkit.backlog.readers.source import Export
from pilotkit.backlog.readers.table import Table, number, split_list
from pilotkit.backlog.ticket import Ticket, finish


def read(export: Export, config: Config) -> list[Ticket]:
    table = Table(export, config)
    if not table.has("ID") or not table.has("Title"):
        raise export.fail("has no `ID` and `Title` columns; export it again from Linear", 1)
    found = []
    for row in table.rows:
        key = table.first(row, "ID")
        if not key:
            raise export.fail("a row has no `ID`; export it again", row.line)
        text, text_line = table.cell(row, "Description")
        labels = split_list(table.values(row, "Labels"))
        found.append(
            finish(
                Ticket(
                    key=key,
                    title=table.first(row, "Title"),
                    path=export.path,
                    line=row.line,
                    type="Bug" if any(label.lower() == "bug" for label in labels) else "Issue",
                    status=table.first(row, "Status"),
                    text=text,
                    text_line=text_line,
                    labels=labels,
                    points=number(table.first(row, "Estimate")),
                    parent=table.first(row, "Parent issue", "Project"),
                    tracker="linear",
                )
            )
        )
    return found
