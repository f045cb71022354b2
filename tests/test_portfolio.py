"""`pilotkit portfolio` on three scripted pilots (two template versions, two engineers,
Claude and Codex, controls in one) and a fourth not started, as folders and as report
JSON files: every pooled and per-cut figure computed here by hand."""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.metrics_helpers import default_pilot, set_task, write_journal, write_usage
from tests.test_report import UNTIL, history  # noqa: F401 (the fixture)

# By hand. alpha (Ann, v0.3.0, claude): T01–T03 done, 13 h estimated; sessions 180 + 240
# + 120 min and corrections 20 + 15 + 10 min: 585 min. beta (Ann, v0.4.0, codex): T01,
# T02 done, 9 h; 120 + 180 min and a 10-minute correction: 310 min; controls T03 (4 h
# estimated, 360 min by hand) and T04 (5 h, 450 min): bias 13.5 / 9 = 1.5. gamma (Bob,
# v0.4.0, claude and codex, estimated in October): T01 60 min by claude-1, T02 90 min and
# a 30-minute correction by codex-1: 180 min over 9 h. delta (Bob): nothing logged.
ALPHA, BETA, GAMMA = 585 / 60 / 13, 310 / 60 / 9, 180 / 60 / 9
SPENT = {"alpha": 4.5, "beta": 2.5, "gamma": 4.0}  # priced by the table's list rates


def make(tmp_path: Path, factory: pytest.TempPathFactory, name: str, *data: str) -> Path:
    return default_pilot(factory, tmp_path / name, f"pilot_name={name}", *data)


def version(pilot: Path, commit: str) -> None:
    answers = pilot / ".copier-answers.yml"
    text = answers.read_text()
    answers.write_text(text.replace("_commit: v0.1.0", f"_commit: {commit}"))


