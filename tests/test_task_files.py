"""Reading task files: a good one, and every way one can be bad, as findings with lines."""

from __future__ import annotations

import pytest

from pilotkit.pilot import tasks

GOOD = """---
id: T01
title: "CSV writer: rows"
status: todo
depends_on: []
requirements: [R2]
files:
  - src/a.py
  - tests/test_a.py
assignee: null
branch: null
---
## Context

Some context.

## Acceptance criteria

- It works.
"""


def test_good_task() -> None:
    task, problems = tasks.parse("tasks/T01-csv.md", GOOD.encode())
    assert problems == []
    assert task is not None
    assert (task.id, task.title, task.status) == ("T01", "CSV writer: rows", "todo")
    assert task.files == ("src/a.py", "tests/test_a.py")
    assert task.line("files") == 7 and task.item_line("files", 1) == 9
    assert task.section("Acceptance criteria") == "- It works."
    assert task.body_line == 13


@pytest.mark.parametrize(
    ("text", "rule", "line", "words"),
    [
        ("no front matter\n", "PK-T001", 1, "no front matter"),
        ("---\nid: T01\n", "PK-T002", 1, "never closed"),
        ("---\nid: [T01\n---\n", "PK-T002", 2, "never closed"),
        ("---\n- a\n---\n", "PK-T002", 2, "not a mapping"),
        (GOOD.replace("status: todo", "status: doing"), "PK-T003", 4, "status 'doing'"),
        (GOOD.replace("depends_on: []", "depends_on: T02"), "PK-T003", 5, "depends_on"),
        (GOOD.replace("branch: null\n", ""), "PK-T003", 2, "`branch` is missing"),
        (GOOD.replace("status: todo", "status: todo\nstatus: done"), "PK-T003", 5, "given twice"),
        (GOOD.replace("assignee: null", "assignee: null\nowner: me"), "PK-T004", 11, "owner"),
        (GOOD.replace("id: T01", "id: T07"), "PK-T005", 2, "does not start with its id"),
        (GOOD.replace("branch: null", "branch: null\nmode: manual"), "PK-T003", 12, "mode"),
    ],
)
def test_bad_task(text: str, rule: str, line: int, words: str) -> None:
    _, problems = tasks.parse("tasks/T01-csv.md", text.encode())
    assert [(p.rule, p.line) for p in problems] == [(rule, line)], problems
    assert words in problems[0].message
    assert problems[0].hint


def test_binary_and_non_utf8_files() -> None:
    assert tasks.parse("tasks/x.md", b"\x00\x01")[1][0].message == "is a binary file"
    _, problems = tasks.parse("tasks/x.md", b"---\nid: T01\ntitle: \xff\n---\n")
    assert (problems[0].rule, problems[0].line) == ("PK-T001", 3)


def test_bad_id_gives_no_task() -> None:
    task, problems = tasks.parse("tasks/x.md", GOOD.replace("id: T01", "id: 7").encode())
    assert task is None
    assert problems[0].rule == "PK-T003"


def test_a_byte_order_mark_before_the_front_matter_is_no_text() -> None:
    task, problems = tasks.parse("tasks/T01-csv.md", b"\xef\xbb\xbf" + GOOD.encode())
    assert problems == []
    assert task is not None
    assert (task.id, task.line("files"), task.body_line) == ("T01", 7, 13)


@pytest.mark.parametrize(
    ("line", "mode"), [("", "agent"), ("mode: agent\n", "agent"), ("mode: hand\n", "hand")]
)
def test_a_task_is_built_by_the_agents_unless_it_is_a_control_built_by_hand(
    line: str, mode: str
) -> None:
    task, problems = tasks.parse(
        "tasks/T01-csv.md", GOOD.replace("branch: null\n", f"branch: null\n{line}").encode()
    )
    assert problems == [] and task is not None
    assert (task.mode, task.control) == (mode, mode == "hand")
