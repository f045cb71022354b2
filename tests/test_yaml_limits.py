"""YAML that would never finish loading is refused with its file and line: aliases that
stand for too many values (a "billion laughs"), an alias inside the value it names, and
nesting deeper than pilotkit reads. Commands run in a real process with a deadline, so a
hang fails the test instead of stopping the suite."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from pilotkit.yaml import bounds, parse_text, read_located
from tests.checkpilot import (
    default_render_fixture,  # noqa: F401 (a fixture)
    pilot_fixture,  # noqa: F401 (a fixture)
    task_file,
)
from tests.conftest import python_command

DEADLINE = 60  # seconds; each command below takes one or two when it returns at all
ALIASES = "aliases stand for more than 100,000 values; write them out"
TOO_DEEP = "nests deeper than 100 levels; flatten it"


def laughs(prefix: str = "") -> str:
    """Nine lines whose aliases of aliases stand for 9**9 (387 million) values; the limit
    is passed on the sixth line, where they stand for 9**6 + … values."""
    lines = [f'{prefix}a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{prefix}{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def pilotkit(*argv: str | Path) -> subprocess.CompletedProcess[str]:
    command = python_command(*(str(arg) for arg in argv))
    return subprocess.run(command, capture_output=True, text=True, timeout=DEADLINE)


def listing(path: Path) -> list[str]:
    return sorted(p.relative_to(path).as_posix() for p in path.rglob("*"))


# ---------------------------------------------------------------- new --answers

ANSWERS = {
    "billion laughs": (laughs(), 6, ALIASES),
    "20,000 brackets deep": ("pilot_name: " + "[" * 20_000 + "]" * 20_000 + "\n", 1, TOO_DEEP),
    "3,000 keys deep": (
        "pilot_name:\n" + "".join(" " * n + f"k{n}:\n" for n in range(1, 3_000)),
        101,
        TOO_DEEP,
    ),
    "an alias inside itself": (
        "tasks: &tasks [*tasks]\n",
        1,
        "alias *tasks is inside the value it names; write the value out",
    ),
}


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_new_refuses_answers_that_never_finish_loading(tmp_path: Path, name: str) -> None:
    text, line, problem = ANSWERS[name]
    answers = tmp_path / "answers.yml"
    answers.write_text(text)
    before = listing(tmp_path)

    run = pilotkit("new", tmp_path / "pilot", "--answers", answers)

    assert run.returncode == 2, run.stderr
    assert run.stderr.splitlines() == [f"pilotkit: error: {answers}:{line}: {problem}"]
    assert listing(tmp_path) == before


# ---------------------------------------------------------------- a pilot's own files


def deep_journal(pilot: Path) -> tuple[str, int, str]:
    (pilot / "metrics" / "journal.yaml").write_text("entries: " + "[" * 30_000 + "]" * 30_000)
    return "PK-J001", 1, TOO_DEEP


def laughing_journal(pilot: Path) -> tuple[str, int, str]:
    (pilot / "metrics" / "journal.yaml").write_text(laughs() + "entries: []\n")
    return "PK-J001", 6, ALIASES


def laughing_estimate(pilot: Path) -> tuple[str, int, str]:
    estimate = pilot / "metrics" / "estimate.yaml"
    lines = len(estimate.read_text().splitlines())
    estimate.write_text(estimate.read_text() + laughs())
    return "PK-E003", lines + 6, ALIASES


def laughing_task(pilot: Path) -> tuple[str, int, str]:
    path = task_file(pilot, "T02")
    path.write_text(path.read_text().replace("---\n", "---\n" + laughs("x_"), 1))
    return "PK-T002", 7, ALIASES


def laughing_settings(pilot: Path) -> tuple[str, int, str]:
    (pilot / ".pilotkit.yaml").write_text("check:\n" + laughs("  "))
    return "PK-P003", 7, ALIASES


def laughing_answers(pilot: Path) -> tuple[str, int, str]:
    answers = pilot / ".copier-answers.yml"
    lines = len(answers.read_text().splitlines())
    answers.write_text(answers.read_text() + laughs("x_"))
    return "PK-P001", lines + 6, ALIASES


PLANTS = {
    "journal 30,000 deep": deep_journal,
    "journal of laughs": laughing_journal,
    "estimate of laughs": laughing_estimate,
    "task front matter of laughs": laughing_task,
    "settings of laughs": laughing_settings,
    "answers of laughs": laughing_answers,
}
FILES = {
    "PK-J001": "metrics/journal.yaml",
    "PK-E003": "metrics/estimate.yaml",
    "PK-T002": "tasks/T02-invoice-query-with-date-range-and-size-limit.md",
    "PK-P003": ".pilotkit.yaml",
    "PK-P001": ".copier-answers.yml",
}


@pytest.mark.parametrize("name", sorted(PLANTS))
def test_check_reports_a_file_past_the_limits_with_its_line(pilot: Path, name: str) -> None:
    rule, line, problem = PLANTS[name](pilot)

    run = pilotkit("check", pilot)

    assert run.returncode == 1, run.stdout + run.stderr
    assert run.stderr == ""
    reported = [row for row in run.stdout.splitlines() if f": {rule} " in row]
    expected = f"{FILES[rule]}:{line}: {rule} error: "
    assert [row.startswith(expected) and row.endswith(problem) for row in reported] == [True]


def test_log_refuses_a_journal_30000_deep_and_leaves_it_alone(pilot: Path) -> None:
    journal = pilot / "metrics" / "journal.yaml"
    deep_journal(pilot)
    before = journal.read_bytes()

    run = pilotkit("log", "session", "--minutes", "5", "--pilot", pilot)

    assert run.returncode == 2
    assert run.stderr.splitlines() == [f"pilotkit: error: {journal}:1: {TOO_DEEP}"]
    assert journal.read_bytes() == before


# ---------------------------------------------------------------- the counting itself


def chain(widths: list[int]) -> tuple[str, int]:
    """A document of anchored lists, each holding WIDTH aliases of the one before (the first
    WIDTH scalars), and the number of values its aliases stand for, counted by hand: a list
    stands for itself and its items."""
    lines = ["l0: &l0 [" + ", ".join(["x"] * widths[0]) + "]"]
    size, aliased = 1 + widths[0], 0
    for index, width in enumerate(widths[1:], start=1):
        lines.append(f"l{index}: &l{index} [" + ", ".join([f"*l{index - 1}"] * width) + "]")
        aliased += width * size
        size = 1 + width * size
    return "\n".join(lines) + "\n", aliased


@given(widths=st.lists(st.integers(1, 6), min_size=2, max_size=7), slack=st.integers(-3, 3))
def test_aliases_are_counted_exactly(widths: list[int], slack: int) -> None:
    text, aliased = chain(widths)
    limit = max(aliased + slack, 0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bounds, "MAX_ALIASED", limit)
        assert (bounds.excess(text) is None) == (aliased <= limit)


words = st.text(alphabet="ab -:#&*[]{}?!|>'\"", max_size=5)
plain = st.recursive(
    st.none() | st.booleans() | st.integers() | words,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(words, inner),
    max_leaves=30,
)


@settings(deadline=None)
@given(data=plain, depth=st.integers(0, 90))
def test_what_pilotkit_writes_stays_inside_the_limits(data: object, depth: int) -> None:
    for _ in range(depth):
        data = [data]
    text = yaml.safe_dump({"value": data}, allow_unicode=True)
    assert read_located(text, "x.yml").data == {"value": data}
    assert parse_text(text, "x.yml") is not None


# ---------------------------------------------------------------- JSON and TOML too

DEEP_JSON = '{"mcpServers": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
DEEP_TOML = "a = " + "[" * 100_000 + "]" * 100_000 + "\n"


def test_check_reports_mcp_configs_nested_too_deep(pilot: Path) -> None:
    (pilot / ".mcp.json").write_text(DEEP_JSON)
    (pilot / ".codex" / "config.toml").write_text(DEEP_TOML)

    run = pilotkit("check", pilot)

    assert run.returncode == 1, run.stderr
    assert run.stderr == ""
    assert ".mcp.json:1: PK-M002 error: invalid JSON: nested too deeply" in run.stdout
    assert ".codex/config.toml:1: PK-M002 error: invalid TOML: nested too deeply" in run.stdout


def test_doctor_reports_configs_nested_too_deep(pilot: Path, isolated: Path) -> None:
    (pilot / ".mcp.json").write_text(DEEP_JSON)
    (isolated / ".codex").mkdir()
    (isolated / ".codex" / "config.toml").write_text(DEEP_TOML)  # Codex's own: no trust

    run = pilotkit("doctor", pilot)

    assert run.returncode == 1, run.stderr
    assert run.stderr == ""
    lines = run.stdout.splitlines()
    assert (
        "FAIL  Claude Code: .mcp.json is nested too deeply to parse; "
        "fix: fix it, then run doctor again"
    ) in lines
    assert any(line.startswith("FAIL  OpenAI Codex: Codex ignores") for line in lines)


def test_report_refuses_a_prs_export_nested_too_deep(pilot: Path, tmp_path: Path) -> None:
    prs = tmp_path / "prs.json"
    prs.write_text("[" * 100_000 + "]" * 100_000)

    run = pilotkit("report", "--pilot", pilot, "--output", "-", "--prs", prs)

    assert run.returncode == 2
    assert len(run.stderr.splitlines()) == 1
    assert run.stderr.startswith(f"pilotkit: error: --prs {prs}: not a JSON export (")
