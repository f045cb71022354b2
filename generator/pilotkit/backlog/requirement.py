"""A ticket added to the pilot's `specs/requirements.md` as its next requirement.

The requirement is written before the task that covers it (the task's requirement must
exist), and taken back when the task cannot be written, so nothing is left half-done.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from pilotkit import lock
from pilotkit.errors import PilotkitError
from pilotkit.files import write_text
from pilotkit.pilot import requirements, textfiles
from pilotkit.pilot.load import find_root

_ID = re.compile(r"^R(\d+)$")


@contextmanager
def added(pilot: Path, title: str, criteria: Sequence[str]) -> Iterator[str]:
    """Add TITLE with CRITERIA as the next requirement; yield its id; undo on failure."""
    root = find_root(pilot)
    path = root / requirements.PATH
    with lock.exclusive(root):
        try:
            before = textfiles.read_text(path)
        except (OSError, UnicodeDecodeError) as err:
            problem = f"{requirements.PATH}: cannot be read ({err}); fix it first"
            raise PilotkitError(problem) from None
        known = requirements.parse(before)
        rid = f"R{max((int(m.group(1)) for k in known if (m := _ID.match(k))), default=0) + 1}"
        lines = [f"## {rid} — {' '.join(title.split())}", "", " ".join(title.split()), ""]
        lines += ["### Acceptance criteria", ""]
        lines += [f"- {' '.join(c.split())}" for c in criteria] or ["- <!-- to be written -->"]
        write_text(path, before.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n")
    try:
        yield rid
    except BaseException:
        write_text(path, before)  # the task was not written: neither is its requirement
        raise
