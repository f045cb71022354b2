"""Round-trip edits of front matter: only the changed values change, byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pilotkit.pilot import frontmatter, tasks
from pilotkit.yaml import (
    DELETE,
    Append,
    Remove,
    YamlError,
    append_to_list,
    edit_front_matter,
    edit_text,
    parse_text,
    set_value,
    to_plain,
)

# Comments everywhere, odd spacing, both quote styles, flow and block lists, a body that
# looks like YAML: everything a round-trip edit could disturb.
COMMENTED = """---
# The task file for T01. Keep the comments!
id:   T01        # never renumber
title: 'CSV writer: rows, "quoted"'   # single quotes on purpose
status: "todo"   # todo | claimed | in-review | done | blocked

# What must be done first.
depends_on: [ ]
requirements: [R2,   R3]    # odd spacing in a flow list
files:
    # indented comment inside the list
    - "src/billing/export/csv_writer.py"   # the writer
    - tests/billing/export/test_csv_writer.py
assignee:     # nobody yet
branch: ~
# the end of the front matter
---

# T01: CSV writer

status: done
assignee: someone   <- body text that looks like YAML must stay as it is

---

## Acceptance criteria

- The header row lists the seven columns.
"""


def test_claim_edit_changes_only_the_values() -> None:
    changes = {
        "status": "claimed",
        "assignee": "claude-1",
        "branch": "task/T01-csv-writer",
        "claimed_at": "2026-01-05T10:00:00Z",
    }
    result = edit_front_matter(COMMENTED, changes, "tasks/T01-csv.md")
    expected = (
        COMMENTED.replace('status: "todo"', 'status: "claimed"', 1)
        .replace("assignee:     # nobody", "assignee: claude-1     # nobody", 1)
        .replace("branch: ~", "branch: task/T01-csv-writer", 1)
        .replace("# the end", 'claimed_at: "2026-01-05T10:00:00Z"\n# the end', 1)
    )
    assert result == expected
    task, problems = tasks.parse("tasks/T01-csv.md", result.encode())
    assert problems == [] and task is not None
    assert (task.status, task.assignee, task.branch) == ("claimed", "claude-1", changes["branch"])
    assert task.claimed_at == "2026-01-05T10:00:00Z"


def test_release_edit_touches_only_the_released_values() -> None:
    claimed = edit_front_matter(
        COMMENTED,
        {"status": "claimed", "assignee": "codex-1", "branch": "task/T01", "claimed_at": "x"},
        "t.md",
    )
    released = edit_front_matter(
        claimed,
        {"status": "todo", "assignee": None, "branch": None, "claimed_at": DELETE},
        "t.md",
    )
    assert released == (
        COMMENTED.replace("assignee:     #", "assignee: null     #").replace(
            "branch: ~", "branch: null"
        )
    )


ANSWERS = "# Managed by copier\n_commit: v0.1.0\n_src_path: /old/place  # moved\nname: x\n"


@pytest.mark.parametrize("bom", ["", "\ufeff"], ids=["no-bom", "bom"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_set_value_changes_the_value_only(tmp_path: Path, newline: str, bom: str) -> None:
    path = tmp_path / ".copier-answers.yml"
    path.write_bytes((bom + ANSWERS.replace("\n", newline)).encode())
    path.chmod(0o640)

    set_value(path, "_src_path", "/new/place")

    expected = bom + ANSWERS.replace("/old/place", "/new/place").replace("\n", newline)
    assert path.read_bytes().decode() == expected
    assert path.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("bom", ["", "\ufeff"], ids=["no-bom", "bom"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_append_to_list_keeps_line_endings(tmp_path: Path, newline: str, bom: str) -> None:
    path = tmp_path / "journal.yaml"
    before = "# the journal\nentries:\n  - kind: session  # first\n    minutes: 5\n"
    path.write_bytes((bom + before.replace("\n", newline)).encode())

    line = append_to_list(path, "entries", {"kind": "session", "minutes": 10})

    after = before + "  - kind: session\n    minutes: 10\n"
    assert path.read_bytes().decode() == bom + after.replace("\n", newline)
    assert line == 5


def test_mostly_lf_files_stay_lf() -> None:
    text = "a: 1\r\nb: 2\nc: 3\n"  # one stray CRLF line
    assert edit_text(text, {("d",): 4}, "x.yaml") == text + "d: 4\n"


def test_crlf_files_keep_their_line_endings() -> None:
    text = COMMENTED.replace("\n", "\r\n")
    result = edit_front_matter(text, {"status": "done", "blocked_reason": "waits"}, "t.md")
    assert result == text.replace('"todo"', '"done"').replace(
        "branch: ~\r\n", "branch: ~\r\nblocked_reason: waits\r\n"
    )


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("needs a decision: which CSV dialect?", '"needs a decision: which CSV dialect?"'),
        ("2026-01-05", "'2026-01-05'"),  # would read back as a date
        ("yes", "'yes'"),  # a boolean in YAML 1.1
        ("null", "'null'"),
        ("# not a comment", "'# not a comment'"),
        ("plain words", "plain words"),
        ("it's", "it's"),
        ("ünïcode", "ünïcode"),
    ],
)
def test_new_values_read_back_as_written(value: str, written: str) -> None:
    result = edit_text("a: 1\n", {("b",): value}, "x.yml")
    line = result.splitlines()[1]
    assert line in {f"b: {written}", f"b: {written.replace(chr(39), chr(34))}"}


def test_single_quoted_value_keeps_its_style() -> None:
    result = edit_front_matter(COMMENTED, {"title": "It's a writer"}, "t.md")
    assert "title: 'It''s a writer'   # single quotes on purpose\n" in result


def test_nested_mapping_gets_a_new_key_in_its_indentation() -> None:
    text = "# estimate\ntasks:\n  T01: 4   # one\n  T02: 5\n  # later ones\ntotal: 9  # sum\n"
    result = edit_text(text, {("tasks", "T03"): 2, ("total",): 11}, "estimate.yaml")
    assert result == (
        "# estimate\ntasks:\n  T01: 4   # one\n  T02: 5\n  T03: 2\n  # later ones\n"
        "total: 11  # sum\n"
    )


def test_new_fields_keep_the_order_given() -> None:
    result = edit_text("a: 1\n", {("b",): 2, ("c",): 3}, "x.yml")
    assert result == "a: 1\nb: 2\nc: 3\n"


def test_file_without_final_newline() -> None:
    assert edit_text("a: 1", {("b",): 2}, "x.yml") == "a: 1\nb: 2\n"


@pytest.mark.parametrize(
    ("text", "changes", "words"),
    [
        ("no front matter\n", {"status": "done"}, "no front matter"),
        ("---\nstatus: [todo\n---\n", {"status": "done"}, "never closed"),
        ("---\nfiles:\n  - a\n---\n", {"files": "b"}, "list or mapping"),
        ("---\n- a\n---\n", {"status": "done"}, "top level"),
    ],
)
def test_what_cannot_be_edited_is_refused(text: str, changes: dict[str, str], words: str) -> None:
    with pytest.raises(YamlError, match=words):
        edit_front_matter(text, changes, "t.md")


@settings(max_examples=200, deadline=None)
@given(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
    st.sampled_from(["assignee", "branch", "blocked_reason", "title", "status"]),
)
def test_any_text_reads_back_and_nothing_else_moves(value: str, key: str) -> None:
    result = edit_front_matter(COMMENTED, {key: value}, "t.md")
    front = frontmatter.split(result).yaml
    assert front is not None
    data = to_plain(parse_text(front, "t.md"))
    assert data[key] == value
    before, after = COMMENTED.splitlines(), result.splitlines()
    if key == "blocked_reason":  # a new field: one more line, after `branch`
        assert [line for line in after if not line.startswith(f"{key}:")] == before
    else:
        assert len(after) == len(before)
        differ = [a for a, b in zip(after, before, strict=True) if a != b]
        assert all(line.startswith(f"{key}:") for line in differ)


def test_list_items_are_appended_and_removed_in_place() -> None:
    appended = edit_front_matter(
        COMMENTED,
        {"depends_on": Append("T00"), "requirements": Append("R4"), "files": Append("docs/x.md")},
        "t.md",
    )
    assert appended == COMMENTED.replace("depends_on: [ ]", "depends_on: [T00]").replace(
        "requirements: [R2,   R3]", "requirements: [R2,   R3, R4]"
    ).replace(
        "    - tests/billing/export/test_csv_writer.py\n",
        "    - tests/billing/export/test_csv_writer.py\n    - docs/x.md\n",
    )
    removed = edit_front_matter(
        appended,
        {"depends_on": Remove("T00"), "requirements": Remove("R4"), "files": Remove("docs/x.md")},
        "t.md",
    )
    assert removed == COMMENTED.replace("depends_on: [ ]", "depends_on: []")
    first = edit_front_matter(
        COMMENTED, {"files": Remove("src/billing/export/csv_writer.py")}, "t.md"
    )
    assert '"src/billing/export/csv_writer.py"' not in first
    assert "    # indented comment inside the list\n    - tests/" in first


@settings(max_examples=150, deadline=None)
@given(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=30),
    st.sampled_from(["requirements", "files"]),
)
def test_any_text_appended_to_a_list_reads_back_and_removes_cleanly(value: str, key: str) -> None:
    result = edit_front_matter(COMMENTED, {key: Append(value)}, "t.md")
    front = frontmatter.split(result).yaml
    assert front is not None
    assert to_plain(parse_text(front, "t.md"))[key][-1] == value
    assert edit_front_matter(result, {key: Remove(value)}, "t.md") == COMMENTED
