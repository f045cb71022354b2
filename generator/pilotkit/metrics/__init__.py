"""What a pilot measures: delivery from git or PR exports, prices, token usage, the report."""
