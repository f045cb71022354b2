"""The report compares like with like: done tasks against their own estimate, a labelled
forecast for the rest, the estimate's bias from control tasks, figures per agent, and
corrections by cause — in Markdown, JSON and HTML."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.metrics_helpers import default_pilot, set_task, write_journal, write_usage

UNTIL = "2026-12-10"


def formats(cli: Cli, pilot: Path, tmp_path: Path, *args: str) -> tuple[str, Any, str]:
    """The Markdown, JSON and HTML reports of PILOT for the pinned window."""
    window = ("--since", "2026-11-28", "--until", UNTIL, *args)
    page = tmp_path / "report.html"
    run = cli("report", "--pilot", pilot, *window, "--html", page)
    assert run.code == 0, run.err
    data = cli("report", "--pilot", pilot, *window, "--format", "json")
    assert data.code == 0, data.err
    markdown = (pilot / "metrics" / "REPORT.md").read_text()
    return markdown, json.loads(data.out), page.read_text()


@pytest.fixture
def partial(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default pilot (6 tasks, 28 estimated hours) with 2 done (T01 4 h, T02 5 h) in
    5 engineer hours, T03 in progress with half an hour, and an hour of pilot-wide work."""
    pilot = default_pilot(tmp_path_factory, tmp_path / "pilot")
    set_task(pilot, "T01", status="done", assignee="claude-1")
    set_task(pilot, "T02", status="done", assignee="codex-1")
    set_task(pilot, "T03", status="claimed", assignee="claude-2")
    write_journal(
        pilot,
        "kind: session, date: 2026-12-01, task: T01, minutes: 180, agent: claude-1",
        "kind: session, date: 2026-12-02, task: T02, minutes: 120, agent: codex-1",
        "kind: session, date: 2026-12-03, task: T03, minutes: 30, agent: claude-2",
        "kind: session, date: 2026-11-28, task: null, minutes: 60, agent: null",
    )
    return pilot


def test_two_of_six_done_is_measured_over_the_two_with_a_forecast_and_a_too_early_line(
    partial: Path, cli: Cli, tmp_path: Path
) -> None:
    markdown, data, html = formats(cli, partial, tmp_path, "--hourly-rate", "100")

    headline = [line for line in markdown.splitlines() if line.startswith("- **")]
    assert headline[:4] == [
        "- **Progress**: 2 of 6 tasks done, 9.0 of 28.0 estimated hours; 1 in progress, "
        "3 not started.",
        "- **Too early to conclude**: only 2 of the tasks are done, fewer than 3: the figures "
        "describe those tasks, not the pilot.",
        "- **Effort (2 done tasks)**: 5.0 engineer hours against 9.0 estimated by hand "
        "(ratio 0.56), 0 course corrections.",
        "- **Tokens (all work)**: $0.00 over 0 agent sessions, 0% of the $400.00 budget; "
        "$0.00 of it on the 2 done tasks.",
    ]
    assert (
        "- **Forecast, not measured (4 tasks not done)**: at the done tasks' ratio (0.56), "
        "their 19.0 estimated hours would take about 10.6 engineer hours and $0.00 of tokens "
        "(0.5 h already logged on them)."
    ) in headline
    # 5 h on the done tasks and their 9/28 share of the pilot-wide hour, at $100/h
    assert (
        "- **ROI (2 done tasks and their share of pilot-wide work)**: $532.14 actual against "
        "$900.00 by hand at $100.00/h (raw estimate): saving $367.86."
    ) in headline
    assert "| T04 | Export API endpoint | agents | todo | 2 | 5.0 | – | – | 0 | 0 |" in markdown
    assert "| T03 | Admin permission check and audit entry for exports | agents | claimed | 1 " in (
        markdown
    )
    assert "| 4.0 | 0.5 | – | 1 | 0 |" in markdown  # in progress: hours so far, no ratio
    assert (
        "| T01 | CSV writer for invoice rows | agents | done | 1 | 4.0 | 3.0 | 0.75 |" in markdown
    )

    assert data["version"] == 1
    assert data["progress"] == {
        "tasks": 6,
        "done": 2,
        "in_progress": 1,
        "not_started": 3,
        "estimate_hours": 28.0,
        "done_estimate_hours": 9.0,
        "controls": 0,
        "controls_done": 0,
        "min_done": 3,
        "too_early": True,
    }
    assert data["effort"]["tasks"] == ["T01", "T02"]
    assert data["effort"]["ratio"] == pytest.approx(5 / 9)
    forecast = data["forecast"]
    assert forecast["measured"] is False and forecast["tasks"] == ["T03", "T04", "T05", "T06"]
    assert forecast["engineer_hours"] == pytest.approx(19 * 5 / 9)
    rows = {row["id"]: row for row in data["tasks"]}
    assert (rows["T04"]["ratio"], rows["T04"]["started"], rows["T04"]["complete"]) == (
        None,
        False,
        False,
    )
    assert data["roi"]["hand_cost_usd"] == 900.0
    assert data["roi"]["actual_cost_usd"] == pytest.approx((5 + 9 / 28) * 100)
    assert data["total"]["ratio"] is None  # the pilot is not finished: no total ratio

    assert "<li><strong>Too early to conclude</strong>: only 2 of the tasks are done" in html
    assert "<li><strong>Forecast, not measured (4 tasks not done)</strong>" in html
    assert '<td class="">T04</td><td class="">Export API endpoint</td>' in html


