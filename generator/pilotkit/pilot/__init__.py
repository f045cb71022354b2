"""The pilot as read from disk: task files, specs, estimate, journal, graph, plan, board."""
