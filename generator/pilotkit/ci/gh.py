"""The one place that runs GitHub's CLI (`gh`): every forge call goes through `run`.

`gh` brings its own authentication (`GH_TOKEN` in a workflow, `gh auth login` on a
laptop) and finds the repository from the work tree's remote, so pilotkit never handles
a token. Tests put a stand-in `gh` first on PATH.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import Path

from pilotkit.errors import PilotkitError


class ForgeError(PilotkitError):
    """`gh` is missing or failed; the message carries its last line."""


def run(args: Sequence[str], cwd: Path, *, input: str | None = None) -> str:
    """Run `gh ARGS` in CWD and return what it printed; ForgeError when it fails."""
    env = {**os.environ, "GH_PROMPT_DISABLED": "1", "NO_COLOR": "1"}
    try:
        proc = subprocess.run(
            ["gh", *args], cwd=cwd, env=env, input=input, capture_output=True, text=True
        )
    except FileNotFoundError:
        raise ForgeError(
            "gh (GitHub's CLI) is not installed or not on PATH; install it, or open the "
            "pull request by hand"
        ) from None
    if proc.returncode != 0:
        lines = [line.strip() for line in (proc.stderr or proc.stdout).splitlines()]
        last = next((line for line in reversed(lines) if line), "no output")
        raise ForgeError(f"gh {' '.join(args[:2])} failed: {last}")
    return proc.stdout
