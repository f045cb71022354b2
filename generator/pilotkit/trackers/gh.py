"""The one place that runs GitHub's CLI, `gh`: every call goes through `run`.

Tests put a stand-in `gh` first on PATH; pilotkit never talks to GitHub any other way,
so the user's own `gh auth login` decides which account creates the issues.
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence

from pilotkit.errors import PilotkitError


class GhError(PilotkitError):
    """`gh` is missing or failed; the message carries its own last line."""


def run(args: Sequence[str], *, input: str | None = None) -> str:
    """Run `gh ARGS` (INPUT on its stdin) and return what it printed."""
    try:
        child = subprocess.Popen(
            ["gh", *args],
            stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    except FileNotFoundError:
        raise GhError(
            "gh (GitHub's command line) is not installed or not on PATH; install it and "
            "run `gh auth login`, or drop --run and run the script yourself"
        ) from None
    with child:
        try:
            out, errors = child.communicate(input)
        except BaseException:  # Ctrl-C or SIGTERM: do not leave gh running
            child.terminate()
            child.wait()
            raise
    if child.returncode != 0:
        said = [line.strip() for line in (errors or out).splitlines() if line.strip()]
        raise GhError(f"gh {' '.join(args[:2])} failed: {said[-1] if said else 'no output'}")
    return out
