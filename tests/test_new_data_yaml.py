"""`pilotkit new --data` with a list answer that is not a YAML list: one line naming the flag
and the fix, exit 2, nothing written, with or without the interview."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.person import Person

AGENTS_FIX = "give the choices as a list, e.g. [claude, codex]"


def listing(path: Path) -> list[str]:
    return sorted(p.relative_to(path).as_posix() for p in path.rglob("*"))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            "agents=[claude",
            "--data agents: agents: not a YAML list (while parsing a flow sequence that is "
            f"never closed); {AGENTS_FIX}",
        ),
        (
            "agents=[claude, [codex",
            "--data agents: agents: not a YAML list (while parsing a flow sequence that is "
            f"never closed); {AGENTS_FIX}",
        ),
        (
            "agents=*alias",
            f"--data agents: agents: not a YAML list (found undefined alias 'alias'); {AGENTS_FIX}",
        ),
        ("agents=claude", f"--data agents: agents: not a YAML list; {AGENTS_FIX}"),
        ("agents=", f"--data agents: agents: not a YAML list; {AGENTS_FIX}"),
        ("agents={a: 1}", f"--data agents: agents: not a YAML list; {AGENTS_FIX}"),
        (
            "mcp_servers=[github",
            "--data mcp_servers: mcp_servers: not a YAML list (while parsing a flow sequence "
            "that is never closed); give the choices as a list, e.g. [github, atlassian]",
        ),
        (
            "tasks=[{id: T01",
            "--data tasks: tasks: not valid YAML: while parsing a flow mapping that is never "
            "closed",
        ),
        ("tasks=*x", "--data tasks: tasks: not valid YAML: found undefined alias 'x'"),
        (
            "tasks=- id: T01\n  title: [x\n",
            "--data tasks: tasks: not valid YAML: while parsing a flow sequence that is never "
            "closed at line 2",
        ),
    ],
)
def test_a_list_answer_that_does_not_parse(
    cli: Cli, tmp_path: Path, data: str, message: str
) -> None:
    before = listing(tmp_path)

    run = cli("new", tmp_path / "pilot", "--data", data, "--no-git")

    assert run.code == 2
    assert run.err == f"pilotkit: error: {message}\n"
    assert listing(tmp_path) == before


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ("agents=[claude", " (while parsing a flow sequence that is never closed)"),
        ("agents=claude", ""),
    ],
)
def test_the_interview_refuses_it_before_asking_anything(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, data: str, problem: str
) -> None:
    monkeypatch.setattr("sys.stdin", Terminal())
    monkeypatch.chdir(tmp_path)
    person = Person([]).install(monkeypatch)
    before = listing(tmp_path)

    run = cli("new", tmp_path / "pilot", "--data", data)

    assert run.code == 2
    assert run.err == (
        f"pilotkit: error: --data agents: agents: not a YAML list{problem}; {AGENTS_FIX}\n"
    )
    person.done()
    assert listing(tmp_path) == before
