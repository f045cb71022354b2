"""`backlog candidates`: of two epics, the one that fits the pilot mold, and why the other
does not, in the words of `new`'s suitability verdict."""

from __future__ import annotations

import json

from pilotkit.commands.new import resolve_template
from pilotkit.template import suitability
from pilotkit.template.checkout import checkout
from pilotkit.template.questionnaire import Questionnaire
from tests.backlog.helpers import fixture
from tests.conftest import Cli

REFS = ("--reference", "SHOP-3,SHOP-4,SHOP-5")


def test_the_epic_that_fits_is_picked_and_the_other_is_told_why(cli: Cli) -> None:
    run = cli("backlog", "candidates", fixture("jira.csv"), *REFS)
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0] == "SHOP-1: Invoice export for accountants — good candidate"
    assert lines[1] == (
        "  6 children, 5 ready (SHOP-3, SHOP-4, SHOP-5, SHOP-6, SHOP-7); "
        "4 can run at once (SHOP-3, SHOP-4, SHOP-6, SHOP-7)"
    )
    poor = lines.index("SHOP-2: Make the dashboard better — poor candidate")
    assert lines[poor + 3 : poor + 7] == [
        "  - Too small: 0.75 working days by hand. Below 3 days the set-up and supervision "
        "cost more than parallel agents can save.",
        "  - Too few tasks: 0 well-defined tasks. A pilot needs at least 3 to hand out to "
        "several agents.",
        "  - Too entangled: 0 tasks can run at a time. With fewer than 2 the agents wait on "
        "each other instead of working in parallel.",
        "  - No measurable end point: none was given. Write at least 20 characters that say "
        "how you will know the feature is done.",
    ]


def test_the_verdict_is_new_s_own_for_the_same_answers(cli: Cli) -> None:
    run = cli("backlog", "candidates", fixture("linear.csv"), *REFS, "--format", "json")
    found = {c["key"]: c for c in json.loads(run.out)["candidates"]}
    src, ref = resolve_template(None, None)
    with checkout(src, ref) as files:
        questions = Questionnaire(files.root, files.ref)
        for key in ("SHOP-1", "SHOP-2"):
            verdict = suitability.verdict(questions, found[key]["answers"])
            assert verdict is not None
            assert (verdict.good, list(verdict.reasons)) == (
                found[key]["good"],
                found[key]["reasons"],
            )
    assert found["SHOP-1"]["good"] and not found["SHOP-2"]["good"]


def test_a_milestone_takes_its_end_point_from_its_description(cli: Cli) -> None:
    run = cli(
        "backlog", "candidates", fixture("github.json"), "--reference", "3,4,5", "--format", "json"
    )
    found = {c["key"]: c for c in json.loads(run.out)["candidates"]}
    export = found["Invoice export for accountants"]
    assert export["answers"]["end_point"].startswith("- An accountant downloads one month")
    # gh issues carry no estimates: the verdict says the effort is unknown as too small.
    assert export["reasons"][0].startswith("Too small: 0 working days by hand.")
