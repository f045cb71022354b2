"""Coding agents: their catalog, guideline files, trust, credentials, launch commands, MCP."""
