"""Real `pilotkit` processes started together: each waits at a barrier, then all run at once."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from tests.conftest import Run

# Each racer imports everything first, then waits at a barrier (a file appearing), so
# that all of them reach the command at the same moment rather than one after another.
RACER = """
import os, sys, time
from pathlib import Path
import pilotkit.cli
for name in sys.argv[2].split(","):
    __import__(name)
barrier = Path(sys.argv[1])
(barrier.parent / f"ready-{os.getpid()}").touch()
while not barrier.exists():
    time.sleep(0.001)
sys.exit(pilotkit.cli.main(sys.argv[3:]))
"""


def race(
    commands: Sequence[Sequence[str]],
    folder: Path,
    *,
    modules: Sequence[str] = (),
    envs: Sequence[Mapping[str, str] | None] | None = None,
) -> list[Run]:
    """Run each of COMMANDS (pilotkit's argv) in its own process, all released at once.

    MODULES are imported before the barrier (the command's own, so its start-up cost is
    paid before the race); ENVS, if given, is one environment (or None) per command.
    """
    barrier = folder / "go"
    folder.mkdir(parents=True, exist_ok=True)
    preload = ",".join(modules) or "pilotkit"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(barrier), preload, *argv],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=None if envs is None else envs[index],
        )
        for index, argv in enumerate(commands)
    ]
    deadline = time.monotonic() + 120
    while len(list(folder.glob("ready-*"))) < len(procs) and time.monotonic() < deadline:
        time.sleep(0.01)
    barrier.touch()
    runs = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        runs.append(Run(proc.returncode, out, err))
    return runs
