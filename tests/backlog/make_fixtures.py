"""Write the corpus in every export format, the way each tracker's documentation shows it.

Run `python -m tests.backlog.make_fixtures` from the repository's root after changing the
corpus; `test_fixtures_are_current` fails while the committed files differ.

The hard parts of each format are in the output on purpose: the Jira CSV repeats its
`Labels`, `Component/s`, `Sprint` and link headers, quotes descriptions that run over
several lines, ends lines with CRLF and starts with a BOM, and names the parent by its
issue id; the Jira JSON holds Atlassian Document Format trees; gh's JSON is compact.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from tests.backlog.corpus import TICKETS, Spec

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "backlog"
_INLINE_CODE = re.compile(r"`([^`]+)`")
_BOLD = re.compile(r"\*\*([^*]+)\*\*")


def outputs() -> dict[str, bytes]:
    return {
        "jira.csv": jira_csv(),
        "jira.json": jira_json(),
        "github.json": github_json(),
        "gitlab.csv": gitlab_csv(),
        "linear.csv": linear_csv(),
        "tickets.md": markdown_file(),
    }


def issue_id(spec: Spec) -> str:
    return str(10000 + spec.number)


def jira_csv() -> bytes:
    header = [
        "Summary", "Issue key", "Issue id", "Issue Type", "Status", "Priority",
        "Labels", "Labels", "Component/s", "Component/s", "Sprint", "Sprint",
        "Description", "Custom field (Story point estimate)", "Original Estimate",
        "Outward issue link (Blocks)", "Outward issue link (Blocks)",
        "Inward issue link (Blocks)", "Parent", "Parent summary",
    ]  # fmt: skip
    by_key = {spec.key: spec for spec in TICKETS}
    rows = [header]
    for spec in TICKETS:
        labels = [*spec.labels, "", ""][:2]
        components = [*spec.components, "", ""][:2]
        links = [*spec.links, "", ""][:2]
        parent = by_key.get(spec.parent)
        rows.append([
            spec.title, spec.key, issue_id(spec), spec.type, spec.status, "Medium",
            *labels, *components, "Sprint 41" if spec.status == "Done" else "", "",
            to_wiki(spec.text), _number(spec.points),
            str(int(spec.hours * 3600)) if spec.hours else "",
            *links, "", issue_id(parent) if parent else "", parent.title if parent else "",
        ])  # fmt: skip
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return "\ufeff".encode() + out.getvalue().replace("\n", "\r\n").replace("\r\r", "\r").encode()


def to_wiki(markdown: str) -> str:
    lines = []
    for line in markdown.split("\n"):
        heading = re.match(r"^(#{1,6}) (.*)$", line)
        if heading:
            line = f"h{len(heading.group(1))}. {heading.group(2)}"
        elif re.match(r"^- \[[ x]\] ", line):
            line = "* " + line[6:]
        elif line.startswith("- "):
            line = "* " + line[2:]
        elif re.match(r"^\d+\. ", line):
            line = "# " + line.split(". ", 1)[1]
        line = _BOLD.sub(r"*\1*", line)
        lines.append(_INLINE_CODE.sub(r"{{\1}}", line))
    return "\n".join(lines)


def jira_json() -> bytes:
    issues = []
    for spec in TICKETS:
        fields: dict[str, Any] = {
            "summary": spec.title,
            "issuetype": {"name": spec.type},
            "status": {"name": spec.status},
            "labels": list(spec.labels),
            "components": [{"name": name} for name in spec.components],
            "description": to_adf(spec.text) if spec.text else None,
            "customfield_10016": spec.points,
            "timeoriginalestimate": int(spec.hours * 3600) if spec.hours else None,
            "issuelinks": [
                {"type": {"name": "Blocks"}, "inwardIssue": {"key": key}} for key in spec.links
            ],
        }
        if spec.parent:
            fields["parent"] = {"key": spec.parent}
        issues.append({"id": issue_id(spec), "key": spec.key, "fields": fields})
    data = {"startAt": 0, "maxResults": 50, "total": len(issues), "issues": issues}
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def to_adf(markdown: str) -> dict[str, Any]:
    """Markdown blocks as an ADF document: headings, paragraphs, lists, task lists."""
    content: list[dict[str, Any]] = []
    for block in _blocks(markdown):
        first = block[0]
        if first.startswith("#"):
            level = len(first) - len(first.lstrip("#"))
            content.append(_node("heading", [_text(first.lstrip("# "))], level=level))
        elif first.startswith("- [ ]"):
            items = [_node("taskItem", [_text(i[6:])], state="TODO") for i in _items(block)]
            content.append(_node("taskList", items))
        elif first.startswith("- ") or re.match(r"^\d+\. ", first):
            kind = "bulletList" if first.startswith("- ") else "orderedList"
            items = [
                _node("listItem", [_node("paragraph", [_text(i.split(" ", 1)[1])])])
                for i in _items(block)
            ]
            content.append(_node(kind, items))
        else:
            content.append(_node("paragraph", [_text(" ".join(block))]))
    return {"type": "doc", "version": 1, "content": content}


def _blocks(markdown: str) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in markdown.split("\n"):
        if not line.strip():
            blocks.append([])
        elif line.startswith("#"):
            blocks += [[line], []]
        else:
            blocks[-1].append(line)
    return [block for block in blocks if block]


def _items(block: list[str]) -> list[str]:
    items: list[str] = []
    for line in block:
        if line.startswith(" ") and items:
            items[-1] += " " + line.strip()
        else:
            items.append(line)
    return items


def _text(text: str) -> dict[str, Any]:
    """A text node; inline code becomes the text with a `code` mark when it is all code."""
    code = _INLINE_CODE.fullmatch(text)
    if code:
        return {"type": "text", "text": code.group(1), "marks": [{"type": "code"}]}
    return {"type": "text", "text": text}


def _node(kind: str, content: list[dict[str, Any]], **attrs: Any) -> dict[str, Any]:
    node: dict[str, Any] = {"type": kind, "content": content}
    if attrs:
        node["attrs"] = attrs
    return node


def github_json() -> bytes:
    by_key = {spec.key: spec for spec in TICKETS}
    issues = []
    for spec in TICKETS:
        if spec.type == "Epic":
            continue  # on GitHub an epic is a milestone
        parent = by_key.get(spec.parent)
        labels = [*spec.labels, *(["bug"] if spec.type == "Bug" else [])]
        issues.append(
            {
                "body": spec.text,
                "createdAt": "2026-11-02T09:00:00Z",
                "labels": [
                    {"id": f"LA_{name}", "name": name, "color": "ededed"} for name in labels
                ],
                "milestone": (
                    {"number": parent.number, "title": parent.title, "description": parent.text}
                    if parent
                    else None
                ),
                "number": spec.number,
                "state": "CLOSED" if spec.status == "Done" else "OPEN",
                "title": spec.title,
                "url": f"https://github.com/example/shop/issues/{spec.number}",
            }
        )
    return (json.dumps(issues, ensure_ascii=False) + "\n").encode()


def gitlab_csv() -> bytes:
    by_key = {spec.key: spec for spec in TICKETS}
    header = [
        "Issue ID", "URL", "Title", "State", "Description", "Author", "Author Username",
        "Assignee", "Assignee Username", "Confidential", "Locked", "Due Date",
        "Created At (UTC)", "Updated At (UTC)", "Closed At (UTC)", "Milestone", "Weight",
        "Labels", "Time Estimate", "Time Spent", "Epic ID", "Epic Title",
    ]  # fmt: skip
    rows = [header]
    for spec in TICKETS:
        if spec.type == "Epic":
            continue
        parent = by_key.get(spec.parent)
        labels = ",".join([*spec.labels, *(["bug"] if spec.type == "Bug" else [])])
        rows.append([
            str(spec.number), f"https://gitlab.example.com/shop/-/issues/{spec.number}",
            spec.title, "Closed" if spec.status == "Done" else "Open", spec.text,
            "Ana Lead", "ana", "", "", "No", "No", "", "2026-11-02 09:00:00",
            "2026-11-02 09:00:00", "", "", _number(spec.points), labels, "0", "0",
            str(parent.number) if parent else "", parent.title if parent else "",
        ])  # fmt: skip
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def linear_csv() -> bytes:
    header = [
        "ID", "Team", "Title", "Description", "Status", "Estimate", "Priority", "Project",
        "Creator", "Assignee", "Labels", "Cycle Number", "Cycle Name", "Due Date", "Created",
        "Updated", "Parent issue",
    ]  # fmt: skip
    rows = [header]
    for spec in TICKETS:
        labels = ", ".join([*spec.labels, *(["Bug"] if spec.type == "Bug" else [])])
        status = {"To Do": "Todo", "Done": "Done"}[spec.status]
        rows.append([
            spec.key, "Shop", spec.title, spec.text, status, _number(spec.points), "Medium",
            "", "Ana Lead", "", labels, "", "", "", "2026-11-02T09:00:00.000Z",
            "2026-11-02T09:00:00.000Z", spec.parent,
        ])  # fmt: skip
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


def markdown_file() -> bytes:
    parts = ["# Shop backlog\n"]
    for spec in TICKETS:
        parts.append(
            f"## {spec.key}: {spec.title}\n\n{spec.text}\n"
            if spec.text
            else f"## {spec.key}: {spec.title}\n"
        )
    return "\n".join(parts).encode()


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def main() -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for name, data in outputs().items():
        (FIXTURES / name).write_bytes(data)


if __name__ == "__main__":
    main()
