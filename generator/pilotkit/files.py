"""The atomic writer under its older name; `pilotkit.atomic` is the one implementation."""

from __future__ import annotations

from pilotkit.atomic import write_text as write_atomically

__all__ = ["write_atomically"]
