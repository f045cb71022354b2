"""Jira's CSV export (issue navigator → Export → CSV, all or current fields).

Jira repeats a header once per value (`Labels`, `Component/s`, `Sprint`, each link type),
so the columns are read by position. Story points come as `Custom field (Story Points)`
or `Custom field (Story point estimate)`; `Original Estimate` is in seconds; the epic as
`Parent` (an issue id, or a key), `Parent key` or `Custom field (Epic Link)`; the
description is Jira wiki markup.
"""

from __future__ import annotations

from pilotkit.backlog import wiki
from pilotkit.backlog.config import Config
from pilotkit.backlog.readers.source import Export
from pilotkit.backlog.readers.table import Row, Table, number
from pilotkit.backlog.ticket import Ticket, finish

POINTS = ("Custom field (Story Points)", "Custom field (Story point estimate)", "Story Points")
PARENT = ("Parent key", "Custom field (Epic Link)", "Parent", "Parent id")
CRITERIA = ("Custom field (Acceptance Criteria)", "Acceptance Criteria")


def read(export: Export, config: Config) -> list[Ticket]:
    table = Table(export, config)
    if not table.has("Issue key") or not table.has("Summary"):
        raise export.fail(
            "has no `Issue key` and `Summary` columns; export from Jira's issue navigator "
            "(Export → CSV) or map the headers under `aliases` in .pilotkit-backlog.yaml",
            1,
        )
    links = [i for i, name in enumerate(table.header) if "issue link" in name]
    ids = {table.first(row, "Issue id"): table.first(row, "Issue key") for row in table.rows}
    found = []
    for row in table.rows:
        key = table.first(row, "Issue key")
        if not key:
            raise export.fail("a row has no `Issue key`; export it again", row.line)
        found.append(_ticket(export, config, table, row, key, links, ids))
    return found


def _ticket(
    export: Export,
    config: Config,
    table: Table,
    row: Row,
    key: str,
    links: list[int],
    ids: dict[str, str],
) -> Ticket:
    text, text_line = table.cell(row, "Description")
    criteria, criteria_line = table.cell(row, *_criteria_names(config))
    seconds = number(table.first(row, "Original Estimate", "Original estimate"))
    parent = table.first(row, *PARENT)
    return finish(
        Ticket(
            key=key,
            title=table.first(row, "Summary"),
            path=export.path,
            line=row.line,
            type=table.first(row, "Issue Type"),
            status=table.first(row, "Status"),
            text=wiki.to_markdown(text),
            text_line=text_line,
            labels=tuple(table.values(row, "Labels")),
            components=tuple(table.values(row, "Component/s", "Components")),
            points=number(table.first(row, *_points_names(config))),
            estimate_hours=seconds / 3600 if seconds is not None else None,
            parent=ids.get(parent, parent),
            links=tuple(table.at(row, links)),
            tracker="jira",
            criteria=wiki.to_markdown(criteria),
            criteria_line=criteria_line,
        )
    )


def _points_names(config: Config) -> tuple[str, ...]:
    own = config.story_points
    return (own, f"Custom field ({own})", *POINTS) if own else POINTS


def _criteria_names(config: Config) -> tuple[str, ...]:
    own = config.acceptance_criteria
    return (own, f"Custom field ({own})", *CRITERIA) if own else CRITERIA
