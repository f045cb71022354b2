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


def test_interview_fills_what_flags_leave_out(
    cli: Cli, pilot_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = {}
    # The repository the agents work in is a folder here: Tab completes its paths.
    checkout = pilot_dir.parent / "billing"
    checkout.mkdir()
    answers = pilot_dir / ".copier-answers.yml"
    text = re.sub(r"(?m)^repository: .*$", f"repository: {checkout}", answers.read_text())
    answers.write_text(text)

    def fake_ask(
        known: list[tuple[str, str]],
        reqs: list[tuple[str, str]],
        given: prompts.TaskAnswers,
        *,
        paths: Path | None = None,
    ) -> prompts.TaskAnswers:
        seen.update(known=known[:2], reqs=[r[0] for r in reqs], given=given, paths=paths)
        return prompts.TaskAnswers("Asked title", ("T05",), ("R1",), ("a/**",), None, ("ok",))

    monkeypatch.setattr(prompts, "ask_task", fake_ask)
    monkeypatch.setattr("pilotkit.cli.tasks_output.interactive", lambda: True)
    code, out, _ = add(cli, pilot_dir, "--file", "given.py")
    assert code == 0 and out.startswith("Created tasks/T07-asked-title.md (T07).")
    assert seen["known"] == [("T01", "CSV writer for invoice rows"), ("T02", seen["known"][1][1])]
    assert seen["reqs"] == ["R1", "R2", "R3", "R4"]
    assert seen["given"].files == ("given.py",)
    assert seen["paths"] == checkout
    text = (pilot_dir / "tasks" / "T07-asked-title.md").read_text()
    assert "depends_on: [T05]\nrequirements: [R1]\n" in text and "- ok\n" in text


def spawn(pilot: Path) -> pexpect.spawn:
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
    child.expect("Give a number of hours")
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
