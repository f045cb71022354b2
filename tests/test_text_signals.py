"""The shared text signals: plain text in, evidence with lines out, never an exception."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pilotkit.pilot import markdown
from pilotkit.rules import signals
from pilotkit.rules.signals import Evidence

CRITERIA = """\
## Acceptance criteria

- The code is clean.
- An admin gets HTTP 403 and no file.
- The header row is "id,subject,status,created".
- `test_export_streams` passes.
- The form shows the error next to the field.
"""


def kinds(found: tuple[Evidence, ...]) -> list[str]:
    return [hit.kind for hit in found]


def test_markers_are_found_in_prose_not_in_code() -> None:
    text = "Intro.\n\nThe store is TBD.\n\n```\nTODO in code\n```\n`FIXME` in a span. ??? left\n"
    assert signals.markers(text, first_line=10) == (
        Evidence(12, 14, signals.MARKER, "TBD"),
        Evidence(17, 20, signals.MARKER, "???"),
    )
    assert signals.markers("Work in progress: WIP.", extra=["WIP"]) == (
        Evidence(1, 19, signals.MARKER, "WIP"),
    )


def test_a_vague_word_counts_only_without_a_number_an_open_end_always() -> None:
    found = signals.vague("The page is fast. The page is fast: under 200 ms, etc.\n", 3)
    assert found == (
        Evidence(3, 13, signals.VAGUE, "fast"),
        Evidence(3, 51, signals.OPEN_END, "etc."),
    )
    assert signals.vague("It is snappy.", extra=["snappy"]) == (
        Evidence(1, 7, signals.VAGUE, "snappy"),
    )


def test_open_ends_include_unanswered_questions() -> None:
    text = "## Who signs off?\n\nWho approves the export? We handle it gracefully, TBC.\n"
    assert [(hit.line, hit.kind, hit.text) for hit in signals.open_ends(text)] == [
        (3, signals.QUESTION, "Who approves the export?"),
        (3, signals.MARKER, "TBC"),
    ]
    assert kinds(signals.open_ends("Errors are handled gracefully.")) == [signals.OPEN_END]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The code is clean and well structured.", []),
        ("It works as expected.", []),
        ("R2: covered by T04.", []),  # ids are not numbers
        ("A range over 50,000 invoices is refused.", [signals.NUMBER, signals.VERB]),
        ("Too large a range gives HTTP 422.", [signals.STATUS_CODE]),
        ('The form says "End date is before the start".', [signals.QUOTED, signals.VERB]),
        ("`test_export_streams` and ExportFormTest", [signals.QUOTED, signals.NAMED_TEST]),
        ("Non-admins do not see the action.", [signals.VERB]),
        ("A slow query times out.", [signals.VERB]),  # two words, one verb
        ("A slow query hangs.", []),
        ("ファイルは表計算ソフトで開ける。", [signals.OTHER_SCRIPT]),
    ],
)
def test_checkable_names_what_a_reviewer_can_check(text: str, expected: list[str]) -> None:
    found = signals.checkable(text)
    assert sorted(set(kinds(found))) == sorted(set(expected)), found
    assert all(hit.line == 1 for hit in found)


def test_checkable_takes_your_verbs() -> None:
    assert signals.checkable("Die Datei erscheint im Browser.") == ()
    found = signals.checkable("Die Datei erscheint im Browser.", 7, ["erscheinen", "erscheint"])
    assert found == (Evidence(7, 11, signals.VERB, "erscheint"),)


def test_criteria_as_list_items_with_their_lines() -> None:
    items = signals.list_items(CRITERIA, first_line=20)
    assert [line for line, _ in items] == [22, 23, 24, 25, 26]
    checked = [bool(signals.checkable(text, line)) for line, text in items]
    assert checked == [False, True, True, True, True]


def test_a_criterion_that_only_says_a_step_again() -> None:
    steps = [(5, "Write a streaming writer that yields CSV lines for an iterator of invoices.")]
    assert signals.restated("Write a streaming writer that yields CSV lines.", steps) == Evidence(
        5, 1, signals.RESTATED, steps[0][1]
    )
    assert signals.restated("The header row lists seven columns.", steps) is None
    assert signals.restated("", steps) is None


def test_filler_is_the_templates_text_and_placeholders() -> None:
    text = (
        "Write the tables, files and payloads the feature reads or writes: field names\n"
        "and types.\n\n- As a [type of user], I want an export.\n"
    )
    assert signals.filler(text, 30) == (
        Evidence(
            30, 1, signals.FILLER, "Write the tables, files and payloads the feature reads or w…"
        ),
        Evidence(33, 8, signals.PLACEHOLDER, "[type of user]"),
    )
    assert signals.only_filler(text, 30) == signals.filler(text, 30)
    assert signals.only_filler(text + "\nThe CSV goes to S3.\n", 30) == ()
    ours = "Describe the change here.\n"
    assert signals.only_filler(ours) == ()
    assert kinds(signals.only_filler(ours, extra=["Describe the change"])) == [signals.FILLER]


def test_comments_are_nothing_and_code_is_content() -> None:
    assert signals.blank("<!-- Write the interfaces.\n     Each one. -->\n\n")
    assert not signals.blank("```python\ndef export(): ...\n```\n")
    assert signals.blocks("Para one\ncontinues.\n\n- item\n  more\n\n```\ncode\n```\n", 4) == [
        (4, "Para one continues."),
        (7, "- item more"),
        (10, "``` code ```"),
    ]


def test_scope_names_endpoints_paths_and_modules() -> None:
    text = (
        "Serve POST /billing/exports from src/billing/api/export.py, tested in\n"
        "tests/e2e/ with `billing.export.query` and `select_invoices()`; read and/or write.\n"
    )
    assert [(hit.line, hit.kind, hit.text) for hit in signals.scope(text, 1)] == [
        (1, signals.ENDPOINT, "POST /billing/exports"),
        (1, signals.PATH, "src/billing/api/export.py"),
        (2, signals.PATH, "tests/e2e/"),
        (2, signals.MODULE, "billing.export.query"),
        (2, signals.MODULE, "select_invoices()"),
    ]
    assert signals.scope("See https://example.com/docs/a.md for more.") == ()


def test_words_and_overlap() -> None:
    assert signals.words("The export of THE invoices, as CSV") == {"export", "invoices", "csv"}
    assert signals.overlap("export invoices as csv", "csv export of invoices") == 1.0
    assert signals.overlap("", "") == 0.0


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300), first=st.integers(min_value=1, max_value=10_000))
def test_any_text_gives_evidence_in_its_own_lines(text: str, first: int) -> None:
    last = first + text.count("\n") + len(text.splitlines()) + 1
    found = (
        *signals.markers(text, first),
        *signals.vague(text, first),
        *signals.open_ends(text, first),
        *signals.checkable(text, first),
        *signals.filler(text, first),
        *signals.only_filler(text, first),
        *signals.scope(text, first),
    )
    for hit in found:
        assert first <= hit.line <= last and hit.column >= 1 and hit.kind, hit
    for line, _ in [*signals.blocks(text, first), *signals.list_items(text, first)]:
        assert first <= line <= last
    assert 0.0 <= signals.overlap(text, text[::-1]) <= 1.0


def test_the_signals_know_nothing_of_pilots() -> None:
    """A judge of backlog tickets reuses these functions: they may import Markdown text
    helpers, never the pilot, its tasks, the rules' context or findings."""
    tree = ast.parse(Path(signals.__file__).read_text(encoding="utf-8"))
    imported = {
        f"{node.module}.{alias.name}" if node.module == "pilotkit.pilot" else node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }
    imported |= {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    ours = {name for name in imported if name.startswith("pilotkit")}
    assert ours == {"pilotkit.pilot.markdown", "pilotkit.pilot.specs"}


def test_a_ticket_is_judged_with_the_same_signals() -> None:
    """A tracker's ticket, as a backlog judge reads it: the issue template's filler, a
    vague criterion and a checkable one, each at its line in the ticket."""
    ticket = (
        "**Describe the bug**\n"
        "A clear and concise description of what the bug is.\n"
        "\n"
        "### Acceptance criteria\n"
        "- The search page is fast.\n"
        "- The export of 2,000 tickets returns HTTP 200 within 10 s.\n"
    )
    _, parts = markdown.sections(ticket, level=3)
    start, criteria = parts[0].line, signals.list_items(parts[0].text, parts[0].line)
    assert [hit.line for hit in signals.filler(ticket)] == [1]  # the paragraph it starts
    assert [(line, bool(signals.checkable(text, line))) for line, text in criteria] == [
        (start + 1, False),
        (start + 2, True),
    ]
    assert [(hit.line, hit.kind, hit.text) for hit in signals.vague(ticket)] == [
        (5, signals.VAGUE, "fast")
    ]