def test_enough_done_tasks_drop_the_too_early_line(partial: Path, cli: Cli, tmp_path: Path) -> None:
    markdown, data, _ = formats(cli, partial, tmp_path, "--min-done", "2")
    assert "Too early" not in markdown
    assert data["progress"]["too_early"] is False and data["progress"]["min_done"] == 2


@pytest.fixture
def controlled(partial: Path) -> Path:
    """PARTIAL with T03 (4 h) and T05 (6 h) as controls built by hand in 6 h and 9 h."""
    set_task(partial, "T03", status="done", assignee="dana", mode="hand")
    set_task(partial, "T05", status="done", assignee="dana", mode="hand")
    journal = partial / "metrics" / "journal.yaml"
    journal.write_text(
        journal.read_text().replace(
            "task: T03, minutes: 30, agent: claude-2",
            "task: T03, minutes: 360, agent: null",
        )
        + "  - {kind: session, date: 2026-12-04, task: T05, minutes: 540, agent: null}\n"
    )
    return partial


def test_two_controls_give_a_bias_of_one_and_a_half_and_a_corrected_counterfactual(
    controlled: Path, cli: Cli, tmp_path: Path
) -> None:
    markdown, data, html = formats(cli, controlled, tmp_path, "--hourly-rate", "100")

    bias = (
        "built by hand in 15.0 h against 10.0 estimated: bias 1.50 (range 1.50–1.50); the "
        "hand estimate understates the hand work."
    )
    assert f"- **Estimate bias (2 done controls)**: {bias}" in markdown
    assert "| **bias** | pooled over 2 done controls |  | 10.0 | 15.0 | 1.50 |" in markdown
    assert "| T05 | Export form on the billing page | done | 6.0 | 9.0 | 1.50 |" in markdown
    # The done agent tasks (T01, T02: 9 h) would have taken 9 × 1.5 = 13.5 h by hand.
    assert "| by hand: the estimate × bias 1.50 | 13.5 | $1,350.00 |" in markdown
    assert (
        "- **Progress**: 2 of 4 agent tasks done, 9.0 of 18.0 estimated hours; 0 in progress, "
        "2 not started. 2 control tasks built by hand (2 done), counted apart."
    ) in markdown
    controls = data["controls"]
    assert (controls["bias"], controls["low"], controls["high"]) == (1.5, 1.5, 1.5)
    assert [(c["id"], c["ratio"]) for c in controls["tasks"]] == [("T03", 1.5), ("T05", 1.5)]
    corrected = data["roi"]["corrected"]
    assert corrected["hand_cost_usd"] == pytest.approx(1350.0)
    # actual: 5 h and half the pilot-wide hour (9 of the 18 agent hours are done)
    assert data["roi"]["actual_cost_usd"] == pytest.approx(550.0)
    assert corrected["saving_usd"] == pytest.approx(800.0)
    assert f"<li><strong>Estimate bias (2 done controls)</strong>: {bias}</li>" in html
    assert '<td class="">by hand: the estimate × bias 1.50</td>' in html


def test_without_a_control_every_format_says_the_estimate_is_uncorrected(
    partial: Path, cli: Cli, tmp_path: Path
) -> None:
    markdown, data, html = formats(cli, partial, tmp_path)
    words = "No control task: the hand estimate cannot be checked for bias"
    assert f"- **Estimate bias**: {words}" in markdown
    assert data["controls"]["bias"] is None and data["controls"]["note"].startswith(words)
    assert data["roi"]["corrected"]["hand_cost_usd"] is None
    assert f"<li><strong>Estimate bias</strong>: {words}" in html


