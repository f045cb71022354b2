"""The readers and the scorer on random input: tickets or a one-line ExportError, never a
traceback."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pilotkit.backlog import adf
from pilotkit.backlog.config import Config
from pilotkit.backlog.measures import measure
from pilotkit.backlog.readers import FORMATS, ExportError, read_exports
from pilotkit.errors import PilotkitError

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
JIRA_HEADER = [
    "Summary",
    "Issue key",
    "Labels",
    "Labels",
    "Description",
    "Custom field (Story Points)",
    "Original Estimate",
    "Parent",
]
# Cells a person may type, with what CSV and wiki markup treat specially.
CELL = st.lists(
    st.sampled_from([*'ab1 ",\r\n*#{}|[]h3.?-_`', "TBD", "etc.", "fast", "\u00e9", "\ufeff"]),
    max_size=40,
).map("".join)


def _read(path: Path, kind: str | None) -> None:
    """Read PATH and score what it gives; an ExportError is the one allowed failure."""
    try:
        backlog = read_exports([path], Config(), kind)
    except ExportError as err:
        assert "\n" not in str(err).strip() and str(err).startswith(str(path))
        return
    for ticket in backlog.tickets:
        measure(ticket)


@FUZZ
@given(raw=st.binary(max_size=300), kind=st.sampled_from([None, *FORMATS]))
def test_random_bytes(tmp_path: Path, raw: bytes, kind: str | None) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(raw)
    _read(path, kind)


@FUZZ
@given(rows=st.lists(st.lists(CELL, min_size=0, max_size=9), max_size=6))
def test_random_jira_cells(tmp_path: Path, rows: list[list[str]]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([JIRA_HEADER, *rows])
    path = tmp_path / "jira.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    _read(path, None)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "issues",
                    "key",
                    "fields",
                    "summary",
                    "description",
                    "type",
                    "content",
                    "text",
                    "attrs",
                    "number",
                    "title",
                    "body",
                    "labels",
                    "milestone",
                    "name",
                    "parent",
                    "issuelinks",
                    "level",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=25,
)


@FUZZ
@given(data=JSON, kind=st.sampled_from(["jira-json", "github-json", None]))
def test_random_json_shapes(tmp_path: Path, data: Any, kind: str | None) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(data))
    _read(path, kind)


@FUZZ
@given(tree=JSON)
def test_random_document_trees(tree: Any) -> None:
    assert isinstance(adf.to_markdown(tree), str)


def test_a_deep_document_tree_is_bounded() -> None:
    node: dict[str, Any] = {"type": "text", "text": "deep"}
    for _ in range(5000):
        node = {"type": "bulletList", "content": [{"type": "listItem", "content": [node]}]}
    assert isinstance(adf.to_markdown({"type": "doc", "content": [node]}), str)


def test_pilotkit_error_is_the_base() -> None:
    assert issubclass(ExportError, PilotkitError)
