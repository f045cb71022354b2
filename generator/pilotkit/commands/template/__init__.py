"""`pilotkit template init` and `pilotkit template check`."""
