"""Tasks as a CSV file that Jira's CSV importer maps without a saved configuration.

Columns (a column repeated for each value, as Jira's importer reads multi-value fields):
`Issue Id` (the task's number, for links inside the file), `Summary`, `Issue Type`
(`Task`), `Description` (Jira wiki markup), `Labels` (task id, wave, pilot),
`Inward issue link (Blocks)` (the `Issue Id` of each dependency in the same file: the
task "is blocked by" it), and `Assignee` when one is given. The mapping steps are in
docs/how-to/hand-tasks-to-trackers.md.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence

from pilotkit.trackers.drafts import Draft

ISSUE_ID = "Issue Id"
SUMMARY = "Summary"
ISSUE_TYPE = "Issue Type"
DESCRIPTION = "Description"
LABELS = "Labels"
BLOCKED_BY = "Inward issue link (Blocks)"
ASSIGNEE = "Assignee"
MAX_CELL = 32_000  # Jira's limit for a text field is 32,767 characters


def csv_text(drafts: Sequence[Draft], *, assignee: str | None = None) -> str:
    """The CSV of DRAFTS: one header row, one row per task, in task order."""
    numbers = {draft.task.id: str(int(draft.task.id[1:])) for draft in drafts}
    blocked = [
        [numbers[dep.id] for dep in draft.depends_on if dep.id in numbers] for draft in drafts
    ]
    label_columns = max((len(draft.labels) for draft in drafts), default=1)
    link_columns = max((len(links) for links in blocked), default=0)
    header = [ISSUE_ID, SUMMARY, ISSUE_TYPE, DESCRIPTION, *[LABELS] * label_columns]
    header += [BLOCKED_BY] * link_columns + ([ASSIGNEE] if assignee else [])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, as spreadsheets expect
    writer.writerow(header)
    for draft, links in zip(drafts, blocked, strict=True):
        row = [numbers[draft.task.id], draft.title, "Task", wiki(draft.body)[:MAX_CELL]]
        row += _padded(list(draft.labels), label_columns) + _padded(links, link_columns)
        writer.writerow(row + ([assignee] if assignee else []))
    return out.getvalue()


def _padded(values: list[str], width: int) -> list[str]:
    return values + [""] * (width - len(values))


_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^(\s*)[-*+]\s+(.*)$")
_NUMBERED = re.compile(r"^(\s*)\d+[.)]\s+(.*)$")


def wiki(markdown: str) -> str:
    """MARKDOWN in Jira's wiki markup: headings, lists, code, bold and links."""
    out: list[str] = []
    fenced = False
    for line in re.sub(r"<!--.*?-->", "", markdown, flags=re.DOTALL).splitlines():
        if line.strip().startswith("```"):
            out.append("{code}")
            fenced = not fenced
            continue
        if fenced:
            out.append(line)
            continue
        out.append(_line(line))
    return "\n".join(out).strip() + "\n"


def _line(line: str) -> str:
    if line.strip() == "---":
        return "----"
    heading = _HEADING.match(line)
    if heading:
        return f"h{len(heading.group(1))}. {_inline(heading.group(2))}"
    for pattern, mark in ((_BULLET, "*"), (_NUMBERED, "#")):
        item = pattern.match(line)
        if item:
            depth = len(item.group(1).replace("\t", "  ")) // 2 + 1
            return f"{mark * depth} {_inline(item.group(2))}"
    return _inline(line)


def _inline(text: str) -> str:
    text = re.sub(r"`([^`]+)`", r"{{\1}}", text)
    text = re.sub(r"\*\*(.+?)\*\*", r"*\1*", text)
    return re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", r"[\1|\2]", text)