@pytest.fixture
def pilots(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder `pilots/` holding the four scripted pilots."""
    root = tmp_path / "pilots"
    root.mkdir()
    f = tmp_path_factory
    alpha = make(root, f, "alpha", "engineer=Ann", "agents=[claude]")
    version(alpha, "v0.3.0")
    for task in ("T01", "T02", "T03"):
        set_task(alpha, task, status="done", assignee="claude-1")
    write_journal(
        alpha,
        "kind: session, date: 2026-11-28, task: T01, minutes: 180, agent: claude-1",
        "kind: session, date: 2026-11-28, task: T02, minutes: 240, agent: claude-1",
        "kind: session, date: 2026-11-28, task: T03, minutes: 120, agent: claude-1",
        "kind: correction, date: 2026-11-28, task: T01, agent: claude-1, minutes: 20,"
        " cause: ignored-guideline, what: skipped the tests AGENTS.md asks for",
        "kind: correction, date: 2026-11-28, task: T02, agent: claude-1, minutes: 15,"
        " cause: ignored-guideline, what: committed on main",
        "kind: correction, date: 2026-11-28, task: T03, agent: claude-1, minutes: 10,"
        " cause: spec-gap, what: the audit fields were not in the spec",
    )
    write_usage(
        alpha,
        "claude",
        {"time": "2026-11-28T10:00:00Z", "model": "claude-sonnet-4-5", "task": "T01",
         "input": 1_000_000, "output": 100_000},
    )  # fmt: skip
    beta = make(root, f, "beta", "engineer=Ann", "agents=[codex]")
    version(beta, "v0.4.0")
    for task in ("T01", "T02"):
        set_task(beta, task, status="done", assignee="codex-1")
    for task in ("T03", "T04"):
        set_task(beta, task, status="done", mode="hand")
    write_journal(
        beta,
        "kind: session, date: 2026-11-28, task: T01, minutes: 120, agent: codex-1",
        "kind: session, date: 2026-11-28, task: T02, minutes: 180, agent: codex-1",
        "kind: session, date: 2026-11-28, task: T03, minutes: 360",
        "kind: session, date: 2026-11-28, task: T04, minutes: 450",
        "kind: correction, date: 2026-11-28, task: T01, agent: codex-1, minutes: 10,"
        " cause: ignored-guideline, what: wrote outside the task's files",
    )
    write_usage(
        beta,
        "codex",
        {"time": "2026-11-28T10:00:00Z", "model": "gpt-5-codex", "task": "T01",
         "input": 2_000_000, "output": 0},
    )  # fmt: skip
    gamma = make(root, f, "gamma", "engineer=Bob", "agents=[claude, codex]")
    version(gamma, "v0.4.0")
    estimate = gamma / "metrics" / "estimate.yaml"
    estimate.write_text(estimate.read_text().replace('"2026-11-28"', '"2026-10-30"'))
    set_task(gamma, "T01", status="done", assignee="claude-1")
    set_task(gamma, "T02", status="done", assignee="codex-1")
    write_journal(
        gamma,
        "kind: session, date: 2026-11-28, task: T01, minutes: 60, agent: claude-1",
        "kind: session, date: 2026-11-28, task: T02, minutes: 90, agent: codex-1",
        "kind: correction, date: 2026-11-28, task: T02, agent: codex-1, minutes: 30,"
        " cause: scope, what: rewrote the query module the task did not name",
    )
    write_usage(
        gamma,
        "claude",
        {"time": "2026-11-28T10:00:00Z", "model": "claude-sonnet-4-5", "task": "T01",
         "input": 0, "output": 200_000},
    )  # fmt: skip
    write_usage(
        gamma,
        "codex",
        {"time": "2026-11-28T11:00:00Z", "model": "gpt-5-codex", "task": "T02",
         "input": 0, "output": 100_000},
    )  # fmt: skip
    make(root, f, "delta", "engineer=Bob", "agents=[claude]")
    return root


def as_json(cli: Cli, *argv: str | Path) -> dict[str, Any]:
    run = cli("portfolio", *argv, "--format", "json")
    assert run.code == 0, run.err
    return json.loads(run.out)  # type: ignore[no-any-return]


def reports(cli: Cli, pilots: Path, dest: Path) -> list[Path]:
    """Each pilot's `report --format json`, written where its CI would leave it."""
    dest.mkdir()
    files = []
    for pilot in sorted(pilots.iterdir()):
        run = cli("report", "--pilot", pilot, "--format", "json")
        assert run.code == 0, run.err
        (dest / f"{pilot.name}.json").write_text(run.out)
        files.append(dest / f"{pilot.name}.json")
    return files


def test_pooled_figures_are_the_sums_over_the_done_tasks(pilots: Path, cli: Cli) -> None:
    found = as_json(cli, pilots)
    pooled = found["pooled"]

    assert [p["pilot"] for p in found["pilots"]] == ["alpha", "beta", "gamma"]
    assert [p["pilot"] for p in found["not_started"]] == ["delta"]
    assert pooled["pilots"] == 3 and pooled["done"] == 7 and pooled["tasks"] == 6 + 4 + 6
    assert pooled["estimate_hours"] == 13 + 9 + 9
    assert pooled["engineer_hours"] == pytest.approx((585 + 310 + 180) / 60)
    assert pooled["ratio"] == pytest.approx((585 + 310 + 180) / 60 / 31)
    assert pooled["ratio_per_pilot"] == pytest.approx(
        {"count": 3, "median": BETA, "low": GAMMA, "high": ALPHA}
    )
    assert pooled["spent_usd"] == pytest.approx(sum(SPENT.values()))
    assert pooled["budget"]["budget_usd"] == 1200.0
    assert pooled["budget"]["share"] == pytest.approx(11.0 / 1200)
    assert pooled["budget"]["share_per_pilot"]["median"] == pytest.approx(4.0 / 400)
    controls = pooled["controls"]
    assert (controls["pilots"], controls["done"], controls["bias"]) == (1, 2, pytest.approx(1.5))
    assert controls["corrected_estimate_hours"] == pytest.approx(9 * 1.5)
    assert controls["corrected_ratio"] == pytest.approx(310 / 60 / 13.5)
    assert pooled["corrections"] == 5
    assert pooled["corrections_per_done"] == pytest.approx(5 / 7)
    assert pooled["delivery"]["pilots"] == 0  # remote repositories: not measured


def test_cuts_by_engineer_template_version_month_and_product(pilots: Path, cli: Cli) -> None:
    cuts = as_json(cli, pilots, "--min-pilots", "2")["cuts"]

    engineer = {g["key"]: g for g in cuts["engineer"]}
    assert engineer["Ann"]["ratio"] == pytest.approx((585 + 310) / 60 / 22)
    assert engineer["Ann"]["members"] == ["alpha", "beta"] and not engineer["Ann"]["small"]
    assert engineer["Bob"]["ratio"] == pytest.approx(GAMMA) and engineer["Bob"]["small"]
    versions = {g["key"]: g for g in cuts["template_version"]}
    assert versions["v0.4.0"]["ratio"] == pytest.approx((310 + 180) / 60 / 18)
    assert versions["v0.4.0"]["ratio_per_pilot"]["median"] == pytest.approx(
        statistics.median([BETA, GAMMA])
    )
    assert versions["v0.3.0"]["small"]
    # the groups big enough come first, ranked; the small ones after, unranked
    assert [g["key"] for g in cuts["template_version"]] == ["v0.4.0", "v0.3.0"]
    months = {g["key"]: g["members"] for g in cuts["month"]}
    assert months == {"2026-10": ["gamma"], "2026-11": ["alpha", "beta"]}


def test_products_pool_each_reports_own_per_product_figures(pilots: Path, cli: Cli) -> None:
    products = {p["product"]: p for p in as_json(cli, pilots)["products"]}

    claude, codex = products["claude"], products["codex"]
    assert claude["pilots"] == ["alpha", "gamma"] and codex["pilots"] == ["beta", "gamma"]
    assert (claude["tasks_done"], claude["corrections"]) == (4, 3)
    assert claude["engineer_hours"] == pytest.approx((585 + 60) / 60)
    assert claude["cost_usd"] == pytest.approx(4.5 + 3.0)
    assert (codex["tasks_done"], codex["corrections"]) == (3, 2)
    assert codex["engineer_hours"] == pytest.approx((310 + 120) / 60)
    assert codex["cost_per_done_usd"] == pytest.approx(3.5 / 3)
    assert claude["small"] and codex["small"]  # two pilots each, under the default 3


def test_lessons_give_a_causes_rate_per_template_version(pilots: Path, cli: Cli) -> None:
    lessons = {x["cause"]: x for x in as_json(cli, pilots)["lessons"]}

    ignored = lessons["ignored-guideline"]
    assert ignored["corrections"] == 3 and ignored["pilots"] == 2
    assert ignored["by_template_version"] == [
        {"template_version": "v0.3.0", "corrections": 2, "done": 3, "per_done": 2 / 3},
        {"template_version": "v0.4.0", "corrections": 1, "done": 4, "per_done": 1 / 4},
    ]
    assert ignored["areas"] == [
        "AGENTS.md, section “How to do the work” (template/AGENTS.md.jinja)",
        "CLAUDE.md, the claude adapter (template/CLAUDE.md.jinja)",
        ".codex/config.toml, the codex adapter (template/.codex/config.toml.jinja)",
    ]
    assert ignored["examples"][0]["what"] == "skipped the tests AGENTS.md asks for"
    assert "alpha/tasks/T01-" in ignored["examples"][0]["link"]
    assert set(lessons) == {"ignored-guideline", "spec-gap", "scope"}


def test_text_and_markdown_show_the_figures(pilots: Path, cli: Cli, tmp_path: Path) -> None:
    run = cli("portfolio", pilots)
    assert run.code == 0, run.err
    pooled_ratio = f"{(585 + 310 + 180) / 60 / 31:.2f}"
    assert f"pooled ratio {pooled_ratio}" in run.out
    assert f"median {BETA:.2f}, range {GAMMA:.2f}–{ALPHA:.2f}, 3 pilots" in run.out
    assert "7 of 16 agent tasks done, across 3 pilots" in run.out
    assert "bias 1.50" in run.out
    assert "ignored guideline: per done task, v0.3.0 0.67 (2 of 3 done), v0.4.0 0.25" in run.out
    assert "1 not started" in run.out

    page = tmp_path / "portfolio.md"
    run = cli("portfolio", pilots, "--format", "md", "--output", page)
    assert run.code == 0 and run.out == f"Wrote {page}.\n"
    text = page.read_text()
    assert f"pooled ratio {pooled_ratio}" in text
    assert "| Ann | 2 | 5 | 22.0 |" in text
    assert "small group: not ranked" in text
    assert "Per done task, by template version: v0.3.0 0.67 (2 of 3 done)" in text
    assert "## Lessons" in text and "“committed on main”" in text


def test_the_lessons_draft_names_the_template_files(pilots: Path, cli: Cli, tmp_path: Path) -> None:
    draft = tmp_path / "lessons.md"
    run = cli("portfolio", pilots, "--lessons-out", draft)
    assert run.code == 0, run.err
    assert f"Wrote {draft}.\n" in run.out
    text = draft.read_text()
    assert text.startswith("# Draft: template changes from the pilots' lessons")
    assert "- AGENTS.md, section “How to do the work” (template/AGENTS.md.jinja)" in text
    assert "- specs/requirements.md, the requirements' shape (template/specs/" in text
    assert "- CLAUDE.md, the claude adapter (template/CLAUDE.md.jinja)" in text
    assert "v0.3.0 0.67 (2 of 3 done), v0.4.0 0.25 (1 of 4 done)" in text


def test_report_json_files_give_the_same_portfolio(pilots: Path, cli: Cli, tmp_path: Path) -> None:
    files = reports(cli, pilots, tmp_path / "collected")
    from_folders = as_json(cli, pilots)
    from_files = as_json(cli, *files)
    from_folder_of_files = as_json(cli, tmp_path / "collected")

    def without_paths(doc: dict[str, Any]) -> dict[str, Any]:
        for pilot in [*doc["pilots"], *doc["not_started"]]:
            pilot.pop("source")
        for lesson in doc["lessons"]:
            for example in lesson["examples"]:
                example.pop("link")
        return doc

    expected = without_paths(from_folders)
    assert without_paths(from_files) == expected
    assert without_paths(from_folder_of_files) == expected
    run = cli("portfolio", *files)
    assert run.code == 0 and cli("portfolio", pilots).out == run.out


def test_the_same_pilot_twice_is_counted_once(pilots: Path, cli: Cli, tmp_path: Path) -> None:
    files = reports(cli, pilots, tmp_path / "collected")
    older = json.loads(files[1].read_text())
    del older["about"]["repository"]  # as reports wrote it before they named it
    files[1].write_text(json.dumps(older))
    elsewhere = json.loads(files[3].read_text())  # gamma (files in name order)
    elsewhere["about"]["repository"] = "https://example.org/another/repo"
    files[3].write_text(json.dumps(elsewhere))  # a namesake of gamma on another repository
    run = cli(
        "portfolio", pilots, files[0], pilots / "beta", files[1], files[3], "--format", "json"
    )
    assert run.code == 0, run.err
    assert [p["pilot"] for p in json.loads(run.out)["pilots"]] == [
        "alpha",
        "beta",
        "gamma",
        "gamma",
    ]
    assert run.err == (
        f"pilotkit: note: {files[0]}: the same pilot as {pilots / 'alpha'} (alpha); "
        f"counted once, from {pilots / 'alpha'}\n"
        f"pilotkit: note: {files[1]}: the same pilot as {pilots / 'beta'} (beta); "
        f"counted once, from {pilots / 'beta'}\n"
    )


def test_bad_sources_are_one_line_each_and_the_rest_goes_on(
    pilots: Path, cli: Cli, tmp_path: Path
) -> None:
    other = tmp_path / "v2.json"
    other.write_text(json.dumps({"version": 2, "pilot": "x"}))
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    stranger = tmp_path / "package.json"
    stranger.write_text('{"name": "x"}')
    empty = tmp_path / "empty"
    empty.mkdir()
    journal = pilots / "gamma" / "metrics" / "journal.yaml"
    journal.write_text(
        journal.read_text() + "  - {kind: session, date: 2026-11-28, task: T99, minutes: 5}\n"
    )

    nowhere = tmp_path / "nowhere"
    run = cli("portfolio", pilots, other, broken, stranger, empty, nowhere, "--format", "json")

    assert run.code == 1
    lines = run.err.splitlines()
    assert lines[0].startswith(f"pilotkit: error: {pilots / 'gamma'}: metrics/journal.yaml:")
    assert lines[0].endswith("that entry is left out of this pilot's figures")
    assert "T99" in lines[0]
    lines = lines[1:]
    assert lines[0] == (
        f"pilotkit: error: {other}: report JSON version 2 is not one this pilotkit reads (it "
        "reads 1); make the report again with this pilotkit, or upgrade pilotkit"
    )
    assert lines[1].startswith(f"pilotkit: error: {broken}: not a report JSON file (line 1:")
    assert lines[2] == (
        f"pilotkit: error: {stranger}: not a pilot or a report: no `version` and `pilot` "
        "fields; give the output of `pilotkit report --format json`"
    )
    assert lines[3].startswith(f"pilotkit: error: {empty}: no pilot and no report JSON here")
    assert lines[4].startswith(f"pilotkit: error: {nowhere}: no such file")
    assert len(lines) == 5
    assert "Traceback" not in run.err
    doc = json.loads(run.out)
    gamma = next(p for p in doc["pilots"] if p["pilot"] == "gamma")
    assert gamma["journal_problems"] and doc["pooled"]["pilots"] == 3


def test_delivery_rates_are_pooled_from_the_counts(
    history: Path,  # noqa: F811 (the fixture)
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The scripted history of the report's tests (5 merges from 2026-11-28 to 12-10, lead
    times 6, 30, 24, 24 and 7 h, T02 fixed and T03 reverted) and another pilot's report
    with 2 merges in 2 weeks (10 and 20 h, none failed)."""
    monkeypatch.setenv("PILOTKIT_TODAY", UNTIL)
    history.joinpath("metrics", "journal.yaml").write_text(
        "entries:\n  - {kind: session, date: 2026-12-01, task: T01, minutes: 60}\n"
    )
    other = json.loads(cli("report", "--pilot", history, "--format", "json").out)
    other["pilot"], other["about"]["engineer"] = "other", "Cy"
    other["delivery"].update(
        measured=True, merged_changes=2, week_count=2, failed_changes=0,
        changes=[{"lead_time_hours": 10.0}, {"lead_time_hours": 20.0}],
    )  # fmt: skip
    other["baseline"]["delivery"] = {
        **other["delivery"], "merged_changes": 4, "week_count": 2, "failed_changes": 1,
    }  # fmt: skip
    report = tmp_path / "other.json"
    report.write_text(json.dumps(other))

    pooled = as_json(cli, history, report)["pooled"]

    during, before = pooled["delivery"], pooled["baseline"]
    assert (during["pilots"], during["merged_changes"], during["week_count"]) == (2, 7, 5)
    assert during["throughput_per_week"] == pytest.approx(7 / 5)
    assert during["median_lead_time_hours"] == 20.0  # of 6, 7, 10, 20, 24, 24, 30
    assert (during["failed_changes"], during["change_failure_rate"]) == (2, pytest.approx(2 / 7))
    assert before["merged_changes"] >= 4 and before["failed_changes"] >= 1
    run = cli("portfolio", history, report)
    assert "during the pilots: 7 merged changes in 5 weeks (1.40 a week)" in run.out
    assert "change failure rate 29% (2 of 7); 2 pilots measured" in run.out


def test_search_goes_three_levels_down(pilots: Path, cli: Cli, tmp_path: Path) -> None:
    files = reports(cli, pilots, tmp_path / "collected")
    deep = tmp_path / "deep"
    (deep / "a" / "b" / "c").mkdir(parents=True)
    files[0].rename(deep / "a" / "b" / "alpha.json")  # the third level: found
    files[1].rename(deep / "a" / "b" / "c" / "beta.json")  # the fourth: not searched
    (deep / "a" / "notes.json").write_text('{"not": "a report"}')  # met while searching

    run = cli("portfolio", deep, "--format", "json")

    assert run.code == 0 and run.err == ""
    assert [p["pilot"] for p in json.loads(run.out)["pilots"]] == ["alpha"]


def test_since_and_until_keep_the_pilots_that_ran_then(pilots: Path, cli: Cli) -> None:
    # alpha and beta started on 2026-11-28, gamma on 2026-10-30; all reported 2026-11-28
    early = as_json(cli, pilots, "--until", "2026-11-01")
    assert [p["pilot"] for p in early["pilots"]] == ["gamma"]
    assert early["outside_dates"] == 3 and early["pooled"]["done"] == 2
    late = as_json(cli, pilots, "--since", "2026-11-29")
    assert late["pilots"] == [] and late["outside_dates"] == 4
    assert late["pooled"]["ratio"] is None
    run = cli("portfolio", pilots, "--since", "2026-12-01", "--until", "2026-11-01")
    assert run.code == 2
    assert run.err == (
        "pilotkit: error: --since 2026-12-01 is after --until 2026-11-01; give an earlier --since\n"
    )


def test_a_correction_naming_an_mcp_server_points_at_it(
    pilots: Path, cli: Cli, tmp_path: Path
) -> None:
    files = reports(cli, pilots, tmp_path / "collected")
    alpha = json.loads(files[0].read_text())
    alpha["corrections"].append(
        {"date": "2026-11-28", "task": "T02", "agent": "claude-1", "cause": "tool-failure",
         "minutes": 5, "what": "the GitHub MCP server timed out"}
    )  # fmt: skip
    files[0].write_text(json.dumps(alpha))

    lessons = {x["cause"]: x for x in as_json(cli, *files)["lessons"]}

    tool = lessons["tool-failure"]
    assert tool["servers"] == ["github"]
    assert tool["areas"] == [
        "the MCP servers of every client: one list in template/_pilotkit/mcp.jinja, the "
        "servers' entries in template/_pilotkit/catalog.yml"
    ]
    assert tool["examples"][0]["link"] == "alpha, T02"


def test_nothing_is_written_when_one_file_cannot_be(pilots: Path, cli: Cli, tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.mkdir()
    draft = tmp_path / "lessons.md"
    run = cli("portfolio", pilots, "--output", taken, "--lessons-out", draft)
    assert run.code == 2 and len(run.err.splitlines()) == 1, run.err
    assert str(taken) in run.err and "Traceback" not in run.err
    assert not draft.exists()


def test_every_template_file_the_lessons_name_exists() -> None:
    import re

    from pilotkit.portfolio.lessons import ADAPTERS, AREAS

    root = Path(__file__).parents[1]
    named = [p for _, p in ADAPTERS.values()]
    for areas in AREAS.values():
        for area in areas:
            named += re.findall(r"template/[^ ),]+", area)
    assert len(named) > 10
    for path in named:
        assert (root / path).is_file(), path
