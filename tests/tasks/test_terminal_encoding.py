"""A terminal that cannot show every character: the text degrades, pilotkit never crashes."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.conftest import python_command
from tests.tasks.conftest import write_task


def test_an_ascii_terminal_gets_every_title_degraded_never_a_crash(pilot_dir: Path) -> None:
    write_task(pilot_dir, "T01", title="Café für Zoë")
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            python_command(*argv, "--pilot", str(pilot_dir)),
            env=env,
            capture_output=True,
            text=True,
            encoding="ascii",
            check=False,
        )

    listing = run("tasks", "list")
    assert (listing.returncode, listing.stderr) == (0, "")
    assert "T01  Caf? f?r Zo?  " in listing.stdout

    brief = run("tasks", "brief", "T01")
    assert (brief.returncode, brief.stderr) == (0, "")
    assert "# Brief for T01: Caf? f?r Zo?" in brief.stdout

    # A move writes the task file, then says so with an arrow: the line must not crash
    # after the write (exit 3 with the file changed).
    claimed = run("tasks", "claim", "T01", "--as", "Zoë")
    assert (claimed.returncode, claimed.stderr) == (0, "")
    assert claimed.stdout.startswith("T01 claimed by Zo?, branch task/T01-a-task.")
    review = run("tasks", "review", "T01")
    assert (review.returncode, review.stderr) == (0, "")
    assert review.stdout.startswith("T01: claimed ? in-review (tasks/T01-a-task.md).")
    assert "assignee: Zoë" in (pilot_dir / "tasks" / "T01-a-task.md").read_text()

    refused = run("tasks", "claim", "Tü", "--as", "Zoë")
    assert refused.returncode == 2
    assert refused.stderr == (
        "pilotkit: error: there is no task T\\xfc in tasks/; `pilotkit tasks list` shows them\n"
    )
