"""The pilot's CI: how it installs pilotkit, who reviews what, and update pull requests."""
