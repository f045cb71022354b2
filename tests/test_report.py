"""`pilotkit report` on a pilot with scripted git history, journal and agent usage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.metrics_helpers import default_pilot, git, place_claude, place_codex

UNTIL = "2026-12-10"


def at(when: str) -> dict[str, str]:
    stamp = f"{when}:00 +0000"
    return {"GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}


def commit(repo: Path, when: str, message: str, path: str) -> str:
    file = repo / path
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(f"{file.read_text() if file.exists() else ''}{message}\n")
    git(repo, "add", path)
    git(repo, "commit", "-q", "-m", message, env=at(when))
    return git(repo, "rev-parse", "HEAD")


def branch(repo: Path, name: str, commits: list[tuple[str, str]], merged: str) -> str:
    """A task branch from main with COMMITS (time, message), merged with --no-ff at MERGED."""
    git(repo, "switch", "-q", "-c", name, "main")
    for when, message in commits:
        commit(repo, when, message, f"src/{name.split('/')[-1]}.py")
    git(repo, "switch", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "--no-edit", name, env=at(merged))
    return git(repo, "rev-parse", "HEAD")


@pytest.fixture
def history(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default pilot, its code in the same repository, with five task merges:

    week 2026-W49: T01 (lead 6 h), T02 (30 h), T03 (24 h, reverted on 12-03);
    week 2026-W50: T04 (24 h), T05 (7 h, its own branch has a "fix" commit); and on
    main a fix naming T02 (12-09, 7 days 20 hours after T02's merge), and commits that
    name nothing.
    """
    repo = default_pilot(tmp_path_factory, tmp_path / "pilot", "repository=.")
    git(repo, "commit", "-q", "--amend", "--no-edit", env=at("2026-11-28 08:00"))
    branch(
        repo,
        "task/T01-csv-writer",
        [("2026-11-30 09:00", "T01: writer"), ("2026-11-30 11:00", "T01: quoting tests")],
        "2026-11-30 15:00",
    )
    branch(
        repo,
        "task/T02-invoice-query",
        [("2026-11-30 10:00", "T02: query"), ("2026-12-01 10:00", "T02: size limit")],
        "2026-12-01 16:00",
    )
    t03 = branch(
        repo, "task/T03-admin-permission", [("2026-12-01 09:00", "T03: policy")], "2026-12-02 09:00"
    )
    git(repo, "revert", "--no-edit", "-m", "1", t03, env=at("2026-12-03 10:00"))
    branch(
        repo,
        "task/T04-export-endpoint",
        [("2026-12-07 09:00", "T04: endpoint")],
        "2026-12-08 09:00",
    )
    commit(repo, "2026-12-09 12:00", "Fix T02: include invoices on the end date", "src/q.py")
    commit(repo, "2026-12-09 13:00", "fix typo in the docs", "docs/x.md")
    branch(
        repo,
        "task/T05-export-form",
        [("2026-12-09 10:00", "T05: form"), ("2026-12-09 11:00", "T05: fix flaky form test")],
        "2026-12-09 17:00",
    )
    return repo


def report_json(cli: Cli, pilot: Path, *args: str) -> dict[str, object]:
    run = cli("report", "--pilot", pilot, "--format", "json", "--until", UNTIL, *args)
    assert run.code == 0, run.err
    return json.loads(run.out)  # type: ignore[no-any-return]


def test_throughput_lead_times_and_change_failure_rate(history: Path, cli: Cli) -> None:
    delivery = report_json(cli, history)["delivery"]

    assert isinstance(delivery, dict)
    changes = delivery["changes"]
    assert [(c["task"], c["lead_time_hours"]) for c in changes] == [
        ("T01", 6.0),
        ("T02", 30.0),
        ("T03", 24.0),
        ("T04", 24.0),
        ("T05", 7.0),
    ]
    assert [(w["week"], w["merged"]) for w in delivery["weeks"]] == [
        ("2026-W48", 0),
        ("2026-W49", 3),
        ("2026-W50", 2),
    ]  # from the estimate's date (2026-11-28) to --until
    assert delivery["merged_changes"] == 5
    assert delivery["throughput_per_week"] == pytest.approx(5 / 3)
    assert delivery["median_lead_time_hours"] == 24.0
    outcome = {c["task"]: c["failed_by"] for c in changes}
    assert outcome["T02"].startswith("fixed by ") and "Fix T02" in outcome["T02"]
    assert outcome["T03"].startswith("reverted by ")
    assert outcome["T01"] is None and outcome["T04"] is None and outcome["T05"] is None
    assert delivery["change_failure_rate"] == pytest.approx(2 / 5)


