"""The optional task fields that `pilotkit tasks` writes, as the task model reads them."""

from __future__ import annotations

import pytest

from pilotkit.pilot import tasks

BASE = (
    "---\nid: T01\ntitle: A\nstatus: claimed\ndepends_on: []\nrequirements: []\nfiles: []\n"
    "assignee: a\nbranch: b\n{extra}---\n"
)


@pytest.mark.parametrize(
    ("extra", "claimed_at", "reason", "hours"),
    [
        ('claimed_at: "2026-01-05T09:30:00Z"\n', "2026-01-05T09:30:00Z", None, None),
        ("claimed_at: 2026-01-05T09:30:00Z\n", "2026-01-05T09:30:00Z", None, None),  # unquoted
        ("claimed_at: 2026-01-05\n", "2026-01-05", None, None),
        ("blocked_reason: '  two   words '\n", None, "two words", None),
        ("blocked_reason: 42\nestimate_hours: 2.5\n", None, None, 2.5),
        ("estimate_hours: -1\n", None, None, None),
        ("estimate_hours: true\n", None, None, None),
    ],
)
def test_optional_fields(
    extra: str, claimed_at: str | None, reason: str | None, hours: float | None
) -> None:
    task, problems = tasks.parse("tasks/T01-a.md", BASE.format(extra=extra).encode())
    assert task is not None and problems == []
    assert (task.claimed_at, task.blocked_reason, task.estimate_hours) == (
        claimed_at,
        reason,
        hours,
    )


@pytest.mark.parametrize(
    ("extra", "issue", "url"),
    [
        (
            "issue: 12\nissue_url: https://github.com/o/r/issues/12\n",
            12,
            "https://github.com/o/r/issues/12",
        ),
        ("issue: PILOT-7\n", "PILOT-7", None),
        ("issue: null\nsource: spec-kit specs/001-x/tasks.md:12 T001\n", None, None),
    ],
)
def test_tracker_fields(extra: str, issue: int | str | None, url: str | None) -> None:
    task, problems = tasks.parse("tasks/T01-a.md", BASE.format(extra=extra).encode())
    assert task is not None and problems == []
    assert (task.issue, task.issue_url) == (issue, url)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("issue: 0\n", "`issue` must be an issue number or key"),
        ("issue: twelve\n", "`issue` must be an issue number or key"),
        ("issue: true\n", "`issue` must be an issue number or key"),
        ("issue_url: github.com/o/r/issues/1\n", "`issue_url` must be a web address"),
        ("source: ''\n", "`source` must be a line of text or map tracker, key and url to texts"),
    ],
)
def test_tracker_fields_of_the_wrong_kind(extra: str, message: str) -> None:
    task, problems = tasks.parse("tasks/T01-a.md", BASE.format(extra=extra).encode())
    assert task is not None and task.issue is None
    assert [(p.rule, p.line, p.message) for p in problems] == [("PK-T003", 10, message)]
