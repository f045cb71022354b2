"""`pilotkit workshop list`: the exercises on offer, their minutes and step."""

from __future__ import annotations

from pilotkit.workshop.catalog import exercises
from pilotkit.workshop.exercise import Exercise


def listing(template: str | None = None, vcs_ref: str | None = None) -> tuple[Exercise, ...]:
    """The exercises a kit from TEMPLATE (default: the embedded one) at VCS_REF can hold."""
    return exercises(template, vcs_ref)
