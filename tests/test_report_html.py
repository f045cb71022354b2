"""The HTML report opened in headless Chromium: charts drawn, no console error, offline."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from tests import chromium
from tests.conftest import Cli
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
    journal = history / "metrics" / "journal.yaml"
    journal.write_text(
        journal.read_text().replace(
            "entries: []",
            "entries:\n  - {kind: session, date: 2026-12-01, task: T01, minutes: 150}\n",
        )
    )
    usage = history / "metrics" / "usage" / "claude.jsonl"
    usage.parent.mkdir(parents=True)
    usage.write_text(
        '{"key":"a","tool":"claude","session":"s","time":"2026-12-01T10:00:00Z",'
        '"model":"claude-sonnet-4-5","task":"T01","input":1000000,"output":2000000}\n'
        '{"key":"b","tool":"claude","session":"s","time":"2026-12-03T10:00:00Z",'
        '"model":"claude-sonnet-4-5","task":"T02","input":0,"output":4000000}\n'
    )
    page_file = tmp_path / "report.html"
    run = cli("report", "--pilot", history, "--until", UNTIL, "--html", page_file)
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
    }
    for chart in charts.values():
        assert chart["width"] > 300 and chart["height"] > 50
    # marks wider than 2 px: 6 estimate bars, T01's engineer-time bar, 2 legend keys
    assert charts["Estimate against actual, per task"]["marks"] == 9
    # the cost line, its 2 days, 2 legend keys
    assert charts["Cumulative token cost against the budget"]["marks"] == 5
    # 3 weeks (an empty one is a hairline), 1 legend key
    assert charts["Merged changes per week"]["marks"] == 4
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
