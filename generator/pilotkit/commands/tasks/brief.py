"""`pilotkit tasks brief ID`: the prompt that hands one task to a sub-agent."""

from __future__ import annotations

from pathlib import Path

from pilotkit.pilot import brief, plan
from pilotkit.pilot.load import load_pilot


def task_brief(path: Path, task_id: str) -> brief.Brief:
    """The brief for TASK_ID in the pilot at PATH (`.markdown()` or `.as_dict()`)."""
    pilot = load_pilot(path)
    return brief.make(plan.make(pilot), plan.find_task(pilot, task_id))