def test_the_failure_window_is_a_parameter(history: Path, cli: Cli) -> None:
    delivery = report_json(cli, history, "--window", "7")["delivery"]
    assert isinstance(delivery, dict)
    # the fix came 7 days 20 hours after T02's merge: outside a 7-day window
    assert delivery["failed_changes"] == 1
    assert delivery["change_failure_rate"] == pytest.approx(1 / 5)


def test_since_narrows_the_window(history: Path, cli: Cli) -> None:
    delivery = report_json(cli, history, "--since", "2026-12-07")["delivery"]
    assert isinstance(delivery, dict)
    assert [c["task"] for c in delivery["changes"]] == ["T04", "T05"]
    assert [w["week"] for w in delivery["weeks"]] == ["2026-W50"]


def test_a_pr_export_gives_the_same_figures_without_a_clone(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, cli: Cli
) -> None:
    pilot = default_pilot(tmp_path_factory, tmp_path / "pilot")

    def pr(
        number: int, title: str, head: str, first: str, merged: str, body: str = ""
    ) -> dict[str, object]:
        return {
            "number": number,
            "title": title,
            "headRefName": head,
            "body": body,
            "createdAt": first,
            "mergedAt": merged,
            "mergeCommit": {"oid": f"{number:040x}"},
            "commits": [
                {
                    "oid": f"{number + 100:040x}",
                    "authoredDate": first,
                    "committedDate": first,
                    "messageHeadline": title,
                    "messageBody": "",
                }
            ],
        }

    export = [
        pr(
            1,
            "T01: CSV writer",
            "task/T01-csv-writer",
            "2026-11-30T09:00:00Z",
            "2026-11-30T15:00:00Z",
        ),
        pr(
            2,
            "T02: invoice query",
            "task/T02-query",
            "2026-11-30T10:00:00Z",
            "2026-12-01T16:00:00Z",
        ),
        pr(
            3,
            "T03: admin permission",
            "task/T03-perm",
            "2026-12-01T09:00:00Z",
            "2026-12-02T09:00:00Z",
        ),
        pr(
            4,
            'Revert "T03: admin permission"',
            "revert-3-task/T03-perm",
            "2026-12-03T09:00:00Z",
            "2026-12-03T10:00:00Z",
            "Reverts example-org/shop#3",
        ),
        pr(
            5,
            "Include the end date",
            "fix/T02-end-date",
            "2026-12-09T09:00:00Z",
            "2026-12-09T12:00:00Z",
        ),
        {"number": 6, "title": "never merged", "mergedAt": None},
    ]
    prs = tmp_path / "prs.json"
    prs.write_text(json.dumps(export))

    delivery = report_json(cli, pilot, "--prs", str(prs))["delivery"]

    assert isinstance(delivery, dict)
    assert delivery["merged_changes"] == 5
    failed = {c["id"]: c["failed_by"] for c in delivery["changes"] if c["failed_by"]}
    assert set(failed) == {"#2", "#3"}
    assert delivery["change_failure_rate"] == pytest.approx(2 / 5)
    assert [c["lead_time_hours"] for c in delivery["changes"]][:3] == [6.0, 30.0, 24.0]


def test_without_a_local_repository_delivery_is_not_measured_and_says_why(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, cli: Cli
) -> None:
    pilot = default_pilot(tmp_path_factory, tmp_path / "pilot")
    run = cli("report", "--pilot", pilot)
    assert run.code == 0, run.err
    text = (pilot / "metrics" / "REPORT.md").read_text()
    assert "Not measured: the target repository is not a local path; give --repo DIR" in text


