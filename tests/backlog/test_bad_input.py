"""Bad input to `pilotkit backlog`: one line naming the file (and line or key) and the fix,
exit 2, nothing written; never a traceback."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.backlog.helpers import fixture
from tests.conftest import Cli, python_command

REFS = ("--reference", "SHOP-3")


def one_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("pilotkit: error: ")
    return lines[0].removeprefix("pilotkit: error: ")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "export.csv",
            b"Name,Owner\nx,y\n",
            "export.csv:1: has no header pilotkit recognises (Jira: `Issue key`, `Summary`; "
            "GitLab: `Issue ID`, `Title`; Linear: `ID`, `Title`); name the format with "
            "--input-format or map the headers in .pilotkit-backlog.yaml",
        ),
        (
            "export.json",
            b'{"values": []}',
            "export.json: is JSON but neither a Jira search response (`issues: [...]`) nor a gh "
            "issue list (`[{number, title, body …}]`); export it with `gh issue list --json "
            "number,title,body` or save a Jira REST search",
        ),
        (
            "export.json",
            b'{"issues": [\n  {"key": ',
            "export.json:2: is not valid JSON (Expecting value); export it again",
        ),
        (
            "export.csv",
            "Summary,Issue key\nCaf\xe9,SHOP-1\n".encode("cp1252"),
            "export.csv:2: is not UTF-8 text; export it again as UTF-8 (or convert it, e.g. "
            "`iconv -f cp1252 -t utf-8`)",
        ),
        ("export.csv", b"", "export.csv: is empty; export the tickets again"),
        (
            "export.csv",
            b'Summary,Issue key\n"unclosed,SHOP-1\n',
            "export.csv:2: is not valid CSV (unexpected end of data); export it again",
        ),
        (
            "export.csv",
            b"Summary,Issue key\nNo key,\n",
            "export.csv:2: a row has no `Issue key`; export it again",
        ),
    ],
)
def test_an_export_that_cannot_be_read(
    cli: Cli,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    content: bytes,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_bytes(content)
    report = tmp_path / "report.json"
    run = cli("backlog", "score", name, "--format", "json", "--output", report)
    assert run.code == 2
    assert one_line(run.err) == message
    assert run.out == "" and not report.exists()


def test_a_missing_export_a_folder_without_tickets_and_a_fifo(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli("backlog", "score", "nope.csv")
    assert (run.code, one_line(run.err)) == (
        2,
        "nope.csv: no such file; give the path of an export",
    )
    (tmp_path / "empty").mkdir()
    run = cli("backlog", "score", "empty")
    assert (run.code, one_line(run.err)) == (2, "empty: holds no `*.md` ticket files")
    os.mkfifo(tmp_path / "pipe.csv")
    run = cli("backlog", "score", "pipe.csv")
    assert (run.code, one_line(run.err)) == (
        2,
        "pipe.csv: is a FIFO (named pipe), not a regular file; give an export file",
    )


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ("score", fixture("jira.csv"), "--reference", "SHOP-99"),
            "--reference SHOP-99: no such ticket in the exports (they hold SHOP-1, SHOP-2, "
            "SHOP-3, SHOP-4, SHOP-5 …); check the key or add the export that has it",
        ),
        (
            ("explain", "SHOP-99", "--from", fixture("jira.csv")),
            "explain SHOP-99: no such ticket in the exports (they hold SHOP-1, SHOP-2, "
            "SHOP-3, SHOP-4, SHOP-5 …); check the key or add the export that has it",
        ),
        (
            ("score", fixture("github.json"), "--negative", "#77"),
            "--negative #77: no such ticket in the exports (they hold #3, #4, #5, #6, #7 …); "
            "check the key or add the export that has it",
        ),
    ],
)
def test_a_key_that_is_not_in_the_exports(cli: Cli, argv: tuple[str, ...], message: str) -> None:
    run = cli("backlog", *argv)
    assert (run.code, one_line(run.err), run.out) == (2, message, "")


def test_to_task_with_an_unknown_key_writes_nothing(cli: Cli, pilot_dir: Path) -> None:
    before = sorted(p.name for p in (pilot_dir / "tasks").iterdir())
    run = cli("backlog", "to-task", "SHOP-99", "--from", fixture("jira.csv"), "--pilot", pilot_dir)
    assert run.code == 2
    assert one_line(run.err).startswith("to-task SHOP-99: no such ticket in the exports")
    assert sorted(p.name for p in (pilot_dir / "tasks").iterdir()) == before


def test_a_config_with_an_unknown_key(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".pilotkit-backlog.yaml").write_text("story_points: Points\nstorypoints: x\n")
    run = cli("backlog", "score", fixture("jira.csv"))
    assert run.code == 2
    assert one_line(run.err) == (
        ".pilotkit-backlog.yaml:2: unknown key `storypoints`; known keys: story_points, "
        "acceptance_criteria, backlog_statuses, hours_per_point, aliases"
    )


def test_a_real_process_gives_one_line_and_no_traceback(tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    export.write_text("[1, 2]")
    proc = subprocess.run(
        python_command("backlog", "score", str(export)), capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"pilotkit: error: {export}: is JSON but neither")
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_a_ticket_with_an_empty_description_is_scored_low(cli: Cli) -> None:
    run = cli("backlog", "explain", "SHOP-16", "--from", fixture("jira.csv"), *REFS)
    assert run.code == 0
    assert re.fullmatch(r"  score 1\d, not ready; like SHOP-3", run.out.splitlines()[2])
    assert f"  - {fixture('jira.csv')}:168: description: nothing beyond the summary" in run.out
