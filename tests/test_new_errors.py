"""`pilotkit new` on bad input: one line, the documented exit code, nothing written."""

from __future__ import annotations

import io
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, Cli, python_command
from tests.test_new import make_template


def listing(path: Path) -> list[str]:
    """Everything under PATH, so a test can prove nothing was added or removed."""
    return sorted(p.relative_to(path).as_posix() for p in path.rglob("*"))


def assert_one_line_error(err: str, *needles: str) -> None:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("pilotkit: error: ")
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_destination_not_empty(cli: Cli, tmp_path: Path) -> None:
    dest = tmp_path / "pilot"
    dest.mkdir()
    (dest / "notes.md").write_text("mine\n")
    before = listing(tmp_path)

    run = cli("new", dest, "--defaults")

    assert run.code == 2
    assert_one_line_error(run.err, str(dest), "not empty")
    assert listing(tmp_path) == before
    assert (dest / "notes.md").read_text() == "mine\n"


def test_destination_is_a_file(cli: Cli, tmp_path: Path) -> None:
    dest = tmp_path / "pilot"
    dest.write_text("x")
    run = cli("new", dest, "--defaults")
    assert run.code == 2
    assert_one_line_error(run.err, "not a directory")
    assert dest.read_text() == "x"


@pytest.mark.parametrize(
    ("content", "needles"),
    [
        ("pilot_name: [unclosed\n", ["answers.yml:1", "invalid YAML"]),
        ("pilot_name: ok\n  bad: indent\n", ["answers.yml:2", "invalid YAML"]),
        ("- a list\n- not a mapping\n", ["answers.yml:1", "mapping"]),
    ],
)
def test_invalid_answers_yaml(cli: Cli, tmp_path: Path, content: str, needles: list[str]) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_text(content)
    before = listing(tmp_path)

    run = cli("new", tmp_path / "pilot", "--answers", answers)

    assert run.code == 2
    assert_one_line_error(run.err, *needles)
    assert listing(tmp_path) == before


def test_answers_file_missing(cli: Cli, tmp_path: Path) -> None:
    run = cli("new", tmp_path / "pilot", "--answers", tmp_path / "nope.yml")
    assert run.code == 2
    assert_one_line_error(run.err, "nope.yml", "no such file")
    assert not (tmp_path / "pilot").exists()


