"""The `remote:` section of `.pilotkit.yaml`: whether moves push by default, and where to.

```yaml
remote:
  push: true      # task moves, `tasks add`, `tasks board` and `log` push as with --push
  name: origin    # the remote (default: the current branch's upstream remote)
  branch: main    # the branch on it (default: the upstream's branch)
```

`check` reports a bad value as PK-P003; a command that needs the section refuses to
guess past one (exit 2, naming the file and line): pushing or not is the point of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pilotkit.errors import PilotkitError
from pilotkit.pilot.load import SETTINGS, read_settings

SECTION = "remote"
KEYS = ("push", "name", "branch")
# A remote or branch name as git accepts it, give or take: one word, no ref syntax.
_NAME = re.compile(r"^(?![-/.])(?!.*(\.\.|//|@\{|\.lock$))[^\s~^:?*\[\\\x00-\x1f\x7f]+(?<![/.])$")


@dataclass(frozen=True)
class Settings:
    """What `.pilotkit.yaml` says about the remote; None: the branch's upstream decides."""

    push: bool = False
    name: str | None = None
    branch: str | None = None


@dataclass(frozen=True)
class Complaint:
    """One bad value in the section: the key (empty for the section), what, how to fix."""

    key: str
    message: str
    hint: str


def parse(section: Any) -> tuple[Settings, list[Complaint]]:
    """The settings in SECTION (the value under `remote:`), and every problem with them."""
    if section is None:
        return Settings(), []
    if not isinstance(section, dict):
        hint = "write `push: true` indented below `remote:`"
        return Settings(), [Complaint("", "`remote` must be a mapping", hint)]
    complaints = [
        Complaint(str(key), f"unknown setting `remote.{key}`", "known: " + ", ".join(KEYS))
        for key in section
        if key not in KEYS
    ]
    push = section.get("push", False)
    if not isinstance(push, bool):
        complaints.append(
            Complaint("push", f"`remote.push` is {push!r}, not true or false", "write `push: true`")
        )
        push = False
    name = _name(section, "name", "origin", complaints)
    branch = _name(section, "branch", "main", complaints)
    return Settings(push, name, branch), complaints


def read(root: Path) -> Settings:
    """The remote settings of the pilot at ROOT; a problem in them is a one-line error."""
    data, lines, problems = read_settings(root)
    for problem in problems:  # the file as a whole cannot be read
        raise PilotkitError(
            f"{problem.location()}: {problem.message}; {problem.hint}, "
            "or say --push or --no-push on the command line"
        )
    settings, complaints = parse(data.get(SECTION))
    for complaint in complaints:
        line = lines.get(f"{SECTION}.{complaint.key}", lines.get(SECTION, 1))
        raise PilotkitError(f"{SETTINGS}:{line}: {complaint.message}; {complaint.hint}")
    return settings


def _name(
    section: dict[str, Any], key: str, example: str, complaints: list[Complaint]
) -> str | None:
    value = section.get(key)
    if value is None:
        return None
    if isinstance(value, str) and _NAME.match(value.strip()):
        return value.strip()
    complaints.append(
        Complaint(key, f"`remote.{key}` is {value!r}, not a git name", f"e.g. `{key}: {example}`")
    )
    return None
