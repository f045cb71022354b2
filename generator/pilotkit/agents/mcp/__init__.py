"""MCP: config documents as read, each client's shape, configs read back, a stdio client."""
