"""`pilotkit workshop list|new|check|reset|verify|selftest`."""
