"""`pilotkit workshop list`: the exercises on offer, their minutes and step."""

from __future__ import annotations

from pilotkit.workshop.catalog import exercises
from pilotkit.workshop.exercise import Exercise


def listing(template: str | None = None) -> tuple[Exercise, ...]:
    """The exercises a kit from TEMPLATE (default: the embedded one) can hold."""
    return exercises(template)
