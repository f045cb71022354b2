"""`.pilotkit-backlog.yaml`: what differs from one organisation's tracker to the next.

Every key is optional:

```yaml
story_points: customfield_10016          # the story-points field (Jira JSON id or CSV header)
acceptance_criteria: Acceptance Criteria # a field of its own holding the criteria
backlog_statuses: [To Do, Backlog]       # which statuses `score` selects by default
hours_per_point: 2                       # points as hours (`candidates`, `to-task`)
aliases:                                 # an export's header -> the header pilotkit knows
  Ticket: Issue key
```
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pilotkit.errors import PilotkitError
from pilotkit.numbers import is_number
from pilotkit.yaml import load_mapping

NAME = ".pilotkit-backlog.yaml"
_KEYS = ("story_points", "acceptance_criteria", "backlog_statuses", "hours_per_point", "aliases")


@dataclass(frozen=True)
class Config:
    """The organisation's names for what the readers and the scorer look for."""

    story_points: str = ""
    acceptance_criteria: str = ""
    backlog_statuses: tuple[str, ...] = ()
    hours_per_point: float = 2.0
    aliases: Mapping[str, str] = field(default_factory=dict)

    def header(self, name: str) -> str:
        """NAME as pilotkit knows it (an alias resolved), white space trimmed."""
        name = name.strip()
        return self.aliases.get(name, name)


def load(path: Path | None) -> Config:
    """The config at PATH; without PATH, `.pilotkit-backlog.yaml` here if there is one."""
    if path is None:
        path = Path(NAME)
        if not path.is_file():
            return Config()
    document = load_mapping(path)
    data = document.data
    for key in data:
        if key not in _KEYS:
            line = document.line(key) or 1
            raise PilotkitError(
                f"{path}:{line}: unknown key `{key}`; known keys: {', '.join(_KEYS)}"
            )
    return Config(
        story_points=_text(data, "story_points", path),
        acceptance_criteria=_text(data, "acceptance_criteria", path),
        backlog_statuses=_texts(data.get("backlog_statuses"), path),
        hours_per_point=_hours(data.get("hours_per_point", 2.0), path),
        aliases=_aliases(data.get("aliases"), path),
    )


def _text(data: Mapping[str, Any], key: str, path: Path) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise PilotkitError(f"{path}: `{key}` must be a text, e.g. `{key}: Story Points`")
    return value.strip()


def _texts(value: Any, path: Path) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise PilotkitError(f"{path}: `backlog_statuses` must be a list, e.g. `[To Do, Backlog]`")
    return tuple(v.strip() for v in value if v.strip())


def _hours(value: Any, path: Path) -> float:
    if not is_number(value) or not 0 < float(value) <= 1000:
        raise PilotkitError(f"{path}: `hours_per_point` must be a number of hours, e.g. 2")
    return float(value)


def _aliases(value: Any, path: Path) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise PilotkitError(f"{path}: `aliases` maps an export's header to a known one")
    return {str(k).strip(): v.strip() for k, v in value.items()}
