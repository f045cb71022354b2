"""GitHub issues as `gh issue list --json number,title,body,labels,milestone,state,url,…`
writes them: Markdown bodies (issue forms render `### Field` headings, task lists
`- [ ]`), labels as objects with a `name`, and the milestone that groups tickets."""

from __future__ import annotations

from typing import Any

from pilotkit.backlog.config import Config
from pilotkit.backlog.readers import jsonlines
from pilotkit.backlog.readers.source import Export
from pilotkit.backlog.ticket import Ticket, finish

_TYPES = {"bug": "Bug", "enhancement": "Story", "feature": "Story", "epic": "Epic"}


def read(export: Export, config: Config) -> list[Ticket]:
    del config  # gh's field names are fixed: nothing to map
    data = jsonlines.parse(export)
    if not isinstance(data, list):
        raise export.fail("is not a gh issue list; export it with `gh issue list --json …`")
    spans = jsonlines.spans(export.text, len(data))
    found = []
    for issue, span in zip(data, spans, strict=True):
        if not isinstance(issue, dict) or not isinstance(issue.get("number"), int):
            raise export.fail("an issue has no `number`; add it to `--json`", span.line)
        found.append(_ticket(export, issue, span))
    return found


def _ticket(export: Export, issue: dict[str, Any], span: jsonlines.Span) -> Ticket:
    labels = tuple(_names(issue.get("labels")))
    found = issue.get("milestone")
    milestone: dict[str, Any] = found if isinstance(found, dict) else {}
    kind = next((_TYPES[label.lower()] for label in labels if label.lower() in _TYPES), "")
    return finish(
        Ticket(
            key=f"#{issue['number']}",
            title=_text(issue.get("title")),
            path=export.path,
            line=span.line,
            type=kind or "Issue",
            status=_text(issue.get("state")).lower(),
            text=_text(issue.get("body")),
            text_line=span.line_of(export.text, "body"),
            flat=True,
            labels=labels,
            parent=_text(milestone.get("title")),
            parent_text=_text(milestone.get("description")),
            url=_text(issue.get("url")),
            tracker="github",
        )
    )


def _names(labels: Any) -> list[str]:
    if not isinstance(labels, list):
        return []
    names = [label.get("name") if isinstance(label, dict) else label for label in labels]
    return [name.strip() for name in names if isinstance(name, str) and name.strip()]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""
