"""`pilotkit tasks …`: one module per group of sub-commands, each returning data."""
