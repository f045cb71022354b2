"""The CI answers: the install record read as PEP 610 says, and bad answers refused with
one line at `new` and reported by `check`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pilotkit.ci import requirement, reviewers
from pilotkit.template.questionnaire import Questionnaire
from tests.conftest import REPO_ROOT, Cli

SHA = "4f3c0a1b2c3d4e5f60718293a4b5c6d7e8f90123"
GIT = {"vcs": "git", "commit_id": SHA}


def record(**fields: object) -> str:
    return json.dumps(fields)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, "pilotkit==0.1.0"),
        (
            record(url="https://github.com/org/pilotkit", vcs_info=GIT),
            f"pilotkit @ git+https://github.com/org/pilotkit@{SHA}",
        ),
        (  # a token in the URL never reaches the pilot (PEP 610 says installers drop it)
            record(url="https://x:ghs_secret@github.com/org/pilotkit", vcs_info=GIT),
            f"pilotkit @ git+https://github.com/org/pilotkit@{SHA}",
        ),
        (
            record(url="ssh://git@github.com/org/pilotkit.git", vcs_info=GIT),
            f"pilotkit @ git+ssh://git@github.com/org/pilotkit.git@{SHA}",
        ),
        (
            record(url="https://git.example/mono", vcs_info=GIT, subdirectory="tools/pilotkit"),
            f"pilotkit @ git+https://git.example/mono@{SHA}#subdirectory=tools/pilotkit",
        ),
        (
            record(url="https://files.example/pilotkit-0.1.0-py3-none-any.whl", archive_info={}),
            "pilotkit @ https://files.example/pilotkit-0.1.0-py3-none-any.whl",
        ),
        (record(url="file:///home/dana/pilotkit-0.1.0.whl", archive_info={}), ""),
        (record(url="file:///home/dana/src/pilotkit", dir_info={"editable": True}), ""),
        (record(url="file:///home/dana/src/pilotkit", dir_info={}), ""),
    ],
)
def test_the_install_record_gives_the_requirement(text: str | None, expected: str) -> None:
    origin = requirement.from_record(text, "0.1.0")
    assert origin.requirement == expected
    assert "ghs_secret" not in origin.how
    if expected == "":
        assert "/home/dana/" in origin.how  # says which local install it is


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{not json", "is not valid JSON"),
        ("[]", "has no `url`"),
        (record(url="https://x/y", vcs_info={"vcs": "git"}), "without `vcs` and `commit_id`"),
        (record(url="https://x/y"), "has none of `vcs_info`, `archive_info` or `dir_info`"),
    ],
)
def test_a_malformed_record_names_the_file_and_the_fix(text: str, problem: str) -> None:
    with pytest.raises(requirement.RecordError) as caught:
        requirement.from_record(text, "0.1.0", "/venv/pilotkit.dist-info/direct_url.json")
    message = str(caught.value)
    assert message.startswith(
        "pilotkit_requirement: cannot tell how this pilotkit was installed: "
        "/venv/pilotkit.dist-info/direct_url.json "
    )
    assert problem in message
    assert message.endswith(
        "give the requirement CI installs with --data "
        "pilotkit_requirement='pilotkit @ git+https://github.com/ORG/pilotkit@COMMIT'"
    )


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        ("pilotkit==0.1.0", None),
        (" pilotkit>=0.1,<1 ", None),
        (f"pilotkit @ git+https://github.com/org/pilotkit@{SHA}", None),
        ("", "unset"),
        ("pilotkit @ file:///home/dana/pilotkit", "local"),
        (f"pilotkit @ git+file:///home/dana/pilotkit@{SHA}", "local"),
        ("pilotkit @", "invalid"),
        ("requests==2.0", "invalid"),
        (["pilotkit"], "invalid"),
    ],
)
def test_answers_ci_cannot_install_are_told_apart(answer: object, kind: str | None) -> None:
    found = requirement.problem(answer)
    assert (found.kind if found else None) == kind


REPO = "git+https://github.com/org/pilotkit"
NEWER = "9" * 40


@pytest.mark.parametrize(
    ("recorded", "running", "expected"),
    [
        # What pilotkit itself wrote moves with the pilotkit that updates the pilot.
        ("", f"pilotkit @ {REPO}@{NEWER}", f"pilotkit @ {REPO}@{NEWER}"),
        (f"pilotkit @ {REPO}@{SHA}", f"pilotkit @ {REPO}@{NEWER}", f"pilotkit @ {REPO}@{NEWER}"),
        (
            f"pilotkit @ {REPO}@{SHA[:7]}",
            f"pilotkit @ {REPO}@{NEWER}",
            f"pilotkit @ {REPO}@{NEWER}",
        ),
        ("pilotkit==0.1.0", "pilotkit==0.2.0", "pilotkit==0.2.0"),
        ("", "pilotkit==0.2.0", "pilotkit==0.2.0"),
        # A person's choice stays: a range, a tag, a branch, a fork, an index for a git pin.
        ("pilotkit>=0.1,<1", "pilotkit==0.2.0", None),
        (f"pilotkit @ {REPO}@v0.1.0", f"pilotkit @ {REPO}@{NEWER}", None),
        (f"pilotkit @ {REPO}", f"pilotkit @ {REPO}@{NEWER}", None),
        (
            f"pilotkit @ git+https://github.com/fork/pilotkit@{SHA}",
            f"pilotkit @ {REPO}@{NEWER}",
            None,
        ),
        (f"pilotkit @ {REPO}@{SHA}", "pilotkit==0.2.0", None),
        ("pilotkit==0.1.0", f"pilotkit @ {REPO}@{NEWER}", None),
        ("pilotkit[extra]==0.1.0", "pilotkit==0.2.0", None),
        ("pilotkit @", "pilotkit==0.2.0", None),  # check reports it; an update keeps it
        (["pilotkit"], "pilotkit==0.2.0", None),
        # A running pilotkit CI cannot install changes nothing.
        ("pilotkit==0.1.0", "", None),
        ("", "", None),
    ],
)
def test_an_update_moves_only_the_requirement_pilotkit_wrote(
    recorded: object, running: str, expected: str | None
) -> None:
    origin = requirement.Origin(running, "an install for the test")
    assert requirement.refreshed(recorded, origin) == expected


def test_new_refuses_a_requirement_pip_would_not_read(cli: Cli, tmp_path: Path) -> None:
    run = cli("new", tmp_path / "p", "--defaults", "--data", "pilotkit_requirement=pilotkit @")
    assert run.code == 2
    assert run.err.startswith(
        "pilotkit: error: --data pilotkit_requirement: pilotkit_requirement: `pilotkit @` is "
        "not a valid requirement (PEP 508): "
    )
    assert run.err.count("\n") == 1
    assert not (tmp_path / "p").exists()
    other = cli("new", tmp_path / "p", "--defaults", "--data", "pilotkit_requirement=requests")
    assert other.err == (
        "pilotkit: error: --data pilotkit_requirement: pilotkit_requirement: `requests` "
        "installs requests, not pilotkit\n"
    )


def test_new_refuses_reviewers_that_are_not_github_names(cli: Cli, tmp_path: Path) -> None:
    run = cli("new", tmp_path / "p", "--defaults", "--data", "reviewers=@dana-lee dana@example.com")
    assert run.code == 2
    assert run.err == (
        "pilotkit: error: --data reviewers: reviewers: `dana@example.com` is not a GitHub @user "
        "or @org/team; give names such as @dana-lee @example-org/pilot-leads\n"
    )
    assert not (tmp_path / "p").exists()


@pytest.mark.parametrize(
    "answer",
    [
        "",
        "@dana-lee",
        "@dana-lee @example-org/pilot-leads",
        "@a,@b",
        "dana-lee",
        "@-dana",
        "@dana--lee",
        "@org/",
        "@org/team/extra",
        "@" + "a" * 39,
        "@" + "a" * 40,
        "@example-org/pilot_leads",
    ],
)
def test_the_template_and_check_agree_on_reviewers(answer: str) -> None:
    questions = Questionnaire(REPO_ROOT)
    question = questions.question("reviewers")
    assert question is not None
    in_template = questions.problem(question, answer, questions.context({}))
    assert bool(in_template) == bool(reviewers.problem(answer)), (in_template, answer)


def test_check_reports_every_bad_ci_answer_at_its_line(cli: Cli, tmp_path: Path) -> None:
    from tests.checkpilot import INDEX_REQUIREMENT

    pilot = tmp_path / "pilot"
    assert cli("new", pilot, "--defaults", "--data", INDEX_REQUIREMENT).code == 0
    answers = pilot / ".copier-answers.yml"
    text = answers.read_text()
    text = text.replace("reviewers: ''", "reviewers: '@dana-lee, dana'")
    text = text.replace("pilotkit_requirement: pilotkit==0.1.0", "pilotkit_requirement: pilotkit=")
    answers.write_text(text)
    lines = text.splitlines()

    run = cli("check", pilot)

    assert run.code == 1
    line = lines.index("pilotkit_requirement: pilotkit=") + 1
    assert (
        f".copier-answers.yml:{line}: PK-C002 error: pilotkit_requirement: `pilotkit=` is not "
        "a valid requirement (PEP 508)"
    ) in run.out
    line = lines.index("reviewers: '@dana-lee, dana'") + 1
    assert (
        f".copier-answers.yml:{line}: PK-C003 error: reviewers: `dana` is not a GitHub @user "
        "or @org/team"
    ) in run.out
