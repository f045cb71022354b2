"""The suitability verdict: each check, the documented thresholds, and PILOT.md agreeing."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from pilotkit.template import suitability
from pilotkit.template.questionnaire import Questionnaire
from tests.conftest import REPO_ROOT, Cli

GOOD = {
    "hand_days": 4.0,
    "planned_tasks": 6,
    "parallel_tasks": 3,
    "end_point": "Export 5,000 invoices in under 60 seconds.",
    "engineer_can_build": True,
}
PAGE = REPO_ROOT / "docs" / "reference" / "suitability.md"


@pytest.fixture(scope="module")
def questions() -> Questionnaire:
    return Questionnaire(REPO_ROOT)


def test_every_check_passing_is_a_good_candidate(questions: Questionnaire) -> None:
    assert suitability.verdict(questions, GOOD) == suitability.Verdict(good=True, reasons=())


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"hand_days": 2.5}, "Too small: 2.5 working days by hand."),
        ({"planned_tasks": 2, "parallel_tasks": 2}, "Too few tasks: 2 well-defined tasks."),
        ({"parallel_tasks": 1}, "Too entangled: 1 task can run at a time."),
        ({"end_point": "  "}, "No measurable end point: none was given."),
        ({"end_point": "It works."}, "No measurable end point: only 9 characters."),
        ({"engineer_can_build": False}, "Cannot supervise: the engineer could not build"),
    ],
)
def test_each_failed_check_makes_a_poor_candidate_with_its_reason(
    questions: Questionnaire, change: dict[str, Any], reason: str
) -> None:
    verdict = suitability.verdict(questions, {**GOOD, **change})
    assert verdict is not None and not verdict.good
    assert len(verdict.reasons) == 1
    assert verdict.reasons[0].startswith(reason), verdict.reasons[0]


def test_every_failed_check_is_reported_at_once(questions: Questionnaire) -> None:
    poor = {
        "hand_days": 1,
        "planned_tasks": 1,
        "parallel_tasks": 1,
        "end_point": "",
        "engineer_can_build": False,
    }
    verdict = suitability.verdict(questions, poor)
    assert verdict is not None
    assert [r.split(":")[0] for r in verdict.reasons] == [
        "Too small",
        "Too few tasks",
        "Too entangled",
        "No measurable end point",
        "Cannot supervise",
    ]


def test_a_template_without_the_macros_has_no_verdict(tmp_path: Path) -> None:
    (tmp_path / "copier.yml").write_text("name: world\n")
    questions = Questionnaire(tmp_path)
    assert suitability.inputs(questions) == ()
    assert suitability.verdict(questions, {}) is None


def documented() -> dict[str, tuple[str, str]]:
    """question -> (passes when, reason name), from the reference page's table."""
    rows = re.findall(
        r"^\| `([a-z_]+)` \| ([^|]+) \| \*\*([^*]+)\*\*", PAGE.read_text(), flags=re.MULTILINE
    )
    return {question: (rule.strip(), reason) for question, rule, reason in rows}


def test_the_documented_checks_are_the_macros_inputs(questions: Questionnaire) -> None:
    assert list(documented()) == list(suitability.inputs(questions))


def test_the_documented_thresholds_are_the_ones_the_code_uses(questions: Questionnaire) -> None:
    assert set(suitability.thresholds(questions).values()) == {
        int(m) for rule, _ in documented().values() for m in re.findall(r"\d+", rule)
    }
    for question, (rule, reason) in documented().items():
        passing: dict[str, object]
        failing: dict[str, object]
        if rule == "yes":
            passing, failing = {question: True}, {question: False}
        else:
            least = int(re.search(r"at least (\d+)", rule).group(1))  # type: ignore[union-attr]
            if question == "end_point":
                passing, failing = {question: "x" * least}, {question: "x" * (least - 1)}
            elif question == "hand_days":
                passing, failing = {question: float(least)}, {question: least - 0.5}
            else:
                passing, failing = {question: least}, {question: least - 1}
        at = suitability.verdict(questions, {**GOOD, **passing})
        below = suitability.verdict(questions, {**GOOD, **failing})
        assert at is not None and at.good, (question, at)
        assert below is not None and [r.split(":")[0] for r in below.reasons] == [reason]


def test_pilot_md_carries_the_same_verdict(
    cli: Cli, tmp_path: Path, questions: Questionnaire
) -> None:
    dest = tmp_path / "pilot"
    run = cli("new", dest, "--defaults", "--data", "hand_days=2", "--data", "parallel_tasks=1")
    assert run.code == 0, run.err

    page = " ".join((dest / "PILOT.md").read_text().replace("**", "").split())
    verdict = suitability.verdict(questions, {**GOOD, "hand_days": 2.0, "parallel_tasks": 1})
    assert verdict is not None
    assert "Verdict: poor candidate." in page
    for reason in verdict.reasons:
        assert reason in page
