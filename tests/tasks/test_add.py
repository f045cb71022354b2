"""`tasks add`: a new task file with the next id, from flags or a short interview."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pexpect
import pytest

from pilotkit import prompts
from pilotkit.commands.new import new
from pilotkit.pilot import tasks
from tests.conftest import Cli
from tests.person import Person
from tests.tasks.conftest import set_field, write_task

ESTIMATE_TAIL = "  T06: 4\ntotal: 28\n"


def add(cli: Cli, pilot: Path, *argv: str) -> tuple[int, str, str]:
    run = cli("tasks", "add", *argv, "--pilot", pilot)
    return run.code, run.out, run.err


def test_add_from_flags(cli: Cli, pilot_dir: Path) -> None:
    estimate = pilot_dir / "metrics" / "estimate.yaml"
    before = estimate.read_text()
    code, out, err = add(
        cli,
        pilot_dir,
        "--title",
        "Rate limit: exports per hour",
        "--depends-on",
        "T04",
        "--requirement",
        "r3",
        "--file",
        "src/billing/api/limits.py",
        "--file",
        "tests/billing/api/test_limits.py",
        "--hours",
        "3",
        "--context",
        "Exports are expensive.",
        "--criterion",
        "The 11th export in an hour gets HTTP 429.",
    )
    assert code == 0, err
    path = "tasks/T07-rate-limit-exports-per-hour.md"
    assert out == (
        f"Created {path} (T07).\nIts hours are in metrics/estimate.yaml.\n"
        "Review it, run `pilotkit check`, and commit it.\n"
    )
    text = (pilot_dir / path).read_text()
    assert text == (
        '---\nid: T07\ntitle: "Rate limit: exports per hour"\nstatus: todo\n'
        "depends_on: [T04]\nrequirements: [R3]\nfiles:\n"
        '  - "src/billing/api/limits.py"\n  - "tests/billing/api/test_limits.py"\n'
        "assignee: null\nbranch: null\n---\n\n"
        "# T07: Rate limit: exports per hour\n\n## Context\n\nExports are expensive.\n\n"
        "## Steps\n\n1. <!-- The first step. -->\n\n"
        "## Acceptance criteria\n\n- The 11th export in an hour gets HTTP 429.\n\n"
        "## Out of scope\n\n"
        "- Any file outside `files`, and any behaviour the criteria above do not ask for.\n"
    )
    task, problems = tasks.parse(path, text.encode())
    assert problems == [] and task is not None
    # The estimate gains the task and a new total; every other byte stays.
    assert estimate.read_text() == before.replace(ESTIMATE_TAIL, "  T06: 4\n  T07: 3\ntotal: 31\n")
    listed = cli("tasks", "list", "--pilot", pilot_dir).out.splitlines()
    assert listed[-1].split()[0] == "T07" and listed[-1].split()[-1] == "3"


def test_add_says_what_check_finds_before_an_agent_takes_it(cli: Cli, pilot_dir: Path) -> None:
    code, out, err = add(
        cli, pilot_dir, "--title", "Polish", "--depends-on", "T06", "--criterion", "It works well."
    )
    assert code == 0, err
    path = "tasks/T07-polish.md"
    text = (pilot_dir / path).read_text()
    lines = {key: text.splitlines().index(key) + 1 for key in ("requirements: []", "files: []")}
    criterion = text.splitlines().index("- It works well.") + 1
    assert out.splitlines() == [
        f"Created {path} (T07).",
        "Before an agent takes it, `pilotkit check` says:",
        f"  {path}:{lines['requirements: []']}: PK-T020 warning: T07 covers no requirement: "
        "an agent handed it gets no spec",
        f"  {path}:{lines['files: []']}: PK-T021 warning: T07 names no files: an agent cannot "
        "tell what it may change, and overlaps with tasks running beside it go unseen",
        f"  {path}:{criterion}: PK-T019 error: T07's acceptance criterion has nothing a "
        "reviewer can check: no number, status code, quoted message, named test or observable "
        "verb",
        "Review it, run `pilotkit check`, and commit it.",
    ]


def test_frozen_estimate_is_not_touched(cli: Cli, pilot_dir: Path) -> None:
    set_field(pilot_dir, "T01", "status", "done")
    estimate = pilot_dir / "metrics" / "estimate.yaml"
    before = estimate.read_bytes()
    code, out, _ = add(cli, pilot_dir, "--title", "Late task", "--hours", "2.5")
    assert code == 0
    assert "Its hours are in tasks/T07-late-task.md." in out
    assert estimate.read_bytes() == before
    text = (pilot_dir / "tasks" / "T07-late-task.md").read_text()
    assert "branch: null\nestimate_hours: 2.5\n---\n" in text
    assert "files: []\n" in text
    graph = cli("tasks", "graph", "--format", "json", "--pilot", pilot_dir).out
    assert '"hours": 2.5' in graph


def test_next_id_follows_the_highest_and_its_width(cli: Cli, pilot_dir: Path) -> None:
    write_task(pilot_dir, "T0120")
    (pilot_dir / "tasks" / "T0150-broken.md").write_text("not a task")  # its id is taken too
    code, out, _ = add(cli, pilot_dir, "--title", "!!!")
    assert code == 0
    assert out.startswith("Created tasks/T0151-task.md (T0151).")


def test_added_task_file_is_named_as_the_template_names_one(
    cli: Cli, pilot_dir: Path, tmp_path: Path
) -> None:
    titles = [
        "Rate limit: exports per hour",
        "Ünïcode — naïve CSV!!",
        "İstanbul 2nd_phase",
        "A very long title that goes on and on beyond forty-eight characters-yes",
        "!!!",
    ]
    answers = [
        {"id": f"T{n:02d}", "title": title, "depends_on": [], "requirements": ["R1"]}
        | {"files": ["src/x.py"], "estimate_hours": 1}
        for n, title in enumerate(titles, start=1)
    ]
    rendered = tmp_path / "rendered"
    new(rendered, data=[f"tasks={json.dumps(answers)}"], use_git=False)
    by_copier = sorted(path.name[4:] for path in (rendered / "tasks").iterdir())

    before = set((pilot_dir / "tasks").iterdir())
    for title in titles:
        assert add(cli, pilot_dir, "--title", title)[0] == 0
    by_add = sorted(path.name[4:] for path in set((pilot_dir / "tasks").iterdir()) - before)

    assert by_add == by_copier
    assert "n-code-na-ve-csv.md" in by_add
    assert "a-very-long-title-that-goes-on-and-on-beyond-for.md" in by_add


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--title", "x", "--depends-on", "T99"], "there is no task T99 in tasks/"),
        (["--title", "x", "--requirement", "R1,R9"], "requirement R9 is not in specs/"),
        (["--title", "  "], "--title is empty"),
        (["--title", "x", "--file", "../outside.py"], "--file '../outside.py': give a glob"),
        (["--title", "x", "--file", "~/notes.md"], "--file '~/notes.md': give a glob"),
        (["--title", "x", "--file", "C:/src/x.py"], "--file 'C:/src/x.py': give a glob"),
        (["--title", "x", "--file", "src\\..\\..\\x.py"], "give a glob relative to"),
        (["--title", "x", "--hours", "0"], "--hours 0: give a positive number"),
        ([], "give --title (and --file, --depends-on …), or run in a terminal"),
    ],
)
def test_add_refuses_bad_input(cli: Cli, pilot_dir: Path, argv: list[str], message: str) -> None:
    before = sorted(p.name for p in (pilot_dir / "tasks").iterdir())
    code, out, err = add(cli, pilot_dir, *argv)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1
    assert sorted(p.name for p in (pilot_dir / "tasks").iterdir()) == before


def repository_here(pilot: Path) -> Path:
    """Make the pilot's repository a folder on this machine, whose paths Tab completes."""
    checkout = pilot.parent / "billing"
    checkout.mkdir()
    answers = pilot / ".copier-answers.yml"
    text = re.sub(r"(?m)^repository: .*$", f"repository: {checkout}", answers.read_text())
    answers.write_text(text)
    return checkout


