"""`pilotkit log`: journal entries appended by round trip, every bad flag named at once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pilotkit.pilot import journal
from tests.conftest import TODAY, Cli
from tests.metrics_helpers import default_pilot
from tests.racing import race

JOURNAL = Path("metrics") / "journal.yaml"


@pytest.fixture
def pilot(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return default_pilot(tmp_path_factory, tmp_path / "pilot")


def test_a_session_and_a_correction_are_appended_with_comments_kept(pilot: Path, cli: Cli) -> None:
    before = (pilot / JOURNAL).read_text()

    first = cli(
        "log",
        "session",
        "--task",
        "T01",
        "--minutes",
        "1h30m",
        "--agent",
        "claude-1",
        "--date",
        "2026-11-27",
        "--note",
        "briefed the agent: then reviewed",
        "--pilot",
        pilot,
    )
    second = cli(
        "log",
        "correction",
        "--task",
        "T02",
        "--agent",
        "codex-1",
        "--minutes",
        "20",
        "--date",
        "2026-11-27",
        "--what",
        "ignored the team filter",
        "--pilot",
        pilot,
    )

    assert first.code == 0, first.err
    assert second.code == 0, second.err
    after = (pilot / JOURNAL).read_text()
    head = before[: before.index("entries: []")]
    assert after.startswith(head)  # every comment line, byte for byte
    assert after[len(head) :] == (
        "entries:\n"
        "  - kind: session\n"
        '    date: "2026-11-27"\n'
        "    task: T01\n"
        "    minutes: 90\n"
        "    agent: claude-1\n"
        "    note: 'briefed the agent: then reviewed'\n"
        "  - kind: correction\n"
        '    date: "2026-11-27"\n'
        "    task: T02\n"
        "    agent: codex-1\n"
        "    what: ignored the team filter\n"
        "    minutes: 20\n"
    )
    assert "Logged a 90-minute session on T01 with claude-1 on 2026-11-27" in first.out
    assert f"({JOURNAL}:32)" in first.out
    assert "T02 so far: 20m in 0 session(s), 1 course correction(s)." in second.out
    loaded = journal.load(pilot, {"T01", "T02"})
    assert not loaded.findings
    assert [(e.kind, e.task, e.minutes) for e in loaded.entries] == [
        ("session", "T01", 90),
        ("correction", "T02", 20),
    ]


def test_a_pilot_wide_session_defaults_to_today_from_inside_the_pilot(
    pilot: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(pilot / "tasks")
    run = cli("log", "session", "--minutes", "45")
    assert run.code == 0, run.err
    entry = journal.load(pilot, set()).entries[0]
    assert (entry.task, entry.date, entry.agent) == (None, date.fromisoformat(TODAY), None)
    assert "for the pilot as a whole" in run.out


def test_every_bad_flag_is_one_line_and_nothing_is_written(pilot: Path, cli: Cli) -> None:
    before = (pilot / JOURNAL).read_bytes()

    run = cli(
        "log",
        "session",
        "--task",
        "T09",
        "--minutes",
        "soon",
        "--date",
        "2099-01-01",
        "--pilot",
        pilot,
    )

    assert run.code == 2
    assert run.err.splitlines() == [
        "pilotkit: error: --task T09: no such task in tasks/ (known: T01, T02, T03, T04, T05, T06)",
        "pilotkit: error: --minutes soon: give a duration of at most a day, such as 45, 45m, "
        "1h30m or 1.5h",
        "pilotkit: error: --date 2099-01-01: is in the future; log work once it is done",
    ]
    assert (pilot / JOURNAL).read_bytes() == before


def test_a_correction_needs_its_task_agent_and_what(pilot: Path, cli: Cli) -> None:
    run = cli("log", "correction", "--minutes", "5", "--pilot", pilot)
    assert run.code == 2
    assert "--task" in run.err and "--agent" in run.err and "--what" in run.err


def test_a_broken_journal_is_named_with_its_line_and_left_alone(pilot: Path, cli: Cli) -> None:
    (pilot / JOURNAL).write_text("entries:\n  - kind: session\n   date: [\n")
    before = (pilot / JOURNAL).read_bytes()

    run = cli("log", "session", "--minutes", "5", "--pilot", pilot)

    assert run.code == 2
    assert run.err.startswith(f"pilotkit: error: {pilot / JOURNAL}:3: invalid YAML")
    assert (pilot / JOURNAL).read_bytes() == before


def test_a_hand_written_entry_for_an_unknown_task_is_an_error_with_its_line(pilot: Path) -> None:
    text = (
        (pilot / JOURNAL)
        .read_text()
        .replace(
            "entries: []",
            "entries:\n  - kind: session\n    date: 2026-11-27\n    task: T01\n    minutes: 30\n"
            "  - kind: correction\n    date: 2026-11-27\n    task: T42\n    agent: codex-1\n"
            "    what: wrong table\n    minutes: 10\n",
        )
    )
    (pilot / JOURNAL).write_text(text)

    loaded = journal.load(pilot, {"T01", "T02"})

    assert [(f.rule, f.location(), f.message) for f in loaded.errors()] == [
        ("PK-J003", f"{JOURNAL}:36", "task 'T42' is not a task of this pilot")
    ]
    assert [e.task for e in loaded.entries] == ["T01"]


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("45", 45), ("45m", 45), ("1h", 60), ("1h30m", 90), ("1.5h", 90), ("2h 5m", 125)],
)
def test_durations(text: str, minutes: int) -> None:
    assert journal.parse_minutes(text) == minutes


def test_twenty_appends_at_once_from_real_processes_keep_every_entry(
    pilot: Path, tmp_path: Path
) -> None:
    # Without the pilot's lock most of them read the journal before another's write, and
    # write it back without that entry (5 of 20 survived).
    commands = [
        ["log", "session", "--task", "T01", "--minutes", str(n), "--pilot", str(pilot)]
        for n in range(1, 21)
    ]

    runs = race(commands, tmp_path / "race", modules=["pilotkit.commands.log"])

    assert [(run.code, run.err) for run in runs] == [(0, "")] * 20
    loaded = journal.load(pilot, {"T01"})
    assert loaded.findings == ()
    assert sorted(entry.minutes for entry in loaded.entries) == list(range(1, 21))
    assert [run.out.splitlines()[1] for run in runs].count(
        "T01 so far: 3h 30m in 20 session(s), 0 course correction(s)."
    ) == 1  # the last one to append saw all the others


@pytest.mark.parametrize("bom", ["", "\ufeff"], ids=["crlf", "crlf-with-bom"])
def test_a_crlf_journal_keeps_its_line_endings_and_byte_order_mark(
    pilot: Path, cli: Cli, bom: str
) -> None:
    lf = (pilot / JOURNAL).read_text()
    (pilot / JOURNAL).write_bytes((bom + lf.replace("\n", "\r\n")).encode())

    run = cli("log", "session", "--task", "T01", "--minutes", "45", "--pilot", pilot)

    assert run.code == 0, run.err
    entry = (
        f'entries:\n  - kind: session\n    date: "{TODAY}"\n    task: T01\n'
        "    minutes: 45\n    agent: null\n"
    )
    expected = bom + lf.replace("entries: []\n", entry).replace("\n", "\r\n")
    assert (pilot / JOURNAL).read_bytes().decode() == expected
    assert "(metrics/journal.yaml:32)" in run.out


def test_a_correction_keeps_its_cause_and_an_old_one_without_a_cause_still_loads(
    pilot: Path, cli: Cli
) -> None:
    old = (
        "  - {kind: correction, date: 2026-11-20, task: T01, agent: claude-1, what: x, minutes: 5}"
    )
    (pilot / JOURNAL).write_text(
        (pilot / JOURNAL).read_text().replace("entries: []", "entries:\n" + old)
    )

    run = cli(
        "log",
        "correction",
        "--task",
        "T02",
        "--agent",
        "codex-1",
        "--minutes",
        "20",
        "--what",
        "ignored the team filter",
        "--cause",
        "spec-gap",
        "--pilot",
        pilot,
    )

    assert run.code == 0, run.err
    assert (pilot / JOURNAL).read_text().endswith("    minutes: 20\n    cause: spec-gap\n")
    loaded = journal.load(pilot, {"T01", "T02"})
    assert loaded.findings == ()
    assert [(e.task, e.cause) for e in loaded.entries] == [("T01", None), ("T02", "spec-gap")]


def test_a_cause_outside_the_set_is_one_line_naming_the_set_and_nothing_is_written(
    pilot: Path, cli: Cli
) -> None:
    before = (pilot / JOURNAL).read_bytes()
    args = ("--task", "T02", "--agent", "codex-1", "--minutes", "5", "--what", "x")

    run = cli("log", "correction", *args, "--cause", "bad-luck", "--pilot", pilot)

    assert run.code == 2
    assert run.err == (
        "pilotkit: error: --cause bad-luck: use one of spec-gap, scope, ignored-guideline, "
        "tool-failure, failing-tests, rabbit-hole, other (or leave `cause` out)\n"
    )
    assert (pilot / JOURNAL).read_bytes() == before


def test_the_help_lists_every_cause(cli: Cli) -> None:
    run = cli("log", "correction", "--help")
    flat = " ".join(run.out.split())
    for cause in journal.CAUSES:
        assert cause in flat, cause


def test_a_hand_written_cause_outside_the_set_is_an_error_with_its_line(pilot: Path) -> None:
    entry = "  - {kind: correction, date: 2026-11-27, task: T01, agent: a, what: x, minutes: 5,"
    (pilot / JOURNAL).write_text(
        (pilot / JOURNAL)
        .read_text()
        .replace("entries: []", f"entries:\n{entry} cause: gremlins}}\n")
    )

    loaded = journal.load(pilot, {"T01"})

    assert [(f.rule, f.location(), f.message) for f in loaded.errors()] == [
        ("PK-J005", f"{JOURNAL}:32", "cause 'gremlins' is not one pilotkit knows")
    ]
    assert loaded.entries == ()
