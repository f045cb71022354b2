"""`backlog score` and `explain` on the hand-made exports: references on top, poor tickets
below every one of them, the lines that cost each its score, and the same bytes whatever
the order of the rows."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import pytest

from tests.backlog.corpus import REFERENCES
from tests.backlog.helpers import EXPORTS, fixture, keys, poor, references
from tests.conftest import Cli


def scores(cli: Cli, name: str, *extra: str) -> dict[str, dict[str, Any]]:
    run = cli(
        "backlog",
        "score",
        fixture(name),
        "--reference",
        references(name),
        "--format",
        "json",
        *extra,
    )
    assert run.code == 0, run.err
    return {t["key"]: t for t in json.loads(run.out)["tickets"]}


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_every_poor_ticket_ranks_below_every_reference(cli: Cli, name: str) -> None:
    found = scores(cli, name)
    lowest_reference = min(int(found[key]["score"]) for key in keys(name, REFERENCES))
    for key in poor(name):
        assert int(found[key]["score"]) < lowest_reference, key
        assert found[key]["verdict"] == "not ready", key


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_explain_shows_the_lines_that_cost_each_poor_ticket(cli: Cli, name: str) -> None:
    for key in poor(name):
        run = cli(
            "backlog", "explain", key, "--from", fixture(name), "--reference", references(name)
        )
        assert run.code == 0, run.err
        costs = re.findall(rf"^  - {re.escape(str(fixture(name)))}:(\d+): ", run.out, re.MULTILINE)
        assert costs, f"{key}: no evidence line against it\n{run.out}"
        assert "fix: add an `Acceptance criteria` section" in run.out


def test_explain_names_the_exact_line_and_words(cli: Cli) -> None:
    run = cli(
        "backlog",
        "explain",
        "SHOP-13",
        "--from",
        fixture("jira.csv"),
        "--reference",
        references("jira.csv"),
    )
    line = (
        fixture("jira.csv")
        .read_bytes()
        .decode("utf-8-sig")
        .split("\r\n")
        .index('Should we cache? ???",,,,,,10002,Make the dashboard better')
        + 1
    )
    assert f"  - {fixture('jira.csv')}:{line - 1}: vague term: fast\n" in run.out
    assert f"  - {fixture('jira.csv')}:{line}: marker: ???\n" in run.out
    assert "score 14, not ready; like SHOP-" in run.out


def test_the_json_report(cli: Cli) -> None:
    run = cli(
        "backlog",
        "score",
        fixture("jira.csv"),
        "--reference",
        "SHOP-3,SHOP-4,SHOP-5",
        "--format",
        "json",
    )
    data = json.loads(run.out)
    assert data["version"] == 1
    assert data["calibration"]["references"] == ["SHOP-3", "SHOP-4", "SHOP-5"]
    assert data["calibration"]["targets"]["PK-Q001"] == 4
    first = data["tickets"][0]
    assert set(first) >= {"key", "title", "score", "verdict", "signals", "nearest_reference"}
    assert [s["id"] for s in first["signals"]] == [f"PK-Q00{n}" for n in range(1, 9)]
    assert set(first["signals"][0]) >= {"id", "value", "score", "evidence", "fix"}
    ranked = [t["score"] for t in data["tickets"]]
    assert ranked == sorted(ranked)  # worst first


def test_negatives_say_whether_the_references_separate(cli: Cli) -> None:
    run = cli(
        "backlog", "score", fixture("jira.csv"), "--reference", "SHOP-3,SHOP-4,SHOP-5",
        "--negative", "SHOP-14", "--negative", "SHOP-16",
    )  # fmt: skip
    assert run.code == 0
    assert re.search(
        r"^The references separate from the known-poor tickets: lowest reference \d+ > "
        r"highest negative \d+; by acceptance criteria, measurable criteria",
        run.out,
        re.MULTILINE,
    )


def test_fail_under_is_a_gate(cli: Cli) -> None:
    gate = ("backlog", "score", fixture("jira.csv"), "--reference", "SHOP-3,SHOP-4,SHOP-5")
    failing = cli(*gate, "--fail-under", "50", "--status", "To Do")
    assert failing.code == 1
    assert re.fullmatch(r"pilotkit: 10 ticket\(s\) score below 50: SHOP-\d+, .*\n", failing.err)
    passing = cli(*gate, "--fail-under", "50", "--type", "Story", "--status", "Done")
    assert passing.code == 0, passing.out
    assert cli(*gate, "--fail-under", "101").code == 2


def _shuffled_csv(source: Path, dest: Path, seed: int) -> None:
    import csv
    import io

    text = source.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    body = rows[1:]
    random.Random(seed).shuffle(body)  # noqa: S311 - a repeatable order, not a secret
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([rows[0], *body])
    dest.write_bytes(("\ufeff" + out.getvalue()).encode())


def _shuffled_json(source: Path, dest: Path, seed: int) -> None:
    issues = json.loads(source.read_text())
    random.Random(seed).shuffle(issues)  # noqa: S311 - a repeatable order, not a secret
    dest.write_text(json.dumps(issues, ensure_ascii=False))


@pytest.mark.parametrize("fmt", ["text", "md", "csv", "json"])
def test_the_report_is_the_same_bytes_whatever_the_row_order(
    cli: Cli, tmp_path: Path, fmt: str
) -> None:
    for name, shuffle in (("jira.csv", _shuffled_csv), ("github.json", _shuffled_json)):
        outputs = set()
        for seed in (1, 2, 3):
            export = tmp_path / f"{seed}" / name
            export.parent.mkdir(exist_ok=True)
            shuffle(fixture(name), export, seed)
            run = cli(
                "backlog",
                "score",
                export,
                "--reference",
                references(name),
                "--format",
                fmt,
                "--negative",
                poor(name)[0],
            )
            assert run.code == 0, run.err
            text = run.out.replace(str(export), "EXPORT")
            if fmt == "json":  # evidence names the rows' lines, which moved with the rows
                text = re.sub(r'"(line|source)": [^,\n]+', r'"\1": _', text)
            outputs.add(text)
        assert len(outputs) == 1, name


def test_output_file_and_markdown(cli: Cli, tmp_path: Path) -> None:
    report = tmp_path / "readiness.md"
    run = cli(
        "backlog",
        "score",
        fixture("tickets.md"),
        "--reference",
        "SHOP-3,SHOP-4,SHOP-5",
        "--format",
        "md",
        "--output",
        report,
    )
    assert run.code == 0 and run.out == f"Wrote {report}.\n"
    text = report.read_text()
    assert text.startswith(
        "# Backlog readiness\n\nCalibrated on 3 reference tickets (SHOP-3, SHOP-4, SHOP-5)"
    )
    assert "| SHOP-16 | " in text and text.endswith(".\n")


def test_without_references_the_defaults_stand(cli: Cli) -> None:
    run = cli("backlog", "score", fixture("github.json"))
    assert run.code == 0
    assert run.out.startswith(
        "Not calibrated (no --reference): default targets: acceptance criteria 3,"
    )


def test_csv_and_explain_json(cli: Cli) -> None:
    run = cli("backlog", "score", fixture("gitlab.csv"), "--reference", "3,4,5", "--format", "csv")
    lines = run.out.splitlines()
    assert lines[0] == "key,title,score,verdict,nearest_reference,top_fix"
    assert lines[-1] == "#5,Export endpoint for one month of invoices,100,ready,#3,"
    one = cli(
        "backlog",
        "explain",
        "5",
        "--from",
        fixture("github.json"),
        "--reference",
        "#3,#4",
        "--format",
        "json",
    )
    data = json.loads(one.out)
    assert (data["version"], data["key"], data["verdict"]) == (1, "#5", "ready")
    assert data["source"] == f"{fixture('github.json')}:1"
