"""The pilotkit version; also the version tag of the embedded template (v<version>)."""

__version__ = "0.1.0"
