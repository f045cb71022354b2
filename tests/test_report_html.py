"""The HTML report opened in headless Chromium: charts drawn, no console error, offline."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest

from tests import chromium
from tests.conftest import Cli
from tests.metrics_helpers import set_task, write_journal, write_usage
from tests.test_report import UNTIL, history  # noqa: F401 (the fixture)

CHARTS = """(() => [...document.querySelectorAll('svg.chart')].map(svg => {
  const box = svg.getBoundingClientRect();
  const marks = [...svg.querySelectorAll('rect, path, circle')]
    .filter(m => m.getBBox().width > 2 && m.getBBox().height > 0);
  return {title: svg.querySelector('title').textContent, width: box.width,
          height: box.height, marks: marks.length};
}))()"""


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_html_report_renders_its_charts_in_chromium(
    history: Path,  # noqa: F811 (the fixture)
    cli: Cli,
    tmp_path: Path,
) -> None:
    set_task(history, "T01", status="done", assignee="claude-1")
    set_task(history, "T02", status="in-review", assignee="codex-1")
    write_journal(
        history,
        "kind: session, date: 2026-12-01, task: T01, minutes: 150, agent: claude-1",
        "kind: correction, date: 2026-12-02, task: T02, agent: codex-1, what: wrong filter,"
        " minutes: 30, cause: spec-gap",
    )
    write_usage(
        history,
        "claude",
        {"time": "2026-12-01T10:00:00Z", "model": "claude-sonnet-4-5", "task": "T01",
         "input": 1_000_000, "output": 2_000_000},
        {"time": "2026-12-03T10:00:00Z", "model": "claude-sonnet-4-5", "task": "T02",
         "input": 0, "output": 200_000},
    )  # fmt: skip
    # Merge requests before the pilot (a baseline) and during it, from a GitLab export.
    export = tmp_path / "mrs.json"
    export.write_text(
        json.dumps(
            [
                {"iid": n, "title": t, "source_branch": b, "created_at": c, "merged_at": m}
                for n, t, b, c, m in [
                    (1, "Old", "old", "2026-11-12T09:00:00Z", "2026-11-17T09:00:00Z"),
                    (2, "Older", "older", "2026-11-24T09:00:00Z", "2026-11-24T12:00:00Z"),
                    (3, "T01: writer", "task/T01", "2026-11-30T09:00:00Z", "2026-11-30T15:00:00Z"),
                    (4, "T02: query", "task/T02", "2026-12-08T09:00:00Z", "2026-12-09T09:00:00Z"),
                ]
            ]
        )
    )
    page_file = tmp_path / "report.html"
    window = ("--since", "2026-11-28", "--until", UNTIL, "--prs", export)
    run = cli("report", "--pilot", history, *window, "--html", page_file)
    assert run.code == 0, run.err

    shot = tmp_path / "report.png"
    page = chromium.open_page(page_file.as_uri(), CHARTS, screenshot=shot)

    assert page.console_errors == [] and page.exceptions == []
    assert all(url.startswith("file://") for url in page.requests), page.requests
    charts = {chart["title"]: chart for chart in page.evaluated}
    assert set(charts) == {
        "Estimate against actual, per task",
        "Cumulative token cost against the budget",
        "Merged changes per week",
        "Engineer time per agent",
    }
    for chart in charts.values():
        assert chart["width"] > 300 and chart["height"] > 50
    # marks wider than 2 px: 6 estimate bars, T01's and T02's engineer-time bars, 2 keys
    assert charts["Estimate against actual, per task"]["marks"] == 10
    # $36 of spend against a $400 budget: the scale follows the spend and the budget is
    # written off the scale, not drawn: the cost line, its 2 days, 1 legend key
    assert charts["Cumulative token cost against the budget"]["marks"] == 4
    # 3 weeks before the pilot and 3 during it (empty ones are hairlines), 2 legend keys
    assert charts["Merged changes per week"]["marks"] == 8
    # claude-1's 2.5 h and codex-1's half hour, 1 legend key
    assert charts["Engineer time per agent"]["marks"] == 3
    text = page_file.read_text()
    assert "budget 400 USD: off this scale, far above the spend" in text
    for reading in (
        "Engineer time was below the hand estimate on 1 of the 1 done task; 5 tasks not "
        "done, so their bars are partial or empty.",
        "Spend reached $36.00 by 2026-12-03, 9.0% of the $400.00 budget; the scale follows "
        "the spend, so the budget line is off the chart.",
        "2 changes merged in 3 weeks of the pilot (0.67 a week), against 2 in 3 weeks "
        "before it (0.67 a week).",
        "claude-1 took the most engineer time: 2.5 h, over 1 done task and $33.00 of tokens.",
    ):
        assert f"<figcaption>{reading}</figcaption>" in text, reading
    width, height = png_size(shot.read_bytes())
    assert width > 900 and height > 1400  # the whole page, beyond the first screen


def test_the_harness_sees_console_errors_and_network_requests(tmp_path: Path) -> None:
    page_file = tmp_path / "broken.html"
    page_file.write_text(
        "<!DOCTYPE html><html><body><svg class='chart'><title>t</title></svg>"
        "<script>console.error('boom'); undefinedFunction();</script>"
        "<img src='http://127.0.0.1:9/x.png'></body></html>"
    )
    page = chromium.open_page(page_file.as_uri(), CHARTS)
    assert "boom" in page.console_errors
    assert page.exceptions
    assert "http://127.0.0.1:9/x.png" in page.requests
    assert page.evaluated == [
        {"title": "t", "width": pytest.approx(300), "height": pytest.approx(150), "marks": 0}
    ]
