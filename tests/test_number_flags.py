"""Numbers on the command line that are not finite, not positive or too large for the clock:
one line naming the flag, exit 2, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.metrics_helpers import default_pilot

MANY_DIGITS = "9" * 400
DURATION = "give a duration of at most a day, such as 45, 45m, 1h30m or 1.5h"


def snapshot(pilot: Path) -> dict[str, bytes]:
    """Every file of the pilot but git's, to prove that nothing was written."""
    return {
        p.relative_to(pilot).as_posix(): p.read_bytes()
        for p in sorted(pilot.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(pilot).parts
    }


@pytest.fixture
def pilot(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return default_pilot(tmp_path_factory, tmp_path / "pilot")


@pytest.mark.parametrize(
    "minutes", [MANY_DIGITS, f"{MANY_DIGITS}h", f"{MANY_DIGITS}m", "1e400", "inf", "nan", "25h"]
)
def test_log_minutes(cli: Cli, pilot: Path, minutes: str) -> None:
    before = snapshot(pilot)

    run = cli("log", "session", "--minutes", minutes, "--pilot", pilot)

    assert run.code == 2
    assert run.err == f"pilotkit: error: --minutes {minutes}: {DURATION}\n"
    assert snapshot(pilot) == before


def test_a_whole_day_is_the_longest_entry(cli: Cli, pilot: Path) -> None:
    assert cli("log", "session", "--minutes", "24h", "--pilot", pilot).code == 0
    assert cli("log", "session", "--minutes", "1441", "--pilot", pilot).code == 2


def test_a_journal_entry_too_long_for_a_float_stops_the_report_in_one_line(
    cli: Cli, pilot: Path
) -> None:
    journal = pilot / "metrics" / "journal.yaml"
    text = journal.read_text()
    assert "entries: []" in text
    journal.write_text(
        text.replace(
            "entries: []",
            f'entries:\n  - kind: session\n    date: "2026-11-27"\n    task: null\n'
            f"    minutes: {MANY_DIGITS}\n",
        )
    )
    line = journal.read_text().splitlines().index("  - kind: session") + 1
    before = snapshot(pilot)

    run = cli("report", "--pilot", pilot)

    assert run.code == 2
    assert run.err == (
        f"pilotkit: error: metrics/journal.yaml:{line}: minutes {MANY_DIGITS} is not a duration "
        "of at most a day (write whole minutes, e.g. `minutes: 45`)\n"
    )
    assert snapshot(pilot) == before


@pytest.mark.parametrize(
    ("hours", "shown"),
    [("inf", "inf"), ("1e400", "inf"), ("nan", "nan"), ("-1", "-1"), ("0", "0")],
)
def test_tasks_add_hours(cli: Cli, pilot: Path, hours: str, shown: str) -> None:
    before = snapshot(pilot)

    run = cli("tasks", "add", "--title", "Export", "--hours", hours, "--pilot", pilot)

    assert run.code == 2
    assert run.err == f"pilotkit: error: --hours {shown}: give a positive number of hours\n"
    assert snapshot(pilot) == before


@pytest.mark.parametrize(
    ("rate", "shown"),
    [("inf", "inf"), ("1e400", "inf"), ("nan", "nan"), ("-5", "-5"), ("0", "0")],
)
def test_report_hourly_rate(cli: Cli, pilot: Path, rate: str, shown: str) -> None:
    before = snapshot(pilot)

    run = cli("report", "--hourly-rate", rate, "--pilot", pilot)

    assert run.code == 2
    assert run.err == (
        f"pilotkit: error: --hourly-rate {shown}: give a positive number of dollars an hour\n"
    )
    assert snapshot(pilot) == before


@pytest.mark.parametrize("days", ["0", "-1", "3651", "3000000", "99999999999"])
def test_report_window(cli: Cli, pilot: Path, tmp_path: Path, days: str) -> None:
    prs = tmp_path / "prs.json"
    prs.write_text("[]\n")  # measured from an export, the window reaches the calendar
    before = snapshot(pilot)

    run = cli("report", "--prs", prs, "--window", days, "--pilot", pilot)

    assert run.code == 2
    assert run.err == f"pilotkit: error: --window {days}: give a number of days from 1 to 3650\n"
    assert snapshot(pilot) == before


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [("inf", "inf"), ("1e400", "inf"), ("nan", "nan"), ("-1", "-1"), ("0", "0"), ("1e10", "1e+10")],
)
def test_doctor_timeout(cli: Cli, pilot: Path, seconds: str, shown: str) -> None:
    run = cli("doctor", pilot, "--probe", "--timeout", seconds)

    assert run.code == 2
    assert run.err == (
        f"pilotkit: error: --timeout {shown}: give a positive number of seconds, at most 3600\n"
    )
    assert run.out == ""


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--until", "9999-12-31"], "--until 9999-12-31: the 14-day failure window"),
        (["--until", "9999-12-12"], "--until 9999-12-12: the 14-day failure window"),
        (
            ["--until", "9999-01-01", "--window", "3650"],
            "--until 9999-01-01: the 3650-day failure window",
        ),
    ],
)
def test_report_until_the_end_of_the_calendar(
    cli: Cli, pilot: Path, tmp_path: Path, argv: list[str], message: str
) -> None:
    prs = tmp_path / "prs.json"
    prs.write_text("[]\n")
    before = snapshot(pilot)

    run = cli("report", "--prs", prs, *argv, "--pilot", pilot)

    assert run.code == 2
    assert run.err == (
        f"pilotkit: error: {message} after it runs past the calendar's end; give an earlier day\n"
    )
    assert snapshot(pilot) == before
    # The last day that leaves room for the window and the week's row is measured.
    last = cli(
        "report", "--prs", prs, "--until", "9999-12-11", "--format", "json", "--pilot", pilot
    )
    assert last.code == 0, last.err
