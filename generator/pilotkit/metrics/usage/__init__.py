"""Token usage of the agents: read their local logs, normalise, attribute, store.

`claude` and `codex` read one agent's log format each, `attribution` gives each record
its task, `store` keeps the records under `metrics/usage/`, and `records` is the one
shape everything else (pricing, the report) works with.
"""
