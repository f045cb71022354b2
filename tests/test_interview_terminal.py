"""The interview in a real pseudo-terminal: the `pilotkit` process, keystrokes, what is written.

Each step waits for a prompt's text before typing (never for time), with generous
timeouts, so the tests hold on a slow or busy machine.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pexpect
import yaml

from tests.conftest import TODAY, Cli, python_command
from tests.test_new import task_front_matter, tree

ENTER, CTRL_C, CTRL_U, DOWN, SPACE, TAB = "\r", "\x03", "\x15", "\x1b[B", " ", "\t"
TIMEOUT = 90  # seconds for one prompt to appear; generous for a loaded CI machine
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Session:
    """`pilotkit ARGS` in a pseudo-terminal, driven prompt by prompt."""

    def __init__(self, *args: str | Path, cwd: Path) -> None:
        env = {
            **os.environ,
            "TERM": "xterm",
            # The pseudo-terminal does not answer cursor position requests as a real
            # terminal does; tell prompt_toolkit not to wait for the answer.
            "PROMPT_TOOLKIT_NO_CPR": "1",
        }
        command = python_command(*(str(arg) for arg in args))
        self.child = pexpect.spawn(
            command[0],
            command[1:],
            env=env,
            cwd=str(cwd),  # outside any repository: no repository is suggested
            encoding="utf-8",
            timeout=TIMEOUT,
            dimensions=(50, 220),
        )
        self.child.delaybeforesend = None  # no 50 ms pause per send: waits are on prompts

    def answer(self, prompt: str, keys: str) -> None:
        """Wait for PROMPT, then type KEYS."""
        self.child.expect_exact(prompt)
        self.child.send(keys)

    def expect(self, text: str) -> None:
        self.child.expect_exact(text)

    def finish(self) -> tuple[int, str]:
        """Wait for the process to end: its exit code and the text it showed since."""
        self.child.expect(pexpect.EOF)
        self.child.close()
        shown = ANSI.sub("", self.child.before or "").replace("\r", "")
        return int(self.child.exitstatus if self.child.exitstatus is not None else -1), shown


def shown_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def test_the_whole_interview_makes_a_pilot_that_its_answers_remake(
    tmp_path: Path, cli: Cli
) -> None:
    dest = tmp_path / "search-pilot"
    s = Session("new", dest, cwd=tmp_path)
    # The pilot: its name comes from the destination, the engineer from git's user.name;
    # the worked example's feature is a hint in the empty input, which Enter does not take.
    s.expect("The feature, in one sentence")
    s.answer("e.g. Account admins can export", ENTER)
    s.expect("describe the feature in one sentence")
    s.child.send("Customers search invoices by name." + ENTER)
    s.answer("The repository the agents will work in", "https://git.example.com/shop" + ENTER)
    # Suitability: defaults, then the verdict.
    for prompt in ("working days", "well-defined tasks", "at the same time"):
        s.answer(prompt, ENTER)
    s.answer("What measurable end point", "Search answers in under 300 ms on staging." + ENTER)
    s.answer("Could the engineer build the feature by hand", ENTER)
    s.expect("Verdict: good candidate.")
    # Two requirements, each with its criteria in one answer; an empty statement ends them.
    s.answer("R1 statement", "Users can search invoices by customer name." + ENTER)
    s.answer("R1 acceptance criteria", "Three letters list matching customers." + ENTER)
    s.answer("R2 statement", "Search answers within 300 ms." + ENTER)
    s.answer("R2 acceptance criteria", "p95 under 300 ms on staging; slow plans logged" + ENTER)
    s.answer("R3 statement", ENTER)
    # Two tasks; the second depends on the first; links chosen in a multi-select.
    s.answer("T01 title", "Search index" + ENTER)
    s.answer("T01 covers requirements", SPACE + DOWN + SPACE + ENTER)
    s.answer("T01 files or globs", "src/search/*.py tests/search/test_index.py" + ENTER)
    s.answer("T02 title", "Search box" + ENTER)
    s.expect("── depends on (earlier tasks) ──")
    s.answer("── covers (requirements) ──", SPACE + DOWN + SPACE + ENTER)  # T01, then R1
    s.answer("T02 files or globs", "web/src/SearchBox.tsx" + ENTER)
    s.answer("T03 title", ENTER)
    # The estimates in one answer; the default shares 4 days of 8 hours by 2 tasks. One
    # number for two tasks is refused, and corrected.
    s.expect("Hand estimates in hours, for T01–T02 in order")
    s.answer("[16 16]", "5" + ENTER)
    s.expect("give 2 numbers, one per task (T01–T02); got 1")
    s.child.send(CTRL_U + "5 3.5" + ENTER)
    s.expect("8.5 h by hand in all; the plan says 32 h.")
    # Agents: the default two plus Copilot, in a multi-select; default servers.
    s.answer("Which coding agents", DOWN + DOWN + SPACE + ENTER)
    s.answer("Which MCP servers", ENTER)
    s.answer("Token budget", "250" + ENTER)
    s.expect("Summary")
    # T02 waits for T01, though 3 tasks were said to run at once: said before "Create it",
    # in one line, and the verdict PILOT.md will carry says so too.
    s.expect("poor candidate: Tasks in one chain")
    warning = (
        "warning: parallel_tasks is 3, but the tasks entered let at most 1 run at a time "
        "(the longest chain is T01 → T02 (2 tasks)): drop a dependency that does not hold, "
        "or answer 1\r"  # the end of the line: one line, as wide as the terminal allows
    )
    s.expect(warning)
    s.answer(f"Create the pilot in {dest}?", ENTER)
    code, shown = s.finish()

    assert code == 0, shown
    assert "Created pilot search-pilot" in shown
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert answers["agents"] == ["claude", "codex", "copilot"]
    assert answers["requirements"][1]["acceptance"] == [
        "p95 under 300 ms on staging",
        "slow plans logged",
    ]
    assert answers["estimate_date"] == TODAY  # left at its default
    tasks = task_front_matter(dest)
    assert list(tasks) == ["T01-search-index.md", "T02-search-box.md"]
    assert tasks["T01-search-index.md"]["requirements"] == ["R1", "R2"]
    assert tasks["T02-search-box.md"]["depends_on"] == ["T01"]
    assert tasks["T02-search-box.md"]["requirements"] == ["R1"]
    assert [answers["tasks"][i]["estimate_hours"] for i in (0, 1)] == [5, 3.5]
    assert answers["engineer"] == "Pilot Tester"  # git's user.name, shown in the summary
    assert answers["design_notes"] == ""  # optional, not asked: never the worked example's
    assert tasks["T02-search-box.md"]["files"] == ["web/src/SearchBox.tsx"]
    assert "Search answers within 300 ms." in (dest / "specs" / "requirements.md").read_text()
    charter = (dest / "PILOT.md").read_text()
    assert "**Verdict: poor candidate.**" in charter and "**Tasks in one chain**" in charter
    assert (dest / "CLAUDE.md").is_file() and (dest / ".mcp.json").is_file()

    # The same answers, from a copy of the answers file, make the same pilot.
    copy = tmp_path / "answers.yml"
    shutil.copy(dest / ".copier-answers.yml", copy)
    again = tmp_path / "pilot-b"
    assert cli("new", again, "--answers", copy).code == 0
    assert tree(again) == tree(dest)


def test_in_a_checkout_the_repository_is_filled_in_and_tab_completes_its_paths(
    tmp_path: Path,
) -> None:
    checkout = tmp_path / "billing"
    for path in ("db/migrations/0001_invoices.sql", "docs/index.md", "src/api/invoices.py"):
        (checkout / path).parent.mkdir(parents=True, exist_ok=True)
        (checkout / path).write_text("")
    for args in (["init", "--quiet"], ["remote", "add", "origin", "https://git.example.com/b"]):
        subprocess.run(["git", *args], cwd=checkout, check=True)
    answers = tmp_path / "answers.yml"
    answers.write_text(
        "feature: Customers search invoices.\nhand_days: 5\nplanned_tasks: 3\n"
        "parallel_tasks: 2\nend_point: Search answers in under 300 ms on staging.\n"
        "engineer_can_build: true\n"
        "requirements: [{id: R1, statement: Search by name., acceptance: [3 letters list]}]\n"
        "agents: [claude]\nmcp_servers: [git]\ncustom_mcp_servers: []\ntoken_budget_usd: 300\n"
    )
    dest = tmp_path / "search"
    s = Session("new", dest, "--answers", answers, cwd=checkout)
    s.answer("T01 title", "Search index" + ENTER)
    s.answer("T01 covers requirements", SPACE + ENTER)
    s.answer("T01 files or globs", "db" + TAB)  # db/ and docs/: two letters tell them apart
    s.answer("db/", "m" + TAB)
    s.answer("migrations/", "* s" + TAB)
    s.answer("src/", "a" + TAB)
    s.answer("api/", "search.py" + ENTER)
    s.answer("T02 title", ENTER)  # fewer tasks than planned: an empty title ends the list
    s.answer("Hand estimates in hours, for T01 in order", "4" + ENTER)
    s.expect("Summary")
    s.answer(f"Create the pilot in {dest}?", ENTER)
    code, shown = s.finish()

    assert code == 0, shown
    recorded = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert recorded["repository"] == "https://git.example.com/b"  # the checkout's origin
    assert recorded["engineer"] == "Pilot Tester"  # git's user.name
    assert recorded["tasks"][0]["files"] == ["db/migrations/*", "src/api/search.py"]


def test_ctrl_c_in_the_middle_writes_nothing(tmp_path: Path) -> None:
    dest = tmp_path / "out" / "pilot"
    s = Session("new", dest, cwd=tmp_path)
    s.answer("The feature, in one sentence", "Customers search invoices." + ENTER)
    s.answer("The repository the agents will work in", "https://git.example.com/shop" + ENTER)
    s.answer("working days", "1")
    s.child.send(CTRL_C)
    code, shown = s.finish()

    assert code == 130, shown
    assert shown_lines(shown)[-1] == "pilotkit: error: interrupted; nothing was written"
    assert "Traceback" not in shown
    assert not (tmp_path / "out").exists()


def test_declining_at_the_end_writes_nothing(tmp_path: Path) -> None:
    # Everything but three questions comes from an answers file: those are asked.
    answers = tmp_path / "answers.yml"
    answers.write_text("pilot_name: search\nengineer: Kim Ode\n")
    dest = tmp_path / "out" / "pilot"
    s = Session(
        "new",
        dest,
        "--answers",
        answers,
        "--data",
        "requirements=[{id: R1, statement: S, acceptance: [A]}]",
        cwd=tmp_path,
    )
    s.answer("The feature, in one sentence", "Customers search invoices." + ENTER)
    s.answer("The repository", "https://git.example.com/shop" + ENTER)
    for prompt in ("working days", "well-defined tasks", "at the same time"):
        s.answer(prompt, ENTER)
    s.answer("What measurable end point", "Search answers in under 300 ms on staging." + ENTER)
    s.answer("Could the engineer build", ENTER)
    s.answer("T01 title", "Only task" + ENTER)
    s.answer("T01 covers requirements", SPACE + ENTER)
    s.answer("T01 files or globs", "src/x.py" + ENTER)
    s.answer("T02 title", ENTER)
    s.answer("Hand estimates in hours", "2" + ENTER)
    s.answer("Which coding agents", ENTER)
    s.answer("Which MCP servers", ENTER)
    s.answer("Token budget", ENTER)
    s.expect("pilot_name           search")  # the summary shows the given answers too
    s.answer("Create the pilot in", DOWN + DOWN + ENTER)  # the last choice: stop
    code, shown = s.finish()

    assert code == 0, shown
    assert "Nothing written" in shown
    assert not (tmp_path / "out").exists()


def test_without_a_terminal_it_says_how_to_run_without_prompts(tmp_path: Path) -> None:
    proc = subprocess.run(
        python_command("new", str(tmp_path / "pilot")),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("pilotkit: error: no terminal to ask the questions on")
    assert "--defaults" in proc.stderr and "--answers FILE" in proc.stderr
    assert not (tmp_path / "pilot").exists()