def test_interview_fills_what_flags_leave_out(
    cli: Cli, pilot_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository_here(pilot_dir)
    person = Person(
        [
            ("Task title", "Asked title"),
            ("Depends on, and covers", [("depends_on", "T05"), ("requirements", "R1")]),
            ("Hours it would take by hand", ""),
            ("Acceptance criterion 1", "ok"),
            ("Acceptance criterion 2", ""),
        ]
    ).install(monkeypatch)
    monkeypatch.setattr("pilotkit.cli.tasks_output.interactive", lambda: True)

    code, out, _ = add(cli, pilot_dir, "--file", "given.py")

    assert code == 0 and out.startswith("Created tasks/T07-asked-title.md (T07).")
    person.done()
    values = [value for _, value in person.prompts[1].choices if value is not prompts.HEADING]
    assert values[:2] == [("depends_on", "T01"), ("depends_on", "T02")]
    assert [rid for kind, rid in values if kind == "requirements"] == ["R1", "R2", "R3", "R4"]
    assert person.prompts[1].choices[1][0] == "T01  CSV writer for invoice rows"
    text = (pilot_dir / "tasks" / "T07-asked-title.md").read_text()
    assert 'depends_on: [T05]\nrequirements: [R1]\nfiles:\n  - "given.py"\n' in text
    assert "## Acceptance criteria\n\n- ok\n" in text


# Refused, then accepted: no file, outside the repository five ways, an open quote, a path.
FILE_ATTEMPTS: tuple[str, ...] = (
    "",
    "../outside.py",
    "/etc/passwd",
    "~/x.py",
    "C:/x.py",
    r"'a\..\..\x.py'",
)
FILE_ATTEMPTS += ("'a b", "src/retry.py")


def test_interview_checks_files_and_hours_with_the_template(
    cli: Cli, pilot_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pilot's template (copier.yml's `tasks` validator) says what a task may hold, in
    `tasks add` as in `pilotkit new`; Tab completes paths in the pilot's repository."""
    checkout = repository_here(pilot_dir)
    person = Person(
        [
            ("Task title", "Retry failed exports"),
            ("Depends on, and covers", []),
            ("Files or globs", FILE_ATTEMPTS),
            ("Hours it would take by hand", ("two", "0", "1001", "true", "2.5")),
            ("Acceptance criterion 1", ""),
        ]
    ).install(monkeypatch)
    monkeypatch.setattr("pilotkit.cli.tasks_output.interactive", lambda: True)

    code, _, err = add(cli, pilot_dir)

    assert code == 0, err
    person.done()
    files, hours = "Files or globs it may change:", "Hours it would take by hand (empty to skip):"
    hours_refused = "T07 needs estimate_hours, a positive number of at most 1000"
    assert person.refused == [
        (files, "T07 needs a list of files or globs it may change"),
        (files, "T07 file ../outside.py must be a relative path inside the repository"),
        (files, "T07 file /etc/passwd must be a relative path inside the repository"),
        (files, "T07 file ~/x.py must be a relative path inside the repository"),
        (files, "T07 file C:/x.py must be a relative path inside the repository"),
        (files, r"T07 file a\..\..\x.py must be a relative path inside the repository"),
        (files, "No closing quotation; quote a name with spaces in it"),
        (hours, hours_refused),
        (hours, hours_refused),
        (hours, hours_refused),
        (hours, hours_refused),
    ]
    assert person.prompts[2].paths == checkout
    text = (pilot_dir / "tasks" / "T07-retry-failed-exports.md").read_text()
    assert '  - "src/retry.py"\n' in text
    assert "  T07: 2.5\ntotal: 30.5\n" in (pilot_dir / "metrics" / "estimate.yaml").read_text()


def test_interview_without_the_pilots_template_says_what_to_do(
    cli: Cli, pilot_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = pilot_dir / ".copier-answers.yml"
    moved = pilot_dir.parent / "gone.bundle"
    text = re.sub(r"(?m)^_src_path: .*$", f"_src_path: {moved}", answers.read_text())
    answers.write_text(text)
    Person([]).install(monkeypatch)
    monkeypatch.setattr("pilotkit.cli.tasks_output.interactive", lambda: True)
    before = sorted(p.name for p in (pilot_dir / "tasks").iterdir())

    code, out, err = add(cli, pilot_dir)

    assert (code, out) == (2, "")
    assert err == (
        f"pilotkit: error: template source {moved} does not exist; "
        "give --title and the other flags instead of the interview\n"
    )
    assert sorted(p.name for p in (pilot_dir / "tasks").iterdir()) == before


def spawn(pilot: Path) -> pexpect.spawn[str]:
    argv = ["-m", "pilotkit", "tasks", "add", "--pilot", str(pilot)]
    # pexpect does not answer prompt_toolkit's cursor position requests; without this
    # each prompt waits a second for the answer.
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1"}
    child = pexpect.spawn(sys.executable, argv, encoding="utf-8", timeout=30, env=env)
    child.setwinsize(40, 120)
    return child


def test_interview_in_a_real_terminal(pilot_dir: Path) -> None:
    child = spawn(pilot_dir)
    child.expect("Task title:")
    child.sendline("")  # refused: a title is needed
    child.expect("Give a short title.")
    child.sendline("Retry failed exports")
    child.expect("Depends on, and covers:")  # one list: the tasks, then the requirements
    child.expect("── covers \\(requirements\\) ──")
    child.send("\x1b[B\x1b[B\x1b[B ")  # down to T04, select
    child.send("\x1b[B\x1b[B\x1b[B ")  # past T05 and T06 to R1, select
    child.send("\r")
    child.expect("Files or globs it may change")
    child.sendline("src/billing/retry.py tests/billing/test_retry.py")
    child.expect("Hours it would take by hand")
    child.sendline("two")
    child.expect("T07 needs estimate_hours, a positive number of at most 1000")
    child.send("\x15")  # clear the line
    child.sendline("2")
    child.expect("Acceptance criterion 1")
    child.sendline("A failed export is retried once.")
    child.expect("Acceptance criterion 2")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    text = (pilot_dir / "tasks" / "T07-retry-failed-exports.md").read_text()
    assert "depends_on: [T04]\nrequirements: [R1]\n" in text
    assert '  - "src/billing/retry.py"\n  - "tests/billing/test_retry.py"\n' in text
    assert "## Acceptance criteria\n\n- A failed export is retried once.\n" in text
    assert "  T07: 2\ntotal: 30\n" in (pilot_dir / "metrics" / "estimate.yaml").read_text()


def test_ctrl_c_in_the_interview_writes_nothing(pilot_dir: Path) -> None:
    before = sorted(p.name for p in (pilot_dir / "tasks").iterdir())
    child = spawn(pilot_dir)
    child.expect("Task title:")
    child.sendline("Half a task")
    child.expect("Depends on, and covers:")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "interrupted; nothing was written" in (child.before or "")
    assert sorted(p.name for p in (pilot_dir / "tasks").iterdir()) == before


def test_a_crlf_estimate_keeps_its_line_endings(cli: Cli, pilot_dir: Path) -> None:
    estimate = pilot_dir / "metrics" / "estimate.yaml"
    lf = estimate.read_text()
    estimate.write_bytes(lf.replace("\n", "\r\n").encode())

    code, _, err = add(cli, pilot_dir, "--title", "Rate limit", "--hours", "3")

    assert code == 0, err
    expected = lf.replace(ESTIMATE_TAIL, "  T06: 4\n  T07: 3\ntotal: 31\n")
    assert estimate.read_bytes().decode() == expected.replace("\n", "\r\n")
