"""copier.yml read and evaluated without copier, the way copier does it."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from pilotkit import interview
from pilotkit.errors import PilotkitError
from pilotkit.template.checkout import checkout, newest_release
from pilotkit.template.questionnaire import NO_DEFAULT, Questionnaire, cast, to_bool
from pilotkit.yaml import YamlError, load_copier_config
from tests.conftest import REPO_ROOT, TODAY, Cli
from tests.person import Person
from tests.test_interview import Terminal
from tests.test_new import make_template


@pytest.fixture(scope="module")
def questions() -> Questionnaire:
    return Questionnaire(REPO_ROOT)


def test_copier_yml_reads_as_copier_reads_it() -> None:
    from copier._template import load_template_config  # copier's own reader, for comparison

    ours = load_copier_config(REPO_ROOT / "copier.yml")
    theirs = load_template_config(REPO_ROOT / "copier.yml")
    assert {k: v for k, v in ours.items() if not k.startswith("_")} == {
        k: v for k, v in theirs.items() if not k.startswith("_")
    }
    assert list(ours)[:2] == ["mcp_catalog", "agent_catalog"]  # the include comes first


def test_an_include_outside_the_template_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "tpl"
    root.mkdir()
    (tmp_path / "outside.yml").write_text("secret: 1\n")
    (root / "copier.yml").write_text("--- !include ../outside.yml\n---\nname: x\n")
    with pytest.raises(YamlError, match="leaves"):
        load_copier_config(root / "copier.yml")


def test_the_worked_example_passes_every_validator(questions: Questionnaire) -> None:
    answers: dict[str, Any] = {}
    for question in questions.questions:
        if questions.is_computed(question):
            continue
        context = questions.context(answers)
        value = questions.default(question, context)
        assert value is not NO_DEFAULT, question.name
        assert questions.problem(question, value, context) == "", question.name
        answers[question.name] = value


def test_computed_values_follow_the_answers(questions: Questionnaire) -> None:
    context = questions.context({"mcp_servers": ["git"], "custom_mcp_servers": []})
    assert [s["name"] for s in context["mcp_selected"]] == ["git"]
    assert "mcp_selected" not in questions.context({})  # it needs answers not given yet


def test_when_hides_a_question(questions: Questionnaire) -> None:
    url = questions.question("atlassian_url")
    assert url is not None
    assert not questions.is_asked(url, questions.context({"mcp_servers": ["git"]}))
    assert questions.is_asked(url, questions.context({"mcp_servers": ["atlassian"]}))


def test_templated_choices_come_from_the_catalog(questions: Questionnaire) -> None:
    agents = questions.question("agents")
    assert agents is not None
    choices = questions.choices(agents, questions.context({}))
    assert (choices[0].label, choices[0].value) == ("Claude Code", "claude")
    assert questions.parse(agents, "[codex, claude, nope]", questions.context({})) == [
        "claude",
        "codex",
    ]


def test_a_rendered_default_takes_the_day_from_pilotkits_clock(
    questions: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    date = questions.question("estimate_date")
    assert date is not None
    assert questions.default(date, {}) == TODAY  # pinned for every test
    monkeypatch.delenv("PILOTKIT_TODAY")
    system = subprocess.run(["date", "+%Y-%m-%d"], capture_output=True, text=True, check=True)
    assert questions.default(date, {}) == system.stdout.strip()


@pytest.mark.parametrize(
    ("kind", "text", "value"),
    [
        ("int", " 3 ", 3),
        ("float", "2.5", 2.5),
        ("float", 4, 4.0),
        ("str", 4, "4"),
        ("yaml", "[a, b]", ["a", "b"]),
        ("yaml", "", None),
        ("json", '{"a": 1}', {"a": 1}),
        ("bool", "no", False),
    ],
)
def test_cast_as_copier_casts(kind: str, text: Any, value: Any) -> None:
    assert cast(kind, text) == value


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("int", "three", "give a whole number"),
        ("float", "a week", "give a number"),
        ("yaml", "[unclosed", "invalid YAML"),
        ("json", "{", "invalid JSON"),
        ("int", None, "give a value of type int"),
    ],
)
def test_cast_says_what_is_wrong(kind: str, text: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        cast(kind, text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("yes", True), ("Off", False), ("0", False), ("2", True), ("", False), (None, False)],
)
def test_to_bool(value: Any, expected: bool) -> None:
    assert to_bool(value) is expected


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("pilot_name", "Not A Slug"),
        ("hand_days", "0"),
        ("parallel_tasks", "9"),
        ("token_budget_usd", "-1"),
    ],
)
def test_the_interview_refuses_what_copier_refuses_with_the_same_words(
    cli: Cli, tmp_path: Path, questions: Questionnaire, key: str, value: str
) -> None:
    question = questions.question(key)
    assert question is not None
    context = questions.context({"planned_tasks": 6})
    ours = questions.problem(question, questions.parse(question, value, context), context)
    assert ours

    run = cli("new", tmp_path / "p", "--defaults", "--data", f"{key}={value}")

    assert run.code == 2
    assert run.err.strip().endswith(f"--data {key}: {key}: {ours}")


# ---------------------------------------------------------------- which files are read
def tag(root: Path, version: str) -> None:
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", version], cwd=root, check=True)
    subprocess.run(["git", "tag", version], cwd=root, check=True)


def versioned_template(root: Path) -> Path:
    """A template with a question whose help names its version: v1, v2, a v3 pre-release."""
    make_template(root)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    for version in ("v1.0.0", "v2.0.0", "v3.0.0rc1"):
        (root / "copier.yml").write_text(
            f"name:\n  type: str\n  help: Your name ({version})\n  default: world\n"
        )
        tag(root, version)
    (root / "copier.yml").write_text("name:\n  type: str\n  help: Your name (uncommitted)\n")
    return root


def test_a_plain_directory_is_read_in_place(tmp_path: Path) -> None:
    root = make_template(tmp_path / "tpl")
    with checkout(str(root), None) as files:
        assert files.root == root and files.ref is None


def test_a_git_template_is_read_at_the_release_copier_renders(tmp_path: Path) -> None:
    root = versioned_template(tmp_path / "tpl")
    assert newest_release(root) == "v2.0.0"
    with checkout(str(root), None) as files:
        assert files.ref == "v2.0.0"
        assert "(v2.0.0)" in (files.root / "copier.yml").read_text()
    with checkout(str(root), "v1.0.0") as files:
        assert "(v1.0.0)" in (files.root / "copier.yml").read_text()
    with checkout(str(root), "HEAD") as files:
        assert "(uncommitted)" in (files.root / "copier.yml").read_text()


def test_a_bundle_is_read_at_its_newest_release(tmp_path: Path) -> None:
    root = versioned_template(tmp_path / "tpl")
    bundle = tmp_path / "tpl.bundle"
    subprocess.run(["git", "bundle", "create", "-q", str(bundle), "--all"], cwd=root, check=True)
    with checkout(str(bundle), None) as files:
        assert files.ref == "v2.0.0"
        clone = files.root
        assert "(v2.0.0)" in (clone / "copier.yml").read_text()
    assert not clone.exists()


def test_a_template_that_cannot_be_read_says_how_to_go_on(tmp_path: Path) -> None:
    with (
        pytest.raises(PilotkitError, match="--answers FILE or --defaults"),
        checkout(str(tmp_path / "missing.bundle"), None),
    ):
        pass


def test_the_interview_asks_the_questions_of_the_version_it_renders(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = versioned_template(tmp_path / "tpl")
    monkeypatch.setattr("sys.stdin", Terminal())
    person = Person([("Your name (v2.0.0)", "lead"), ("Create the pilot in", interview.CREATE)])
    person.install(monkeypatch)

    run = cli("new", tmp_path / "pilot", "--template", root)

    assert run.code == 0, run.err
    person.done()
    assert (tmp_path / "pilot" / "hello.txt").read_text() == "Hello lead\n"
    assert "(template v2.0.0)" in run.out
