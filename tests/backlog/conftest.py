"""Fixtures for `pilotkit backlog`: the hand-made exports, and the default pilot."""

from __future__ import annotations

from tests.tasks.conftest import pilot_dir, pristine_pilot

__all__ = ["pilot_dir", "pristine_pilot"]
