"""`pilotkit backlog …`: score, explain, candidates, to-task — one module per command."""
