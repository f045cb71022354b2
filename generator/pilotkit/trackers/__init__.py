"""Trackers: tasks out as GitHub issues, a Jira CSV or JSON; states back from a tracker's export."""
