"""Delivery before and during the pilot, side by side with the counts behind each rate,
from a clone, a GitHub export and a GitLab export alike."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.metrics_helpers import default_pilot, git
from tests.test_report import at, branch

WINDOW = ("--since", "2026-11-28", "--until", "2026-12-10")
# (number, title, branch, first commit, merge) — the same history in every source.
CHANGES = [
    (1, "Old work", "feature/old", "2026-11-09 10:00", "2026-11-10 10:00"),
    (2, "Search box", "feature/search", "2026-11-19 10:00", "2026-11-20 16:00"),
    (3, "Footer links", "feature/footer", "2026-11-24 08:00", "2026-11-24 18:00"),
    (4, 'Revert "Search box"', "revert-2-feature/search", "2026-11-25 09:00", "2026-11-25 12:00"),
    (5, "T01: CSV writer", "task/T01-csv", "2026-11-30 09:00", "2026-11-30 15:00"),
    (6, "T02: invoice query", "task/T02-query", "2026-11-30 10:00", "2026-12-01 16:00"),
    (7, "T03: admin policy", "task/T03-policy", "2026-12-01 09:00", "2026-12-02 09:00"),
    (8, "T04: endpoint", "task/T04-endpoint", "2026-12-07 09:00", "2026-12-08 09:00"),
]
# Before: #2, #3 and its revert #4 (lead times 30, 10, 3 h; #2 failed) in 3 calendar weeks.
BEFORE = {
    "since": "2026-11-15",
    "until": "2026-11-27",
    "merged_changes": 3,
    "week_count": 3,
    "throughput_per_week": 1.0,
    "median_lead_time_hours": 10.0,
    "lead_time_changes": 3,
    "failed_changes": 1,
    "change_failure_rate": pytest.approx(1 / 3),
}
# During: the four task changes (6, 30, 24, 24 h), none failed, in 3 calendar weeks.
DURING = {
    "since": "2026-11-28",
    "until": "2026-12-10",
    "merged_changes": 4,
    "week_count": 3,
    "throughput_per_week": pytest.approx(4 / 3),
    "median_lead_time_hours": 24.0,
    "lead_time_changes": 4,
    "failed_changes": 0,
    "change_failure_rate": 0.0,
}


def iso(when: str) -> str:
    return when.replace(" ", "T") + ":00Z"


@pytest.fixture
def cloned(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A pilot that is its own target repository, first commit 2026-11-01, with CHANGES
    merged as branches (the revert is a branch too)."""
    repo = default_pilot(tmp_path_factory, tmp_path / "pilot", "repository=.")
    git(repo, "commit", "-q", "--amend", "--no-edit", env=at("2026-11-01 08:00"))
    merges: dict[int, str] = {}
    for number, title, name, first, merged in CHANGES:
        if number == 4:
            git(repo, "switch", "-q", "-c", name, "main")
            git(repo, "revert", "--no-edit", "-m", "1", merges[2], env=at(first))
            git(repo, "switch", "-q", "main")
            git(repo, "merge", "-q", "--no-ff", "--no-edit", name, env=at(merged))
        else:
            merges[number] = branch(repo, name, [(first, title)], merged)
    return repo


def github(path: Path) -> Path:
    items: list[dict[str, Any]] = []
    for number, title, name, first, merged in CHANGES:
        items.append(
            {
                "number": number,
                "title": title,
                "headRefName": name,
                "body": "Reverts example-org/shop#2" if number == 4 else "",
                "createdAt": iso(first),
                "mergedAt": iso(merged),
                "mergeCommit": {"oid": f"{number:040x}"},
                "commits": [{"oid": f"{number + 100:040x}", "authoredDate": iso(first)}],
            }
        )
    items.append({"number": 9, "title": "closed unmerged", "mergedAt": None})
    path.write_text(json.dumps(items))
    return path


def gitlab(path: Path) -> Path:
    items: list[dict[str, Any]] = []
    for number, title, name, first, merged in CHANGES:
        items.append(
            {
                "id": 9000 + number,
                "iid": number,
                "project_id": 42,
                "title": title,
                "description": "This reverts merge request !2" if number == 4 else "",
                "state": "merged",
                "created_at": iso(first).replace("Z", ".000Z"),
                "merged_at": iso(merged).replace("Z", ".000Z"),
                "source_branch": name,
                "target_branch": "main",
                "sha": f"{number + 100:040x}",
                "merge_commit_sha": f"{number:040x}",
                "squash_commit_sha": None,
                "web_url": f"https://gitlab.example.com/shop/-/merge_requests/{number}",
            }
        )
    path.write_text(json.dumps(items))
    return path


def figures(block: dict[str, Any]) -> dict[str, Any]:
    return {key: block[key] for key in DURING}


def report(cli: Cli, pilot: Path, *args: str | Path) -> dict[str, Any]:
    run = cli("report", "--pilot", pilot, "--format", "json", *WINDOW, *args)
    assert run.code == 0, run.err
    data: dict[str, Any] = json.loads(run.out)
    return data


