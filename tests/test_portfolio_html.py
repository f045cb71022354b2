"""The portfolio's HTML page opened in headless Chromium: a chart per cut, drawn, offline."""

from __future__ import annotations

from pathlib import Path

from tests import chromium
from tests.conftest import Cli
from tests.test_portfolio import pilots  # noqa: F401 (the fixture)
from tests.test_report_html import CHARTS, png_size


def test_the_portfolio_page_draws_a_chart_per_cut(
    pilots: Path,  # noqa: F811 (the fixture)
    cli: Cli,
    tmp_path: Path,
) -> None:
    page_file = tmp_path / "portfolio.html"
    run = cli("portfolio", pilots, "--format", "html", "--output", page_file)
    assert run.code == 0, run.err

    shot = tmp_path / "portfolio.png"
    page = chromium.open_page(page_file.as_uri(), CHARTS, screenshot=shot)

    assert page.console_errors == [] and page.exceptions == []
    assert all(url.startswith("file://") for url in page.requests), page.requests
    charts = {chart["title"]: chart for chart in page.evaluated}
    # two groups per cut, an estimate bar and an engineer-time bar each, 2 legend keys
    for cut in ("engineer", "template version", "month the pilot started"):
        assert charts[f"Estimate against engineer time, by {cut}"]["marks"] == 6, cut
    # Claude Code and OpenAI Codex, one bar each, 1 legend key
    assert charts["Engineer time steering each agent product"]["marks"] == 3
    for chart in charts.values():
        assert chart["width"] > 300 and chart["height"] > 50
    text = page_file.read_text()
    assert "<title>Portfolio of 3 pilots</title>" in text
    assert "ratio 0.45 · small group" in text  # v0.4.0: 490 min over 18 h
    assert "v0.3.0 0.67 (2 of 3 done), v0.4.0 0.25 (1 of 4 done)" in text
    assert "<figcaption>Hours estimated by hand and engineer hours spent on the done agent " in text
    width, height = png_size(shot.read_bytes())
    assert width > 900 and height > 1400