def test_figures_per_agent_and_corrections_by_cause_in_every_format(
    partial: Path, cli: Cli, tmp_path: Path
) -> None:
    journal = partial / "metrics" / "journal.yaml"
    journal.write_text(
        journal.read_text()
        + "  - {kind: correction, date: 2026-12-01, task: T01, agent: claude-1, what: wrong"
        " quoting, minutes: 20, cause: spec-gap}\n"
        "  - {kind: correction, date: 2026-12-02, task: T02, agent: codex-1, what: touched"
        " the API, minutes: 15, cause: scope}\n"
        "  - {kind: correction, date: 2026-12-02, task: T02, agent: codex-1, what: no team"
        " filter, minutes: 25, cause: spec-gap}\n"
        "  - {kind: correction, date: 2026-12-03, task: T03, agent: claude-2, what: looped,"
        " minutes: 10}\n"
    )
    write_usage(
        partial,
        "claude",
        {"time": "2026-12-01T10:00:00Z", "model": "claude-sonnet-4-5", "task": "T01",
         "input": 1_000_000, "output": 100_000},
    )  # fmt: skip
    write_usage(
        partial,
        "codex",
        {"time": "2026-12-02T10:00:00Z", "model": "gpt-5", "task": "T02", "input": 400_000},
    )

    markdown, data, html = formats(cli, partial, tmp_path)

    # claude-1: 3 h and a 20-minute correction on T01; $3 + $1.50 of Sonnet
    assert "| claude-1 | Claude Code | 1 | 1 | 1 | 3.3 | 1 | 1,100,000 | $4.50 | – |" in markdown
    assert "| codex-1 | OpenAI Codex | 1 | 1 | 1 | 2.7 | 2 | 400,000 | $0.50 | – |" in markdown
    assert "| Claude Code | 1 | 1 | 2 | 4.0 | 2 | 1,100,000 | $4.50 | – |" in markdown
    assert "| spec gap | 2 | 45 | 50% |" in markdown
    assert "| not given | 1 | 10 | 25% |" in markdown
    assert "| **all causes** | 4 | 70 | 100% |" in markdown
    assert "| task | spec gap | scope or files | not given | all |" in markdown
    assert "| T02 | 1 | 1 | 0 | 2 |" in markdown
    agents = {a["name"]: a for a in data["agents"]}
    assert agents["claude-1"]["engineer_minutes"] == 200
    assert agents["claude-1"]["cost_usd"] == pytest.approx(4.5)
    assert agents["codex-1"]["corrections"] == 2
    assert [p["product"] for p in data["products"]] == ["claude", "codex"]
    causes = data["correction_causes"]
    assert {c["cause"]: c["corrections"] for c in causes["by_cause"]}["spec-gap"] == 2
    assert causes["by_task"][1] == {
        "task": "T02",
        "corrections": 2,
        "by_cause": {"scope": 1, "spec-gap": 1},
    }
    assert [c["cause"] for c in data["corrections"]] == ["spec-gap", "scope", "spec-gap", None]
    assert '<td class="">claude-1</td><td class="">Claude Code</td>' in html
    assert '<td class="">spec gap</td><td class="n">2</td>' in html
    assert "claude-1 took the most engineer time: 3.3 h, over 1 done task and $4.50" in html


def test_the_json_reference_names_every_field_the_report_prints(
    partial: Path, cli: Cli, tmp_path: Path
) -> None:
    _, data, _ = formats(cli, partial, tmp_path, "--hourly-rate", "100")
    page = (Path(__file__).parent.parent / "docs" / "reference" / "report-json.md").read_text()

    assert f"today `{data['version']}`" in page
    nested = ("progress", "effort", "forecast", "controls", "budget", "baseline", "roi")
    names = {*data, *(key for part in nested for key in data[part])}
    names |= {*data["tasks"][0], *data["agents"][0], *data["delivery"]}
    assert [name for name in sorted(names) if f"`{name}`" not in page] == []


def test_an_agents_lead_time_runs_from_its_claim_to_the_merge_of_its_change(
    partial: Path, cli: Cli, tmp_path: Path
) -> None:
    set_task(partial, "T01", claimed_at="2026-11-30T10:00:00Z")
    set_task(partial, "T02", claimed_at="2026-12-01T09:00:00Z")
    export = tmp_path / "prs.json"
    export.write_text(
        json.dumps(
            [
                {"number": n, "title": t, "headRefName": b, "body": "", "createdAt": c,
                 "mergedAt": m, "mergeCommit": {"oid": f"{n:040x}"}, "commits": []}
                for n, t, b, c, m in [
                    (1, "T01: CSV writer", "task/T01-csv", "2026-11-30T12:00:00Z",
                     "2026-12-01T16:00:00Z"),
                    (2, "T02: query", "task/T02-query", "2026-12-01T10:00:00Z",
                     "2026-12-02T11:00:00Z"),
                ]
            ]
        )
    )  # fmt: skip

    markdown, data, html = formats(cli, partial, tmp_path, "--prs", str(export))

    # claude-1: claimed T01 at 10:00 on 30 Nov, merged at 16:00 the next day: 30 h;
    # codex-1: T02 from 09:00 on 1 Dec to 11:00 on 2 Dec: 26 h; claude-2 has nothing done.
    assert "| claude-1 | Claude Code | 1 | 0 | 1 | 3.0 | 0 | 0 | $0.00 | 30.0 (1) |" in markdown
    assert "| codex-1 | OpenAI Codex | 1 | 0 | 1 | 2.0 | 0 | 0 | $0.00 | 26.0 (1) |" in markdown
    assert "| claude-2 | Claude Code | 0 | 0 | 1 | 0.5 | 0 | 0 | $0.00 | – |" in markdown
    assert "| Claude Code | 1 | 0 | 2 | 3.5 | 0 | 0 | $0.00 | 30.0 (1) |" in markdown
    agents = {a["name"]: a for a in data["agents"]}
    assert agents["claude-1"]["lead_times_hours"] == [30.0]
    assert agents["codex-1"]["median_lead_time_hours"] == 26.0
    assert '<td class="">codex-1</td><td class="">OpenAI Codex</td>' in html
    assert '<td class="n">26.0 (1)</td>' in html
