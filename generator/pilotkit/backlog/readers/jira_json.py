"""A saved Jira REST search response: `issues[]` with `key` and `fields`.

`fields.description` is a wiki-markup string (API v2) or an Atlassian Document Format
tree (v3); story points come through the configured `customfield_NNNNN` (or the usual
names), `timeoriginalestimate` is in seconds.
"""

from __future__ import annotations

from typing import Any

from pilotkit.backlog import adf, wiki
from pilotkit.backlog.config import Config
from pilotkit.backlog.readers import jsonlines
from pilotkit.backlog.readers.source import Export
from pilotkit.backlog.ticket import Ticket, finish
from pilotkit.numbers import is_number

POINTS = ("customfield_10016", "customfield_10026", "customfield_10002", "story_points")


def read(export: Export, config: Config) -> list[Ticket]:
    data = jsonlines.parse(export)
    issues = data.get("issues") if isinstance(data, dict) else None
    if not isinstance(issues, list):
        raise export.fail("is not a Jira search response (no `issues` list); save the search again")
    spans = jsonlines.spans(export.text, len(issues), under="issues")
    found = []
    for issue, span in zip(issues, spans, strict=True):
        fields = issue.get("fields") if isinstance(issue, dict) else None
        if not isinstance(issue, dict) or not isinstance(issue.get("key"), str):
            raise export.fail("an issue has no `key`; save the search response again", span.line)
        found.append(_ticket(export, config, issue["key"], fields or {}, span))
    return found


def _ticket(export: Export, config: Config, key: str, fields: Any, span: jsonlines.Span) -> Ticket:
    fields = fields if isinstance(fields, dict) else {}
    seconds = fields.get("timeoriginalestimate")
    parent = _name(fields.get("parent"), "key")
    own = config.acceptance_criteria
    return finish(
        Ticket(
            key=key,
            title=_str(fields.get("summary")),
            path=export.path,
            line=span.line,
            type=_name(fields.get("issuetype"), "name"),
            status=_name(fields.get("status"), "name"),
            text=_description(fields.get("description")),
            text_line=span.line_of(export.text, "description"),
            flat=True,
            labels=tuple(v for v in fields.get("labels") or [] if isinstance(v, str)),
            components=tuple(n for c in fields.get("components") or [] if (n := _name(c, "name"))),
            points=_points(fields, config),
            estimate_hours=seconds / 3600 if is_number(seconds, least=0) else None,
            parent=parent,
            links=tuple(_links(fields.get("issuelinks"))),
            tracker="jira",
            criteria=_description(fields.get(own)) if own else "",
            criteria_line=span.line_of(export.text, own) if own else 0,
        )
    )


def _description(value: Any) -> str:
    if isinstance(value, str):
        return wiki.to_markdown(value)
    return adf.to_markdown(value) if isinstance(value, dict) else ""


def _points(fields: dict[str, Any], config: Config) -> float | None:
    names = (config.story_points, *POINTS) if config.story_points else POINTS
    for name in names:
        if is_number(fields.get(name), least=0):
            return float(fields[name])
    return None


def _links(links: Any) -> list[str]:
    found = []
    for link in links if isinstance(links, list) else []:
        if isinstance(link, dict):
            for side in ("inwardIssue", "outwardIssue"):
                if key := _name(link.get(side), "key"):
                    found.append(key)
    return found


def _name(value: Any, field: str) -> str:
    return _str(value.get(field)) if isinstance(value, dict) else ""


def _str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
