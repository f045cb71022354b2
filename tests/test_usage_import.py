"""`pilotkit usage import`: real log formats in, hand-computed token totals and costs out."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.metrics_helpers import default_pilot, git, place_claude, place_codex
from tests.racing import race

SONNET = {
    "input": 14,
    "output": 420,
    "cache_read": 2000,
    "cache_write_5m": 500,
    "cache_write_1h": 2000,
}
# 14×3 + 420×15 + 2000×0.30 + 500×3.75 + 2000×6 = 20,817 USD per million tokens
SONNET_COST = 20_817 / 1e6
HAIKU_COST = (100 * 1 + 50 * 5) / 1e6
# v1.0: one response written twice, one more, and a line from another project (skipped)
OPUS = {
    "input": 1200,
    "output": 2800,
    "cache_read": 110_000,
    "cache_write_5m": 10_000,
    "cache_write_1h": 0,
}
OPUS_COST = (1200 * 15 + 2800 * 75 + 110_000 * 1.5 + 10_000 * 18.75) / 1e6  # 0.5805
# Codex: cumulative totals 5000/3000/400 → 12000/9000/1000 → 20000/15000/1500; a repeated
# event and a rate-limit-only event add nothing. input_tokens includes the cached ones.
CODEX = {"input": 3000, "output": 1000, "cache_read": 9000}  # gpt-5-codex, two turns
CODEX_COST = (3000 * 1.25 + 9000 * 0.125 + 1000 * 10) / 1e6
GPT5_COST = (2000 * 1.25 + 6000 * 0.125 + 500 * 10) / 1e6


@pytest.fixture(autouse=True)
def no_agent_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("CLAUDE_CONFIG_DIR", "CODEX_HOME"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def pilot(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return default_pilot(tmp_path_factory, tmp_path / "pilot")


def stored(pilot: Path, tool: str) -> list[dict[str, object]]:
    path = pilot / "metrics" / "usage" / f"{tool}.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()]


def totals(records: list[dict[str, object]], model_prefix: str) -> dict[str, int]:
    chosen = [r for r in records if str(r["model"]).startswith(model_prefix)]
    keys = ("input", "output", "cache_read", "cache_write_5m", "cache_write_1h")
    return {k: sum(int(r[k]) for r in chosen) for k in keys}  # type: ignore[call-overload]


def test_claude_both_versions_give_the_hand_computed_totals(
    pilot: Path, isolated: Path, cli: Cli
) -> None:
    newer = place_claude(isolated, pilot, "2.0.jsonl", "5f0c1d2e")
    place_claude(isolated, pilot, "1.0.jsonl", "0a1b2c3d")

    run = cli("usage", "import", "--pilot", pilot)

    assert run.code == 0, run.err
    records = stored(pilot, "claude")
    assert totals(records, "claude-sonnet-4-5") == SONNET
    assert totals(records, "claude-opus-4-1") == OPUS
    assert len(records) == 5  # 3 responses in 2.0 (synthetic skipped), 2 in 1.0
    assert "Claude Code: 2 log files" in run.out
    assert "duplicate lines merged" in run.out
    assert "skipped 1 corrupt line(s): " in run.out and f"{newer}:7" in run.out
    cost = SONNET_COST + HAIKU_COST + OPUS_COST
    assert f"${cost:,.2f}" in run.out


def test_codex_turns_are_deltas_of_the_cumulative_totals(
    pilot: Path, isolated: Path, cli: Cli
) -> None:
    place_codex(isolated, pilot, "0.46.jsonl")
    place_codex(isolated, pilot, "0.2-legacy.jsonl", day="2025/08/20")

    run = cli("usage", "import", "--pilot", pilot, "--format", "json")

    assert run.code == 0, run.err
    records = stored(pilot, "codex")
    assert [
        (r["model"], r["input"], r["cache_read"], r["output"], r["reasoning"]) for r in records
    ] == [
        ("gpt-5-codex", 2000, 3000, 400, 128),
        ("gpt-5-codex", 1000, 6000, 600, 172),
        ("gpt-5", 2000, 6000, 500, 100),
    ]
    assert totals(records, "gpt-5-codex") == {**CODEX, "cache_write_5m": 0, "cache_write_1h": 0}
    result = json.loads(run.out)
    codex = next(t for t in result["tools"] if t["tool"] == "codex")
    assert codex["corrupt"] == 1
    assert result["cost"] == pytest.approx(CODEX_COST + GPT5_COST)


def test_records_keep_counts_only_and_get_their_task_from_the_branch(
    pilot: Path, isolated: Path, cli: Cli
) -> None:
    place_claude(isolated, pilot, "2.0.jsonl", "5f0c1d2e")
    place_claude(isolated, pilot, "1.0.jsonl", "0a1b2c3d")
    place_codex(isolated, pilot, "0.46.jsonl")

    assert cli("usage", "import", "--pilot", pilot).code == 0

    text = "".join(p.read_text() for p in (pilot / "metrics" / "usage").iterdir())
    assert "SECRET" not in text and str(pilot) not in text and "task/" not in text
    fields = set(stored(pilot, "claude")[0])
    assert fields == {
        "key",
        "tool",
        "session",
        "time",
        "model",
        "task",
        "input",
        "output",
        "cache_read",
        "cache_write_5m",
        "cache_write_1h",
        "reasoning",
    }
    tasks = {(r["model"], r["task"]) for r in stored(pilot, "claude") + stored(pilot, "codex")}
    assert tasks == {
        ("claude-sonnet-4-5-20250929", "T01"),
        ("claude-haiku-4-5-20251001", None),  # on main, and no claim window
        ("claude-opus-4-1-20250805", "T02"),
        ("gpt-5-codex", "T03"),
        ("gpt-5", "T03"),
    }


def test_reimport_is_idempotent_and_keeps_records_whose_logs_are_gone(
    pilot: Path, isolated: Path, cli: Cli
) -> None:
    log = place_claude(isolated, pilot, "2.0.jsonl", "5f0c1d2e")
    assert cli("usage", "import", "--pilot", pilot).code == 0
    first = (pilot / "metrics" / "usage" / "claude.jsonl").read_bytes()

    again = cli("usage", "import", "--pilot", pilot)
    assert again.code == 0
    assert "nothing new" in again.out
    assert (pilot / "metrics" / "usage" / "claude.jsonl").read_bytes() == first

    log.unlink()  # Claude Code deletes old transcripts after 30 days
    assert cli("usage", "import", "--pilot", pilot).code == 0
    assert (pilot / "metrics" / "usage" / "claude.jsonl").read_bytes() == first


def test_claim_windows_attribute_sessions_without_a_task_branch(
    pilot: Path, isolated: Path, cli: Cli
) -> None:
    task = next((pilot / "tasks").glob("T04-*.md"))
    text = (
        task.read_text()
        .replace("assignee: null", "assignee: claude-2\nclaimed_at: 2026-12-02T12:00:00Z")
        .replace("status: todo", "status: claimed")
    )
    task.write_text(text)
    place_claude(isolated, pilot, "2.0.jsonl", "5f0c1d2e")

    assert cli("usage", "import", "--pilot", pilot).code == 0

    haiku = [r for r in stored(pilot, "claude") if str(r["model"]).startswith("claude-haiku")]
    assert [r["task"] for r in haiku] == ["T04"]  # 2026-12-02T14:30, inside claude-2's claim


def test_worktrees_and_extra_dirs_are_in_scope(
    pilot: Path, isolated: Path, cli: Cli, tmp_path: Path
) -> None:
    tree = tmp_path / "pilot-T01"
    git(pilot, "worktree", "add", "-q", "-b", "task/T01-csv", str(tree))
    elsewhere = tmp_path / "shop"
    elsewhere.mkdir()
    place_claude(isolated, tree, "2.0.jsonl", "5f0c1d2e")
    place_codex(isolated, elsewhere, "0.46.jsonl")

    run = cli("usage", "import", "--pilot", pilot)
    assert run.code == 0, run.err
    assert len(stored(pilot, "claude")) == 3
    assert not (pilot / "metrics" / "usage" / "codex.jsonl").exists()

    assert cli("usage", "import", "--pilot", pilot, "--dir", elsewhere).code == 0
    assert len(stored(pilot, "codex")) == 3


def test_claude_config_dir_and_codex_home_are_honoured(
    pilot: Path, tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    place_claude(tmp_path / "cc", pilot, "2.0.jsonl", "5f0c1d2e")
    place_codex(tmp_path / "cx", pilot, "0.46.jsonl")
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(tmp_path / "cc" / ".claude"))
    monkeypatch.setenv("CODEX_HOME", str(tmp_path / "cx" / ".codex"))

    assert cli("usage", "import", "--pilot", pilot).code == 0
    assert len(stored(pilot, "claude")) == 3 and len(stored(pilot, "codex")) == 3


def test_an_unknown_model_is_counted_priced_as_unknown_and_flagged(
    pilot: Path, isolated: Path, cli: Cli
) -> None:
    log = place_codex(isolated, pilot, "0.46.jsonl")
    log.write_text(log.read_text().replace('"gpt-5"', '"gpt-9-preview"'))

    run = cli("usage", "import", "--pilot", pilot)

    assert run.code == 0
    assert "unknown model gpt-9-preview: 8,500 tokens priced as unknown" in run.out
    assert f"${CODEX_COST:,.2f}" in run.out


def test_a_pilot_price_table_overrides_the_packaged_one(
    pilot: Path, isolated: Path, cli: Cli
) -> None:
    (pilot / "metrics" / "prices.yaml").write_text(
        'version: "negotiated-2026"\nmodels:\n  gpt-5-codex: {input: 1, output: 8, cache_read: 0.1,'
        " cache_write_5m: 0, cache_write_1h: 0}\n"
    )
    place_codex(isolated, pilot, "0.46.jsonl")

    run = cli("usage", "import", "--pilot", pilot, "--format", "json")

    result = json.loads(run.out)
    assert result["cost"] == pytest.approx((3000 * 1 + 9000 * 0.1 + 1000 * 8) / 1e6 + GPT5_COST)
    assert "negotiated-2026 for gpt-5-codex" in result["price_label"]


def test_an_unknown_log_shape_fails_with_its_line_and_writes_nothing(
    pilot: Path, isolated: Path, cli: Cli
) -> None:
    place_codex(isolated, pilot, "0.46.jsonl")
    log = place_claude(isolated, pilot, "2.0.jsonl", "5f0c1d2e")
    lines = log.read_text().splitlines()
    lines[5] = (
        lines[5]
        .replace('"input_tokens"', '"prompt_tokens"')
        .replace('"output_tokens"', '"completion_tokens"')
    )
    log.write_text("\n".join(lines) + "\n")

    run = cli("usage", "import", "--pilot", pilot)

    assert run.code == 2
    assert f"{log}:6: `message.usage` has no `input_tokens` and `output_tokens`" in run.err
    assert len(run.err.strip().splitlines()) == 1
    assert not (pilot / "metrics" / "usage").exists()


def test_a_broken_usage_store_is_named_with_its_line(pilot: Path, cli: Cli) -> None:
    store = pilot / "metrics" / "usage" / "claude.jsonl"
    store.parent.mkdir(parents=True)
    store.write_text('{"key": "x"}\n')

    run = cli("usage", "import", "--pilot", pilot)

    assert run.code == 2
    assert "metrics/usage/claude.jsonl:1: not a usage record" in run.err


def test_outside_a_pilot_is_a_one_line_error(tmp_path: Path, cli: Cli) -> None:
    run = cli("usage", "import", "--pilot", tmp_path)
    assert run.code == 2
    assert "is not a pilot" in run.err


@pytest.mark.parametrize(
    ("tool", "line", "problem"),
    [
        (
            "codex",
            '{"timestamp":"2026-12-02T08:05:00Z","type":"event_msg","payload":{"type":'
            '"token_count","info":{"tokens":{"in":5}}}}',
            "`token_count` has neither `total_token_usage` nor `last_token_usage`",
        ),
        (
            "claude",
            '{"type":"assistant","sessionId":"s","timestamp":"2026-12-01T09:00:00Z",'
            '"message":"text only"}',
            "an assistant line has no `message` object",
        ),
    ],
)
def test_each_agent_refuses_a_shape_it_does_not_know(
    pilot: Path, isolated: Path, cli: Cli, tool: str, line: str, problem: str
) -> None:
    if tool == "codex":
        log = place_codex(isolated, pilot, "0.46.jsonl")
    else:
        log = place_claude(isolated, pilot, "2.0.jsonl", "5f0c1d2e")
    count = len(log.read_text().splitlines())
    log.write_text(log.read_text() + line + "\n")

    run = cli("usage", "import", "--pilot", pilot)

    assert run.code == 2
    assert f"{log}:{count + 1}: {problem}" in run.err
    assert not (pilot / "metrics" / "usage").exists()


def test_a_codex_session_that_grows_adds_only_its_new_turns(
    pilot: Path, isolated: Path, cli: Cli
) -> None:
    log = place_codex(isolated, pilot, "0.46.jsonl")
    assert cli("usage", "import", "--pilot", pilot).code == 0
    log.write_text(
        log.read_text()
        + '{"timestamp":"2026-12-02T10:00:00Z","type":"event_msg","payload":{"type":"token_count",'
        '"info":{"total_token_usage":{"input_tokens":21000,"cached_input_tokens":15500,'
        '"output_tokens":1600,"reasoning_output_tokens":400,"total_tokens":22600}}}}\n'
    )

    run = cli("usage", "import", "--pilot", pilot)

    assert "1 new, 0 updated" in run.out
    last = stored(pilot, "codex")[-1]
    assert (last["input"], last["cache_read"], last["output"]) == (500, 500, 100)
    assert len(stored(pilot, "codex")) == 4


IMPORTS = 8


def test_imports_running_at_once_keep_every_record(pilot: Path, tmp_path: Path) -> None:
    # Each import reads its own Claude Code folder (three responses each, ids its own).
    # Without the pilot's lock an import writes back the store it read before another
    # import's records were added, and those are lost.
    envs = []
    for n in range(IMPORTS):
        config = tmp_path / f"claude-{n}"
        log = place_claude(tmp_path / f"home-{n}", pilot, "2.0.jsonl", f"session-{n}")
        text = log.read_text().replace("msg_01", f"msg_{n}_").replace("req_011", f"req_{n}_")
        log.unlink()
        (config / "projects" / log.parent.name).mkdir(parents=True)
        (config / "projects" / log.parent.name / log.name).write_text(text)
        envs.append({**os.environ, "CLAUDE_CONFIG_DIR": str(config)})
    commands = [["usage", "import", "--pilot", str(pilot)]] * len(envs)

    runs = race(commands, tmp_path / "race", modules=["pilotkit.commands.usage"], envs=envs)

    assert [(run.code, run.err) for run in runs] == [(0, "")] * IMPORTS
    keys = [record["key"] for record in stored(pilot, "claude")]
    assert len(keys) == len(set(keys)) == 3 * IMPORTS


@pytest.mark.parametrize("rate", [".nan", ".inf", "true", "-1", "1" + "0" * 400])
def test_a_price_that_is_not_a_price_is_refused(
    pilot: Path, isolated: Path, cli: Cli, rate: str
) -> None:
    """A rate that no cost survives (nan, inf, a bool, below 0, beyond a float) is named."""
    (pilot / "metrics" / "prices.yaml").write_text(
        'version: "negotiated-2026"\nmodels:\n'
        f"  gpt-5-codex: {{input: {rate}, output: 8, cache_read: 0.1,"
        " cache_write_5m: 0, cache_write_1h: 0}\n"
    )
    place_codex(isolated, pilot, "0.46.jsonl")

    run = cli("usage", "import", "--pilot", pilot)

    assert run.code == 2
    assert run.err == (
        "pilotkit: error: metrics/prices.yaml:2: model gpt-5-codex: `input` must be a price "
        "in USD per million tokens (0 or more)\n"
    )
    assert not (pilot / "metrics" / "usage").exists()