def test_estimate_vs_actual_tokens_cost_budget_and_roi(
    history: Path, isolated: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CLAUDE_CONFIG_DIR", raising=False)
    monkeypatch.delenv("CODEX_HOME", raising=False)
    place_claude(isolated, history, "2.0.jsonl", "5f0c1d2e")
    place_claude(isolated, history, "1.0.jsonl", "0a1b2c3d")
    place_codex(isolated, history, "0.46.jsonl")
    assert cli("usage", "import", "--pilot", history).code == 0
    journal = history / "metrics" / "journal.yaml"
    journal.write_text(
        journal.read_text().replace(
            "entries: []",
            "entries:\n"
            "  - {kind: session, date: 2026-12-01, task: T01, minutes: 90, agent: claude-1}\n"
            "  - {kind: session, date: 2026-12-01, task: T01, minutes: 30, agent: null}\n"
            "  - {kind: correction, date: 2026-12-01, task: T02, agent: claude-2,"
            " what: wrong filter, minutes: 20}\n"
            "  - {kind: session, date: 2026-12-01, task: null, minutes: 60, agent: null,"
            " note: spec review}\n",
        )
    )

    for done in ("T01", "T02"):
        task = next((history / "tasks").glob(f"{done}-*.md"))
        task.write_text(task.read_text().replace("status: todo", "status: done"))

    data = report_json(cli, history, "--hourly-rate", "100")

    tasks = {row["id"]: row for row in data["tasks"]}  # type: ignore[attr-defined]
    assert tasks["T01"]["estimate_hours"] == 4.0
    assert tasks["T01"]["engineer_hours"] == 2.0
    assert tasks["T01"]["ratio"] == 0.5
    assert tasks["T01"]["agent_sessions"] == 1
    assert tasks["T01"]["tokens"] == {
        "input": 14,
        "output": 420,
        "cache_read": 2000,
        "cache_write_5m": 500,
        "cache_write_1h": 2000,
    }
    assert tasks["T01"]["cost_usd"] == pytest.approx(20_817 / 1e6)
    assert tasks["T02"]["corrections"] == 1
    assert tasks["T02"]["cost_usd"] == pytest.approx(0.5805)
    assert tasks["T03"]["cost_usd"] == pytest.approx((14_875 + 8_250) / 1e6)
    token_cost = (20_817 + 350 + 580_500 + 14_875 + 8_250) / 1e6
    total = data["total"]
    assert total["engineer_hours"] == pytest.approx(2 + 20 / 60 + 1)  # type: ignore[index]
    assert total["cost_usd"] == pytest.approx(token_cost)  # type: ignore[index]
    assert data["pilot_wide"]["engineer_hours"] == 1.0  # type: ignore[index]
    assert data["budget"]["share"] == pytest.approx(token_cost / 400)  # type: ignore[index]
    assert tasks["T03"]["ratio"] is None  # not done: no ratio, whatever was spent on it
    # ROI over the done tasks T01 and T02 (9 of 28 estimated hours) and their share of the
    # pilot-wide hour and of its tokens (claude-haiku on main).
    roi = data["roi"]
    assert isinstance(roi, dict)
    share = 9 / 28
    assert roi["overhead"]["share"] == pytest.approx(share)
    assert roi["hand_cost_usd"] == 900.0
    done_tokens = (20_817 + 580_500) / 1e6
    assert roi["actual_cost_usd"] == pytest.approx(
        (2 + 20 / 60 + share) * 100 + done_tokens + 350 / 1e6 * share
    )


def test_the_markdown_report_is_written_and_carries_its_definitions(
    history: Path, cli: Cli
) -> None:
    run = cli("report", "--pilot", history, "--until", UNTIL)

    assert run.code == 0, run.err
    text = (history / "metrics" / "REPORT.md").read_text()
    assert text.startswith("# Pilot report: invoice-export\n")
    for heading in (
        "## Estimate against actual",
        "## Agent tokens and cost",
        "## Token budget",
        "## Delivery",
        "## Course corrections",
        "## ROI",
        "## Definitions",
    ):
        assert heading in text
    assert "| change failure rate | 40% (2 of 5) |" in text
    assert (
        "Baseline: no baseline: the repository's first commit (2026-11-28) is not before the "
        "pilot window." in text
    )
    assert "**Change failure rate**: share of merged changes" in text
    assert f"Wrote {history / 'metrics' / 'REPORT.md'}." in run.out


def set_repository(pilot: Path, value: str) -> None:
    answers = pilot / ".copier-answers.yml"
    text = answers.read_text()
    assert "\nrepository: .\n" in text
    answers.write_text(text.replace("\nrepository: .\n", f"\nrepository: {value}\n"))


def every_format(cli: Cli, pilot: Path, page: Path, *args: str | Path) -> dict[str, str]:
    """The Markdown, JSON and HTML reports of PILOT, as a person or a program reads them."""
    run = cli("report", "--pilot", pilot, "--until", UNTIL, "--html", page, *args)
    assert run.code == 0, run.err
    data = cli("report", "--pilot", pilot, "--until", UNTIL, "--format", "json", *args)
    assert data.code == 0, data.err
    return {
        "markdown": (pilot / "metrics" / "REPORT.md").read_text(),
        "json": data.out,
        "html": page.read_text(),
        "source": json.loads(data.out)["delivery"]["source"],
    }


@pytest.mark.parametrize(
    ("answer", "repo", "shown"),
    [
        (None, None, "."),  # the answer `.`: the pilot is the target repository
        (None, "pilot", "."),  # --repo given as an absolute path: relative to the pilot
        (
            "https://ci:s3cr3t@github.com/example-org/shop",
            "clone",
            "https://github.com/example-org/shop",
        ),
        ("../elsewhere", "clone", "shop-clone"),  # absolute --repo outside the pilot: its name
    ],
)
def test_the_report_names_the_repository_as_the_user_did_never_by_a_local_path(
    history: Path, tmp_path: Path, cli: Cli, answer: str | None, repo: str | None, shown: str
) -> None:
    """The report is committed and shared: no path of the machine it ran on goes into it."""
    if answer is not None:
        set_repository(history, answer)
    clone = tmp_path / "shop-clone"
    git(tmp_path, "clone", "-q", str(history), str(clone))
    choices: dict[str | None, list[str | Path]] = {
        None: [],
        "pilot": ["--repo", history.resolve()],
        "clone": ["--repo", clone],
    }
    args = choices[repo]

    reports = every_format(cli, history, tmp_path / "report.html", *args)

    assert reports["source"] == f"merges on main in {shown}"
    assert (
        f"Source: merges on main in {shown}, pilot window 2026-11-28 to {UNTIL};"
        in reports["markdown"]
    )
    assert f"<p>merges on main in {shown}. 5 merged change(s)" in reports["html"]
    for text in reports.values():
        assert str(tmp_path) not in text and str(tmp_path.resolve()) not in text
        assert "s3cr3t" not in text


def test_a_journal_error_stops_the_report_with_one_line_each(history: Path, cli: Cli) -> None:
    journal = history / "metrics" / "journal.yaml"
    journal.write_text(
        journal.read_text().replace(
            "entries: []",
            "entries:\n  - kind: session\n    date: 2026-12-01\n    task: T42\n    minutes: 5\n"
            "  - kind: nap\n",
        )
    )

    run = cli("report", "--pilot", history)

    assert run.code == 2
    assert run.err.splitlines() == [
        "pilotkit: error: metrics/journal.yaml:32: task 'T42' is not a task of this pilot "
        "(use a task id from tasks/ (T01, T02, T03, T04, T05, T06))",
        "pilotkit: error: metrics/journal.yaml:36: kind 'nap' is not session or correction "
        "(use `kind: session` or `kind: correction`)",
    ]
    assert not (history / "metrics" / "REPORT.md").exists()


def test_both_formats_show_the_tokens_no_price_covers() -> None:
    from types import SimpleNamespace

    from pilotkit.metrics.report import html, markdown, tables
    from pilotkit.metrics.report.rows import Row

    row = Row("T01", "Writer", agent_sessions=2, cost=1.5, unpriced_tokens=1200)
    report = SimpleNamespace(
        tasks=[row],
        pilot_wide=Row("pilot", "Pilot-wide"),
        total=Row("total", "Total", cost=1.5, unpriced_tokens=1200),
    )
    found = tables.tokens(report)  # type: ignore[arg-type]
    assert "| T01 | 2 | 0 | 0 | 0 | 0 | 0 | $1.50 (+1,200 unpriced) |" in markdown.markdown(found)
    assert '<td class="n">$1.50 (+1,200 unpriced)</td>' in html.html_table(found)


@pytest.mark.parametrize("today", ["2027-01-27", "2028-01-02", "2031-06-15"])
def test_a_pinned_window_gives_the_same_report_on_any_later_day(
    history: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, today: str
) -> None:
    """The figures depend on the pilot and the window, never on the day the report runs."""
    pinned = report_json(cli, history)
    monkeypatch.setenv("PILOTKIT_TODAY", today)
    later = report_json(cli, history)
    assert later.pop("as_of") == today
    pinned.pop("as_of")
    assert later == pinned


def test_a_malformed_pinned_day_is_one_line(
    history: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PILOTKIT_TODAY", "next tuesday")
    run = cli("report", "--pilot", history)
    assert run.code == 2
    assert run.err == (
        "pilotkit: error: PILOTKIT_TODAY=next tuesday: give the day as YYYY-MM-DD, "
        "or unset it to use today\n"
    )