@pytest.mark.parametrize("source", ["clone", "github", "gitlab"])
def test_both_windows_give_throughput_lead_time_and_failure_rate_with_their_counts(
    cloned: Path, cli: Cli, tmp_path: Path, source: str
) -> None:
    args: list[str | Path] = []
    if source == "github":
        args = ["--prs", github(tmp_path / "prs.json")]
    elif source == "gitlab":
        args = ["--prs", gitlab(tmp_path / "mrs.json")]

    data = report(cli, cloned, *args)

    assert figures(data["delivery"]) == DURING
    assert data["baseline"]["days"] == 13 and data["baseline"]["note"] is None
    assert figures(data["baseline"]["delivery"]) == BEFORE
    failed = [c for c in data["baseline"]["delivery"]["changes"] if c["failed_by"]]
    assert len(failed) == 1 and failed[0]["failed_by"].startswith("reverted by ")


def test_the_markdown_and_html_show_both_windows_side_by_side(
    cloned: Path, cli: Cli, tmp_path: Path
) -> None:
    page = tmp_path / "report.html"
    run = cli("report", "--pilot", cloned, *WINDOW, "--html", page)
    assert run.code == 0, run.err
    text = (cloned / "metrics" / "REPORT.md").read_text()

    assert (
        "- **Baseline (2026-11-15 to 2026-11-27)**: 3 merged changes in 3 weeks, 1.00 a week; "
        "median lead time 10.0 h (over 3 changes); change failure rate 33% (1 of 3)."
    ) in text
    for row in (
        "|  | before the pilot | pilot |",
        "| merged changes | 3 | 4 |",
        "| PR throughput per week | 1.00 | 1.33 |",
        "| median lead time h | 10.0 (over 3) | 24.0 (over 4) |",
        "| change failure rate | 33% (1 of 3) | 0% (0 of 4) |",
    ):
        assert row in text, row
    html = page.read_text()
    assert '<td class="">change failure rate</td><td class="n">33% (1 of 3)</td>' in html
    assert (
        "4 changes merged in 3 weeks of the pilot (1.33 a week), against 3 in 3 weeks before "
        "it (1.00 a week)."
    ) in html


@pytest.mark.parametrize(
    ("source", "note"),
    [
        ("clone", "the repository's first commit (2026-11-01): it covers 27 of its 30 days"),
        ("github", "the first pull request in prs.json (2026-11-09): it covers 19 of its 30 days"),
    ],
)
def test_a_baseline_reaching_before_the_history_says_so_and_starts_there(
    cloned: Path, cli: Cli, tmp_path: Path, source: str, note: str
) -> None:
    args: list[str | Path] = ["--prs", github(tmp_path / "prs.json")] if source == "github" else []

    data = report(cli, cloned, "--baseline", "30", *args)

    baseline = data["baseline"]
    assert baseline["note"] == f"the baseline window reaches before {note}, from " + (
        "2026-11-01" if source == "clone" else "2026-11-09"
    )
    assert baseline["days"] == 30
    assert baseline["delivery"]["merged_changes"] == 4  # the old work is in it now


def test_no_baseline_is_a_choice_and_the_report_says_so(cloned: Path, cli: Cli) -> None:
    data = report(cli, cloned, "--baseline", "0")
    assert data["baseline"] == {
        "days": 0,
        "since": None,
        "until": None,
        "note": "no baseline (--baseline 0)",
        "delivery": None,
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            [{"id": 1, "name": "x"}],
            "the items are neither GitHub's nor GitLab's; give a `gh pr list --json "
            "number,title,mergedAt,…` export or a `glab mr list --merged --output json` one",
        ),
        (
            [{"iid": 3, "merged_at": "2026-12-01T10:00:00Z"}],
            "item 1 is not a merged merge request ('title'); export it with iid,title,merged_at,…",
        ),
        ({"merge_requests": []}, "expected a JSON list, a `gh pr list --json"),
    ],
)
def test_an_export_of_the_wrong_shape_is_one_line_and_nothing_is_written(
    cloned: Path, cli: Cli, tmp_path: Path, content: object, message: str
) -> None:
    export = tmp_path / "export.json"
    export.write_text(json.dumps(content))

    run = cli("report", "--pilot", cloned, *WINDOW, "--prs", export)

    assert run.code == 2
    assert run.err.startswith(f"pilotkit: error: --prs {export}: {message}")
    assert len(run.err.splitlines()) == 1
    assert not (cloned / "metrics" / "REPORT.md").exists()


@pytest.mark.parametrize("value", ["-1", "4000"])
def test_a_baseline_length_out_of_range_is_one_line(cloned: Path, cli: Cli, value: str) -> None:
    run = cli("report", "--pilot", cloned, *WINDOW, "--baseline", value)
    assert run.code == 2
    assert run.err == (
        f"pilotkit: error: --baseline {value}: give a number of days from 0 to 3650\n"
    )