def test_answers_file_not_utf8(cli: Cli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_bytes(b"pilot_name: ok\nengineer: \xff\xfe\n")
    run = cli("new", tmp_path / "pilot", "--answers", answers)
    assert run.code == 2
    assert_one_line_error(run.err, "answers.yml:2", "UTF-8")


def test_answers_path_is_a_directory(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "answers.yml").mkdir()
    run = cli("new", tmp_path / "pilot", "--answers", tmp_path / "answers.yml")
    assert run.code == 2
    assert_one_line_error(run.err, "answers.yml", "is a directory")
    assert not (tmp_path / "pilot").exists()


def test_invalid_slug_names_the_line(cli: Cli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_text("engineer: Kim\npilot_name: Not A Slug\n")
    before = listing(tmp_path)

    run = cli("new", tmp_path / "pilot", "--answers", answers)

    assert run.code == 2
    assert_one_line_error(run.err, "answers.yml:2", "pilot_name", "lowercase letters")
    assert listing(tmp_path) == before


def test_invalid_slug_from_data(cli: Cli, tmp_path: Path) -> None:
    run = cli("new", tmp_path / "pilot", "--data", "pilot_name=../escape")
    assert run.code == 2
    assert_one_line_error(run.err, "--data pilot_name", "lowercase letters")
    assert listing(tmp_path) == ["home"] + [p for p in listing(tmp_path) if p.startswith("home/")]


def test_wrong_type_names_the_question(cli: Cli, tmp_path: Path) -> None:
    run = cli("new", tmp_path / "pilot", "--data", "hand_days=lots")
    assert run.code == 2
    assert_one_line_error(run.err, "--data hand_days", "lots")
    assert not (tmp_path / "pilot").exists()


DAYS = "give a positive number of days, at most 1000"
BUDGET = "give a positive budget, at most 1000000"
NUMBERS = {
    "hand_days=nan": DAYS,
    "hand_days=inf": DAYS,
    "hand_days=-inf": DAYS,
    "hand_days=0": DAYS,
    "hand_days=-0.5": DAYS,
    "hand_days=1e400": DAYS,
    "hand_days=1001": DAYS,
    f"hand_days={'9' * 400}": DAYS,
    "planned_tasks=-1": "give at least one task",
    "planned_tasks=0": "give at least one task",
    "planned_tasks=1000": "give at most 999 tasks (task ids run from T01 to T999)",
    f"planned_tasks={'9' * 400}": "give at most 999 tasks (task ids run from T01 to T999)",
    f"planned_tasks={'9' * 5000}": "has thousands of digits; give a whole number of sensible size",
    "parallel_tasks=-1": "give at least one task",
    f"parallel_tasks={'9' * 400}": "give at most 999 tasks",
    "token_budget_usd=nan": BUDGET,
    "token_budget_usd=inf": BUDGET,
    "token_budget_usd=0": BUDGET,
    "token_budget_usd=1e7": BUDGET,
}


@pytest.mark.parametrize("data", sorted(NUMBERS), ids=lambda data: data[:30])
def test_a_number_out_of_range_is_refused(cli: Cli, tmp_path: Path, data: str) -> None:
    before = listing(tmp_path)

    run = cli("new", tmp_path / "pilot", "--defaults", "--data", data)

    assert run.code == 2
    key = data.partition("=")[0]
    assert run.err == f"pilotkit: error: --data {key}: {key}: {NUMBERS[data]}\n"
    assert listing(tmp_path) == before


@pytest.mark.parametrize("hours", [".nan", ".inf", "-.inf", "0", "1001"])
def test_a_task_estimate_out_of_range_is_refused(cli: Cli, tmp_path: Path, hours: str) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_text(
        "tasks:\n"
        "  - id: T01\n"
        "    title: One\n"
        "    depends_on: []\n"
        "    requirements: [R1]\n"
        "    files: [src/one.py]\n"
        f"    estimate_hours: {hours}\n"
    )
    before = listing(tmp_path)

    run = cli("new", tmp_path / "pilot", "--defaults", "--answers", answers)

    assert run.code == 2
    assert run.err == (
        f"pilotkit: error: {answers}:1: tasks: "
        "T01 needs estimate_hours, a positive number of at most 1000\n"
    )
    assert listing(tmp_path) == before


def test_plain_copier_refuses_nan_too(tmp_path: Path) -> None:
    # copier gives `--data` as text, casts it to the question's type, then validates: a
    # validator that tests `hand_days <= 0` lets nan through, as nan compares false.
    run = subprocess.run(
        [
            *(sys.executable, "-m", "copier", "copy", "--quiet", "--defaults", "--vcs-ref", "HEAD"),
            *("--data", "hand_days=nan", str(REPO_ROOT), str(tmp_path / "pilot")),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0
    assert "Validation error for question 'hand_days': give a positive number of days" in run.stderr
    assert not (tmp_path / "pilot").exists()


def test_task_id_that_would_escape_is_refused(cli: Cli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_text(
        "tasks:\n"
        "  - id: ../../outside\n"
        "    title: Escape\n"
        "    depends_on: []\n"
        "    requirements: [R1]\n"
        "    files: [src/x.py]\n"
        "    estimate_hours: 1\n"
    )
    run = cli("new", tmp_path / "pilot", "--answers", answers)
    assert run.code == 2
    assert_one_line_error(run.err, "answers.yml:1", "tasks", "expected T01")
    assert not (tmp_path / "pilot").exists()
    assert not (tmp_path / "outside.md").exists()


def test_answer_that_escapes_destination_in_another_template(cli: Cli, tmp_path: Path) -> None:
    source = make_template(tmp_path / "tpl")
    (source / "{{ name }}.txt.jinja").write_text("escaped\n")
    before = listing(tmp_path)

    run = cli("new", tmp_path / "out" / "pilot", "--template", source, "--data", "name=../../x")

    assert run.code == 2
    assert_one_line_error(run.err, "outside the destination")
    assert listing(tmp_path) == before


def test_unknown_question(cli: Cli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_text("pilot_name: fine\nfavourite_colour: blue\n")
    before = listing(tmp_path)

    run = cli("new", tmp_path / "pilot", "--answers", answers)

    assert run.code == 2
    assert_one_line_error(run.err, "unknown question favourite_colour", "answers.yml:2")
    assert listing(tmp_path) == before


def test_template_does_not_exist(cli: Cli, tmp_path: Path) -> None:
    run = cli("new", tmp_path / "pilot", "--defaults", "--template", tmp_path / "nowhere")
    assert run.code == 2
    assert_one_line_error(run.err, "nowhere", "does not exist")
    assert not (tmp_path / "pilot").exists()


def test_template_without_copier_yml_is_refused(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "not-a-template"
    folder.mkdir()
    (folder / "notes.md").write_text("copier would copy this as a pilot\n")
    before = listing(tmp_path)

    run = cli("new", tmp_path / "pilot", "--defaults", "--no-git", "--template", folder)

    assert run.code == 2
    assert run.err == (
        f"pilotkit: error: template {folder} has no copier.yml (nor copier.yaml), so it is "
        "not a copier template; give the folder that holds copier.yml\n"
    )
    assert listing(tmp_path) == before


def test_template_version_does_not_exist(cli: Cli, tmp_path: Path) -> None:
    source = make_template(tmp_path / "tpl", version="v1.0.0")
    before = listing(tmp_path)
    run = cli("new", tmp_path / "pilot", "--defaults", "--template", source, "--vcs-ref", "v9")
    assert run.code == 2
    assert_one_line_error(run.err, str(source))
    assert listing(tmp_path) == before


def test_template_with_tasks_is_refused(cli: Cli, tmp_path: Path) -> None:
    source = make_template(tmp_path / "tpl")
    with (source / "copier.yml").open("a") as config:
        config.write("_tasks:\n  - touch pwned\n")
    run = cli("new", tmp_path / "pilot", "--defaults", "--template", source)
    assert run.code == 2
    assert_one_line_error(run.err, "declarative templates only")
    assert not (tmp_path / "pilot").exists()


def test_template_that_fails_to_render(cli: Cli, tmp_path: Path) -> None:
    source = make_template(tmp_path / "tpl", "{{ name | no_such_filter }}\n")
    run = cli("new", tmp_path / "pilot", "--defaults", "--template", source)
    assert run.code == 2
    assert_one_line_error(run.err, "failed to render")
    assert not (tmp_path / "pilot").exists()


def test_no_answers_given(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO())  # not a terminal: nobody to ask
    run = cli("new", tmp_path / "pilot")
    assert run.code == 2
    assert_one_line_error(run.err, "--defaults", "--answers")
    assert not (tmp_path / "pilot").exists()


def test_malformed_data_flag(cli: Cli, tmp_path: Path) -> None:
    run = cli("new", tmp_path / "pilot", "--data", "no-equals-sign")
    assert run.code == 2
    assert_one_line_error(run.err, "KEY=VALUE")


def test_no_git_identity_still_gives_a_usable_pilot(
    cli: Cli, tmp_path: Path, isolated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = isolated / "no-identity.gitconfig"
    config.write_text("[user]\n\tuseConfigOnly = true\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.delenv("EMAIL", raising=False)
    dest = tmp_path / "pilot"

    run = cli("new", dest, "--defaults")

    assert run.code == 0
    assert "Traceback" not in run.err
    assert "no user identity" in run.err and "git config --global user.name" in run.err
    assert (dest / ".git").is_dir() and (dest / "AGENTS.md").is_file()
    staged = subprocess.run(
        ["git", "diff", "--cached", "--name-only"], cwd=dest, capture_output=True, text=True
    ).stdout
    assert "AGENTS.md" in staged


def test_bug_exits_3_and_keeps_the_traceback(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("pilotkit.commands.new.create", broken)
    run = cli("new", tmp_path / "pilot", "--defaults")

    assert run.code == 3
    assert_one_line_error(run.err, "internal error (RuntimeError)", "bug")
    log = Path(run.err.rsplit(" ", 1)[-1].strip())
    assert "RuntimeError: boom" in log.read_text()


def test_ctrl_c_while_rendering_leaves_nothing(tmp_path: Path) -> None:
    # A template with many files renders slowly enough to interrupt it mid-way.
    source = make_template(tmp_path / "tpl")
    for index in range(400):
        (source / f"file{index:03}.txt.jinja").write_text("{{ name }}\n" * 50)
    parent = tmp_path / "out"
    parent.mkdir()
    proc = subprocess.Popen(
        python_command("new", str(parent / "pilot"), "--defaults", "--template", str(source)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not any(parent.rglob("file*.txt")) and time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"finished before it could be interrupted: {proc.communicate()}")
        time.sleep(0.005)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)

    assert proc.returncode == 130, err
    assert_one_line_error(err, "interrupted")
    assert listing(parent) == []
