"""One module per command; each exposes a function named after the command."""
