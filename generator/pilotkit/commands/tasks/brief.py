"""`pilotkit tasks brief ID`: the prompt that hands one task to a sub-agent."""

from __future__ import annotations

from pathlib import Path

from pilotkit import brief, plan
from pilotkit.pilot import load


def task_brief(path: Path, task_id: str) -> brief.Brief:
    """The brief for TASK_ID in the pilot at PATH (`.markdown()` or `.as_dict()`)."""
    pilot = load(path)
    return brief.make(plan.make(pilot), plan.find_task(pilot, task_id))
